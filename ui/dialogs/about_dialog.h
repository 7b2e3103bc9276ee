#pragma once
// About PoolScope: version, what it is, and the Qt and OpenSSL versions it runs with.

#include <QDialog>

namespace poolscope::ui {

class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    /// The text shown (HTML), with the versions filled in.
    [[nodiscard]] static QString aboutHtml();
    /// "OpenSSL 3.0.x …" as reported by the library at run time.
    [[nodiscard]] static QString openSslVersion();
};

} // namespace poolscope::ui
