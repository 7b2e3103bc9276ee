#pragma once
// Marks in the real window what the shown lesson step's highlight hints name (docs/LESSONS.md):
// "row:LEASE" selects and frames the connection's row and scrolls to it, "counter:NAME" frames the
// counter tile, "chart:NAME" the chart (bringing its tab to the front), "log:KIND" the event-log
// lines of that kind, "column:NAME" the table's header section. One HighlightOverlay per hint; they
// go when the dock shows another step or is closed. The valid NAMEs are highlightNames() (lesson.h,
// checked by the loader); this file is where each finds its widget.

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace poolscope::ui {
class MainWindow;
}

namespace poolscope::ui::lessons {

class HighlightOverlay;
class LessonsDock;

class LessonHighlighter : public QObject
{
    Q_OBJECT
public:
    /// Follows `dock`'s shown step in `window` (the parent).
    LessonHighlighter(MainWindow* window, LessonsDock* dock);
    ~LessonHighlighter() override;

    /// Marks the hints of the dock lesson's step `index`; -1 (or a step without hints) clears.
    void showStep(int index);
    [[nodiscard]] QList<HighlightOverlay*> overlays() const;
    /// The widget hint "TYPE:NAME" marks; null for a name with no widget.
    [[nodiscard]] QWidget* targetOf(const QString& hint) const;
    /// What hint "TYPE:NAME" marks, in the words the window shows (the counter's title, the
    /// column's header, the chart's tab, the event kind as the log names it); empty when unknown.
    [[nodiscard]] QString hintWords(const QString& hint) const;

private:
    void clear();
    HighlightOverlay* mark(const QString& hint, const QString& description);
    /// Selects the rows of the step's leases that have appeared since (once each).
    void selectRows();

    MainWindow* m_window;
    LessonsDock* m_dock;
    QList<QPointer<HighlightOverlay>> m_overlays;
    QStringList m_rowLeases;   ///< the shown step's row hints
    QStringList m_rowsPending; ///< those whose row has not been selected yet
};

} // namespace poolscope::ui::lessons
