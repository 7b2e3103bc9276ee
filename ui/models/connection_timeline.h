#pragma once
// Every connection's life on a time axis, built from what the service already reports: its events
// (DialStarted … Closed / DialFailed, WaiterServed) and the ConnectionInfo rows of its snapshots
// (phase timings in µs, in-use / idle times, the keep-alive deadline). No widgets: the details
// pane's waterfall and the pool-wide timeline tab paint what segments() returns.
//
// Times are microseconds since the Unix epoch (UTC): events carry wall-clock times, snapshot times
// are converted through the snapshot's own wallTime. Event times have millisecond resolution, so
// the dial phases take their lengths from the snapshot's PhaseTimings when a snapshot listed the
// connection, and from the event times otherwise (a dial that failed before any snapshot).
//
// Bounded: connections that left the pool longer than linger() ago are dropped, at most
// maxConnections() are kept (departed ones go first, then the oldest live ones), and each keeps its
// last kMaxUses uses.

#include "poolscope/service/service_types.h"

#include <QObject>
#include <QString>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <span>
#include <utility>
#include <vector>

namespace poolscope::ui {

class ConnectionTimeline : public QObject
{
    Q_OBJECT
public:
    enum class SegmentKind
    {
        Queued,  ///< the request waited for a slot (WaiterServed)
        Dns,     ///< name resolution
        Connect, ///< TCP connect
        Proxy,   ///< the proxy's tunnel handshake (HTTP CONNECT / SOCKS5), dials through a proxy only
        Tls,     ///< TLS handshake
        Use,     ///< acquire → return, with the holder's label
        Idle,    ///< back in the pool, with the keep-alive deadline when known
        Closed,  ///< a point: the close (or the failed dial) and why
        Count
    };
    Q_ENUM(SegmentKind)

    struct Segment
    {
        SegmentKind kind = SegmentKind::Dns;
        qint64 startUs = 0;
        qint64 endUs = 0;          ///< == startUs for Closed
        bool open = false;         ///< still running: endUs is the `now` it was built for
        bool failed = false;       ///< the phase the dial failed in; a Closed point of a failed dial
        bool reused = false;       ///< Use: handed out again from idle
        QString label;             ///< Use: the holder; Closed: the reason or the dial's error
        qint64 deadlineUs = -1;    ///< Idle: the keep-alive deadline, -1 when not known
        qint64 exactUs = -1;       ///< Dns/Connect/Tls: the length the engine measured, -1: from events
        int number = 0;            ///< Use: 1 for the first use of this connection
        bool estimatedEnd = false; ///< Closed: no Closed event seen; it left the snapshots then
    };

    struct Lane
    {
        ConnectionId id = 0;
        QString endpoint; ///< "tls://127.0.0.1:8443"
        bool departed = false;
        bool failed = false;
        qint64 startUs = 0; ///< first segment's start
    };

    explicit ConnectionTimeline(QObject* parent = nullptr);

    void noteEvents(std::span<const ServiceEvent> events);
    void noteEvents(const QList<ServiceEvent>& events)
    {
        noteEvents(
            std::span<const ServiceEvent>(events.constData(), static_cast<std::size_t>(events.size())));
    }
    /// Learns timings, in-use and idle times and keep-alive deadlines; connections that no longer
    /// appear (and sent no Closed event) are ended at the snapshot's time. `linger` is how long
    /// departed connections are kept (the table's View → Keep Closed Connections).
    void noteSnapshot(const PoolSnapshot& snapshot, std::chrono::milliseconds linger);

    /// Where "now" comes from: `wallUs` in µs since the epoch, `steady` on the pool's clock. The real
    /// clocks by default; a replay's position when the window shows one (MonitorSource).
    void setClock(std::function<qint64()> wallUs, std::function<Clock::time_point()> steady);
    [[nodiscard]] qint64 currentUs() const { return m_wallNow(); }
    [[nodiscard]] Clock::time_point currentSteady() const { return m_steadyNow(); }
    /// Forgets every connection (a replay jumped).
    void clear();

    void setLinger(std::chrono::milliseconds linger);
    [[nodiscard]] std::chrono::milliseconds linger() const { return m_linger; }
    void setMaxConnections(int count);
    [[nodiscard]] int maxConnections() const { return m_maxConnections; }
    static constexpr int kDefaultMaxConnections = 256;
    static constexpr std::size_t kMaxUses = 64;

    /// Drops connections that departed more than linger() before `nowUs`.
    void prune(qint64 nowUs);

    [[nodiscard]] bool contains(ConnectionId id) const { return m_records.count(id) != 0; }
    [[nodiscard]] int size() const { return static_cast<int>(m_records.size()); }
    /// Every connection kept, oldest dial first.
    [[nodiscard]] std::vector<Lane> lanes() const;
    /// The connection's segments in time order, open ones ending at `nowUs`; empty when unknown.
    [[nodiscard]] std::vector<Segment> segments(ConnectionId id, qint64 nowUs) const;
    /// Segments for a connection known only from one snapshot row (not kept here, e.g. over the
    /// cap): phases from its timings, the current use or idle stretch.
    [[nodiscard]] static std::vector<Segment> segmentsFor(const ConnectionInfo& info, qint64 nowUs,
                                                          Clock::time_point clockNow);
    /// The earliest start of anything kept, or -1 when empty.
    [[nodiscard]] qint64 earliestUs() const;

    [[nodiscard]] static qint64 toUs(const QDateTime& time) { return time.toMSecsSinceEpoch() * 1000; }
    [[nodiscard]] static qint64 nowUs();
    /// "DNS", "TCP connect", … (translated).
    [[nodiscard]] static QString kindText(SegmentKind kind);
    /// "0.25 ms" below 10 ms, "504 ms" below a second, "4.2 s", "1 min 05 s" above.
    [[nodiscard]] static QString durationText(qint64 us);
    /// How long a segment lasted: the engine's µs when known; a dial phase known only from event
    /// times as "< 1 ms" / "≈ 3 ms".
    [[nodiscard]] static QString lengthText(const Segment& segment);
    [[nodiscard]] static bool isDialPhase(SegmentKind kind);
    /// The tool tip of a segment: what it is, when, how long, and the details it has.
    [[nodiscard]] static QString describe(const Segment& segment, qint64 nowUs);

Q_SIGNALS:
    void changed();

private:
    struct Use
    {
        qint64 startUs = -1;
        qint64 endUs = -1; ///< -1 while held
        QString label;
        bool reused = false;
        qint64 idleDeadlineUs = -1; ///< keep-alive deadline of the idle stretch after it
        int number = 0;
    };
    struct Record
    {
        ConnectionId id = 0;
        QString endpoint;
        std::deque<std::pair<qint64, qint64>> waits; ///< WaiterServed: waited from, until
        qint64 dialUs = -1;
        qint64 resolvedUs = -1;
        qint64 connectedUs = -1;
        qint64 handshakeUs = -1;
        bool tls = false;
        bool proxied = false; ///< dialled through a proxy (its key says " via ")
        PhaseTimings timings;
        bool haveTimings = false;
        std::deque<Use> uses;
        int usesSeen = 0;
        qint64 idleDeadlineUs = -1; ///< of an idle stretch before any use
        qint64 closedUs = -1;
        bool closeEstimated = false;
        bool failed = false;
        QString why;
        quint64 snapshotGeneration = 0; ///< the last snapshot that listed it
    };

    Record* find(ConnectionId id);
    /// The record, created when absent (false `force`: only if there is room without dropping a
    /// live connection). Null when there is no room.
    Record* obtain(ConnectionId id, bool force);
    /// False when the event says nothing about a connection's timeline (or there is no room).
    bool noteEvent(const ServiceEvent& event);
    static void noteRow(Record& record, const ConnectionInfo& info, qint64 wallUs, Clock::time_point taken);
    static void addUse(Record& record, Use use);
    /// Appends the dial's phases; true when it completed (no phase running or failed).
    static bool buildDial(const Record& record, qint64 nowUs, std::vector<Segment>& out, qint64& dialEndUs);
    [[nodiscard]] static std::vector<Segment> build(const Record& record, qint64 nowUs);

    std::map<ConnectionId, Record> m_records; ///< ids increase with each dial: dial order
    std::function<qint64()> m_wallNow = &ConnectionTimeline::nowUs;
    std::function<Clock::time_point()> m_steadyNow = [] { return Clock::now(); };
    std::chrono::milliseconds m_linger{10'000};
    int m_maxConnections = kDefaultMaxConnections;
    quint64 m_generation = 0;
};

} // namespace poolscope::ui
