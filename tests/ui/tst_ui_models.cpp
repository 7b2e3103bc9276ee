// The connections model and its proxy, the per-host summary and the snapshot throttle under
// QAbstractItemModelTester, plus their behaviour: filters, sorting, the countdown tick, flash and
// linger. (The event log's models are in tst_ui_event_log.cpp.)

#include "fd_guard.h"
#include "models/connections_filter_proxy.h"
#include "models/connections_model.h"
#include "models/host_summary_model.h"
#include "models/snapshot_throttle.h"
#include "ui_test_support.h"
#include "util/resources.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QMetaEnum>
#include <QSignalSpy>
#include <QTest>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using poolscope::test::makeConnection;
using IdList = QList<quint64>;
using Tester = QAbstractItemModelTester;

Q_DECLARE_METATYPE(poolscope::ui::ConnectionsFilterProxy::StateFilter)

namespace {

std::vector<ConnectionInfo> sampleConnections()
{
    const auto now = Clock::now();
    std::vector<ConnectionInfo> out;
    out.push_back(makeConnection(1, ConnectionState::InUse, "alpha.test", 80, false, now));
    out.push_back(makeConnection(2, ConnectionState::Idle, "alpha.test", 80, false, now));
    out.push_back(makeConnection(3, ConnectionState::Connecting, "beta.test", 443, true, now));
    out.push_back(makeConnection(4, ConnectionState::Handshaking, "beta.test", 443, true, now));
    out.push_back(makeConnection(5, ConnectionState::Closing, "gamma.test", 8443, true, now));
    ConnectionInfo failed = makeConnection(6, ConnectionState::Idle, "gamma.test", 8443, true, now);
    failed.lastError = makeError(ErrorCode::ConnectionReset, "peer reset the connection", DialPhase::Io);
    out.push_back(failed);
    return out;
}

IdList visibleIds(const QAbstractItemModel& proxy)
{
    IdList ids;
    for (int r = 0; r < proxy.rowCount(); ++r)
        ids.append(proxy.index(r, 0).data(ConnectionsModel::IdRole).toULongLong());
    return ids;
}

SnapshotPtr snapshotWithSequence(quint64 sequence)
{
    auto s = std::make_shared<PoolSnapshot>();
    s->sequence = sequence;
    return s;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { initResources(); }
    void init() { m_fds = poolscope::test::FdGuard(); }
    void cleanup() { QCOMPARE(m_fds.settledLeak(), 0); }

    void connectionsModelColumnsAndRoles();
    void proxyFilters_data();
    void proxyFilters();
    void proxySortsNumerically();
    void proxyFollowsModelChanges();
    void proxyOrderFollowsEveryChange_data();
    void proxyOrderFollowsEveryChange();
    void proxyWideChangeEqualsFreshSort_data();
    void proxyWideChangeEqualsFreshSort();
    void proxyWideChangeKeepingOrderKeepsLayout();
    void tickRepaintsOnlyCountdownColumns();
    void flashAndLinger();
    void keepAliveFraction();
    void hostSummaryModel();
    void throttleAppliesAtMostEveryInterval();
    void throttlePauseKeepsLatest();

private:
    poolscope::test::FdGuard m_fds;
};

void TestModels::connectionsModelColumnsAndRoles()
{
    ConnectionsModel model;
    model.setTicking(false);
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(ConnectionsModel::ColumnCount));
    model.applyConnections(sampleConnections());
    QCOMPARE(model.rowCount(), 6);

    const int r = model.rowOf(3);
    QCOMPARE(model.index(r, ConnectionsModel::Endpoint).data().toString(), QStringLiteral("beta.test:443"));
    QCOMPARE(model.index(r, ConnectionsModel::State).data(ConnectionsModel::StateRole).toInt(),
             int(ConnectionState::Connecting));
    QVERIFY(model.index(r, 0).data(ConnectionsModel::ActiveRole).toBool());
    const QIcon icon = model.index(r, ConnectionsModel::State).data(Qt::DecorationRole).value<QIcon>();
    QVERIFY(!icon.isNull());
    QVERIFY(!icon.pixmap(16, 16).isNull());
    QVERIFY(model.index(r, ConnectionsModel::Tls).data().toString().contains(QStringLiteral("TLSv1.3")));
    const int failed = model.rowOf(6);
    QCOMPARE(model.index(failed, ConnectionsModel::LastError).data().toString(),
             QStringLiteral("peer reset the connection"));
    QCOMPARE(model.headerData(ConnectionsModel::KeepAlive, Qt::Horizontal).toString(),
             QStringLiteral("Keep-alive"));
    QVERIFY(model.roleNames().contains(ConnectionsModel::FlashRole));
    QVERIFY(!model.index(r, ConnectionsModel::State).data(Qt::ToolTipRole).toString().isEmpty());
}

void TestModels::proxyFilters_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<ConnectionsFilterProxy::StateFilter>("state");
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("activeOnly");
    QTest::addColumn<IdList>("expected");

    using SF = ConnectionsFilterProxy::StateFilter;
    QTest::newRow("all") << QString() << SF::All << QString() << false << IdList{1, 2, 3, 4, 5, 6};
    QTest::newRow("search host") << QStringLiteral("ALPHA") << SF::All << QString() << false << IdList{1, 2};
    QTest::newRow("search error") << QStringLiteral("reset") << SF::All << QString() << false << IdList{6};
    QTest::newRow("search #id") << QStringLiteral("#5") << SF::All << QString() << false << IdList{5};
    QTest::newRow("idle") << QString() << SF::Idle << QString() << false << IdList{2, 6};
    QTest::newRow("dialing") << QString() << SF::Dialing << QString() << false << IdList{3, 4};
    QTest::newRow("in use") << QString() << SF::InUse << QString() << false << IdList{1};
    QTest::newRow("closing") << QString() << SF::Closing << QString() << false << IdList{5};
    QTest::newRow("host") << QString() << SF::All << QStringLiteral("tls://gamma.test:8443") << false
                          << IdList{5, 6};
    QTest::newRow("active only") << QString() << SF::All << QString() << true << IdList{1, 3, 4};
    QTest::newRow("combined") << QStringLiteral("beta") << SF::Dialing
                              << QStringLiteral("tls://beta.test:443") << true << IdList{3, 4};
    QTest::newRow("nothing") << QStringLiteral("no such thing") << SF::All << QString() << false << IdList{};
}

void TestModels::proxyFilters()
{
    QFETCH(QString, search);
    QFETCH(ConnectionsFilterProxy::StateFilter, state);
    QFETCH(QString, host);
    QFETCH(bool, activeOnly);
    QFETCH(IdList, expected);

    ConnectionsModel model;
    model.setTicking(false);
    ConnectionsFilterProxy proxy;
    proxy.setSourceModel(&model);
    Tester tester(&proxy, Tester::FailureReportingMode::QtTest);
    proxy.sort(ConnectionsModel::Id, Qt::AscendingOrder);
    model.applyConnections(sampleConnections());
    proxy.setSearchText(search);
    proxy.setStateFilter(state);
    proxy.setHostFilter(host);
    proxy.setActiveOnly(activeOnly);
    QCOMPARE(visibleIds(proxy), expected);
}

void TestModels::proxySortsNumerically()
{
    ConnectionsModel model;
    model.setTicking(false);
    ConnectionsFilterProxy proxy;
    proxy.setSourceModel(&model);
    Tester tester(&proxy, Tester::FailureReportingMode::QtTest);
    std::vector<ConnectionInfo> rows;
    for (ConnectionId id : {9u, 10u, 100u, 2u})
        rows.push_back(makeConnection(id));
    rows[0].reuseCount = 30;
    rows[1].reuseCount = 4;
    rows[2].reuseCount = 200;
    rows[3].reuseCount = 0;
    model.applyConnections(rows);
    proxy.sort(ConnectionsModel::Id, Qt::AscendingOrder);
    QCOMPARE(visibleIds(proxy), (IdList{2, 9, 10, 100}));
    proxy.sort(ConnectionsModel::Reuses, Qt::DescendingOrder);
    QCOMPARE(visibleIds(proxy), (IdList{100, 9, 10, 2}));
}

void TestModels::proxyFollowsModelChanges()
{
    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(0ms);
    ConnectionsFilterProxy proxy;
    proxy.setSourceModel(&model);
    Tester tester(&proxy, Tester::FailureReportingMode::QtTest);
    proxy.sort(ConnectionsModel::Id, Qt::AscendingOrder);
    proxy.setStateFilter(ConnectionsFilterProxy::StateFilter::Idle);
    std::vector<ConnectionInfo> rows = sampleConnections();
    model.applyConnections(rows);
    QCOMPARE(visibleIds(proxy), (IdList{2, 6}));
    rows[0].state = ConnectionState::Idle;  // 1 returns to idle
    rows[1].state = ConnectionState::InUse; // 2 is taken
    rows.pop_back();                        // 6 closes
    model.applyConnections(rows);
    QCOMPARE(visibleIds(proxy), (IdList{1}));
}

void TestModels::proxyOrderFollowsEveryChange_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    for (const int column :
         {int(ConnectionsModel::Id), int(ConnectionsModel::State), int(ConnectionsModel::KeepAlive),
          int(ConnectionsModel::Age), int(ConnectionsModel::Idle), int(ConnectionsModel::Reuses),
          int(ConnectionsModel::Endpoint)}) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            QTest::addRow("%s %s", QMetaEnum::fromType<ConnectionsModel::Column>().valueToKey(column),
                          order == Qt::AscendingOrder ? "up" : "down")
                << column << int(order);
        }
    }
}

// The proxy compares numeric columns through keys the model caches (sortsBefore); after every
// kind of change (updates of many rows, inserts, removals, the countdown tick) the proxy's order
// must still be the order of the SortRole values.
void TestModels::proxyOrderFollowsEveryChange()
{
    QFETCH(int, column);
    QFETCH(int, order);
    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(0ms);
    ConnectionsFilterProxy proxy;
    proxy.setSourceModel(&model);
    Tester tester(&proxy, Tester::FailureReportingMode::QtTest);
    proxy.sort(column, Qt::SortOrder(order));

    const auto sorted = [&] {
        for (int r = 1; r < proxy.rowCount(); ++r) {
            const QVariant before = proxy.index(r - 1, column).data(ConnectionsModel::SortRole);
            const QVariant after = proxy.index(r, column).data(ConnectionsModel::SortRole);
            const bool inverted = order == Qt::AscendingOrder ? QVariant::compare(after, before) < 0
                                                              : QVariant::compare(before, after) < 0;
            if (inverted) {
                qWarning("rows %d and %d out of order: %s, %s", r - 1, r, qPrintable(before.toString()),
                         qPrintable(after.toString()));
                return false;
            }
        }
        return true;
    };
    auto now = Clock::now();
    std::vector<ConnectionInfo> rows;
    for (int i = 0; i < 200; ++i) {
        const ConnectionState state = i % 3 == 0 ? ConnectionState::InUse : ConnectionState::Idle;
        const std::string host = "h" + std::to_string(i % 7) + ".test";
        ConnectionInfo c = makeConnection(static_cast<ConnectionId>(1000 - i), state, host, 80, false, now);
        c.created = now - std::chrono::milliseconds(i * 37 % 500);
        c.lastUsed = now - std::chrono::milliseconds(i * 53 % 900);
        c.keepAliveDeadline = c.lastUsed + std::chrono::milliseconds(1000 + i * 11 % 300);
        c.reuseCount = static_cast<std::uint32_t>(i * 7 % 13);
        rows.push_back(c);
    }
    model.applyConnections(rows, now);
    QVERIFY(sorted());
    for (int round = 0; round < 6; ++round) {
        now += 150ms;
        // Every other row changes state, use and reuse count: many runs, one coalesced signal.
        for (int i = round % 2; i < static_cast<int>(rows.size()); i += 2) {
            ConnectionInfo& c = rows[static_cast<std::size_t>(i)];
            c.state = c.state == ConnectionState::Idle ? ConnectionState::InUse : ConnectionState::Idle;
            c.lastUsed = now - std::chrono::milliseconds(i % 40);
            c.keepAliveDeadline = now + std::chrono::milliseconds(500 + (i * 13 + round * 7) % 400);
            c.reuseCount += static_cast<std::uint32_t>(1 + (i + round) % 3);
        }
        model.applyConnections(rows, now); // updates only: the row count stays
        QVERIFY2(sorted(), qPrintable(QStringLiteral("after updates %1").arg(round)));
        rows.erase(rows.begin() + round * 5, rows.begin() + round * 5 + 3);
        ConnectionInfo fresh = makeConnection(static_cast<ConnectionId>(2000 + round), ConnectionState::Idle,
                                              "new.test", 80, false, now);
        fresh.reuseCount = static_cast<std::uint32_t>(round * 3);
        rows.push_back(fresh);
        model.applyConnections(rows, now);
        QVERIFY2(sorted(), qPrintable(QStringLiteral("after apply %1").arg(round)));
        QCOMPARE(proxy.rowCount(), static_cast<int>(rows.size()));
        model.tick(now + 40ms);
        QVERIFY2(sorted(), qPrintable(QStringLiteral("after tick %1").arg(round)));
    }
}

void TestModels::proxyWideChangeEqualsFreshSort_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<QString>("search");
    for (const int column :
         {int(ConnectionsModel::State), int(ConnectionsModel::Reuses), int(ConnectionsModel::KeepAlive)}) {
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            const char* columnName = QMetaEnum::fromType<ConnectionsModel::Column>().valueToKey(column);
            const char* orderName = order == Qt::AscendingOrder ? "up" : "down";
            // Without a filter a wide change re-sorts the whole table once; with one (here one
            // every row matches), the base class re-sorts the changed rows. Both must end where a
            // fresh sort does.
            QTest::addRow("%s %s", columnName, orderName) << column << int(order) << QString();
            QTest::addRow("%s %s filtered", columnName, orderName)
                << column << int(order) << QStringLiteral(".test");
        }
    }
}

// A snapshot that moves many rows (every third row changes state, use and reuse count): the
// proxy's order equals that of a proxy sorted from scratch (equal keys in the model's row order),
// and the current row and the selection still hold the same connections.
void TestModels::proxyWideChangeEqualsFreshSort()
{
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(QString, search);
    ConnectionsModel model;
    model.setTicking(false);
    ConnectionsFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setSearchText(search);
    Tester tester(&proxy, Tester::FailureReportingMode::QtTest);
    proxy.sort(column, Qt::SortOrder(order));
    QItemSelectionModel selection(&proxy);

    auto now = Clock::now();
    std::vector<ConnectionInfo> rows;
    for (int i = 0; i < 300; ++i) {
        const ConnectionState state = i % 4 == 0 ? ConnectionState::InUse : ConnectionState::Idle;
        ConnectionInfo c = makeConnection(static_cast<ConnectionId>(i + 1), state, "h.test", 80, false, now);
        c.lastUsed = now - std::chrono::milliseconds(i % 7 * 100);
        c.keepAliveDeadline = c.lastUsed + 10s;
        c.reuseCount = static_cast<std::uint32_t>(i % 5);
        rows.push_back(c);
    }
    model.applyConnections(rows, now);
    QCOMPARE(proxy.rowCount(), 300);
    const auto proxyRowOf = [&](ConnectionId id) {
        return proxy.mapFromSource(model.index(model.rowOf(id), 0)).row();
    };
    selection.setCurrentIndex(proxy.index(proxyRowOf(42), 0), QItemSelectionModel::NoUpdate);
    for (const ConnectionId id : {7u, 42u, 200u})
        selection.select(proxy.index(proxyRowOf(id), 0),
                         QItemSelectionModel::Select | QItemSelectionModel::Rows);

    for (int round = 0; round < 3; ++round) {
        now += 100ms;
        for (std::size_t i = static_cast<std::size_t>(round); i < rows.size(); i += 3) {
            ConnectionInfo& c = rows[i];
            c.state = c.state == ConnectionState::Idle ? ConnectionState::InUse : ConnectionState::Idle;
            c.lastUsed = now;
            c.keepAliveDeadline = now + std::chrono::milliseconds(5000 + static_cast<int>(i % 11) * 100);
            c.reuseCount += 1 + static_cast<std::uint32_t>(i % 3);
        }
        model.applyConnections(rows, now);

        ConnectionsFilterProxy fresh;
        fresh.setSourceModel(&model);
        fresh.setSearchText(search);
        fresh.sort(column, Qt::SortOrder(order));
        QCOMPARE(visibleIds(proxy), visibleIds(fresh));
        QCOMPARE(selection.currentIndex().data(ConnectionsModel::IdRole).toULongLong(), 42u);
        IdList selected;
        for (const QModelIndex& index : selection.selectedRows())
            selected.append(index.data(ConnectionsModel::IdRole).toULongLong());
        std::sort(selected.begin(), selected.end());
        QCOMPARE(selected, (IdList{7, 42, 200}));
    }
    QCOMPARE(proxy.dynamicSortFilter(), true);
}

// A snapshot that changes every row but moves none (sorted by state, only the last use changes)
// and a countdown tick (sorted by keep-alive left, which every idle row loses alike) re-sort
// nothing: no layout change for the view, only the data change.
void TestModels::proxyWideChangeKeepingOrderKeepsLayout()
{
    ConnectionsModel model;
    model.setTicking(false);
    ConnectionsFilterProxy proxy;
    proxy.setSourceModel(&model);
    Tester tester(&proxy, Tester::FailureReportingMode::QtTest);
    proxy.sort(ConnectionsModel::State);
    auto now = Clock::now();
    std::vector<ConnectionInfo> rows;
    for (int i = 0; i < 100; ++i) {
        ConnectionInfo c = makeConnection(static_cast<ConnectionId>(i + 1),
                                          i % 3 == 0 ? ConnectionState::InUse : ConnectionState::Idle,
                                          "h.test", 80, false, now);
        c.lastUsed = now - std::chrono::milliseconds(i * 10);
        c.keepAliveDeadline = c.lastUsed + 10s;
        rows.push_back(c);
    }
    model.applyConnections(rows, now);
    const IdList before = visibleIds(proxy);
    QSignalSpy layouts(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy changes(&proxy, &QAbstractItemModel::dataChanged);
    now += 100ms;
    for (ConnectionInfo& c : rows)
        c.lastUsed += 50ms;
    model.applyConnections(rows, now);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(layouts.size(), 0);
    QCOMPARE(visibleIds(proxy), before);

    proxy.sort(ConnectionsModel::KeepAlive);
    layouts.clear();
    model.tick(now + 1s);
    QCOMPARE(layouts.size(), 0);
}

void TestModels::tickRepaintsOnlyCountdownColumns()
{
    ConnectionsModel model;
    model.setTicking(false);
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    model.applyConnections(sampleConnections());
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.tick(Clock::now() + 10s); // rows of the first snapshot do not flash: one signal
    QCOMPARE(changes.size(), 1);
    const QModelIndex tl = changes.at(0).at(0).toModelIndex();
    const QModelIndex br = changes.at(0).at(1).toModelIndex();
    QCOMPARE(tl, model.index(0, ConnectionsModel::KeepAlive));
    QCOMPARE(br, model.index(5, ConnectionsModel::Idle));
    const auto roles = changes.at(0).at(2).value<QList<int>>();
    QVERIFY(!roles.contains(ConnectionsModel::SortRole));
    QVERIFY(!roles.contains(ConnectionsModel::SearchTextRole));
}

void TestModels::flashAndLinger()
{
    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(1000ms);
    model.setFlashDuration(1000ms);
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    const auto t0 = Clock::now();
    std::vector<ConnectionInfo> rows{makeConnection(1, ConnectionState::Idle)};
    model.applyConnections(rows, t0);
    QCOMPARE(model.index(0, 0).data(ConnectionsModel::FlashRole).toDouble(), 0.0); // first snapshot: no flash

    rows.push_back(makeConnection(2, ConnectionState::InUse));
    model.applyConnections(rows, t0 + 100ms);
    const int newRow = model.rowOf(2);
    QVERIFY(model.index(newRow, 0).data(ConnectionsModel::FlashRole).toDouble() > 0.9);
    QVERIFY(model.index(newRow, 0).data(Qt::BackgroundRole).value<QColor>().isValid());

    model.tick(t0 + 600ms);
    const double half = model.index(newRow, 0).data(ConnectionsModel::FlashRole).toDouble();
    QVERIFY2(half > 0.4 && half < 0.6, qPrintable(QString::number(half)));
    model.tick(t0 + 1200ms);
    QCOMPARE(model.index(newRow, 0).data(ConnectionsModel::FlashRole).toDouble(), 0.0);

    // Connection 1 closes: it stays, red, until the linger ends; the tick removes it.
    rows.erase(rows.begin());
    model.applyConnections(rows, t0 + 2000ms);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.index(model.rowOf(1), 0).data(ConnectionsModel::GoneRole).toBool());
    QCOMPARE(model.index(model.rowOf(1), 0).data(ConnectionsModel::FlashRole).toDouble(), -1.0);
    QCOMPARE(model.index(model.rowOf(1), ConnectionsModel::State).data().toString(),
             QStringLiteral("Closed"));
    QCOMPARE(model.index(model.rowOf(1), 0).data(ConnectionsModel::StateRole).toInt(), -1);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.tick(t0 + 2500ms);
    QCOMPARE(model.rowCount(), 2);
    model.tick(t0 + 3100ms);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf(1), -1);
    QCOMPARE(model.rowOf(2), 0);
}

void TestModels::keepAliveFraction()
{
    ConnectionsModel model;
    model.setTicking(false);
    const auto now = Clock::now();
    ConnectionInfo idle = makeConnection(1, ConnectionState::Idle, "127.0.0.1", 80, false, now);
    idle.lastUsed = now - 2s;
    idle.keepAliveDeadline = now + 8s;
    model.applyConnections(std::vector<ConnectionInfo>{idle, makeConnection(2, ConnectionState::InUse)}, now);
    const QModelIndex ka = model.index(model.rowOf(1), ConnectionsModel::KeepAlive);
    QCOMPARE(ka.data(ConnectionsModel::KeepAliveFractionRole).toDouble(), 0.8);
    QCOMPARE(ka.data(ConnectionsModel::KeepAliveRemainingRole).toLongLong(), 8000);
    QCOMPARE(ka.data().toString(), QStringLiteral("8.0 s"));
    QCOMPARE(model.index(model.rowOf(1), ConnectionsModel::Idle).data().toString(), QStringLiteral("2.0 s"));
    model.tick(now + 4s);
    QCOMPARE(ka.data(ConnectionsModel::KeepAliveFractionRole).toDouble(), 0.4);
    model.tick(now + 20s);
    QCOMPARE(ka.data(ConnectionsModel::KeepAliveFractionRole).toDouble(), 0.0);
    QCOMPARE(model.index(model.rowOf(2), ConnectionsModel::KeepAlive)
                 .data(ConnectionsModel::KeepAliveFractionRole)
                 .toDouble(),
             -1.0);
}

void TestModels::hostSummaryModel()
{
    HostSummaryModel model;
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    auto row = [](const char* key, int active, int idle, int waiting = 0) {
        HostRow h;
        h.key = QString::fromLatin1(key);
        h.active = active;
        h.idle = idle;
        h.waiting = waiting;
        h.max = 64;
        h.oldestWaiterAgeMs = waiting ? 1500 : 0;
        return h;
    };
    model.applyHosts({row("tcp://a:80", 1, 2), row("tls://b:443", 0, 1)});
    QCOMPARE(model.rowCount(), 2);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.applyHosts({row("tls://b:443", 2, 0, 3), row("tcp://a:80", 1, 2), row("tls://c:443", 1, 0)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(changes.size(), 1); // only b changed
    QCOMPARE(
        model.index(model.rowOf(QStringLiteral("tls://b:443")), HostSummaryModel::Waiting).data().toInt(), 3);
    QCOMPARE(model.index(model.rowOf(QStringLiteral("tls://b:443")), HostSummaryModel::OldestWaiter)
                 .data()
                 .toString(),
             QStringLiteral("1.5 s"));
    model.applyHosts({row("tls://c:443", 0, 1)});
    QCOMPARE(model.keys(), QStringList{QStringLiteral("tls://c:443")});
    model.applyHosts({});
    QCOMPARE(model.rowCount(), 0);
}

void TestModels::throttleAppliesAtMostEveryInterval()
{
    SnapshotThrottle throttle;
    // The burst must fit in one interval; sanitizer builds get a longer one (the rule is the same).
    const auto interval = 100ms * poolscope::test::timeScale();
    throttle.setInterval(interval);
    QSignalSpy applied(&throttle, &SnapshotThrottle::snapshotApplied);
    for (quint64 i = 1; i <= 50; ++i)
        throttle.submit(snapshotWithSequence(i)); // a burst: the first at once, the newest later
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.at(0).at(0).value<SnapshotPtr>()->sequence, 1u);
    QTRY_COMPARE_WITH_TIMEOUT(applied.size(), 2, int(10 * interval.count()));
    QCOMPARE(applied.at(1).at(0).value<SnapshotPtr>()->sequence, 50u);
    QCOMPARE(throttle.skippedCount(), 48u);
}

void TestModels::throttlePauseKeepsLatest()
{
    SnapshotThrottle throttle;
    throttle.setInterval(10ms);
    QSignalSpy applied(&throttle, &SnapshotThrottle::snapshotApplied);
    throttle.setPaused(true);
    throttle.submit(snapshotWithSequence(1));
    throttle.submit(snapshotWithSequence(2));
    QVERIFY(throttle.isPaused());
    QCOMPARE(applied.size(), 0);
    QCOMPARE(throttle.pending()->sequence, 2u);
    throttle.setPaused(false);
    QCOMPARE(applied.size(), 1);
    QCOMPARE(throttle.lastApplied()->sequence, 2u);
}

QTEST_MAIN(TestModels)
#include "tst_ui_models.moc"
