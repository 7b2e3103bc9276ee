#include "dialogs/help_dialog.h"

#include "help/glossary.h"
#include "lessons/lesson_catalog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHash>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUrl>
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

const QString kLessonScheme = QStringLiteral("lesson");

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

    m_glossary = new QTextBrowser(this);
    m_glossary->setObjectName(QStringLiteral("glossaryText"));
    m_glossary->setAccessibleName(tr("Glossary"));
    m_glossary->setOpenLinks(false); // "lesson:NAME" links go to the window, not to the browser
    m_glossary->setHtml(glossaryHtml());
    connect(m_glossary, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() != kLessonScheme)
            return;
        const QString name = url.path();
        accept();
        Q_EMIT lessonRequested(name);
    });

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("helpTabs"));
    m_tabs->addTab(text, tr("&Help"));
    m_tabs->addTab(m_glossary, tr("&Glossary"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);
    layout->addWidget(buttons);
    resize(680, 600);
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
    html += QStringLiteral("<p>%1</p>").arg(esc(tr("The Glossary tab explains the words the window uses.")));
    return html;
}

QString HelpDialog::glossaryHtml()
{
    QHash<QString, QString> titles;
    for (const lessons::Lesson& lesson : lessons::shippedLessons())
        titles.insert(lesson.name, lesson.title);
    QString html = QStringLiteral("<h3>%1</h3><p>%2</p>")
                       .arg(esc(tr("Glossary")),
                            esc(tr("The words the window uses. \"Show me\" opens the lesson that shows "
                                   "the word at work in the Lessons dock, against the lab.")));
    for (const help::GlossaryEntry& entry : help::glossary()) {
        html += QStringLiteral("<p><a name='%1'></a><b>%2</b> \u2014 %3")
                    .arg(entry.anchor, esc(entry.name), esc(entry.definition));
        if (!entry.lesson.isEmpty()) {
            const QString title = titles.value(entry.lesson, entry.lesson);
            html += QStringLiteral("<br/><a href='%1:%2'>%3</a>")
                        .arg(kLessonScheme, entry.lesson, esc(tr("Show me: %1").arg(title)));
        }
        html += QStringLiteral("</p>");
    }
    return html;
}

void HelpDialog::showGlossary()
{
    m_tabs->setCurrentWidget(m_glossary);
}

} // namespace poolscope::ui
