#pragma once
// A guided lesson as data: steps, each with text, an optional action on the lab or the pool, a
// check that watches the pool's real events and snapshots, and highlight hints for the UI. The
// JSON format is documented in docs/LESSONS.md. This file and lesson_loader.cpp use Qt Core only
// (no service, no widgets), so the loader's fuzzer and headless tools can link them alone.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace poolscope::ui::lessons {

/// Pool and lab settings a lesson (or one of its "set" actions) applies; unset fields stay as they are.
struct LessonSettings
{
    std::optional<int> maxConnections;     ///< 1 … 65535
    std::optional<int> maxPerHost;         ///< 0 … 65535
    std::optional<qint64> keepAliveMs;     ///< idle keep-alive, 0 … 3,600,000
    std::optional<qint64> leakThresholdMs; ///< 0 … 3,600,000 (0: no leak flags)
    std::optional<qint64> labIdleCloseMs;  ///< the idle-closer lab server's idle limit, 10 … 60,000
    std::optional<bool> checkOnReturn;
    std::optional<qint64> connectTimeoutMs;   ///< PoolParams::connectTimeout, 0 … 60,000 (0: none)
    std::optional<qint64> handshakeTimeoutMs; ///< PoolParams::handshakeTimeout, 0 … 60,000 (0: none)
    std::optional<QString> dnsServer;         ///< "system", or a lab DNS server: "dns", "dns-silent"
    [[nodiscard]] bool isEmpty() const
    {
        return !maxConnections && !maxPerHost && !keepAliveMs && !leakThresholdMs && !labIdleCloseMs &&
               !checkOnReturn && !connectTimeoutMs && !handshakeTimeoutMs && !dnsServer;
    }
    /// Whether it changes PoolParams (the rest are the service's leak threshold and the lab).
    [[nodiscard]] bool touchesPool() const
    {
        return maxConnections || maxPerHost || keepAliveMs || checkOnReturn || connectTimeoutMs ||
               handshakeTimeoutMs || dnsServer;
    }
};

enum class ActionKind
{
    None,      ///< nothing: the check watches what earlier steps started
    Dial,      ///< acquire a connection to a lab server, named `lease`
    Return,    ///< release `lease` to the pool
    Close,     ///< close `lease` (never reused)
    CloseIdle, ///< close every idle connection
    Hold,      ///< wait `ms` before the check starts
    Shutdown,  ///< graceful or forced (`mode`)
    Reopen,    ///< allow dials again
    Set,       ///< apply `settings`
    Cancel,    ///< cancel `lease`'s dial while it waits or dials
};

enum class CheckKind
{
    Connected,       ///< `lease` got a new connection (dial phase times measured)
    Reused,          ///< `lease` got an idle connection (optionally the one of `sameAs`)
    DialFailed,      ///< `lease`'s dial failed (optionally with `error`, message containing `contains`)
    Idle,            ///< `lease`'s connection sits idle with a keep-alive countdown
    Closed,          ///< `lease`'s connection was closed (optionally for `reason`)
    WaiterQueued,    ///< `lease`'s dial waits in the queue (the pool is full)
    WaiterServed,    ///< `lease`'s dial left the queue with a connection
    WaiterTimedOut,  ///< `lease`'s dial gave up waiting
    Leak,            ///< `lease` was flagged as a possible leak
    ShutdownStarted, ///< the pool began shutting down
    Drained,         ///< a graceful shutdown saw the last connection come back
    Reopened,        ///< the pool accepts dials again
    Dialing,         ///< `lease`'s new connection is still being dialled (a snapshot shows it)
    Handshake,       ///< `lease`'s new TLS connection made a full or (`resumed`) a resumed handshake
    SettingsApplied, ///< the pool took the settings of this step's "set" action
};

struct LessonAction
{
    ActionKind kind = ActionKind::None;
    QString server;                ///< Dial: lab server name ("https", "idle-closer" …)
    QString lease;                 ///< Dial: the name later steps use; Return / Close: which lease
    QString label;                 ///< Dial: holder label (default "lesson")
    qint64 timeoutMs = 5000;       ///< Dial: acquire timeout (queue + dial)
    bool allowReuse = true;        ///< Dial
    bool leakCheck = true;         ///< Dial: false: held on purpose, never flagged as a leak
    QString minTls;                ///< Dial: "1.2" (default) or "1.3"
    QString host;                  ///< Dial: a name (or address) to dial instead of the server's 127.0.0.1
    std::optional<bool> tls;       ///< Dial: TLS on or off regardless of the server (unset: the server's)
    bool sessionResumption = true; ///< Dial: false: never resume a TLS session (its own reuse key)
    qint64 ms = 0;                 ///< Hold
    QString mode;                  ///< Shutdown: "graceful" or "forced"
    LessonSettings settings;       ///< Set
};

struct LessonCheck
{
    CheckKind kind = CheckKind::Connected;
    QString lease;           ///< the lease it is about (all kinds but ShutdownStarted / Drained)
    QString sameAs;          ///< Reused: must be this lease's connection
    QString reason;          ///< Closed: "expired", "stale", "requested" …; empty: any
    QString error;           ///< DialFailed: "handshakeFailed", "connectionRefused" …; empty: any
    QString contains;        ///< DialFailed: the error message contains this (case-insensitive)
    QString family;          ///< Connected: "ipv4" or "ipv6": the address it connected to; empty: any
    bool resumed = false;    ///< Handshake: a resumed (true) or a full (false) handshake
    QString compareWith;     ///< Handshake: report this lease's handshake time beside it
    QString state;           ///< Dialing: "resolving", "connecting" or "handshaking"; empty: any
    qint64 timeoutMs = 5000; ///< how long the check waits, 1 … 60,000
};

struct LessonStep
{
    QString title;
    QString text;           ///< what to do / what happens
    QString watch;          ///< what to watch
    QStringList highlights; ///< "row:LEASE", "counter:NAME", "chart:NAME", "log:KIND", "column:NAME"
    LessonAction action;
    LessonCheck check;
};

struct Lesson
{
    QString name; ///< short id: "why-reuse"
    QString title;
    QString summary;
    LessonSettings settings; ///< applied before the first step
    QList<LessonStep> steps;
    QString source; ///< where it was loaded from (":/lessons/why-reuse.json", a path)
};

struct LessonLoad
{
    std::optional<Lesson> lesson;
    QString error; ///< "FILE:LINE:COLUMN: …" or "FILE: steps[2].check.kind: …"
};

inline constexpr int kLessonFormat = 1;
inline constexpr qsizetype kMaxLessonBytes = 256 * 1024;
inline constexpr int kMaxLessonSteps = 64;

/// Parses and validates a lesson. `source` names it in error messages.
[[nodiscard]] LessonLoad parseLesson(const QByteArray& json, const QString& source);
/// Reads `path` (a file or a ":/…" resource) and parses it.
[[nodiscard]] LessonLoad loadLessonFile(const QString& path);
/// 1-based line and column of byte `offset` in `text` ("3:14").
[[nodiscard]] QString lineColumn(const QByteArray& text, qsizetype offset);

/// Every ActionKind's name, in enum order ("none", "dial" …).
[[nodiscard]] const QStringList& actionNames();
/// Every CheckKind's name, in enum order ("connected", "reused" …).
[[nodiscard]] const QStringList& checkNames();
/// The TYPE of a "TYPE:NAME" highlight hint.
[[nodiscard]] const QStringList& highlightTypes();
/// The NAMEs a highlight hint of `type` may use ("counter": "inUse", "dials" …); empty for "row",
/// whose NAME is a lease the lesson dials.
[[nodiscard]] QStringList highlightNames(const QString& type);
[[nodiscard]] QString actionName(ActionKind kind);
[[nodiscard]] QString checkName(CheckKind kind);

/// Lab server names a Dial may name (the lab's ServerInfo::name of every TCP server).
[[nodiscard]] const QStringList& labServerNames();
/// Close reasons a Closed check may name.
[[nodiscard]] const QStringList& closeReasonNames();
/// Error codes a DialFailed check may name.
[[nodiscard]] const QStringList& errorCodeNames();
/// Values of the dnsServer setting: "system", then the lab's DNS server names.
[[nodiscard]] const QStringList& dnsServerNames();

} // namespace poolscope::ui::lessons
