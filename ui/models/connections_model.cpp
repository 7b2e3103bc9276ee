// ConnectionsModel: applying snapshots (diff → minimal signals), the countdown tick, flash and
// linger bookkeeping. What cells show is in connections_model_data.cpp.

#include "models/connections_model.h"

#include "util/presentation.h"

#include <QElapsedTimer>
#include <QSet>
#include <algorithm>

namespace poolscope::ui {

namespace {

using std::chrono::milliseconds;

/// Above this many separate runs of removed rows one reset is cheaper than the per-run signals
/// (each of which costs the proxy O(rows)); the main window keeps the selection across resets.
constexpr std::size_t kMaxRemoveRuns = 16;
/// Above this many separate runs of changed rows, one dataChanged spans them all.
constexpr std::size_t kMaxChangeRuns = 64;
constexpr milliseconds kTickInterval{100};

} // namespace

ConnectionsModel::ConnectionsModel(QObject* parent)
    : QAbstractTableModel(parent), m_clock([] { return Clock::now(); }), m_now(m_clock())
{
    m_tick.setInterval(kTickInterval);
    m_tick.setTimerType(Qt::CoarseTimer);
    connect(&m_tick, &QTimer::timeout, this, [this] { tick(m_clock()); });
    m_tick.start();
    m_catchUpTimer.setSingleShot(true);
    m_catchUpTimer.setInterval(0); // the next event-loop turn, after pending paints and input
    connect(&m_catchUpTimer, &QTimer::timeout, this, &ConnectionsModel::catchUp);
}

QModelIndex ConnectionsModel::index(int row, int column, const QModelIndex& parent) const
{
    // The sorting proxy calls this ~3 times per comparison: unsigned compares fold the negative
    // checks, and the parent (a load) is tested last.
    if (static_cast<unsigned>(column) < static_cast<unsigned>(ColumnCount) &&
        static_cast<std::size_t>(static_cast<unsigned>(row)) < m_rows.size() && !parent.isValid())
        return createIndex(row, column);
    return {};
}

int ConnectionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ConnectionsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const ConnectionRow* ConnectionsModel::rowById(ConnectionId id) const
{
    const int row = rowOf(id);
    return row < 0 ? nullptr : m_rows[static_cast<std::size_t>(row)].get();
}

void ConnectionsModel::applySnapshot(const PoolSnapshot& snapshot)
{
    applyConnections(snapshot.connections, m_clock());
}

void ConnectionsModel::applyConnections(std::span<const ConnectionInfo> connections, Clock::time_point now)
{
    QElapsedTimer timer;
    timer.start();
    m_now = now;
    nowChanged();
    std::vector<const ConnectionRow*> current;
    current.reserve(m_rows.size());
    for (const auto& row : m_rows)
        current.push_back(row.get());
    const SnapshotDiff diff = diffSnapshot(std::span<const ConnectionRow* const>(current), connections,
                                           DiffOptions{now, m_linger}, &m_rowById);
    ApplyStats stats;
    stats.diffUs = timer.nsecsElapsed() / 1000;
    stats.updated = static_cast<int>(diff.updates.size());
    stats.removed = static_cast<int>(diff.removals.size());

    removeRowRanges(diff.removalRanges());

    if (!diff.updates.empty()) {
        for (const SnapshotDiff::Update& u : diff.updates) {
            ConnectionRow& row = *m_rows[static_cast<std::size_t>(u.row)];
            if (u.vanished) {
                row.goneSince = now;
                row.searchText.clear();
                m_flashing.push_back(u.id);
            } else {
                row.info = connections[static_cast<std::size_t>(u.source)];
                row.goneSince = {};
                row.searchText.clear();
            }
            refreshSortKey(u.row);
        }
        const std::vector<RowRange> runs = diff.updateRanges();
        if (diff.updates.size() * 2 > m_rows.size()) {
            stats.coalesced = true;
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        } else if (runs.size() > kMaxChangeRuns) {
            Q_EMIT dataChanged(index(runs.front().first, 0), index(runs.back().last, ColumnCount - 1));
        } else {
            for (const RowRange& run : runs)
                Q_EMIT dataChanged(index(run.first, 0), index(run.last, ColumnCount - 1));
        }
    }

    // Very large inserts (the first 10,000-row snapshot) go in chunks, one per event-loop turn:
    // the proxy's sort and the view's reaction cost O(rows inserted). The rest of the snapshot
    // is kept and re-diffed against what the model then shows.
    std::span<const SnapshotDiff::Insert> inserts(diff.inserts);
    const bool deferred = m_insertChunk > 0 && inserts.size() > static_cast<std::size_t>(m_insertChunk);
    if (deferred)
        inserts = inserts.first(static_cast<std::size_t>(m_insertChunk));
    stats.inserted = static_cast<int>(inserts.size());

    if (!inserts.empty()) {
        const int first = rowCount();
        beginInsertRows({}, first, first + static_cast<int>(inserts.size()) - 1);
        for (const SnapshotDiff::Insert& ins : inserts) {
            auto row = std::make_unique<ConnectionRow>();
            row->info = connections[static_cast<std::size_t>(ins.source)];
            if (m_seeded) {
                row->firstSeen = now;
                m_flashing.push_back(ins.id);
            }
            m_rowById.insert(ins.id, static_cast<int>(m_rows.size()));
            m_rows.push_back(std::move(row));
        }
        invalidateSortKeys();
        endInsertRows();
    }
    // `connections` may be m_catchUp itself (catchUp()): only touched once it is no longer read.
    if (deferred) {
        if (connections.data() != m_catchUp.data())
            m_catchUp.assign(connections.begin(), connections.end());
        m_catchUpTimer.start();
    } else {
        m_catchUp.clear();
        m_catchUpTimer.stop();
    }
    m_seeded = m_seeded || !deferred; // every chunk of the first snapshot is part of the seed
    // The countdowns follow the snapshot in the same event-loop turn, and the timer starts over:
    // at 10 Hz publishing the view repaints once per snapshot instead of twice.
    if (m_tick.isActive()) {
        m_tick.start();
        tick(now);
    }
    stats.applyUs = timer.nsecsElapsed() / 1000;
    m_lastApply = stats;
    Q_EMIT applied();
}

void ConnectionsModel::setClock(std::function<Clock::time_point()> clock)
{
    m_clock = clock ? std::move(clock) : [] { return Clock::now(); };
}

void ConnectionsModel::catchUp()
{
    if (!m_catchUp.empty())
        applyConnections(m_catchUp, m_clock());
}

void ConnectionsModel::clear()
{
    m_catchUp.clear();
    m_catchUpTimer.stop();
    beginResetModel();
    m_rows.clear();
    invalidateSortKeys();
    m_rowById.clear();
    m_flashing.clear();
    m_seeded = false;
    m_now = m_clock(); // a replay that jumped back starts counting from where it now is
    endResetModel();
}

namespace {

/// host, port and TLS of an event's "tls://host:port" / "tcp://[v6]:port"; false when it is not one.
/// A reuse key's "#…" (its TLS options, "tls://host:443#1") is not part of the address.
bool parseEndpoint(const QString& key, ConnectionInfo& info)
{
    const qsizetype hash = key.indexOf(QLatin1Char('#'));
    const QString endpoint = hash < 0 ? key : key.left(hash);
    const qsizetype scheme = endpoint.indexOf(QLatin1String("://"));
    const qsizetype colon = endpoint.lastIndexOf(QLatin1Char(':'));
    if (scheme <= 0 || colon <= scheme + 3)
        return false;
    bool ok = false;
    const uint port = endpoint.mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return false;
    QString host = endpoint.mid(scheme + 3, colon - scheme - 3);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    if (host.isEmpty())
        return false;
    info.tls = endpoint.startsWith(QLatin1String("tls://"));
    info.host = host.toStdString();
    info.port = static_cast<std::uint16_t>(port);
    return true;
}

} // namespace

void ConnectionsModel::noteEvents(std::span<const ServiceEvent> events, Clock::time_point now)
{
    using Kind = ServiceEvent::Kind;
    std::vector<const ServiceEvent*> orphans; // failed dials no snapshot has listed
    std::vector<int> changed;
    for (const ServiceEvent& event : events) {
        if (event.id == 0 || (event.kind != Kind::Closed && event.kind != Kind::DialFailed))
            continue;
        const int r = rowOf(event.id);
        if (r < 0) {
            if (event.kind == Kind::DialFailed)
                orphans.push_back(&event);
            continue;
        }
        ConnectionRow& row = *m_rows[static_cast<std::size_t>(r)];
        // A failed dial also reports Closed; the failure says more, so it is kept.
        if (row.failed && event.kind == Kind::Closed)
            continue;
        row.departure = eventDescription(event);
        row.failed = event.kind == Kind::DialFailed;
        if (event.wire) // the wire log up to the close: the FIN or RST that closed it, too
            row.info.wire = *event.wire;
        if (row.failed && row.info.lastError.ok()) {
            row.info.lastError.code = event.error;
            row.info.lastError.message = event.message.toStdString();
        }
        row.searchText.clear();
        changed.push_back(r);
    }
    if (!changed.empty()) {
        invalidateSortKeys();
        std::sort(changed.begin(), changed.end());
        changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
        emitRuns(changed, 0, ColumnCount - 1, {});
    }
    if (orphans.empty() || m_linger.count() <= 0)
        return;
    std::vector<std::unique_ptr<ConnectionRow>> added;
    QSet<ConnectionId> seen; // an id twice in one batch gets one row
    for (const ServiceEvent* event : orphans) {
        if (m_rowById.contains(event->id) || seen.contains(event->id))
            continue;
        seen.insert(event->id);
        auto row = std::make_unique<ConnectionRow>();
        ConnectionInfo& info = row->info;
        info.id = event->id;
        if (!parseEndpoint(event->endpoint, info))
            info.host = event->endpoint.toStdString();
        info.key = event->endpoint.toStdString();
        info.label = event->label.toStdString();
        info.lastError.code = event->error;
        info.lastError.message = event->message.toStdString();
        info.created = now;
        row->goneSince = now;
        row->failed = true;
        row->departure = eventDescription(*event);
        added.push_back(std::move(row));
    }
    if (added.empty())
        return;
    m_now = std::max(m_now, now);
    invalidateSortKeys();
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
    for (auto& row : added) {
        m_rowById.insert(row->info.id, rowCount());
        m_flashing.push_back(row->info.id);
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
}

void ConnectionsModel::setTicking(bool on)
{
    if (on)
        m_tick.start();
    else
        m_tick.stop();
}

void ConnectionsModel::tick(Clock::time_point now)
{
    const Clock::time_point before = m_now; // what the rows were last painted for
    m_now = now;
    nowChanged();
    const int rows = rowCount();
    if (rows == 0)
        return;
    Q_EMIT dataChanged(index(0, KeepAlive), index(rows - 1, Idle),
                       {Qt::DisplayRole, KeepAliveFractionRole, KeepAliveRemainingRole});
    Q_EMIT ticked();
    if (m_flashing.empty())
        return;

    std::vector<int> repaint;
    std::vector<int> purge;
    std::vector<ConnectionId> still;
    for (ConnectionId id : m_flashing) {
        const int r = rowOf(id);
        if (r < 0)
            continue;
        const ConnectionRow& row = *m_rows[static_cast<std::size_t>(r)];
        if (row.gone()) {
            if (now - row.goneSince >= m_linger) {
                purge.push_back(r);
            } else {
                still.push_back(id);
                if (before - row.goneSince < m_flash) // painted red last time: it fades to grey
                    repaint.push_back(r);
            }
            continue;
        }
        repaint.push_back(r);
        if (now - row.firstSeen < m_flash) // one last repaint after the flash ends clears it
            still.push_back(id);
    }
    m_flashing = std::move(still);
    std::sort(repaint.begin(), repaint.end());
    repaint.erase(std::unique(repaint.begin(), repaint.end()), repaint.end());
    emitRuns(repaint, 0, ColumnCount - 1, {Qt::BackgroundRole, FlashRole});

    if (!purge.empty()) {
        std::sort(purge.begin(), purge.end());
        purge.erase(std::unique(purge.begin(), purge.end()), purge.end());
        std::vector<RowRange> ranges;
        for (int r : purge) {
            if (!ranges.empty() && ranges.back().last + 1 == r)
                ranges.back().last = r;
            else
                ranges.push_back({r, r});
        }
        std::reverse(ranges.begin(), ranges.end());
        removeRowRanges(ranges);
    }
}

void ConnectionsModel::emitRuns(const std::vector<int>& sortedRows, int firstColumn, int lastColumn,
                                const QList<int>& roles)
{
    if (sortedRows.empty())
        return;
    std::vector<RowRange> runs;
    for (int r : sortedRows) {
        if (!runs.empty() && runs.back().last + 1 == r)
            runs.back().last = r;
        else
            runs.push_back({r, r});
    }
    if (runs.size() > kMaxChangeRuns) {
        Q_EMIT dataChanged(index(runs.front().first, firstColumn), index(runs.back().last, lastColumn),
                           roles);
        return;
    }
    for (const RowRange& run : runs)
        Q_EMIT dataChanged(index(run.first, firstColumn), index(run.last, lastColumn), roles);
}

void ConnectionsModel::removeRowRanges(const std::vector<RowRange>& rangesLastFirst)
{
    if (rangesLastFirst.empty())
        return;
    if (rangesLastFirst.size() > kMaxRemoveRuns) {
        beginResetModel();
        std::vector<char> drop(m_rows.size(), 0);
        for (const RowRange& range : rangesLastFirst)
            std::fill(drop.begin() + range.first, drop.begin() + range.last + 1, char(1));
        std::size_t out = 0;
        for (std::size_t i = 0; i < m_rows.size(); ++i) {
            if (!drop[i]) {
                if (out != i)
                    m_rows[out] = std::move(m_rows[i]);
                ++out;
            }
        }
        m_rows.resize(out);
        invalidateSortKeys();
        rebuildIndex();
        endResetModel();
        return;
    }
    for (const RowRange& range : rangesLastFirst) {
        beginRemoveRows({}, range.first, range.last);
        m_rows.erase(m_rows.begin() + range.first, m_rows.begin() + range.last + 1);
        invalidateSortKeys();
        endRemoveRows();
    }
    rebuildIndex();
}

void ConnectionsModel::rebuildIndex()
{
    m_rowById.clear();
    m_rowById.reserve(static_cast<qsizetype>(m_rows.size()));
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows[i]->info.id, static_cast<int>(i));
}

} // namespace poolscope::ui
