#include "dialogs/help_dialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace poolscope::ui {

namespace {

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}

/// "&Dial…" → "Dial…" (the mnemonic marker is for menus only).
QString plainText(const QAction* action)
{
    QString text = action->text();
    text.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QStringLiteral("\x01"), QStringLiteral("&"));
    return text;
}

} // namespace

HelpDialog::HelpDialog(const QList<QAction*>& actions, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("PoolScope Help"));
    setObjectName(QStringLiteral("helpDialog"));
    auto* text = new QTextBrowser(this);
    text->setObjectName(QStringLiteral("helpText"));
    text->setAccessibleName(tr("Help text"));
    text->setOpenExternalLinks(false);
    text->setHtml(helpHtml(actions));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(buttons);
    resize(620, 560);
}

QString HelpDialog::helpHtml(const QList<QAction*>& actions)
{
    QString html = QStringLiteral("<h3>%1</h3>").arg(esc(tr("Reading the window")));
    const QStringList parts = {
        tr("The table has one row per connection: its state, TLS parameters, a keep-alive bar counting "
           "down to the moment the pool closes it while idle, its age and idle time. New rows flash "
           "green; closed ones turn red for a moment, then go."),
        tr("The tiles above count what the pool did since it started: dials, how many were served by "
           "an idle connection (reuse), connections found stale before reuse, closed at their "
           "keep-alive or evicted, and failures."),
        tr("Below: the event log (every dial, reuse, return and close, with the reason), the selected "
           "connection's details (what its state means, its timings and certificate), and two charts."),
        tr("The Lab dock lists loopback servers that each show one behaviour (keep-alive, a server that "
           "closes idle connections, TLS failures, refusals, time-outs). Dial one and watch."),
    };
    for (const QString& part : parts)
        html += QStringLiteral("<p>%1</p>").arg(esc(part));
    html +=
        QStringLiteral("<h3>%1</h3><table cellpadding='3'>").arg(esc(tr("Actions and keyboard shortcuts")));
    for (const QAction* action : actions) {
        if (!action)
            continue;
        const QString keys = action->shortcut().toString(QKeySequence::NativeText);
        html += QStringLiteral("<tr><td><b>%1</b></td><td style='white-space:nowrap'>%2</td><td>%3</td></tr>")
                    .arg(esc(plainText(action)), esc(keys.isEmpty() ? tr("(menu only)") : keys),
                         esc(action->statusTip()));
    }
    html += QStringLiteral("</table><p>%1</p>")
                .arg(esc(tr("Tab moves between the table, the filters, the event log and the details; "
                            "the arrow keys move within them, Shift+F10 or the Menu key opens a row's "
                            "context menu.")));
    return html;
}

} // namespace poolscope::ui
