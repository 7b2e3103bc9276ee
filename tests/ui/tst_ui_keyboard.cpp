// The monitor from the keyboard alone, in the real window against a real lab and service:
// sorting the tables through "Sort By" (the context menu by the Menu key or Shift+F10, and the View
// menu by Alt+V), and the splitters' handles reached by Tab and moved by the arrow and page keys.
// The focused handle is saved as a PNG next to the test to look at.

#include "main_window.h"
#include "models/connections_model.h"
#include "models/host_summary_model.h"
#include "pool_controller.h"
#include "ui_window_fixture.h"
#include "widgets/keyboard_splitter.h"
#include "widgets/pool_timeline_view.h"
#include "widgets/sort_menu.h"
#include "widgets/timeline_canvas.h"

#include <QAbstractItemModelTester>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMenuBar>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;

namespace {

enum class Route
{
    MenuKey,  ///< the table's context menu by the Menu key
    ShiftF10, ///< the same by Shift+F10
    ViewMenu  ///< View › Sort … By, opened by Alt+V
};

QMenu* activeMenu()
{
    return qobject_cast<QMenu*>(QApplication::activePopupWidget());
}

/// Presses Down in `menu` until `target` is its active action (bounded by the entries); true then.
bool moveTo(QMenu* menu, const QAction* target)
{
    const int entries = static_cast<int>(menu->actions().size());
    for (int i = 0; i <= entries && menu->activeAction() != target; ++i)
        QTest::keyClick(menu, Qt::Key_Down);
    return menu->activeAction() == target;
}

} // namespace

Q_DECLARE_METATYPE(Route)

class TestKeyboard : public QObject, private poolscope::test::LiveWindowFixture
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void sortFromTheKeyboard_data();
    void sortFromTheKeyboard();
    void splitterHandlesFromTheKeyboard_data();
    void splitterHandlesFromTheKeyboard();
    void timelineFromTheKeyboard();

private:
    /// Opens the "Sort By" menu of `table` by `route`; null (after a failed check) when it did not open.
    SortMenu* openSortMenu(QTableView* table, Route route);
    /// Chooses `entry` of `sortMenu` (open) with Down and Return.
    void choose(SortMenu* sortMenu, QAction* entry);
};

void TestKeyboard::initTestCase()
{
    QVERIFY(startSuite("PoolScopeUiKeyboardTest"));
}

void TestKeyboard::init()
{
    beginTest();
    QVERIFY(openWindow());
}

void TestKeyboard::cleanup()
{
    QCOMPARE(endTest(), 0);
}

void TestKeyboard::cleanupTestCase()
{
    endSuite();
}

SortMenu* TestKeyboard::openSortMenu(QTableView* table, Route route)
{
    if (route == Route::ViewMenu) {
        QTest::keyClick(m_window.get(), Qt::Key_V, Qt::AltModifier);
        [&] { QTRY_VERIFY(activeMenu()); }();
        QMenu* view = activeMenu();
        if (!view)
            return nullptr;
        // "&Sort Connections By" and "Sort H&osts By"
        const bool hosts = table->objectName() == QStringLiteral("hostsTable");
        QTest::keyClick(view, hosts ? Qt::Key_O : Qt::Key_S);
    } else {
        table->setFocus(Qt::TabFocusReason);
        [&] { QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(table)); }();
        if (route == Route::MenuKey)
            QTest::keyClick(table, Qt::Key_Menu);
        else
            QTest::keyClick(table, Qt::Key_F10, Qt::ShiftModifier);
        [&] { QTRY_VERIFY(activeMenu()); }();
        QMenu* context = activeMenu();
        if (!context)
            return nullptr;
        QTest::keyClick(context, Qt::Key_S); // "&Sort By"
    }
    [&] { QTRY_VERIFY(qobject_cast<SortMenu*>(activeMenu())); }();
    return qobject_cast<SortMenu*>(activeMenu());
}

void TestKeyboard::choose(SortMenu* sortMenu, QAction* entry)
{
    QVERIFY(entry);
    QVERIFY(moveTo(sortMenu, entry));
    QTest::keyClick(sortMenu, Qt::Key_Return);
    QTRY_VERIFY(!QApplication::activePopupWidget());
}

void TestKeyboard::sortFromTheKeyboard_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<Route>("route");
    const QString connections = QStringLiteral("connectionsTable");
    const QString hosts = QStringLiteral("hostsTable");
    // Each changes the table's starting order (connections: id descending; hosts: host ascending).
    QTest::newRow("connections, id ascending, Menu key")
        << connections << int(ConnectionsModel::Id) << Qt::AscendingOrder << Route::MenuKey;
    QTest::newRow("connections, endpoint descending, Shift+F10")
        << connections << int(ConnectionsModel::Endpoint) << Qt::DescendingOrder << Route::ShiftF10;
    QTest::newRow("connections, age ascending, View menu")
        << connections << int(ConnectionsModel::Age) << Qt::AscendingOrder << Route::ViewMenu;
    QTest::newRow("hosts, active descending, Menu key")
        << hosts << int(HostSummaryModel::Active) << Qt::DescendingOrder << Route::MenuKey;
    QTest::newRow("hosts, host descending, View menu")
        << hosts << int(HostSummaryModel::Host) << Qt::DescendingOrder << Route::ViewMenu;
}

void TestKeyboard::sortFromTheKeyboard()
{
    QFETCH(QString, table);
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(Route, route);

    // Three connections of two lab servers: echo twice (one host), silent once (another); neither
    // closes a connection that sends nothing (http would after 5 s, a slow run's length).
    m_window->connectionsModel()->setLinger(0ms);
    QCOMPARE(m_window->controller()->dialLab(lab::ServerKind::Echo, 2), 2);
    QCOMPARE(m_window->controller()->dialLab(lab::ServerKind::Silent, 1), 1);
    QTRY_COMPARE(m_window->connectionsModel()->rowCount(), 3);
    QTRY_COMPARE(m_window->hostSummaryModel()->rowCount(), 2);

    auto* view = m_window->findChild<QTableView*>(table);
    QVERIFY(view);
    auto* proxy = qobject_cast<QSortFilterProxyModel*>(view->model());
    QVERIFY(proxy);
    QAbstractItemModelTester tester(proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("bottomTabs"));
    QVERIFY(tabs);
    if (tabs->indexOf(view) >= 0)
        tabs->setCurrentWidget(view);
    QTRY_VERIFY(view->isVisible());
    view->setCurrentIndex(proxy->index(0, 0));
    const int startColumn = proxy->sortColumn();
    const Qt::SortOrder startOrder = proxy->sortOrder();
    QVERIFY(startColumn != column || startOrder != order);

    SortMenu* menu = openSortMenu(view, route);
    QVERIFY(menu);
    // The current sort is checked.
    const QAction* startEntry = menu->columnAction(startColumn);
    QVERIFY(startEntry);
    QVERIFY(startEntry->isChecked());
    QVERIFY(menu->orderAction(startOrder)->isChecked());
    choose(menu, menu->columnAction(column));
    QCOMPARE(proxy->sortColumn(), column);
    if (proxy->sortOrder() != order) {
        menu = openSortMenu(view, route);
        QVERIFY(menu);
        const QAction* entry = menu->columnAction(column);
        QVERIFY(entry);
        QVERIFY(entry->isChecked());
        choose(menu, menu->orderAction(order));
    }
    QCOMPARE(proxy->sortColumn(), column);
    QCOMPARE(proxy->sortOrder(), order);
    QCOMPARE(view->horizontalHeader()->sortIndicatorSection(), column);
    QCOMPARE(view->horizontalHeader()->sortIndicatorOrder(), order);
    QVERIFY(view->horizontalHeader()->isSortIndicatorShown());

    // The rows follow: no row sorts before the one above it (checked by the proxy's own order,
    // reversed for descending), and for the id the values themselves.
    QVERIFY(proxy->rowCount() >= 2);
    for (int row = 1; row < proxy->rowCount(); ++row) {
        const QModelIndex above = proxy->mapToSource(proxy->index(row - 1, column));
        const QModelIndex below = proxy->mapToSource(proxy->index(row, column));
        QVERIFY(above.isValid() && below.isValid());
        if (table == QStringLiteral("connectionsTable") && column == ConnectionsModel::Id) {
            const auto a = above.data(ConnectionsModel::IdRole).toULongLong();
            const auto b = below.data(ConnectionsModel::IdRole).toULongLong();
            QVERIFY2(order == Qt::AscendingOrder ? a < b : a > b,
                     qPrintable(QStringLiteral("%1, %2").arg(a).arg(b)));
        }
        const QVariant a = above.data(proxy->sortRole());
        const QVariant b = below.data(proxy->sortRole());
        if (table == QStringLiteral("hostsTable") && column == HostSummaryModel::Host) {
            const int compared = QString::compare(a.toString(), b.toString());
            QVERIFY2(order == Qt::AscendingOrder ? compared <= 0 : compared >= 0,
                     qPrintable(a.toString() + QStringLiteral(" / ") + b.toString()));
        } else if (a.canConvert<double>() && b.canConvert<double>() && a.typeId() != QMetaType::QString) {
            QVERIFY2(order == Qt::AscendingOrder ? a.toDouble() <= b.toDouble()
                                                 : a.toDouble() >= b.toDouble(),
                     qPrintable(a.toString() + QStringLiteral(" / ") + b.toString()));
        }
    }
}

void TestKeyboard::splitterHandlesFromTheKeyboard_data()
{
    QTest::addColumn<QString>("splitter");
    QTest::addColumn<bool>("movable");
    QTest::newRow("main") << QStringLiteral("mainSplitter") << true;
    QTest::newRow("bottom") << QStringLiteral("bottomSplitter") << true;
    // Until a handshake's arrows show, the ladder under the details is capped at its one line of
    // text, which may leave the handle no room: the keys keep to that cap, as a drag does.
    QTest::newRow("details") << QStringLiteral("detailsSplitter") << false;
    QTest::newRow("charts") << QStringLiteral("chartsSplitter") << true;
}

void TestKeyboard::splitterHandlesFromTheKeyboard()
{
    QFETCH(QString, splitter);
    QFETCH(bool, movable);
    auto* owner = m_window->findChild<KeyboardSplitter*>(splitter);
    QVERIFY(owner);
    QVERIFY(owner->count() >= 2);
    QSplitterHandle* handle = owner->handle(1);
    QVERIFY(handle);
    QVERIFY(handle->accessibleName().startsWith(QStringLiteral("Resize: ")));
    QAccessibleInterface* accessible = QAccessible::queryAccessibleInterface(handle);
    QVERIFY(accessible);
    QCOMPARE(accessible->text(QAccessible::Name), handle->accessibleName());

    // Tab reaches it: from the widget before it in the focus chain, one Tab.
    QWidget* before = handle->previousInFocusChain();
    for (int i = 0; i < 200 && before &&
                    !(before->isVisible() && before->isEnabled() && (before->focusPolicy() & Qt::TabFocus));
         ++i)
        before = before->previousInFocusChain();
    QVERIFY(before);
    before->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(before->hasFocus() || (before->focusProxy() && before->focusProxy()->hasFocus()));
    QWidget* focused = QApplication::focusWidget();
    QVERIFY(focused);
    QTest::keyClick(focused, Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(handle));

    const bool horizontal = owner->orientation() == Qt::Horizontal;
    const Qt::Key forward = horizontal ? Qt::Key_Right : Qt::Key_Down;
    const Qt::Key backward = horizontal ? Qt::Key_Left : Qt::Key_Up;
    int total = 0;
    for (const int size : owner->sizes())
        total += size;
    const auto first = [owner] { return owner->sizes().at(0); };
    // Within bounds: no pane below its minimum, none collapsed (the keys never collapse a pane,
    // a drag may), the panes' room unchanged.
    const auto checkBounds = [&] {
        const QList<int> sizes = owner->sizes();
        for (int i = 0; i < 2; ++i) {
            const QWidget* pane = owner->widget(i);
            QVERIFY(pane);
            const int least = std::max(1, horizontal ? pane->minimumWidth() : pane->minimumHeight());
            QVERIFY2(sizes.at(i) >= least,
                     qPrintable(QStringLiteral("pane %1: %2 < %3").arg(i).arg(sizes.at(i)).arg(least)));
        }
        int sum = 0; // a handle pushed to its end pushes the next one (as a drag does)
        for (const int size : sizes)
            sum += size;
        QCOMPARE(sum, total);
    };
    // To the ends and no further: Home / End twice, or an arrow past them, leave it there.
    constexpr int step = KeyboardSplitterHandle::kStep;
    constexpr int page = step * KeyboardSplitterHandle::kPageSteps;
    QTest::keyClick(handle, Qt::Key_Home);
    const int least = first();
    checkBounds();
    QTest::keyClick(handle, Qt::Key_Home);
    QTest::keyClick(handle, backward);
    QCOMPARE(first(), least);
    QTest::keyClick(handle, Qt::Key_End);
    const int most = first();
    checkBounds();
    QTest::keyClick(handle, Qt::Key_End);
    QTest::keyClick(handle, forward);
    QTest::keyClick(handle, Qt::Key_PageDown);
    QCOMPARE(first(), most);
    if (movable)
        QVERIFY2(most > least, qPrintable(QStringLiteral("%1 .. %2").arg(least).arg(most)));
    // In between, an arrow moves it a step, a page key six, both stopping at the ends.
    QTest::keyClick(handle, backward);
    const int stepped = first();
    QCOMPARE(stepped, std::max(least, most - step));
    QTest::keyClick(handle, Qt::Key_PageUp);
    QCOMPARE(first(), std::max(least, stepped - page));
    checkBounds();
    const int paged = first();
    QTest::keyClick(handle, forward);
    QCOMPARE(first(), std::min(most, paged + step));
    checkBounds();
    QCOMPARE(QApplication::focusWidget(), static_cast<QWidget*>(handle)); // the keys stayed with it
    // Saved, focused, on the smallest screen the window fits, to look at.
    m_window->resize(1024, 640);
    QTRY_COMPARE(m_window->size(), QSize(1024, 640));
    const QString file = QDir(QCoreApplication::applicationDirPath())
                             .filePath(QStringLiteral("keyboard-splitter-%1.png").arg(splitter));
    QVERIFY(m_window->grab().save(file));
    qInfo("saved %s", qPrintable(file));
}

void TestKeyboard::timelineFromTheKeyboard()
{
    QCOMPARE(m_window->controller()->dialLab(lab::ServerKind::Echo, 2), 2);
    QCOMPARE(m_window->controller()->dialLab(lab::ServerKind::Silent, 1), 1);
    auto* view = m_window->findChild<PoolTimelineView*>();
    QVERIFY(view);
    TimelineCanvas* canvas = view->canvas();
    QVERIFY(canvas);
    auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("bottomTabs"));
    QVERIFY(tabs);
    tabs->setCurrentWidget(view);
    QTRY_VERIFY(canvas->isVisible());
    QTRY_COMPARE(canvas->lanes().size(), std::size_t{3});
    QTRY_COMPARE(m_window->connectionsModel()->rowCount(), 3); // Enter selects a row of the table
    QVERIFY(canvas->focusPolicy() & Qt::TabFocus);

    // Tab reaches it: from the span box before it (Follow live, span, then the lanes).
    view->spanCombo()->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY(view->spanCombo()->hasFocus());
    QTest::keyClick(view->spanCombo(), Qt::Key_Tab);
    QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(canvas));
    const std::vector<ConnectionTimeline::Lane>& lanes = canvas->lanes();
    QCOMPARE(canvas->cursorLane(), lanes.front().id); // nothing selected: the newest lane

    QTest::keyClick(canvas, Qt::Key_Down);
    QCOMPARE(canvas->cursorLane(), lanes.at(1).id);
    QTest::keyClick(canvas, Qt::Key_End);
    QCOMPARE(canvas->cursorLane(), lanes.back().id);
    QTest::keyClick(canvas, Qt::Key_Down); // no further
    QCOMPARE(canvas->cursorLane(), lanes.back().id);
    QTest::keyClick(canvas, Qt::Key_Home);
    QCOMPARE(canvas->cursorLane(), lanes.front().id);
    QTest::keyClick(canvas, Qt::Key_Up);
    QCOMPARE(canvas->cursorLane(), lanes.front().id);
    QTest::keyClick(canvas, Qt::Key_Down);
    const ConnectionId chosen = canvas->cursorLane();
    QVERIFY(canvas->accessibleDescription().contains(QStringLiteral("#%1 ").arg(chosen)));

    // Between its spans: the first (its dial), the next, back; the description names the span.
    QCOMPARE(canvas->cursorSegment(), -1);
    QTest::keyClick(canvas, Qt::Key_Right);
    QCOMPARE(canvas->cursorSegment(), 0);
    const QString first = canvas->accessibleDescription();
    QTRY_VERIFY(m_window->timeline()->segments(chosen, m_window->timeline()->currentUs()).size() >= 2);
    QTest::keyClick(canvas, Qt::Key_Right);
    QCOMPARE(canvas->cursorSegment(), 1);
    QVERIFY(canvas->accessibleDescription() != first);
    QTest::keyClick(canvas, Qt::Key_Left);
    QCOMPARE(canvas->cursorSegment(), 0);
    QTest::keyClick(canvas, Qt::Key_Left); // no further
    QCOMPARE(canvas->cursorSegment(), 0);

    // Enter selects its connection, as a click does.
    QSignalSpy clicked(canvas, &TimelineCanvas::laneClicked);
    QTest::keyClick(canvas, Qt::Key_Return);
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.at(0).at(0).value<ConnectionId>(), chosen);
    QTRY_COMPARE(canvas->selected(), chosen);
    const QModelIndexList rows = m_window->connectionsView()->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).data(ConnectionsModel::IdRole).toULongLong(), chosen);

    // + and - zoom through the spans offered.
    const auto span = canvas->span();
    QTest::keyClick(canvas, Qt::Key_Plus);
    QVERIFY(canvas->span() < span);
    QTest::keyClick(canvas, Qt::Key_Minus);
    QTest::keyClick(canvas, Qt::Key_Minus);
    QVERIFY(canvas->span() > span);

    // Saved with the cursor showing on the smallest screen the window fits, to look at.
    QTest::keyClick(canvas, Qt::Key_Plus);
    QTest::keyClick(canvas, Qt::Key_Right);
    m_window->resize(1024, 640);
    QTRY_COMPARE(m_window->size(), QSize(1024, 640));
    QVERIFY(canvas->hasFocus());
    const QString file =
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("keyboard-timeline.png"));
    QVERIFY(m_window->grab().save(file));
    qInfo("saved %s", qPrintable(file));
}

QTEST_MAIN(TestKeyboard)
#include "tst_ui_keyboard.moc"
