#pragma once
// A QSplitter whose handles work from the keyboard: Tab reaches them, a focused handle is drawn in
// the highlight colour, the arrow keys move it (Page Up / Page Down by larger steps, Home / End to
// the ends), and each has an accessible name saying which panes it resizes.

#include <QSplitter>
#include <QSplitterHandle>

namespace poolscope::ui {

class KeyboardSplitterHandle : public QSplitterHandle
{
    Q_OBJECT
public:
    KeyboardSplitterHandle(Qt::Orientation orientation, QSplitter* parent);

    static constexpr int kStep = 16;     ///< pixels per arrow key
    static constexpr int kPageSteps = 6; ///< arrow steps per Page Up / Page Down

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    int position() const;
};

class KeyboardSplitter : public QSplitter
{
    Q_OBJECT
public:
    explicit KeyboardSplitter(Qt::Orientation orientation, QWidget* parent = nullptr);

    /// Names the handles after the panes (in order) they sit between: "Resize: table / details".
    void setPaneNames(const QStringList& names);

protected:
    QSplitterHandle* createHandle() override;
};

} // namespace poolscope::ui
