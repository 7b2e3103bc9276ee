// The engine enums' Qt mirrors checked against the engine at compile time, and qDebug() of the
// engine's enums and values by the mirrors' names.
#include "poolscope/service/qt_enums.h"

#include <QMetaEnum>
#include <QString>

namespace poolscope {
namespace {

// One case per engine enumerator, its name written once: the mirror must have that name with the
// same value. The switches have no default, so -Wswitch (an error under -Werror) names every
// enumerator the engine gains before the mirror has it.
#define POOLSCOPE_MIRRORED(Enum, name)                                                                       \
    case Enum::name:                                                                                         \
        return static_cast<int>(Enum::name) == static_cast<int>(qt::Enum::name) &&                           \
               sizeof(Enum) == sizeof(qt::Enum)

constexpr bool mirrored(ConnectionState v)
{
    switch (v) {
        POOLSCOPE_MIRRORED(ConnectionState, Free);
        POOLSCOPE_MIRRORED(ConnectionState, Resolving);
        POOLSCOPE_MIRRORED(ConnectionState, Connecting);
        POOLSCOPE_MIRRORED(ConnectionState, Handshaking);
        POOLSCOPE_MIRRORED(ConnectionState, Idle);
        POOLSCOPE_MIRRORED(ConnectionState, InUse);
        POOLSCOPE_MIRRORED(ConnectionState, Closing);
    }
    return false;
}

constexpr bool mirrored(ConnectionTrigger v)
{
    switch (v) {
        POOLSCOPE_MIRRORED(ConnectionTrigger, DialStarted);
        POOLSCOPE_MIRRORED(ConnectionTrigger, Resolved);
        POOLSCOPE_MIRRORED(ConnectionTrigger, Connected);
        POOLSCOPE_MIRRORED(ConnectionTrigger, TlsStarted);
        POOLSCOPE_MIRRORED(ConnectionTrigger, HandshakeDone);
        POOLSCOPE_MIRRORED(ConnectionTrigger, Acquired);
        POOLSCOPE_MIRRORED(ConnectionTrigger, Released);
        POOLSCOPE_MIRRORED(ConnectionTrigger, Failed);
        POOLSCOPE_MIRRORED(ConnectionTrigger, CloseRequested);
        POOLSCOPE_MIRRORED(ConnectionTrigger, Closed);
    }
    return false;
}

constexpr bool mirrored(CloseReason v)
{
    switch (v) {
        POOLSCOPE_MIRRORED(CloseReason, None);
        POOLSCOPE_MIRRORED(CloseReason, Requested);
        POOLSCOPE_MIRRORED(CloseReason, DialFailed);
        POOLSCOPE_MIRRORED(CloseReason, Stale);
        POOLSCOPE_MIRRORED(CloseReason, Expired);
        POOLSCOPE_MIRRORED(CloseReason, Lifetime);
        POOLSCOPE_MIRRORED(CloseReason, Evicted);
        POOLSCOPE_MIRRORED(CloseReason, Shutdown);
        POOLSCOPE_MIRRORED(CloseReason, PoolDestroyed);
        POOLSCOPE_MIRRORED(CloseReason, Error);
        POOLSCOPE_MIRRORED(CloseReason, ForceClosed);
        POOLSCOPE_MIRRORED(CloseReason, OverLimit);
        POOLSCOPE_MIRRORED(CloseReason, NotReusable);
    }
    return false;
}

constexpr bool mirrored(KeepAliveLimit v)
{
    switch (v) {
        POOLSCOPE_MIRRORED(KeepAliveLimit, Pool);
        POOLSCOPE_MIRRORED(KeepAliveLimit, Holder);
        POOLSCOPE_MIRRORED(KeepAliveLimit, Server);
        POOLSCOPE_MIRRORED(KeepAliveLimit, Lifetime);
    }
    return false;
}

constexpr bool mirrored(ErrorCode v)
{
    switch (v) {
        POOLSCOPE_MIRRORED(ErrorCode, Ok);
        POOLSCOPE_MIRRORED(ErrorCode, InvalidArgument);
        POOLSCOPE_MIRRORED(ErrorCode, ResolveFailed);
        POOLSCOPE_MIRRORED(ErrorCode, ConnectionRefused);
        POOLSCOPE_MIRRORED(ErrorCode, HostUnreachable);
        POOLSCOPE_MIRRORED(ErrorCode, NetworkUnreachable);
        POOLSCOPE_MIRRORED(ErrorCode, ConnectionReset);
        POOLSCOPE_MIRRORED(ErrorCode, TimedOut);
        POOLSCOPE_MIRRORED(ErrorCode, Cancelled);
        POOLSCOPE_MIRRORED(ErrorCode, HandshakeFailed);
        POOLSCOPE_MIRRORED(ErrorCode, OutOfResources);
        POOLSCOPE_MIRRORED(ErrorCode, ShutDown);
        POOLSCOPE_MIRRORED(ErrorCode, InvalidHandle);
        POOLSCOPE_MIRRORED(ErrorCode, SocketError);
        POOLSCOPE_MIRRORED(ErrorCode, TooManyOpenFiles);
        POOLSCOPE_MIRRORED(ErrorCode, UnexpectedEof);
        POOLSCOPE_MIRRORED(ErrorCode, ProxyFailed);
    }
    return false;
}

constexpr bool mirrored(DialPhase v)
{
    switch (v) {
        POOLSCOPE_MIRRORED(DialPhase, None);
        POOLSCOPE_MIRRORED(DialPhase, Validate);
        POOLSCOPE_MIRRORED(DialPhase, Resolve);
        POOLSCOPE_MIRRORED(DialPhase, Connect);
        POOLSCOPE_MIRRORED(DialPhase, Handshake);
        POOLSCOPE_MIRRORED(DialPhase, Io);
        POOLSCOPE_MIRRORED(DialPhase, Proxy);
    }
    return false;
}

constexpr bool mirrored(TlsVersion v)
{
    switch (v) {
        POOLSCOPE_MIRRORED(TlsVersion, Tls1_2);
        POOLSCOPE_MIRRORED(TlsVersion, Tls1_3);
    }
    return false;
}

constexpr bool mirrored(ProxyType v)
{
    switch (v) {
        POOLSCOPE_MIRRORED(ProxyType, None);
        POOLSCOPE_MIRRORED(ProxyType, HttpConnect);
        POOLSCOPE_MIRRORED(ProxyType, Socks5);
    }
    return false;
}

constexpr bool mirrored(EventKind v)
{
    switch (v) {
        POOLSCOPE_MIRRORED(EventKind, DialStarted);
        POOLSCOPE_MIRRORED(EventKind, Resolved);
        POOLSCOPE_MIRRORED(EventKind, Connected);
        POOLSCOPE_MIRRORED(EventKind, HandshakeDone);
        POOLSCOPE_MIRRORED(EventKind, Acquired);
        POOLSCOPE_MIRRORED(EventKind, Released);
        POOLSCOPE_MIRRORED(EventKind, Closed);
        POOLSCOPE_MIRRORED(EventKind, DialFailed);
        POOLSCOPE_MIRRORED(EventKind, ShutdownStarted);
        POOLSCOPE_MIRRORED(EventKind, Reopened);
    }
    return false;
}

#undef POOLSCOPE_MIRRORED

// Every value from 0 to the mirror's last enumerator is an engine enumerator with the same name and
// value: the enums are dense, so the mirror has nothing the engine lacks (an enumerator added to
// the mirror only, after `last` or not, makes a value the engine's switch does not name).
template <class Engine, class Mirror> constexpr bool mirrorsAll(Mirror last)
{
    for (int v = 0; v <= static_cast<int>(last); ++v) {
        if (!mirrored(static_cast<Engine>(v)))
            return false;
    }
    return true;
}

static_assert(mirrorsAll<ConnectionState>(qt::ConnectionState::Closing));
static_assert(mirrorsAll<ConnectionTrigger>(qt::ConnectionTrigger::Closed));
static_assert(mirrorsAll<CloseReason>(qt::CloseReason::NotReusable));
static_assert(mirrorsAll<KeepAliveLimit>(qt::KeepAliveLimit::Lifetime));
static_assert(mirrorsAll<ErrorCode>(qt::ErrorCode::ProxyFailed));
static_assert(mirrorsAll<DialPhase>(qt::DialPhase::Proxy));
static_assert(mirrorsAll<TlsVersion>(qt::TlsVersion::Tls1_3));
static_assert(mirrorsAll<ProxyType>(qt::ProxyType::Socks5));
static_assert(mirrorsAll<EventKind>(qt::EventKind::Reopened));

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

// The enumerator's bare name, for values printed inside another value's line.
template <class Engine> const char* keyOf(Engine v)
{
    const auto mirror = toQt(v);
    const char* key = QMetaEnum::fromType<decltype(mirror)>().valueToKey(static_cast<int>(mirror));
    return key ? key : "?";
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
