#pragma once
// Qt's view of the engine's enums. The engine never includes Qt, so its enums carry no Q_ENUM;
// poolscope::qt mirrors each one (same enumerator names, values and underlying type) as a
// Q_ENUM_NS, which is what QMetaEnum, QVariant and QML read. toQt()/fromQt() convert; the QDebug
// operators below print the engine's enums by name the way Qt prints a Q_ENUM enum class:
// "poolscope::ErrorCode::TimedOut" ("ErrorCode::TimedOut" at QDebug verbosity below the default,
// "poolscope::ErrorCode(42)" for a value without a name).
//
// The mirror cannot drift: src/qt_enums.cpp checks at compile time that every name it lists has the
// same value in both enums, and switches without default over each enum make -Wswitch (an error
// under -Werror, as CI builds) name any enumerator one of them has and the other lacks.

#include "poolscope/connection_state.h"
#include "poolscope/error.h"
#include "poolscope/pool_params.h"
#include "poolscope/pool_types.h"

#include <QDebug>
#include <QObject>
#include <cstdint>

namespace poolscope {
/// Qt mirrors (Q_ENUM_NS) of the engine's enums, for QMetaEnum, QVariant and QML.
namespace qt {
Q_NAMESPACE

/// Mirrors poolscope::ConnectionState.
enum class ConnectionState : std::uint8_t
{
    Free,
    Resolving,
    Connecting,
    Handshaking,
    Idle,
    InUse,
    Closing
};
Q_ENUM_NS(ConnectionState)

/// Mirrors poolscope::ConnectionTrigger.
enum class ConnectionTrigger : std::uint8_t
{
    DialStarted,
    Resolved,
    Connected,
    TlsStarted,
    HandshakeDone,
    Acquired,
    Released,
    Failed,
    CloseRequested,
    Closed
};
Q_ENUM_NS(ConnectionTrigger)

/// Mirrors poolscope::CloseReason.
enum class CloseReason : std::uint8_t
{
    None,
    Requested,
    DialFailed,
    Stale,
    Expired,
    Lifetime,
    Evicted,
    Shutdown,
    PoolDestroyed,
    Error,
    ForceClosed,
    OverLimit,
    NotReusable
};
Q_ENUM_NS(CloseReason)

/// Mirrors poolscope::KeepAliveLimit.
enum class KeepAliveLimit : std::uint8_t
{
    Pool,
    Holder,
    Server,
    Lifetime
};
Q_ENUM_NS(KeepAliveLimit)

/// Mirrors poolscope::ErrorCode.
enum class ErrorCode
{
    Ok = 0,
    InvalidArgument,
    ResolveFailed,
    ConnectionRefused,
    HostUnreachable,
    NetworkUnreachable,
    ConnectionReset,
    TimedOut,
    Cancelled,
    HandshakeFailed,
    OutOfResources,
    ShutDown,
    InvalidHandle,
    SocketError,
    TooManyOpenFiles,
    UnexpectedEof,
    ProxyFailed
};
Q_ENUM_NS(ErrorCode)

/// Mirrors poolscope::DialPhase.
enum class DialPhase
{
    None,
    Validate,
    Resolve,
    Connect,
    Handshake,
    Io,
    Proxy
};
Q_ENUM_NS(DialPhase)

/// Mirrors poolscope::TlsVersion.
enum class TlsVersion
{
    Tls1_2,
    Tls1_3
};
Q_ENUM_NS(TlsVersion)

/// Mirrors poolscope::ProxyType.
enum class ProxyType
{
    None,
    HttpConnect,
    Socks5
};
Q_ENUM_NS(ProxyType)

/// Mirrors poolscope::EventKind.
enum class EventKind : std::uint8_t
{
    DialStarted,
    Resolved,
    Connected,
    HandshakeDone,
    Acquired,
    Released,
    Closed,
    DialFailed,
    ShutdownStarted,
    Reopened
};
Q_ENUM_NS(EventKind)

} // namespace qt

// Conversions: the same value under the other type (the mirror's values equal the engine's, so a
// cast is exact). Pure, any thread. fromQt() of a value the mirror has no name for gives the
// engine value with no name either.

/// The Qt mirror of `v`.
[[nodiscard]] constexpr qt::ConnectionState toQt(ConnectionState v) noexcept
{
    return static_cast<qt::ConnectionState>(v);
}
/// The Qt mirror of `v`.
[[nodiscard]] constexpr qt::ConnectionTrigger toQt(ConnectionTrigger v) noexcept
{
    return static_cast<qt::ConnectionTrigger>(v);
}
/// The Qt mirror of `v`.
[[nodiscard]] constexpr qt::CloseReason toQt(CloseReason v) noexcept
{
    return static_cast<qt::CloseReason>(v);
}
/// The Qt mirror of `v`.
[[nodiscard]] constexpr qt::KeepAliveLimit toQt(KeepAliveLimit v) noexcept
{
    return static_cast<qt::KeepAliveLimit>(v);
}
/// The Qt mirror of `v`.
[[nodiscard]] constexpr qt::ErrorCode toQt(ErrorCode v) noexcept
{
    return static_cast<qt::ErrorCode>(v);
}
/// The Qt mirror of `v`.
[[nodiscard]] constexpr qt::DialPhase toQt(DialPhase v) noexcept
{
    return static_cast<qt::DialPhase>(v);
}
/// The Qt mirror of `v`.
[[nodiscard]] constexpr qt::TlsVersion toQt(TlsVersion v) noexcept
{
    return static_cast<qt::TlsVersion>(v);
}
/// The Qt mirror of `v`.
[[nodiscard]] constexpr qt::ProxyType toQt(ProxyType v) noexcept
{
    return static_cast<qt::ProxyType>(v);
}
/// The Qt mirror of `v`.
[[nodiscard]] constexpr qt::EventKind toQt(EventKind v) noexcept
{
    return static_cast<qt::EventKind>(v);
}

/// The engine value `v` mirrors.
[[nodiscard]] constexpr ConnectionState fromQt(qt::ConnectionState v) noexcept
{
    return static_cast<ConnectionState>(v);
}
/// The engine value `v` mirrors.
[[nodiscard]] constexpr ConnectionTrigger fromQt(qt::ConnectionTrigger v) noexcept
{
    return static_cast<ConnectionTrigger>(v);
}
/// The engine value `v` mirrors.
[[nodiscard]] constexpr CloseReason fromQt(qt::CloseReason v) noexcept
{
    return static_cast<CloseReason>(v);
}
/// The engine value `v` mirrors.
[[nodiscard]] constexpr KeepAliveLimit fromQt(qt::KeepAliveLimit v) noexcept
{
    return static_cast<KeepAliveLimit>(v);
}
/// The engine value `v` mirrors.
[[nodiscard]] constexpr ErrorCode fromQt(qt::ErrorCode v) noexcept
{
    return static_cast<ErrorCode>(v);
}
/// The engine value `v` mirrors.
[[nodiscard]] constexpr DialPhase fromQt(qt::DialPhase v) noexcept
{
    return static_cast<DialPhase>(v);
}
/// The engine value `v` mirrors.
[[nodiscard]] constexpr TlsVersion fromQt(qt::TlsVersion v) noexcept
{
    return static_cast<TlsVersion>(v);
}
/// The engine value `v` mirrors.
[[nodiscard]] constexpr ProxyType fromQt(qt::ProxyType v) noexcept
{
    return static_cast<ProxyType>(v);
}
/// The engine value `v` mirrors.
[[nodiscard]] constexpr EventKind fromQt(qt::EventKind v) noexcept
{
    return static_cast<EventKind>(v);
}

// qDebug() support. Found by argument-dependent lookup (they live in the types' namespace); any
// thread, like QDebug itself. Enums print as described at the top of this header.

QDebug operator<<(QDebug debug, ConnectionState v);   ///< "poolscope::ConnectionState::InUse"
QDebug operator<<(QDebug debug, ConnectionTrigger v); ///< by name, as ConnectionState
QDebug operator<<(QDebug debug, CloseReason v);       ///< by name, as ConnectionState
QDebug operator<<(QDebug debug, KeepAliveLimit v);    ///< by name, as ConnectionState
QDebug operator<<(QDebug debug, ErrorCode v);         ///< by name, as ConnectionState
QDebug operator<<(QDebug debug, DialPhase v);         ///< by name, as ConnectionState
QDebug operator<<(QDebug debug, TlsVersion v);        ///< by name, as ConnectionState
QDebug operator<<(QDebug debug, ProxyType v);         ///< by name, as ConnectionState
QDebug operator<<(QDebug debug, EventKind v);         ///< by name, as ConnectionState
/// One line: code and phase by name, then systemError, tlsAlert and message when set
/// (`poolscope::Error(TimedOut, Connect, "connect to 127.0.0.1:1 timed out")`).
QDebug operator<<(QDebug debug, const Error& error);
/// One line: id, key (which never holds a proxy password), state, remote address, reuses, label
/// and the last error's code when there is one.
QDebug operator<<(QDebug debug, const ConnectionInfo& info);
/// One line: the gauges, then dials, reuses and closes.
QDebug operator<<(QDebug debug, const PoolStats& stats);

} // namespace poolscope
