// The glossary (ui/help/glossary.h): every term defined, every "Show me" link names a lesson the
// catalog loads (a renamed lesson breaks this test), the tool tips that use a term carry its
// definition, and in the real window (real lab + PoolService) F1 > Glossary lists every term and a
// click on a link plays that lesson in the Lessons dock.

#include "dialogs/help_dialog.h"
#include "fd_guard.h"
#include "help/glossary.h"
#include "lessons/lesson_catalog.h"
#include "lessons/lessons_dock.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_test_support.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"
#include "util/resources.h"
#include "widgets/counters_panel.h"

#include <QFrame>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QThreadPool>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using help::Term;
using namespace std::chrono_literals;

class TestUiGlossary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void everyTermDefined_data();
    void everyTermDefined();
    void lessonLinksLoad_data();
    void lessonLinksLoad();
    void toolTipsCarryTheDefinition_data();
    void toolTipsCarryTheDefinition();
    void helpShowsGlossaryAndLinksOpenTheLesson_data();
    void helpShowsGlossaryAndLinksOpenTheLesson();
    void unknownLessonSaysSo();

private:
    void start();

    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<poolscope::test::FdGuard> m_fds;
};

namespace {

/// True once the widget is deleted or hidden (read once: a QPointer may turn null between reads).
bool isGoneOrHidden(const QPointer<HelpDialog>& dialog)
{
    const HelpDialog* d = dialog.data();
    return d == nullptr || !d->isVisible();
}

/// Clicks the link whose text is `text` in `browser`, with the mouse, as a user would.
bool clickLink(QTextBrowser* browser, const QString& text)
{
    QTextCursor found = browser->document()->find(text);
    if (found.isNull())
        return false;
    QTextCursor inside(browser->document());
    inside.setPosition(found.selectionStart() + 1);
    browser->setTextCursor(inside);
    browser->ensureCursorVisible();
    const QRect r = browser->cursorRect(inside);
    QTest::mouseClick(browser->viewport(), Qt::LeftButton, {}, r.center());
    return true;
}

} // namespace

void TestUiGlossary::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeUiTest");
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
}

void TestUiGlossary::init()
{
    QThreadPool::globalInstance()->waitForDone();
    m_fds = std::make_unique<poolscope::test::FdGuard>();
}

void TestUiGlossary::cleanup()
{
    m_window.reset();
    m_service.reset();
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY2(m_fds->settledLeak(10000) <= 0, qPrintable(poolscope::test::openFdList()));
}

void TestUiGlossary::cleanupTestCase()
{
    m_lab.reset();
}

void TestUiGlossary::start()
{
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    m_service = std::move(started).value();
    m_window = std::make_unique<MainWindow>(m_service->service(), m_lab.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestUiGlossary::everyTermDefined_data()
{
    QTest::addColumn<int>("index");
    const QList<help::GlossaryEntry> all = help::glossary();
    QVERIFY(all.size() >= 16);
    for (int i = 0; i < all.size(); ++i)
        QTest::newRow(qPrintable(all.at(i).anchor)) << i;
}

void TestUiGlossary::everyTermDefined()
{
    QFETCH(int, index);
    const QList<help::GlossaryEntry> all = help::glossary();
    const help::GlossaryEntry& entry = all.at(index);
    QVERIFY(!entry.name.trimmed().isEmpty());
    QVERIFY(entry.definition.size() > 40);
    QVERIFY(entry.definition.endsWith(QLatin1Char('.')));
    // Looked up by its term, the same entry; anchors are unique.
    QCOMPARE(help::glossaryEntry(entry.term).anchor, entry.anchor);
    QSet<QString> anchors;
    for (const help::GlossaryEntry& e : all)
        anchors.insert(e.anchor);
    QCOMPARE(anchors.size(), all.size());
    const QString tip = help::withDefinition(QStringLiteral("Tip"), entry.term);
    QVERIFY(tip.startsWith(QLatin1String("Tip\n\n")));
    QVERIFY(tip.contains(entry.definition));
}

void TestUiGlossary::lessonLinksLoad_data()
{
    QTest::addColumn<QString>("lesson");
    int linked = 0;
    for (const help::GlossaryEntry& entry : help::glossary()) {
        if (entry.lesson.isEmpty())
            continue;
        ++linked;
        QTest::newRow(qPrintable(entry.anchor)) << entry.lesson;
    }
    QVERIFY(linked >= 10);
}

void TestUiGlossary::lessonLinksLoad()
{
    QFETCH(QString, lesson);
    const lessons::LessonLoad load = lessons::findLesson(lesson);
    QVERIFY2(load.lesson.has_value(), qPrintable(load.error));
    QCOMPARE(load.lesson->name, lesson);
}

void TestUiGlossary::toolTipsCarryTheDefinition_data()
{
    QTest::addColumn<int>("column");   // connections table header, or -1
    QTest::addColumn<QString>("tile"); // counter tile's object name, or empty
    QTest::addColumn<int>("term");
    const auto t = [](Term term) { return static_cast<int>(term); };
    QTest::newRow("header Endpoint") << int(ConnectionsModel::Endpoint) << QString() << t(Term::ReuseKey);
    QTest::newRow("header Address") << int(ConnectionsModel::Address) << QString() << t(Term::DnsResolution);
    QTest::newRow("header TLS") << int(ConnectionsModel::Tls) << QString() << t(Term::SessionResumption);
    QTest::newRow("header Keep-alive") << int(ConnectionsModel::KeepAlive) << QString() << t(Term::KeepAlive);
    QTest::newRow("header Age") << int(ConnectionsModel::Age) << QString() << t(Term::Lifetime);
    QTest::newRow("header Idle") << int(ConnectionsModel::Idle) << QString() << t(Term::Idle);
    const auto tile = [](const char* key) { return QStringLiteral("counterTile_") + QLatin1String(key); };
    QTest::newRow("tile InUse") << -1 << tile("InUse") << t(Term::Lease);
    QTest::newRow("tile Idle") << -1 << tile("Idle") << t(Term::Idle);
    QTest::newRow("tile Connecting") << -1 << tile("Connecting") << t(Term::TlsHandshake);
    QTest::newRow("tile Waiters") << -1 << tile("Waiters") << t(Term::WaitQueue);
    QTest::newRow("tile Stale") << -1 << tile("Stale") << t(Term::Stale);
    QTest::newRow("tile Expired") << -1 << tile("Expired") << t(Term::KeepAlive);
    QTest::newRow("tile Evicted") << -1 << tile("Evicted") << t(Term::Eviction);
    QTest::newRow("tile TLS failures") << -1 << tile("HandshakeFailures") << t(Term::CertificateVerification);
    QTest::newRow("tile DNS failures") << -1 << tile("ResolveFailures") << t(Term::DnsResolution);
    QTest::newRow("tile Timeouts") << -1 << tile("Timeouts") << t(Term::DialTimeout);
    QTest::newRow("tile Draining") << -1 << tile("Draining") << t(Term::Shutdown);
}

void TestUiGlossary::toolTipsCarryTheDefinition()
{
    QFETCH(int, column);
    QFETCH(QString, tile);
    QFETCH(int, term);
    const help::GlossaryEntry entry = help::glossaryEntry(static_cast<Term>(term));
    QString tip;
    if (column >= 0) {
        ConnectionsModel model;
        tip = model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString();
    } else {
        CountersPanel panel;
        auto* frame = panel.findChild<QFrame*>(tile);
        QVERIFY2(frame, qPrintable(tile));
        tip = frame->toolTip();
    }
    QVERIFY2(tip.contains(entry.definition), qPrintable(tip));
    QVERIFY2(tip.contains(entry.name + QLatin1String(": ")), qPrintable(tip));
    // The column's or tile's own tip comes first.
    QVERIFY(!tip.startsWith(entry.name));
}

void TestUiGlossary::helpShowsGlossaryAndLinksOpenTheLesson_data()
{
    QTest::addColumn<QString>("lesson");
    QSet<QString> seen;
    for (const help::GlossaryEntry& entry : help::glossary()) {
        if (!entry.lesson.isEmpty() && !seen.contains(entry.lesson)) {
            seen.insert(entry.lesson);
            QTest::newRow(qPrintable(entry.lesson)) << entry.lesson;
        }
    }
}

void TestUiGlossary::helpShowsGlossaryAndLinksOpenTheLesson()
{
    QFETCH(QString, lesson);
    start();
    QVERIFY(!m_window->lessonsDock()->isVisible());
    QTest::keyClick(m_window.get(), Qt::Key_F1);
    HelpDialog* help = nullptr;
    QTRY_VERIFY((help = m_window->findChild<HelpDialog*>()) != nullptr);
    QTRY_VERIFY(help->isVisible());
    auto* tabs = help->findChild<QTabWidget*>(QStringLiteral("helpTabs"));
    QVERIFY(tabs);
    QCOMPARE(tabs->count(), 2);
    QVERIFY(help->findChild<QTextBrowser*>(QStringLiteral("helpText"))); // the old help is still there
    help->showGlossary();
    QTextBrowser* glossary = help->glossaryBrowser();
    QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(glossary));
    const QString text = glossary->toPlainText();
    for (const help::GlossaryEntry& entry : help::glossary()) {
        QVERIFY2(text.contains(entry.name), qPrintable(entry.name));
        QVERIFY2(text.contains(entry.definition), qPrintable(entry.name));
    }

    const lessons::LessonLoad load = lessons::findLesson(lesson);
    QVERIFY(load.lesson);
    const QString linkText = HelpDialog::tr("Show me: %1").arg(load.lesson->title);
    QVERIFY2(text.contains(linkText), qPrintable(linkText));
    if (const QByteArray shot = qgetenv("POOLSCOPE_GLOSSARY_SCREENSHOT"); !shot.isEmpty()) {
        help->resize(1024, 640);
        QCoreApplication::processEvents();
        QVERIFY(help->grab().save(QString::fromLocal8Bit(shot)));
    }

    QPointer<HelpDialog> guard(help);
    QVERIFY(clickLink(glossary, linkText));
    QTRY_VERIFY(isGoneOrHidden(guard)); // the dialog closes …
    lessons::LessonsDock* dock = m_window->lessonsDock();
    QVERIFY(dock);
    QTRY_VERIFY(dock->isVisible()); // … and the lesson plays in the dock
    QCOMPARE(dock->runner()->lesson().name, lesson);
    QCOMPARE(dock->shownStep(), 0);
}

void TestUiGlossary::unknownLessonSaysSo()
{
    start();
    QVERIFY(!m_window->openLesson(QStringLiteral("no-such-lesson")));
    QVERIFY(!m_window->lessonsDock()->isVisible());
    QVERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("no-such-lesson")),
             qPrintable(m_window->statusBar()->currentMessage()));
}

QTEST_MAIN(TestUiGlossary)
#include "tst_ui_glossary.moc"
