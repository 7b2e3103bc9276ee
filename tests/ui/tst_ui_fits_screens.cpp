// The real window on a screen of a given size and scale factor, showing live lab connections
// (rows, a failed dial, counters, charts, a selected connection's details), checked as a user
// would see it:
//   - no text cut (labels, buttons, check boxes, group box titles, tabs, dock titles, the status
//     bar's message) and no widget sticking out of its parent (widget_walk.h, itself checked by
//     ui_widget_walk), for each tab of the bottom panel and with the Lessons dock shown, the window
//     within the screen; each view saved as a PNG next to the test to look at;
//   - every visible control, counter, chart and table has an accessible name through QAccessible,
//     counters, charts and tables a description, tables the Table role with their model's size;
//   - every interactive control takes the keyboard focus and Tab reaches it from the window.
// The screen: POOLSCOPE_TEST_SCREEN=WxH physical pixels (offscreen, set in main() below) and
// QT_SCALE_FACTOR, registered once per size in CMakeLists.txt (1024×640, and 1920×1080 at 1.25,
// 1.5 and 2); POOLSCOPE_TEST_LANGUAGE=de runs it in that language (registered at 1024×640: longer
// German words must fit too).

#include "charts/history_chart.h"
#include "fd_guard.h"
#include "lab/lab_dock.h"
#include "lessons/lessons_dock.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_window_fixture.h"
#include "util/translations.h"
#include "widget_walk.h"
#include "widgets/counters_panel.h"

#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScopeGuard>
#include <QScreen>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QToolBar>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using A = MainWindow::Action;

namespace {

/// The screen asked for in physical pixels; 1024×640 when nothing is set.
QSize physicalScreen()
{
    const QByteArray spec = qgetenv("POOLSCOPE_TEST_SCREEN");
    const QList<QByteArray> parts = spec.split('x');
    if (parts.size() == 2 && parts.at(0).toInt() > 0 && parts.at(1).toInt() > 0)
        return {parts.at(0).toInt(), parts.at(1).toInt()};
    return {1024, 640};
}

double scaleFactor()
{
    bool ok = false;
    const double factor = qEnvironmentVariable("QT_SCALE_FACTOR").toDouble(&ok);
    return ok && factor > 0 ? factor : 1.0;
}

/// The language asked for ("de"), empty for the source English.
QString language()
{
    return qEnvironmentVariable("POOLSCOPE_TEST_LANGUAGE");
}

QString sizeName()
{
    const QSize s = physicalScreen();
    const QString name = QStringLiteral("%1x%2@%3").arg(s.width()).arg(s.height()).arg(scaleFactor());
    return language().isEmpty() ? name : name + QLatin1Char('-') + language();
}

/// The layouts done and queued calls run (after a tab switch, a dock shown, a status message).
void settle()
{
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
}

/// What a user works with: takes input from mouse or keyboard (scroll bars belong to their view;
/// tool bar buttons and a dock's title buttons repeat menu entries, see toolBarActionsAreInMenus).
bool isInteractive(const QWidget* w)
{
    if (!w->isEnabled() || qobject_cast<const QScrollBar*>(w))
        return false;
    // A table's header is part of the table (QAccessibleTable's header cells); a line edit's clear
    // button is Qt's own (Escape, select all and Delete do the same from the keyboard).
    if (qobject_cast<const QToolBar*>(w->parentWidget()) || qobject_cast<const QTabBar*>(w->parentWidget()) ||
        w->objectName().startsWith(QLatin1String("qt_")) || w->inherits("QLineEditIconButton") ||
        (qobject_cast<const QHeaderView*>(w) && qobject_cast<const QAbstractItemView*>(w->parentWidget())))
        return false;
    return qobject_cast<const QAbstractButton*>(w) || qobject_cast<const QLineEdit*>(w) ||
           qobject_cast<const QComboBox*>(w) || qobject_cast<const QAbstractSpinBox*>(w) ||
           qobject_cast<const QAbstractItemView*>(w) || qobject_cast<const QAbstractSlider*>(w);
}

/// Views of data a screen reader must describe: counters, charts, tables.
bool needsDescription(const QWidget* w)
{
    return w->property("counterTile").toBool() || w->inherits("poolscope::ui::HistoryChart") ||
           w->inherits("poolscope::ui::PhaseChart") || w->inherits("poolscope::ui::TimelineCanvas") ||
           qobject_cast<const QTableView*>(w);
}

} // namespace

class TestFitsScreens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void screenIsTheOneAskedFor();
    void nothingIsClipped_data();
    void nothingIsClipped();
    void everythingHasAnAccessibleName_data();
    void everythingHasAnAccessibleName();
    void tablesAreTablesToScreenReaders_data();
    void tablesAreTablesToScreenReaders();
    void everyControlTakesTheFocus();
    void tabReachesEveryControl_data();
    void tabReachesEveryControl();
    void toolBarActionsAreInMenus();

private:
    QList<QWidget*> interactiveWidgets() const;
    void showBottomTab(int tab);

    std::unique_ptr<poolscope::test::FdGuard> m_fds;
    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<MainWindow> m_window;
};

void TestFitsScreens::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeFitsScreensTest");
    m_fds = std::make_unique<poolscope::test::FdGuard>();
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    m_service = std::move(started).value();
    m_window = std::make_unique<MainWindow>(m_service->service(), m_lab.get());
    // As a window manager shows it maximised: the whole screen.
    const QSize screen = QGuiApplication::primaryScreen()->availableSize();
    const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
    QVERIFY2(minimum.width() <= screen.width() && minimum.height() <= screen.height(),
             qPrintable(QStringLiteral("minimum %1x%2").arg(minimum.width()).arg(minimum.height())));
    m_window->resize(screen);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_COMPARE(m_window->size(), screen);

    // Live content: two HTTP connections held, one TLS, one failed dial, the charts sampled.
    QSignalSpy leases(m_window->controller(), &PoolController::leaseAcquired);
    for (lab::ServerKind kind : {lab::ServerKind::Http, lab::ServerKind::Http, lab::ServerKind::Https})
        QTest::mouseClick(m_window->labDock()->dialButton(kind), Qt::LeftButton);
    QTest::mouseClick(m_window->labDock()->dialButton(lab::ServerKind::Untrusted), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(leases.size(), 3, 10000);
    const ConnectionId first = leases.at(0).at(0).value<Lease>().id;
    leases.clear();
    ConnectionsModel* model = m_window->connectionsModel();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 4, 10000);
    QTRY_VERIFY(model->rowById(first));
    m_window->selectConnections({first});
    QTRY_VERIFY(m_window->historyChart()->accessibleDescription() != HistoryChart::tr("No samples yet"));
}

void TestFitsScreens::cleanupTestCase()
{
    m_window.reset();
    m_service.reset();
    m_lab.reset();
    QThreadPool::globalInstance()->waitForDone();
    if (m_fds)
        QCOMPARE(m_fds->settledLeak(), 0);
}

void TestFitsScreens::screenIsTheOneAskedFor()
{
    // The scale factor really applies: the window works in logical pixels of the scaled screen.
    const QScreen* screen = m_window->screen();
    QVERIFY(screen);
    const QSize logical = (QSizeF(physicalScreen()) / scaleFactor()).toSize();
    QCOMPARE(screen->size(), logical);
    QCOMPARE(m_window->devicePixelRatio(), scaleFactor());
}

void TestFitsScreens::nothingIsClipped_data()
{
    QTest::addColumn<int>("tab");
    QTest::addColumn<bool>("lessons");
    QTest::newRow("event log") << 0 << false;
    QTest::newRow("per host") << 1 << false;
    QTest::newRow("timeline") << 2 << false;
    QTest::newRow("lesson dock") << 0 << true;
}

void TestFitsScreens::nothingIsClipped()
{
    QFETCH(int, tab);
    QFETCH(bool, lessons);
    auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("bottomTabs"));
    QVERIFY(tabs);
    tabs->setCurrentIndex(tab);
    lessons::LessonsDock* dock = m_window->lessonsDock();
    if (lessons) {
        dock->show();
        dock->raise();
    }
    const auto hideLessons = qScopeGuard([dock] { dock->hide(); });
    QTRY_VERIFY(tabs->currentWidget()->isVisible());
    // As long as the status bar's longest: a failed dial of the lab's untrusted server (its message
    // may be gone by now, replaced or timed out, so it is shown again).
    m_window->statusBar()->showMessage(QStringLiteral(
        "Dial untrusted failed: TLS handshake failed: TLS handshake with 127.0.0.1:56929 "
        "failed: certificate verify failed: self-signed certificate (alert sent: unknown CA)"));
    settle();

    const QString file =
        QDir(QCoreApplication::applicationDirPath())
            .filePath(QStringLiteral("fits-screens-%1-%2.png")
                          .arg(sizeName(), QString::fromLatin1(QTest::currentDataTag())
                                               .replace(QLatin1Char(' '), QLatin1Char('-'))));
    QVERIFY(m_window->grab().save(file));
    qInfo("saved %s", qPrintable(file));

    // Still the whole screen: nothing shown made the window grow past it.
    const QSize screen = QGuiApplication::primaryScreen()->availableSize();
    QVERIFY2(m_window->width() <= screen.width() && m_window->height() <= screen.height(),
             qPrintable(QStringLiteral("%1x%2 on a %3x%4 screen")
                            .arg(m_window->width())
                            .arg(m_window->height())
                            .arg(screen.width())
                            .arg(screen.height())));
    const QStringList clipped = poolscope::test::clippedTexts(m_window.get());
    QVERIFY2(clipped.isEmpty(), qPrintable(QStringLiteral("clipped at %1:\n  ").arg(sizeName()) +
                                           clipped.join(QStringLiteral("\n  "))));
    const QStringList outside = poolscope::test::widgetsOutsideParents(m_window.get());
    QVERIFY2(outside.isEmpty(), qPrintable(QStringLiteral("outside their parent at %1:\n  ").arg(sizeName()) +
                                           outside.join(QStringLiteral("\n  "))));
}

QList<QWidget*> TestFitsScreens::interactiveWidgets() const
{
    QList<QWidget*> out;
    for (QWidget* w : poolscope::test::visibleWidgets(m_window.get())) {
        if (isInteractive(w))
            out.append(w);
    }
    return out;
}

void TestFitsScreens::everythingHasAnAccessibleName_data()
{
    QTest::addColumn<int>("tab");
    QTest::newRow("event log") << 0;
    QTest::newRow("per host") << 1;
    QTest::newRow("timeline") << 2;
}

void TestFitsScreens::everythingHasAnAccessibleName()
{
    QFETCH(int, tab);
    showBottomTab(tab);
    QStringList missing;
    int described = 0;
    for (QWidget* w : poolscope::test::visibleWidgets(m_window.get())) {
        const bool describe = needsDescription(w);
        if (!isInteractive(w) && !describe && !qobject_cast<QDockWidget*>(w) &&
            !qobject_cast<QDockWidget*>(w->parentWidget()))
            continue;
        QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(w);
        if (!iface) {
            missing.append(poolscope::test::describeWidget(w) + QStringLiteral(": no QAccessibleInterface"));
            continue;
        }
        if (iface->text(QAccessible::Name).trimmed().isEmpty())
            missing.append(poolscope::test::describeWidget(w) + QStringLiteral(": no name"));
        if (describe) {
            if (iface->text(QAccessible::Description).trimmed().isEmpty())
                missing.append(poolscope::test::describeWidget(w) + QStringLiteral(": no description"));
            else
                ++described;
        }
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral("\n  "))));
    // The 14 counters shown (Draining hides until a shutdown), two charts, the connections table,
    // and the bottom tab's table (events, hosts) or timeline.
    QVERIFY2(described >= 18, qPrintable(QString::number(described)));
}

void TestFitsScreens::tablesAreTablesToScreenReaders_data()
{
    everythingHasAnAccessibleName_data();
}

void TestFitsScreens::tablesAreTablesToScreenReaders()
{
    QFETCH(int, tab);
    showBottomTab(tab);
    int tables = 0;
    for (QTableView* view : m_window->findChildren<QTableView*>()) {
        if (!view->isVisible() || !view->model())
            continue;
        QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(view);
        QVERIFY(iface);
        QCOMPARE(iface->role(), QAccessible::Table);
        QAccessibleTableInterface* table = iface->tableInterface();
        QVERIFY2(table, qPrintable(view->objectName()));
        QCOMPARE(table->rowCount(), view->model()->rowCount());
        QCOMPARE(table->columnCount(), view->model()->columnCount());
        QVERIFY(table->rowCount() > 0);
        // A cell reads its text, as the view shows it.
        QAccessibleInterface* cell = table->cellAt(0, 0);
        QVERIFY(cell);
        QCOMPARE(cell->text(QAccessible::Name), view->model()->index(0, 0).data().toString());
        ++tables;
    }
    QVERIFY(tables >= 1);
    showBottomTab(0);
}

void TestFitsScreens::showBottomTab(int tab)
{
    auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("bottomTabs"));
    QVERIFY(tabs);
    tabs->setCurrentIndex(tab);
    QTRY_VERIFY(tabs->currentWidget()->isVisible());
    settle();
}

void TestFitsScreens::everyControlTakesTheFocus()
{
    QStringList noFocus;
    for (QWidget* w : interactiveWidgets()) {
        if (!(w->focusPolicy() & Qt::TabFocus))
            noFocus.append(poolscope::test::describeWidget(w));
    }
    QVERIFY2(noFocus.isEmpty(), qPrintable(noFocus.join(QStringLiteral("\n  "))));
}

void TestFitsScreens::tabReachesEveryControl_data()
{
    everythingHasAnAccessibleName_data();
}

void TestFitsScreens::tabReachesEveryControl()
{
    QFETCH(int, tab);
    showBottomTab(tab);
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->connectionsView()->setFocus(Qt::OtherFocusReason);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(m_window->connectionsView()));
    const QList<QWidget*> wanted = interactiveWidgets();
    QSet<QWidget*> reached;
    // Each Tab moves the focus once; twice the widget count goes round the whole chain.
    const int bound = 2 * static_cast<int>(m_window->findChildren<QWidget*>().size());
    for (int i = 0; i < bound; ++i) {
        QWidget* focus = QApplication::focusWidget();
        QVERIFY2(focus, "the focus left the window");
        reached.insert(focus);
        QTest::keyClick(focus, Qt::Key_Tab);
        if (QApplication::focusWidget() == m_window->connectionsView() && i > 0)
            break;
    }
    QStringList unreached;
    for (QWidget* w : wanted) {
        // A combo box's line edit takes the focus for it.
        QWidget* proxy = w->focusProxy() ? w->focusProxy() : w;
        if (!reached.contains(w) && !reached.contains(proxy))
            unreached.append(poolscope::test::describeWidget(w));
    }
    QVERIFY2(unreached.isEmpty(),
             qPrintable(QStringLiteral("Tab never reaches:\n  ") + unreached.join(QStringLiteral("\n  "))));
    showBottomTab(0);
}

void TestFitsScreens::toolBarActionsAreInMenus()
{
    // Tool bar buttons take no focus (as on every desktop); their actions are in the menus, which
    // the keyboard opens (Alt, F10), and carry shortcuts.
    QSet<QAction*> inMenus;
    QList<QAction*> pending = m_window->menuBar()->actions();
    for (int i = 0; i < pending.size() && i < 1000; ++i) {
        inMenus.insert(pending.at(i));
        if (QMenu* menu = pending.at(i)->menu())
            pending.append(menu->actions());
    }
    for (QToolBar* bar : m_window->findChildren<QToolBar*>()) {
        for (QAction* a : bar->actions()) {
            if (!a->isSeparator() && a->isVisible())
                QVERIFY2(inMenus.contains(a), qPrintable(a->text()));
        }
    }
    // Each dock is shown and hidden from the View menu (the lab's by View > Lab Servers, Ctrl+L).
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
        QAction* toggle =
            dock == m_window->labDock() ? m_window->action(A::ShowLab) : dock->toggleViewAction();
        QVERIFY2(inMenus.contains(toggle), qPrintable(dock->windowTitle()));
    }
}

// The offscreen screen gets the size asked for (a JSON configuration the platform reads at start).
int main(int argc, char** argv)
{
    QTemporaryDir dir;
    if (qgetenv("QT_QPA_PLATFORM") == "offscreen" && dir.isValid()) {
        const QSize screen = physicalScreen();
        const QString config = dir.filePath(QStringLiteral("screen.json"));
        QFile file(config);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(config));
        file.write(
            QStringLiteral("{\"windowFrameMargins\": false, \"screens\": [{\"name\": \"test\", "
                           "\"width\": %1, \"height\": %2, \"logicalDpi\": 96, \"logicalBaseDpi\": 96}]}")
                .arg(screen.width())
                .arg(screen.height())
                .toUtf8());
        file.close();
        // Relative to the working directory: the platform string splits its arguments at ':', so a
        // Windows path ("C:\\...") would not survive it.
        qputenv("QT_QPA_PLATFORM", "offscreen:configfile=screen.json");
    }
    const QString workingDir = QDir::currentPath();
    if (dir.isValid())
        QDir::setCurrent(dir.path());
    QApplication app(argc, argv);
    QDir::setCurrent(workingDir);
    if (!language().isEmpty()) {
        const QLocale locale(language());
        QLocale::setDefault(locale);
        if (poolscope::ui::installTranslations(app, locale).isEmpty())
            qFatal("no translation for %s", qPrintable(language()));
    }
    TestFitsScreens test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_ui_fits_screens.moc"
