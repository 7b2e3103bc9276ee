// The engine enums' Qt mirrors checked against the engine at compile time, and qDebug() of the
// engine's enums and values by the mirrors' names.
#include "poolscope/service/qt_enums.h"

#include "enum_key.h"

#include <QMetaEnum>
#include <QString>

namespace poolscope {
namespace {

// Each enum's enumerators, named once. Every name must exist in both enums with the same value (a
// static_assert per name), and two switches without default, one over each enum, make -Wswitch (an
// error under -Werror, as CI builds) name any enumerator the engine or the mirror has that the
// other lacks. Nothing calls the switches: compiling them is the check.
#define POOLSCOPE_MIRRORED(Switched, Enum, name)                                                             \
    case Switched::name:                                                                                     \
        static_assert(static_cast<int>(Enum::name) == static_cast<int>(qt::Enum::name),                      \
                      #Enum "::" #name " differs from its mirror");                                          \
        return true;
#define POOLSCOPE_CHECK_MIRROR(Enum, NAMES)                                                                  \
    static_assert(sizeof(Enum) == sizeof(qt::Enum), #Enum "'s mirror has another underlying size");          \
    [[maybe_unused]] constexpr bool mirrored(Enum v)                                                         \
    {                                                                                                        \
        switch (v) {                                                                                         \
            NAMES(Enum)                                                                                      \
        }                                                                                                    \
        return false;                                                                                        \
    }                                                                                                        \
    [[maybe_unused]] constexpr bool mirrored(qt::Enum v)                                                     \
    {                                                                                                        \
        switch (v) {                                                                                         \
            NAMES(qt::Enum)                                                                                  \
        }                                                                                                    \
        return false;                                                                                        \
    }
// clang-format off
#define POOLSCOPE_CONNECTION_STATE_NAMES(S) \
    POOLSCOPE_MIRRORED(S, ConnectionState, Free) \
    POOLSCOPE_MIRRORED(S, ConnectionState, Resolving) \
    POOLSCOPE_MIRRORED(S, ConnectionState, Connecting) \
    POOLSCOPE_MIRRORED(S, ConnectionState, Handshaking) \
    POOLSCOPE_MIRRORED(S, ConnectionState, Idle) \
    POOLSCOPE_MIRRORED(S, ConnectionState, InUse) \
    POOLSCOPE_MIRRORED(S, ConnectionState, Closing)
POOLSCOPE_CHECK_MIRROR(ConnectionState, POOLSCOPE_CONNECTION_STATE_NAMES)

#define POOLSCOPE_CONNECTION_TRIGGER_NAMES(S) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, DialStarted) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, Resolved) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, Connected) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, TlsStarted) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, HandshakeDone) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, Acquired) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, Released) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, Failed) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, CloseRequested) \
    POOLSCOPE_MIRRORED(S, ConnectionTrigger, Closed)
POOLSCOPE_CHECK_MIRROR(ConnectionTrigger, POOLSCOPE_CONNECTION_TRIGGER_NAMES)

#define POOLSCOPE_CLOSE_REASON_NAMES(S) \
    POOLSCOPE_MIRRORED(S, CloseReason, None) \
    POOLSCOPE_MIRRORED(S, CloseReason, Requested) \
    POOLSCOPE_MIRRORED(S, CloseReason, DialFailed) \
    POOLSCOPE_MIRRORED(S, CloseReason, Stale) \
    POOLSCOPE_MIRRORED(S, CloseReason, Expired) \
    POOLSCOPE_MIRRORED(S, CloseReason, Lifetime) \
    POOLSCOPE_MIRRORED(S, CloseReason, Evicted) \
    POOLSCOPE_MIRRORED(S, CloseReason, Shutdown) \
    POOLSCOPE_MIRRORED(S, CloseReason, PoolDestroyed) \
    POOLSCOPE_MIRRORED(S, CloseReason, Error) \
    POOLSCOPE_MIRRORED(S, CloseReason, ForceClosed) \
    POOLSCOPE_MIRRORED(S, CloseReason, OverLimit) \
    POOLSCOPE_MIRRORED(S, CloseReason, NotReusable)
POOLSCOPE_CHECK_MIRROR(CloseReason, POOLSCOPE_CLOSE_REASON_NAMES)

#define POOLSCOPE_KEEP_ALIVE_LIMIT_NAMES(S) \
    POOLSCOPE_MIRRORED(S, KeepAliveLimit, Pool) \
    POOLSCOPE_MIRRORED(S, KeepAliveLimit, Holder) \
    POOLSCOPE_MIRRORED(S, KeepAliveLimit, Server) \
    POOLSCOPE_MIRRORED(S, KeepAliveLimit, Lifetime)
POOLSCOPE_CHECK_MIRROR(KeepAliveLimit, POOLSCOPE_KEEP_ALIVE_LIMIT_NAMES)

#define POOLSCOPE_ERROR_CODE_NAMES(S) \
    POOLSCOPE_MIRRORED(S, ErrorCode, Ok) \
    POOLSCOPE_MIRRORED(S, ErrorCode, InvalidArgument) \
    POOLSCOPE_MIRRORED(S, ErrorCode, ResolveFailed) \
    POOLSCOPE_MIRRORED(S, ErrorCode, ConnectionRefused) \
    POOLSCOPE_MIRRORED(S, ErrorCode, HostUnreachable) \
    POOLSCOPE_MIRRORED(S, ErrorCode, NetworkUnreachable) \
    POOLSCOPE_MIRRORED(S, ErrorCode, ConnectionReset) \
    POOLSCOPE_MIRRORED(S, ErrorCode, TimedOut) \
    POOLSCOPE_MIRRORED(S, ErrorCode, Cancelled) \
    POOLSCOPE_MIRRORED(S, ErrorCode, HandshakeFailed) \
    POOLSCOPE_MIRRORED(S, ErrorCode, OutOfResources) \
    POOLSCOPE_MIRRORED(S, ErrorCode, ShutDown) \
    POOLSCOPE_MIRRORED(S, ErrorCode, InvalidHandle) \
    POOLSCOPE_MIRRORED(S, ErrorCode, SocketError) \
    POOLSCOPE_MIRRORED(S, ErrorCode, TooManyOpenFiles) \
    POOLSCOPE_MIRRORED(S, ErrorCode, UnexpectedEof) \
    POOLSCOPE_MIRRORED(S, ErrorCode, ProxyFailed)
POOLSCOPE_CHECK_MIRROR(ErrorCode, POOLSCOPE_ERROR_CODE_NAMES)

#define POOLSCOPE_DIAL_PHASE_NAMES(S) \
    POOLSCOPE_MIRRORED(S, DialPhase, None) \
    POOLSCOPE_MIRRORED(S, DialPhase, Validate) \
    POOLSCOPE_MIRRORED(S, DialPhase, Resolve) \
    POOLSCOPE_MIRRORED(S, DialPhase, Connect) \
    POOLSCOPE_MIRRORED(S, DialPhase, Handshake) \
    POOLSCOPE_MIRRORED(S, DialPhase, Io) \
    POOLSCOPE_MIRRORED(S, DialPhase, Proxy)
POOLSCOPE_CHECK_MIRROR(DialPhase, POOLSCOPE_DIAL_PHASE_NAMES)

#define POOLSCOPE_TLS_VERSION_NAMES(S) \
    POOLSCOPE_MIRRORED(S, TlsVersion, Tls1_2) \
    POOLSCOPE_MIRRORED(S, TlsVersion, Tls1_3)
POOLSCOPE_CHECK_MIRROR(TlsVersion, POOLSCOPE_TLS_VERSION_NAMES)

#define POOLSCOPE_PROXY_TYPE_NAMES(S) \
    POOLSCOPE_MIRRORED(S, ProxyType, None) \
    POOLSCOPE_MIRRORED(S, ProxyType, HttpConnect) \
    POOLSCOPE_MIRRORED(S, ProxyType, Socks5)
POOLSCOPE_CHECK_MIRROR(ProxyType, POOLSCOPE_PROXY_TYPE_NAMES)

#define POOLSCOPE_EVENT_KIND_NAMES(S) \
    POOLSCOPE_MIRRORED(S, EventKind, DialStarted) \
    POOLSCOPE_MIRRORED(S, EventKind, Resolved) \
    POOLSCOPE_MIRRORED(S, EventKind, Connected) \
    POOLSCOPE_MIRRORED(S, EventKind, HandshakeDone) \
    POOLSCOPE_MIRRORED(S, EventKind, Acquired) \
    POOLSCOPE_MIRRORED(S, EventKind, Released) \
    POOLSCOPE_MIRRORED(S, EventKind, Closed) \
    POOLSCOPE_MIRRORED(S, EventKind, DialFailed) \
    POOLSCOPE_MIRRORED(S, EventKind, ShutdownStarted) \
    POOLSCOPE_MIRRORED(S, EventKind, Reopened)
POOLSCOPE_CHECK_MIRROR(EventKind, POOLSCOPE_EVENT_KIND_NAMES)

// clang-format on

#undef POOLSCOPE_CHECK_MIRROR
#undef POOLSCOPE_MIRRORED

// What Qt's own operator prints for a Q_ENUM enum class, with the engine's scope in place of the
// mirror's: "poolscope::" at default verbosity or more, then "Enum::Key", or "Enum(value)".
template <class Mirror> QDebug printEnum(QDebug debug, Mirror v)
{
    const QMetaEnum meta = QMetaEnum::fromType<Mirror>();
    const int value = static_cast<int>(v);
    QDebugStateSaver saver(debug);
    debug.nospace().noquote();
    if (debug.verbosity() >= QDebug::DefaultVerbosity)
        debug << "poolscope::";
    debug << meta.enumName();
    if (const char* key = meta.valueToKey(value))
        debug << "::" << key;
    else
        debug << '(' << value << ')';
    return debug;
}

// The engine value's bare enumerator name, for values printed inside another value's line.
template <class Engine> const char* keyOf(Engine v)
{
    return detail::enumKey(toQt(v));
}

} // namespace

QDebug operator<<(QDebug debug, ConnectionState v)
{
    return printEnum(std::move(debug), toQt(v));
}
QDebug operator<<(QDebug debug, ConnectionTrigger v)
{
    return printEnum(std::move(debug), toQt(v));
}
QDebug operator<<(QDebug debug, CloseReason v)
{
    return printEnum(std::move(debug), toQt(v));
}
QDebug operator<<(QDebug debug, KeepAliveLimit v)
{
    return printEnum(std::move(debug), toQt(v));
}
QDebug operator<<(QDebug debug, ErrorCode v)
{
    return printEnum(std::move(debug), toQt(v));
}
QDebug operator<<(QDebug debug, DialPhase v)
{
    return printEnum(std::move(debug), toQt(v));
}
QDebug operator<<(QDebug debug, TlsVersion v)
{
    return printEnum(std::move(debug), toQt(v));
}
QDebug operator<<(QDebug debug, ProxyType v)
{
    return printEnum(std::move(debug), toQt(v));
}
QDebug operator<<(QDebug debug, EventKind v)
{
    return printEnum(std::move(debug), toQt(v));
}

QDebug operator<<(QDebug debug, const Error& error)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "poolscope::Error(" << keyOf(error.code);
    if (error.phase != DialPhase::None)
        debug << ", " << keyOf(error.phase);
    if (error.systemError != 0)
        debug << ", system " << error.systemError;
    if (!error.tlsAlert.empty())
        debug << ", alert " << QString::fromStdString(error.tlsAlert);
    if (!error.message.empty())
        debug << ", " << QString::fromStdString(error.message);
    debug << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const ConnectionInfo& info)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "poolscope::ConnectionInfo(#" << info.id << ", " << QString::fromStdString(info.key)
                    << ", " << keyOf(info.state);
    if (!info.remoteAddress.empty())
        debug << ", remote " << QString::fromStdString(info.remoteAddress);
    debug << ", reuses " << info.reuseCount;
    if (!info.label.empty())
        debug << ", label " << QString::fromStdString(info.label);
    if (!info.lastError.ok())
        debug << ", last error " << keyOf(info.lastError.code);
    debug << ')';
    return debug;
}

QDebug operator<<(QDebug debug, const PoolStats& stats)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "poolscope::PoolStats(in use " << stats.inUse << ", idle " << stats.idle
                    << ", connecting " << stats.connecting << ", free " << stats.free << " of "
                    << stats.maxConnections << (stats.shutDown ? ", shut down" : "") << "; dials "
                    << stats.dials << ", reuses " << stats.reuses << ", closed " << stats.closed << ')';
    return debug;
}

} // namespace poolscope
