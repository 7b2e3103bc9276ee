#pragma once
// The connections table's diff: a pure function from (rows shown now, next snapshot) to the
// insert / update / remove operations that turn one into the other, keyed by ConnectionId.
//
// Rows keep the order in which connections first appeared (the proxy sorts), so a snapshot that
// lists the same connections in another order produces no operations. A connection that leaves
// the snapshot can linger as a "gone" row (shown red, like TCPView) before it is removed.

#include "poolscope/pool_types.h"

#include <QHash>
#include <QString>
#include <chrono>
#include <span>
#include <vector>

namespace poolscope::ui {

struct ConnectionRow
{
    ConnectionInfo info;
    Clock::time_point firstSeen{}; ///< when the row appeared (green flash); epoch = no flash
    Clock::time_point goneSince{}; ///< when it left the snapshots; epoch = still in the pool
    /// Why it left, from its Closed or DialFailed event (empty until that event arrives; the
    /// event and the snapshot without the connection come on separate signals, in either order).
    QString departure;
    bool failed = false; ///< it left through a failed dial, not a close
    /// The lower-case text the filter searches, built on first use; whoever changes `info` or
    /// `goneSince` clears it (the filter reads it for every row of every large apply).
    mutable QString searchText;
    [[nodiscard]] bool gone() const noexcept { return goneSince != Clock::time_point{}; }
};

struct RowRange
{
    int first = 0;
    int last = 0;
    [[nodiscard]] int count() const noexcept { return last - first + 1; }
    bool operator==(const RowRange&) const = default;
};

struct SnapshotDiff
{
    struct Remove
    {
        ConnectionId id = 0;
        int row = 0; ///< row in the current rows (before any removal)
    };
    struct Update
    {
        ConnectionId id = 0;
        int row = 0;     ///< row after the removals have been applied
        int source = -1; ///< index in the next snapshot; -1 when the row just went away
        bool vanished = false;
    };
    struct Insert
    {
        ConnectionId id = 0;
        int source = 0; ///< index in the next snapshot; inserts are appended in this order
    };

    std::vector<Remove> removals; ///< ascending rows
    std::vector<Update> updates;  ///< ascending rows
    std::vector<Insert> inserts;

    [[nodiscard]] bool empty() const noexcept
    {
        return removals.empty() && updates.empty() && inserts.empty();
    }
    /// Contiguous runs of removed rows, last run first, so removing them in order keeps the
    /// remaining row numbers valid (one beginRemoveRows per run).
    [[nodiscard]] std::vector<RowRange> removalRanges() const;
    /// Contiguous runs of updated rows (one dataChanged per run).
    [[nodiscard]] std::vector<RowRange> updateRanges() const;
};

struct DiffOptions
{
    Clock::time_point now{};
    /// How long a connection that left the snapshot stays as a gone row; 0 = remove at once.
    std::chrono::milliseconds linger{0};
};

/// True when every field the table or the details pane shows is equal.
[[nodiscard]] bool sameContent(const ConnectionInfo& a, const ConnectionInfo& b);

/// The operations that turn `current` into `next`. Duplicate ids in `next` count once (the first).
/// `currentIndex` maps the id of every row of `current` to its position there (the model keeps
/// one); nullptr (the default) builds it. Any thread; reads only its arguments.
[[nodiscard]] SnapshotDiff diffSnapshot(std::span<const ConnectionRow* const> current,
                                        std::span<const ConnectionInfo> next, const DiffOptions& options,
                                        const QHash<ConnectionId, int>* currentIndex = nullptr);
/// Convenience overload for rows held by value.
[[nodiscard]] SnapshotDiff diffSnapshot(std::span<const ConnectionRow> current,
                                        std::span<const ConnectionInfo> next, const DiffOptions& options);

} // namespace poolscope::ui
