#pragma once
// MonitorSource: what a monitor reads and acts through. One interface for every place a pool can be
// watched from: the pool service in this process (LiveSource), a recorded trace (ReplaySource) and,
// later, another process's published pool. A view written against it works unchanged on all.
//
// Threads: a source lives on, and emits on, the thread that created it (the GUI thread in the
// app); call it only from there.
//
// Actions: a monitor asks can() before it offers an action and says why not (from kind()) when it
// cannot; service() gives the live pool to act on and is null for every source that is not one (the
// caller must check). Nothing here ever blocks on the network.

#include "poolscope/service/service_types.h"

#include <QObject>
#include <QString>

namespace poolscope {

class PoolService;

/// Where a monitor reads a pool from (contracts at the top of this header). Creator's thread only.
class MonitorSource : public QObject
{
    Q_OBJECT
public:
    /// Which kind of source: what a monitor says when an action is not offered.
    enum class Kind
    {
        Live,     ///< the PoolService of this process
        Replay,   ///< a recorded trace file
        Attached, ///< another process's published pool
    };
    Q_ENUM(Kind)

    /// What a monitor may do to the pool it shows.
    enum class Capability
    {
        Dial = 0x1,      ///< acquire new connections (Dial, lab dials, demo, lessons)
        Use = 0x2,       ///< probe, release and close the monitor's own leases
        Close = 0x4,     ///< force-close any connection, close idle ones
        Shutdown = 0x8,  ///< graceful / forced shutdown and reopen
        Settings = 0x10, ///< change the pool's parameters
        Capture = 0x20,  ///< turn TLS handshake capture on or off
        Record = 0x40,   ///< record what the source shows to a trace file
    };
    Q_DECLARE_FLAGS(Capabilities, Capability)
    Q_FLAG(Capabilities)

    using QObject::QObject;

    [[nodiscard]] virtual Kind kind() const = 0; ///< fixed for the source's life
    /// What the source calls itself: a trace's file name, an app's name; empty for the live pool
    /// of this process (a monitor names that one in its own language).
    [[nodiscard]] virtual QString name() const = 0;
    /// What a monitor may do now (a live source loses its actions when its service is gone).
    [[nodiscard]] virtual Capabilities capabilities() const = 0;
    /// capabilities() has `capability`.
    [[nodiscard]] bool can(Capability capability) const { return capabilities().testFlag(capability); }
    /// The last state published; may be null before the first one.
    [[nodiscard]] virtual SnapshotPtr latestSnapshot() const = 0;
    /// "Now" on the source's clock: countdowns (keep-alive left, age, idle) are computed against
    /// it. A live source's is the steady clock; a replay's is the moment its position shows.
    [[nodiscard]] virtual Clock::time_point now() const = 0;
    /// The wall-clock time that now() corresponds to, in UTC (a replay's is in the past).
    [[nodiscard]] virtual QDateTime wallTime() const = 0;
    /// The pool to act on when this source is the live one in this process; else null.
    [[nodiscard]] virtual PoolService* service() const { return nullptr; }

Q_SIGNALS:
    /// A new state, on the source's thread.
    void snapshotReady(const poolscope::SnapshotPtr& snapshot);
    /// New events, oldest first, on the source's thread.
    void eventsReady(const QList<poolscope::ServiceEvent>& events);
    /// The source jumped (a replay moved backwards or far ahead): forget what was derived from
    /// earlier events; a snapshot and the events leading to it follow at once.
    void reset();
};

} // namespace poolscope

Q_DECLARE_OPERATORS_FOR_FLAGS(poolscope::MonitorSource::Capabilities)
