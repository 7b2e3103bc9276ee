// Lesson highlight hints in the real window (real lab + PoolService): a shown step's hints put a
// frame over the widget each names (the counter tile, the chart — its tab brought to the front —,
// the event-log lines of a kind, the column's header section, the lease's row, which is also
// selected), with an accessible description; the frames go with Next and when the dock closes.
// Every name the loader accepts finds its widget; an unknown name fails to load, naming the field.

#include "charts/history_chart.h"
#include "charts/phase_chart.h"
#include "fd_guard.h"
#include "lessons/highlight_overlay.h"
#include "lessons/lesson_highlights.h"
#include "lessons/lessons_dock.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_test_support.h"
#include "ui_window_fixture.h"
#include "widgets/counters_panel.h"
#include "widgets/event_log_panel.h"
#include "widgets/pool_timeline_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QThreadPool>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace poolscope::ui::lessons;
using namespace std::chrono_literals;

namespace {

/// Step 1 dials lease "a" with `hint`; step 2 returns it, with no hints.
Lesson lessonHighlighting(const QString& hint)
{
    const QByteArray json = QStringLiteral(R"({"format": 1, "name": "marks", "title": "Marks", "steps": [
      {"title": "Dial and look", "text": "A dial.", "highlight": ["%1"],
       "action": {"kind": "dial", "server": "https", "lease": "a"}, "check": {"kind": "connected", "lease": "a"}},
      {"title": "Give it back", "text": "Returned.",
       "action": {"kind": "return", "lease": "a"}, "check": {"kind": "idle", "lease": "a"}}]})")
                                .arg(hint)
                                .toUtf8();
    LessonLoad load = parseLesson(json, QStringLiteral("marks.json"));
    if (!load.lesson)
        qWarning("%s", qPrintable(load.error));
    return load.lesson.value_or(Lesson{});
}

} // namespace

class TestLessonHighlights : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase() { m_lab.reset(); }

    void marksWhatTheStepNames_data();
    void marksWhatTheStepNames();
    void everyNameFindsItsWidget();
    void unknownNamesFailToLoad_data();
    void unknownNamesFailToLoad();

private:
    void start();
    [[nodiscard]] QWidget* expectedTarget(const QString& hint) const;

    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<poolscope::test::FdGuard> m_fds;
};

void TestLessonHighlights::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeUiLessonHighlightsTest");
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
}

void TestLessonHighlights::init()
{
    QThreadPool::globalInstance()->waitForDone();
    m_fds = std::make_unique<poolscope::test::FdGuard>();
}

void TestLessonHighlights::cleanup()
{
    m_window.reset();
    m_service.reset();
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY2(m_fds->settledLeak(10000) <= 0, qPrintable(poolscope::test::openFdList()));
}

void TestLessonHighlights::start()
{
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    m_service = std::move(started).value();
    m_window = std::make_unique<MainWindow>(m_service->service(), m_lab.get());
    m_window->resize(1024, 640);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

/// The widget a hint should mark, found independently of the registry.
QWidget* TestLessonHighlights::expectedTarget(const QString& hint) const
{
    const QString type = hint.section(QLatin1Char(':'), 0, 0);
    const QString name = hint.section(QLatin1Char(':'), 1);
    if (type == QLatin1String("row"))
        return m_window->connectionsView();
    if (type == QLatin1String("counter"))
        return m_window->findChild<QWidget*>(QStringLiteral("counterTile_") +
                                             (name == QLatin1String("reuses")
                                                  ? QStringLiteral("ReuseRatio")
                                                  : name.at(0).toUpper() + name.mid(1)));
    if (hint == QLatin1String("chart:history"))
        return m_window->historyChart();
    if (hint == QLatin1String("chart:phases"))
        return m_window->phaseChart();
    if (hint == QLatin1String("chart:timeline"))
        return m_window->poolTimeline();
    if (type == QLatin1String("log"))
        return m_window->eventLogPanel()->view();
    if (type == QLatin1String("column"))
        return m_window->connectionsView()->horizontalHeader();
    return nullptr;
}

void TestLessonHighlights::marksWhatTheStepNames_data()
{
    QTest::addColumn<QString>("hint");
    QTest::addColumn<bool>("closeDock"); // false: Next ends the step's marks
    QTest::addColumn<QString>("words");  // "Look at:" names it as the window does
    QTest::newRow("row") << QStringLiteral("row:a") << false
                         << QStringLiteral("the row of the connection “a”");
    QTest::newRow("counter") << QStringLiteral("counter:dials") << false
                             << QStringLiteral("the “Dials” counter");
    QTest::newRow("counter reuses") << QStringLiteral("counter:reuses") << true
                                    << QStringLiteral("the “Reuse ratio” counter");
    QTest::newRow("chart") << QStringLiteral("chart:phases") << false
                           << QStringLiteral("Dial phase times chart");
    QTest::newRow("chart in a tab") << QStringLiteral("chart:timeline") << false
                                    << QStringLiteral("the “Timeline” tab");
    QTest::newRow("log") << QStringLiteral("log:HandshakeDone") << false
                         << QStringLiteral("the “TLS established” lines of the event log");
    QTest::newRow("column") << QStringLiteral("column:keepAlive") << false
                            << QStringLiteral("the “Keep-alive” column");
    QTest::newRow("column, dock closed")
        << QStringLiteral("column:tls") << true << QStringLiteral("the “TLS” column");
}

void TestLessonHighlights::marksWhatTheStepNames()
{
    QFETCH(QString, hint);
    QFETCH(bool, closeDock);
    QFETCH(QString, words);
    start();
    const Lesson lesson = lessonHighlighting(hint);
    QCOMPARE(lesson.steps.size(), 2);
    auto* highlighter = m_window->findChild<LessonHighlighter*>();
    QVERIFY(highlighter);
    QWidget* target = expectedTarget(hint);
    QVERIFY(target);
    // The tab a hint's widget lives in is not the one in front yet.
    auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("bottomTabs"));
    tabs->setCurrentIndex(hint == QLatin1String("chart:timeline") ? 0 : 2);
    const QString savedDescription = target->accessibleDescription();

    LessonsDock* dock = m_window->lessonsDock();
    dock->show();
    dock->start(lesson);
    QCOMPARE(dock->shownStep(), 0);
    QCOMPARE(highlighter->overlays().size(), 1); // at once, before the step's dial has an answer
    QCOMPARE(highlighter->overlays().constFirst()->target(), target);
    auto* stepText = dock->findChild<QLabel*>(QStringLiteral("lessonStepText"));
    QVERIFY(stepText);
    QVERIFY2(stepText->text().endsWith(QStringLiteral("Look at: ") + words), qPrintable(stepText->text()));
    // The dock follows the running step; when the lesson is over, Back shows step 1 again.
    QTRY_VERIFY_WITH_TIMEOUT(!dock->runner()->isRunning(), 15000);
    QVERIFY(dock->runner()->allPassed());
    QCOMPARE(dock->shownStep(), 1);
    QVERIFY(highlighter->overlays().isEmpty());
    QPushButton* back = nullptr;
    QPushButton* next = nullptr;
    for (QPushButton* b : dock->findChildren<QPushButton*>()) {
        if (b->text() == QStringLiteral("&Back"))
            back = b;
        if (b->text() == QStringLiteral("&Next"))
            next = b;
    }
    QVERIFY(back && next);
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(dock->shownStep(), 0);
    QCOMPARE(highlighter->overlays().size(), 1);
    HighlightOverlay* overlay = highlighter->overlays().constFirst();
    QCOMPARE(overlay->target(), target);
    QCOMPARE(overlay->parentWidget(), target);
    QCOMPARE(overlay->geometry(), target->rect());
    QVERIFY(overlay->isVisible());
    QVERIFY(target->isVisible()); // a tab's widget is in front
    QVERIFY(target->accessibleDescription().contains(QStringLiteral("Dial and look")));
    // It follows the target's size.
    const QSize before = target->size();
    m_window->resize(1200, 760);
    QTRY_VERIFY(target->size() != before);
    QTRY_COMPARE(overlay->geometry(), target->rect());

    const QList<QRect> frames = overlay->frames();
    const QString type = hint.section(QLatin1Char(':'), 0, 0);
    if (type == QLatin1String("row")) {
        const ConnectionId id = dock->runner()->leaseConnection(QStringLiteral("a"));
        QVERIFY(id != 0);
        QTRY_COMPARE(m_window->selectedIds(), QList<ConnectionId>{id});
        QTableView* view = m_window->connectionsView();
        const QModelIndex current = view->selectionModel()->currentIndex();
        QCOMPARE(current.data(ConnectionsModel::IdRole).toULongLong(), id);
        QTRY_COMPARE(overlay->frames().size(), 1);
        const QRect cell = view->visualRect(current).translated(view->viewport()->pos());
        QCOMPARE(overlay->frames().constFirst().top(), cell.top());
        QCOMPARE(overlay->frames().constFirst().height(), cell.height());
    } else if (type == QLatin1String("log")) {
        QTableView* view = m_window->eventLogPanel()->view();
        QTRY_VERIFY(!overlay->frames().isEmpty());
        const int kind = int(ServiceEvent::Kind::HandshakeDone);
        for (const QRect& frame : overlay->frames()) {
            const QModelIndex at = view->indexAt(frame.center() - view->viewport()->pos());
            QVERIFY(at.isValid());
            QCOMPARE(at.siblingAtColumn(0).data(EventLogModel::KindRole).toInt(), kind);
        }
        // Every line of that kind on screen is marked.
        int shown = 0;
        for (int row = 0; row < view->model()->rowCount(); ++row)
            shown += view->model()->index(row, 0).data(EventLogModel::KindRole).toInt() == kind ? 1 : 0;
        QCOMPARE(overlay->frames().size(), shown);
    } else if (type == QLatin1String("column")) {
        auto* header = static_cast<QHeaderView*>(target);
        const int column =
            hint.endsWith(QLatin1String("keepAlive")) ? ConnectionsModel::KeepAlive : ConnectionsModel::Tls;
        QCOMPARE(frames.size(), 1);
        QCOMPARE(frames.constFirst(), QRect(header->sectionViewportPosition(column), 0,
                                            header->sectionSize(column), header->height()));
    } else {
        QCOMPARE(frames, QList<QRect>{target->rect()});
    }

    if (closeDock) {
        dock->close();
        QVERIFY(highlighter->overlays().isEmpty());
        QCOMPARE(target->findChildren<HighlightOverlay*>().size(), 0);
        dock->show(); // shown again: the shown step's marks come back
        QCOMPARE(highlighter->overlays().size(), 1);
        dock->close();
    } else {
        QVERIFY(next && next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(dock->shownStep(), 1);
    }
    QVERIFY(highlighter->overlays().isEmpty());
    QCOMPARE(target->findChildren<HighlightOverlay*>().size(), 0);
    QCOMPARE(target->accessibleDescription(), savedDescription);
    dock->runner()->stop();
}

void TestLessonHighlights::everyNameFindsItsWidget()
{
    start();
    auto* highlighter = m_window->findChild<LessonHighlighter*>();
    QVERIFY(highlighter);
    int names = 0;
    for (const QString& type : highlightTypes()) {
        for (const QString& name : highlightNames(type)) {
            const QString hint = type + QLatin1Char(':') + name;
            QWidget* found = highlighter->targetOf(hint);
            QVERIFY2(found, qPrintable(hint));
            QCOMPARE(found, expectedTarget(hint));
            ++names;
        }
    }
    QVERIFY(names >= 45);
    QVERIFY(!highlighter->targetOf(QStringLiteral("counter:sparkle")));
    QVERIFY(highlighter->targetOf(QStringLiteral("row:anything"))); // rows: the loader checks the lease
}

void TestLessonHighlights::unknownNamesFailToLoad_data()
{
    QTest::addColumn<QString>("hint");
    QTest::addColumn<QString>("error");
    QTest::newRow("row") << QStringLiteral("row:nobody")
                         << QStringLiteral(
                                "marks.json: steps[0].highlight[1]: \"row:nobody\" names no lease");
    QTest::newRow("counter") << QStringLiteral("counter:sparkle")
                             << QStringLiteral(
                                    "marks.json: steps[0].highlight[1]: \"counter:sparkle\": unknown "
                                    "counter (expected one of: inUse, idle,");
    QTest::newRow("chart") << QStringLiteral("chart:pie")
                           << QStringLiteral(
                                  "steps[0].highlight[1]: \"chart:pie\": unknown chart (expected one "
                                  "of: history, phases, timeline)");
    QTest::newRow("log") << QStringLiteral("log:Exploded")
                         << QStringLiteral("steps[0].highlight[1]: \"log:Exploded\": unknown log");
    QTest::newRow("log is case-sensitive")
        << QStringLiteral("log:closed")
        << QStringLiteral("steps[0].highlight[1]: \"log:closed\": unknown log");
    QTest::newRow("column") << QStringLiteral("column:colour")
                            << QStringLiteral("steps[0].highlight[1]: \"column:colour\": unknown column");
}

void TestLessonHighlights::unknownNamesFailToLoad()
{
    QFETCH(QString, hint);
    QFETCH(QString, error);
    const QByteArray json = QStringLiteral(R"({"format": 1, "name": "bad", "title": "Bad", "steps": [
      {"title": "a", "text": "b", "highlight": ["row:a", "%1"],
       "action": {"kind": "dial", "server": "https", "lease": "a"}, "check": {"kind": "connected", "lease": "a"}}]})")
                                .arg(hint)
                                .toUtf8();
    const LessonLoad load = parseLesson(json, QStringLiteral("marks.json"));
    QVERIFY(!load.lesson);
    QVERIFY2(load.error.contains(error), qPrintable(load.error));
    // The same step with a known name loads.
    QVERIFY(parseLesson(QByteArray(json).replace(hint.toUtf8(), "counter:dials"), QStringLiteral("ok.json"))
                .lesson);
}

QTEST_MAIN(TestLessonHighlights)
#include "tst_ui_lesson_highlights.moc"
