#pragma once
// "Dial…": host, port, TLS, timeout, how many, whether to trust the lab CA, and a label.
// Recent targets are offered in the host box; choosing one fills port and TLS.

#include "util/dial_spec.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace poolscope::ui {

class DialDialog : public QDialog
{
    Q_OBJECT
public:
    /// `labAvailable`: whether "trust lab CA" can be offered.
    explicit DialDialog(bool labAvailable, QWidget* parent = nullptr);

    [[nodiscard]] DialSpec spec() const;
    void setSpec(const DialSpec& spec);
    /// A sentence describing what is wrong with the input, or empty when OK can be pressed.
    [[nodiscard]] QString validationError() const;

    // For tests and keyboard users alike, every control has an object name and accessible name.
    [[nodiscard]] QComboBox* hostBox() const { return m_host; }
    [[nodiscard]] QSpinBox* portBox() const { return m_port; }
    [[nodiscard]] QCheckBox* tlsBox() const { return m_tls; }
    [[nodiscard]] QSpinBox* countBox() const { return m_count; }
    [[nodiscard]] QCheckBox* trustLabBox() const { return m_trustLab; }
    [[nodiscard]] QDialogButtonBox* buttons() const { return m_buttons; }

    void accept() override;

private:
    void recentChosen(const QString& text);
    void revalidate();

    QComboBox* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QCheckBox* m_tls = nullptr;
    QSpinBox* m_timeout = nullptr;
    QSpinBox* m_count = nullptr;
    QCheckBox* m_trustLab = nullptr;
    QLineEdit* m_label = nullptr;
    QLabel* m_error = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace poolscope::ui
