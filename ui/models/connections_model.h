#pragma once
// The live connections table. Rows are keyed by ConnectionId and updated by diffing snapshots
// (snapshot_diff.h): inserts are appended, updates signal only the rows that changed (or one
// dataChanged over everything when more than half changed), removals come after a short linger
// during which the row is shown red. New rows flash green. Flash and countdowns are computed from
// per-row timestamps; one 10 Hz timer repaints the KeepAlive/Age/Idle columns between snapshots.
//
// With setInsertChunk(n), an apply inserts at most n new rows; the rest of that snapshot is
// caught up on later event-loop turns (each turn re-diffs the kept snapshot against the rows
// shown then, so nothing is inserted twice and a newer snapshot simply replaces it). This keeps
// the GUI responsive when the first snapshot brings 10,000 rows at once.

#include "models/snapshot_diff.h"
#include "poolscope/service/service_types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>
#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <vector>

namespace poolscope::ui {

class ConnectionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Id,
        Endpoint,
        Address,
        Tls,
        State,
        KeepAlive,
        Age,
        Idle,
        Reuses,
        LastError,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role
    {
        SortRole = Qt::UserRole + 1, ///< a value that sorts naturally (numbers as numbers)
        StateRole,                   ///< int(ConnectionState); -1 for a row that has left the pool
        IdRole,                      ///< ConnectionId as qulonglong
        HostKeyRole,                 ///< the reuse key, "tls://host:443"
        ActiveRole,                  ///< bool: in use or dialing
        GoneRole,                    ///< bool: closed, shown until the linger ends
        KeepAliveFractionRole,       ///< double 0…1 of the keep-alive left; -1 when not idle
        KeepAliveRemainingRole,      ///< qint64 ms left; -1 when not idle
        FlashRole,                   ///< double: 1…0 fading green for new rows, -1 red for closing/closed
        SearchTextRole,              ///< lower-case text the search box matches
        LabelRole,                   ///< the holder's label
        RoleCount
    };
    Q_ENUM(Role)

    struct ApplyStats
    {
        int inserted = 0;
        int updated = 0;
        int removed = 0;
        bool coalesced = false; ///< one dataChanged over every row instead of one per run
        qint64 diffUs = 0;      ///< the pure diff
        qint64 applyUs = 0;     ///< diff + model changes + every view/proxy reaction
    };

    explicit ConnectionsModel(QObject* parent = nullptr);

    /// QAbstractTableModel's index() asks rowCount() and columnCount() through virtual calls;
    /// the sorting proxy makes two per comparison.
    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    void applySnapshot(const PoolSnapshot& snapshot);
    void applyConnections(std::span<const ConnectionInfo> connections, Clock::time_point now = Clock::now());
    void clear();
    /// Learns why connections left from their Closed and DialFailed events: the reason shows on
    /// the row while it lingers. A dial that failed before any snapshot listed it gets a row of its
    /// own (gone at once, built from the event), so every failure can be found and selected.
    void noteEvents(std::span<const ServiceEvent> events, Clock::time_point now = Clock::now());

    [[nodiscard]] const ConnectionRow& rowAt(int row) const { return *m_rows[static_cast<std::size_t>(row)]; }
    /// The row of a connection, -1 if absent. Valid between applies (not inside the model's own
    /// row signals during one); listen to applied() to react to a new snapshot.
    [[nodiscard]] int rowOf(ConnectionId id) const { return m_rowById.value(id, -1); }
    [[nodiscard]] const ConnectionRow* rowById(ConnectionId id) const;
    /// SortRole of every row of a numeric column as one integer per row (index = source row),
    /// for the sorting proxy, which compares ~10^5 pairs when a snapshot changes many rows of a
    /// 10,000-row table and must not build two QVariants per pair. nullptr for the text columns,
    /// whose QVariant comparison the caller keeps. GUI thread; the pointer is valid until the
    /// model next changes a row, the row count or now() (it signals each such change first).
    [[nodiscard]] const qint64* sortKeys(int column) const
    {
        const qint64* keys = cachedSortKeys(column);
        return keys ? keys : fillSortKeys(column);
    }
    /// sortKeys() when they are already computed, else nullptr (never computes: no call, so a
    /// caller's fast path stays a leaf).
    [[nodiscard]] const qint64* cachedSortKeys(int column) const noexcept
    {
        // Every change of the row count resets m_sortKeysColumn, so a match means a full array.
        return column == m_sortKeysColumn ? m_sortKeys.data() : nullptr;
    }
    [[nodiscard]] ApplyStats lastApply() const { return m_lastApply; }
    [[nodiscard]] Clock::time_point now() const { return m_now; }

    /// How long closed and failed connections stay (greyed, with why they left) before their row
    /// is removed. Default kDefaultLinger; 0 removes them with the snapshot that no longer has them.
    void setLinger(std::chrono::milliseconds linger)
    {
        m_linger = std::max(linger, std::chrono::milliseconds{0});
    }
    [[nodiscard]] std::chrono::milliseconds linger() const { return m_linger; }
    static constexpr std::chrono::milliseconds kDefaultLinger{10'000};
    /// Where "now" comes from for applySnapshot(), the countdown tick and clear(): the steady clock
    /// by default; a replay's position when the model shows one (MonitorSource::now()).
    void setClock(std::function<Clock::time_point()> clock);
    [[nodiscard]] Clock::time_point clockNow() const { return m_clock(); }
    void setFlashDuration(std::chrono::milliseconds flash) { m_flash = flash; }
    /// At most this many rows are inserted per apply; the rest follow on later event-loop turns.
    /// 0 (the default) inserts everything at once.
    void setInsertChunk(int rows) { m_insertChunk = std::max(0, rows); }
    [[nodiscard]] int insertChunk() const { return m_insertChunk; }
    /// True while rows of the last snapshot are still waiting to be inserted.
    [[nodiscard]] bool isCatchingUp() const { return !m_catchUp.empty(); }
    /// The 10 Hz countdown repaint (on by default).
    void setTicking(bool on);
    [[nodiscard]] bool isTicking() const { return m_tick.isActive(); }
    /// One countdown refresh: KeepAlive/Age/Idle of every row, flash of flashing rows, and
    /// removal of gone rows whose linger ended. Public for tests.
    void tick(Clock::time_point now = Clock::now());

Q_SIGNALS:
    void applied();
    /// After each countdown refresh (tick()): views showing times relative to now() follow it.
    void ticked();

private:
    QVariant displayData(const ConnectionRow& row, int column) const;
    QVariant sortData(const ConnectionRow& row, int column) const;
    QVariant toolTipData(const ConnectionRow& row, int column) const;
    QVariant backgroundData(const ConnectionRow& row) const;
    QVariant foregroundData(const ConnectionRow& row, int column) const;
    [[nodiscard]] double flashOf(const ConnectionRow& row) const;
    [[nodiscard]] QString searchText(const ConnectionRow& row) const;
    void removeRowRanges(const std::vector<RowRange>& rangesLastFirst);
    void rebuildIndex();
    void catchUp();
    void emitRuns(const std::vector<int>& sortedRows, int firstColumn, int lastColumn,
                  const QList<int>& roles);
    [[nodiscard]] qint64 sortKey(const ConnectionRow& row, int column) const;
    /// Computes m_sortKeys for a numeric column; nullptr for a text column.
    const qint64* fillSortKeys(int column) const;
    /// Every change of the row count or of row contents other than through refreshSortKey()
    /// calls this before the model signals it.
    void invalidateSortKeys() { m_sortKeysColumn = -1; }
    /// After m_now moved: the countdown columns' keys are relative to it, the others are not.
    void nowChanged()
    {
        if (m_sortKeysColumn == KeepAlive || m_sortKeysColumn == Age || m_sortKeysColumn == Idle)
            invalidateSortKeys();
    }
    /// After one row's contents changed (the row count did not): its key alone is recomputed,
    /// not the 10,000 of the table.
    void refreshSortKey(int row)
    {
        if (m_sortKeysColumn >= 0)
            m_sortKeys[static_cast<std::size_t>(row)] =
                sortKey(*m_rows[static_cast<std::size_t>(row)], m_sortKeysColumn);
    }

    // Rows live behind pointers so removing a run moves pointers, not whole ConnectionInfos.
    std::vector<std::unique_ptr<ConnectionRow>> m_rows;
    QHash<ConnectionId, int> m_rowById;
    std::vector<ConnectionId> m_flashing;       ///< rows whose flash or linger is running
    std::function<Clock::time_point()> m_clock; // before m_now, which starts from it
    Clock::time_point m_now{};
    QTimer m_tick;
    std::chrono::milliseconds m_linger{kDefaultLinger};
    std::chrono::milliseconds m_flash{1200};
    bool m_seeded = false; ///< rows of the first snapshot do not flash
    int m_insertChunk = 0;
    /// The snapshot whose inserts were cut at m_insertChunk; re-applied until it is fully shown.
    std::vector<ConnectionInfo> m_catchUp;
    QTimer m_catchUpTimer;
    ApplyStats m_lastApply;
    mutable std::vector<qint64> m_sortKeys; ///< sortKey() of every row for m_sortKeysColumn
    mutable int m_sortKeysColumn = -1;      ///< -1: stale
};

} // namespace poolscope::ui
