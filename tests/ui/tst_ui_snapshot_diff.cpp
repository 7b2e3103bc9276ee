// The snapshot diff (pure function) and its application to ConnectionsModel: insert / update /
// remove, reorder, linger, the coalesced dataChanged, and 10,000 rows with timings.

#include "fd_guard.h"
#include "models/connections_filter_proxy.h"
#include "models/connections_model.h"
#include "models/snapshot_diff.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QThreadPool>
#include <algorithm>
#include <random>

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::test::makeConnection;
using poolscope::test::makeConnections;
using IdList = QList<quint64>;

namespace {

std::vector<ConnectionRow> rowsOf(const IdList& ids)
{
    std::vector<ConnectionRow> rows;
    const auto base = Clock::now();
    for (quint64 id : ids) {
        ConnectionRow& row = rows.emplace_back();
        row.info = makeConnection(id, ConnectionState::InUse, "127.0.0.1", 8080, false, base);
    }
    return rows;
}

std::vector<ConnectionInfo> nextOf(const std::vector<ConnectionRow>& current, const IdList& ids,
                                   const IdList& changed)
{
    std::vector<ConnectionInfo> next;
    const auto base = Clock::now();
    for (quint64 id : ids) {
        auto it = std::find_if(current.begin(), current.end(),
                               [id](const ConnectionRow& r) { return r.info.id == id; });
        ConnectionInfo info =
            it != current.end() ? it->info
                                : makeConnection(id, ConnectionState::InUse, "127.0.0.1", 8080, false, base);
        if (changed.contains(id))
            info.reuseCount += 1;
        next.push_back(info);
    }
    return next;
}

template <class Op> IdList idsOf(const std::vector<Op>& ops)
{
    IdList out;
    for (const Op& op : ops)
        out.append(op.id);
    return out;
}

template <class Op> QList<int> rowsOfOps(const std::vector<Op>& ops)
{
    QList<int> out;
    for (const Op& op : ops)
        out.append(op.row);
    return out;
}

} // namespace

class TestSnapshotDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_fds = poolscope::test::FdGuard(); }
    void diff_data();
    void diff();
    void sameContentSeesEveryShownField();
    void ranges();
    void lingerKeepsGoneRowsThenRemoves();
    void duplicateIdsCountOnce();
    void modelApply_data();
    void modelApply();
    void coalescesWhenMostRowsChange();
    void manyScatteredRemovalsReset();
    void tenThousandRows();
    void cleanupTestCase()
    {
        QThreadPool::globalInstance()->waitForDone();
        QCOMPARE(m_fds.settledLeak(), 0);
    }

private:
    poolscope::test::FdGuard m_fds;
};

void TestSnapshotDiff::diff_data()
{
    QTest::addColumn<IdList>("current");
    QTest::addColumn<IdList>("next");
    QTest::addColumn<IdList>("changed");
    QTest::addColumn<QList<int>>("removedRows");
    QTest::addColumn<QList<int>>("updatedRows");
    QTest::addColumn<IdList>("insertedIds");

    QTest::newRow("empty") << IdList{} << IdList{} << IdList{} << QList<int>{} << QList<int>{} << IdList{};
    QTest::newRow("insert into empty")
        << IdList{} << IdList{1, 2, 3} << IdList{} << QList<int>{} << QList<int>{} << IdList{1, 2, 3};
    QTest::newRow("append") << IdList{1, 2} << IdList{1, 2, 3} << IdList{} << QList<int>{} << QList<int>{}
                            << IdList{3};
    QTest::newRow("insert keeps snapshot order")
        << IdList{5} << IdList{9, 5, 7} << IdList{} << QList<int>{} << QList<int>{} << IdList{9, 7};
    QTest::newRow("unchanged") << IdList{1, 2, 3} << IdList{1, 2, 3} << IdList{} << QList<int>{}
                               << QList<int>{} << IdList{};
    QTest::newRow("update one") << IdList{1, 2, 3} << IdList{1, 2, 3} << IdList{2} << QList<int>{}
                                << QList<int>{1} << IdList{};
    QTest::newRow("remove first") << IdList{1, 2, 3} << IdList{2, 3} << IdList{} << QList<int>{0}
                                  << QList<int>{} << IdList{};
    QTest::newRow("remove middle") << IdList{1, 2, 3} << IdList{1, 3} << IdList{} << QList<int>{1}
                                   << QList<int>{} << IdList{};
    QTest::newRow("remove all") << IdList{1, 2, 3} << IdList{} << IdList{} << QList<int>{0, 1, 2}
                                << QList<int>{} << IdList{};
    QTest::newRow("reorder is no change")
        << IdList{1, 2, 3, 4} << IdList{4, 3, 2, 1} << IdList{} << QList<int>{} << QList<int>{} << IdList{};
    QTest::newRow("reorder with a change")
        << IdList{1, 2, 3, 4} << IdList{4, 3, 2, 1} << IdList{3} << QList<int>{} << QList<int>{2} << IdList{};
    // Rows of updates are counted after the removals: 1 and 3 go, 4 (row 3) becomes row 1.
    QTest::newRow("mixed") << IdList{1, 2, 3, 4, 5} << IdList{6, 5, 4, 2} << IdList{4, 5} << QList<int>{0, 2}
                           << QList<int>{1, 2} << IdList{6};
}

void TestSnapshotDiff::diff()
{
    QFETCH(IdList, current);
    QFETCH(IdList, next);
    QFETCH(IdList, changed);
    QFETCH(QList<int>, removedRows);
    QFETCH(QList<int>, updatedRows);
    QFETCH(IdList, insertedIds);

    const std::vector<ConnectionRow> rows = rowsOf(current);
    const std::vector<ConnectionInfo> snapshot = nextOf(rows, next, changed);
    const SnapshotDiff d = diffSnapshot(rows, snapshot, {Clock::now(), std::chrono::milliseconds(0)});
    QCOMPARE(rowsOfOps(d.removals), removedRows);
    QCOMPARE(rowsOfOps(d.updates), updatedRows);
    QCOMPARE(idsOf(d.inserts), insertedIds);
    for (const auto& u : d.updates)
        QCOMPARE(snapshot[static_cast<std::size_t>(u.source)].id, u.id);
    QCOMPARE(d.empty(), removedRows.isEmpty() && updatedRows.isEmpty() && insertedIds.isEmpty());
}

void TestSnapshotDiff::sameContentSeesEveryShownField()
{
    const ConnectionInfo a = makeConnection(1, ConnectionState::Idle, "example.org", 443, true);
    QVERIFY(sameContent(a, a));
    auto changedBy = [&a](auto mutate) {
        ConnectionInfo b = a;
        mutate(b);
        return !sameContent(a, b);
    };
    QVERIFY(changedBy([](ConnectionInfo& c) { c.state = ConnectionState::InUse; }));
    QVERIFY(changedBy([](ConnectionInfo& c) { c.reuseCount++; }));
    QVERIFY(changedBy([](ConnectionInfo& c) { c.keepAliveDeadline += std::chrono::seconds(1); }));
    QVERIFY(changedBy([](ConnectionInfo& c) { c.lastError.message = "reset"; }));
    QVERIFY(changedBy([](ConnectionInfo& c) { c.tlsDetails.resumed = true; }));
    QVERIFY(changedBy([](ConnectionInfo& c) { c.remoteAddress = "[::1]:443"; }));
    QVERIFY(changedBy([](ConnectionInfo& c) { c.label = "demo"; }));
    QVERIFY(changedBy([](ConnectionInfo& c) { c.timings.tlsUs = 42; }));
    QVERIFY(changedBy([](ConnectionInfo& c) { c.timings.proxyUs = 42; }));
    // Which limit ends an idle connection and the server's own deadline are shown (State and
    // Keep-alive tool tips, details pane) even when the deadline itself stays the same.
    QVERIFY(changedBy([](ConnectionInfo& c) { c.keepAliveLimit = KeepAliveLimit::Server; }));
    QVERIFY(changedBy([](ConnectionInfo& c) { c.serverKeepAliveDeadline = c.lastUsed; }));
    QVERIFY(changedBy([](ConnectionInfo& c) {
        c.tlsDetails.acceptedProblems = {{18, 0, {}, {}, "self-signed certificate"}};
    }));
    QVERIFY(changedBy([](ConnectionInfo& c) {
        c.lastError.certificateProblems = {{10, 1, {}, {}, "certificate has expired"}};
    }));
}

void TestSnapshotDiff::ranges()
{
    SnapshotDiff d;
    for (int r : {0, 1, 2, 5, 7, 8})
        d.removals.push_back({static_cast<ConnectionId>(r + 1), r});
    const std::vector<RowRange> expected{{7, 8}, {5, 5}, {0, 2}};
    QCOMPARE(d.removalRanges(), expected);
    for (int r : {3, 4, 9})
        d.updates.push_back({static_cast<ConnectionId>(r + 1), r, r, false});
    const std::vector<RowRange> updates{{3, 4}, {9, 9}};
    QCOMPARE(d.updateRanges(), updates);
}

void TestSnapshotDiff::lingerKeepsGoneRowsThenRemoves()
{
    using namespace std::chrono_literals;
    std::vector<ConnectionRow> rows = rowsOf({1, 2});
    const auto t0 = Clock::now();
    const std::vector<ConnectionInfo> onlyOne{rows[0].info};

    SnapshotDiff d = diffSnapshot(rows, onlyOne, {t0, 1000ms});
    QVERIFY(d.removals.empty());
    QCOMPARE(d.updates.size(), std::size_t(1));
    QVERIFY(d.updates[0].vanished);
    QCOMPARE(d.updates[0].id, ConnectionId(2));
    rows[1].goneSince = t0;

    d = diffSnapshot(rows, onlyOne, {t0 + 500ms, 1000ms});
    QVERIFY(d.empty()); // still lingering, nothing to do

    d = diffSnapshot(rows, onlyOne, {t0 + 1000ms, 1000ms});
    QCOMPARE(d.removals.size(), std::size_t(1));
    QCOMPARE(d.removals[0].row, 1);

    // A gone row that shows up again is brought back by an update.
    const std::vector<ConnectionInfo> both{rows[0].info, rows[1].info};
    d = diffSnapshot(rows, both, {t0 + 100ms, 1000ms});
    QCOMPARE(d.updates.size(), std::size_t(1));
    QVERIFY(!d.updates[0].vanished);
    QCOMPARE(d.updates[0].source, 1);
}

void TestSnapshotDiff::duplicateIdsCountOnce()
{
    const std::vector<ConnectionInfo> next{makeConnection(1), makeConnection(1), makeConnection(2)};
    const SnapshotDiff d = diffSnapshot(std::span<const ConnectionRow>{}, next, DiffOptions{});
    QCOMPARE(idsOf(d.inserts), (IdList{1, 2}));
}

void TestSnapshotDiff::modelApply_data()
{
    QTest::addColumn<IdList>("first");
    QTest::addColumn<IdList>("second");
    QTest::addColumn<int>("inserted");
    QTest::addColumn<int>("removed");
    QTest::addColumn<int>("changedSignals");

    QTest::newRow("grow") << IdList{1, 2} << IdList{1, 2, 3, 4} << 1 << 0 << 0;
    QTest::newRow("shrink") << IdList{1, 2, 3, 4} << IdList{2, 3} << 0 << 2 << 0;
    QTest::newRow("replace") << IdList{1, 2} << IdList{3, 4} << 1 << 1 << 0;
    QTest::newRow("reorder") << IdList{1, 2, 3} << IdList{3, 1, 2} << 0 << 0 << 0;
}

void TestSnapshotDiff::modelApply()
{
    QFETCH(IdList, first);
    QFETCH(IdList, second);
    QFETCH(int, inserted);
    QFETCH(int, removed);
    QFETCH(int, changedSignals);

    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(std::chrono::milliseconds(0));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const std::vector<ConnectionRow> firstRows = rowsOf(first);
    std::vector<ConnectionInfo> snapshot;
    for (const auto& r : firstRows)
        snapshot.push_back(r.info);
    model.applyConnections(snapshot);
    QCOMPARE(model.rowCount(), static_cast<int>(first.size()));

    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.applyConnections(nextOf(firstRows, second, {}));
    QCOMPARE(inserts.size(), inserted);
    QCOMPARE(removes.size(), removed);
    QCOMPARE(changes.size(), changedSignals);
    QCOMPARE(model.rowCount(), static_cast<int>(second.size()));
    for (quint64 id : second) {
        const int row = model.rowOf(id);
        QVERIFY(row >= 0);
        QCOMPARE(model.index(row, 0).data(ConnectionsModel::IdRole).toULongLong(), id);
    }
}

void TestSnapshotDiff::coalescesWhenMostRowsChange()
{
    ConnectionsModel model;
    model.setTicking(false);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<ConnectionInfo> snapshot = makeConnections(1, 10);
    model.applyConnections(snapshot);

    // 3 of 10 (scattered): one signal per run, each over every column.
    for (int i : {1, 2, 6})
        snapshot[static_cast<std::size_t>(i)].reuseCount++;
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.applyConnections(snapshot);
    QCOMPARE(changes.size(), 2);
    QCOMPARE(changes.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changes.at(0).at(1).toModelIndex().row(), 2);
    QCOMPARE(changes.at(0).at(1).toModelIndex().column(), ConnectionsModel::ColumnCount - 1);
    QVERIFY(!model.lastApply().coalesced);

    // 6 of 10: one dataChanged over the whole table.
    changes.clear();
    for (int i : {0, 2, 3, 5, 7, 9})
        snapshot[static_cast<std::size_t>(i)].reuseCount++;
    model.applyConnections(snapshot);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.at(0).at(0).toModelIndex(), model.index(0, 0));
    QCOMPARE(changes.at(0).at(1).toModelIndex(), model.index(9, ConnectionsModel::ColumnCount - 1));
    QVERIFY(model.lastApply().coalesced);
}

void TestSnapshotDiff::manyScatteredRemovalsReset()
{
    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(std::chrono::milliseconds(0));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<ConnectionInfo> snapshot = makeConnections(1, 200);
    model.applyConnections(snapshot);
    std::vector<ConnectionInfo> odd;
    for (std::size_t i = 0; i < snapshot.size(); i += 2)
        odd.push_back(snapshot[i]);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.applyConnections(odd);
    QCOMPARE(resets.size(), 1);
    QCOMPARE(model.rowCount(), 100);
    for (const ConnectionInfo& c : odd)
        QCOMPARE(model.rowAt(model.rowOf(c.id)).info.id, c.id);
}

void TestSnapshotDiff::tenThousandRows()
{
    constexpr int kRows = 10'000;
    ConnectionsModel model;
    model.setTicking(false);
    model.setLinger(std::chrono::milliseconds(0));
    ConnectionsFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(ConnectionsModel::Id, Qt::DescendingOrder);
    QTableView view; // a real view on the proxy, as in the window
    view.setModel(&proxy);
    view.resize(1200, 700);
    view.show();

    std::vector<ConnectionInfo> snapshot = makeConnections(1, kRows, ConnectionState::Idle);
    QElapsedTimer timer;
    timer.start();
    model.applyConnections(snapshot);
    const qint64 insertMs = timer.elapsed();
    QCOMPARE(model.rowCount(), kRows);
    QCOMPARE(proxy.rowCount(), kRows);
    qInfo("10k rows: first apply (insert %d rows) %lld ms, diff %lld us", kRows, insertMs,
          model.lastApply().diffUs);

    // Every row changes: one dataChanged.
    for (auto& c : snapshot) {
        c.reuseCount++;
        c.state = ConnectionState::InUse;
    }
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    timer.restart();
    model.applyConnections(snapshot);
    const qint64 updateAllMs = timer.elapsed();
    QCOMPARE(changes.size(), 1);
    QVERIFY(model.lastApply().coalesced);
    qInfo("10k rows: update all %lld ms (diff %lld us, apply incl. proxy+view %lld us)", updateAllMs,
          model.lastApply().diffUs, model.lastApply().applyUs);

    // A typical tick: 1% changed, a few closed, a few new, in shuffled order.
    std::mt19937 rng(42);
    std::shuffle(snapshot.begin(), snapshot.end(), rng);
    for (int i = 0; i < 100; ++i)
        snapshot[static_cast<std::size_t>(i)].reuseCount++;
    snapshot.erase(snapshot.end() - 10, snapshot.end());
    for (const auto& c : makeConnections(kRows + 1, 10))
        snapshot.push_back(c);
    timer.restart();
    model.applyConnections(snapshot);
    const qint64 typicalMs = timer.elapsed();
    QCOMPARE(model.rowCount(), kRows);
    qInfo("10k rows: typical snapshot (100 changed, 10 closed, 10 new, shuffled) %lld ms (diff %lld us)",
          typicalMs, model.lastApply().diffUs);

    // Unchanged but reordered: nothing to do.
    std::shuffle(snapshot.begin(), snapshot.end(), rng);
    changes.clear();
    timer.restart();
    model.applyConnections(snapshot);
    const qint64 reorderMs = timer.elapsed();
    QCOMPARE(changes.size(), 0);
    QCOMPARE(model.lastApply().updated, 0);
    qInfo("10k rows: reordered, unchanged %lld ms (diff %lld us)", reorderMs, model.lastApply().diffUs);

    // The 10 Hz countdown repaint.
    timer.restart();
    model.tick();
    QCoreApplication::processEvents();
    const qint64 tickMs = timer.elapsed();
    qInfo("10k rows: countdown tick %lld ms", tickMs);

    // Everything closes at once.
    timer.restart();
    model.applyConnections({});
    const qint64 removeAllMs = timer.elapsed();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(proxy.rowCount(), 0);
    qInfo("10k rows: remove all %lld ms", removeAllMs);

    // Generous bounds for Debug builds on slow CI machines; the figures above are what matter.
    const int scale = poolscope::test::timeScale(); // sanitizer builds
    QVERIFY2(model.lastApply().diffUs < 200'000 * scale, "diff of 10k rows should take well under 200 ms");
    QVERIFY2(typicalMs < 500 * scale, "a typical 10k-row snapshot should apply in well under 500 ms");
}

QTEST_MAIN(TestSnapshotDiff)
#include "tst_ui_snapshot_diff.moc"
