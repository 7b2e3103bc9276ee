#pragma once
// Configuration of a pool, of its TLS, and of one dial. Every field has a safe default:
// TLS verification and host-name checks are ON unless a caller turns them off explicitly.

#include "poolscope/result.h"
#include "poolscope/time_source.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

namespace poolscope {

/// A TLS protocol version; nothing older than 1.2 is offered.
enum class TlsVersion
{
    Tls1_2, ///< TLS 1.2
    Tls1_3  ///< TLS 1.3
};

/// One certificate problem a caller has looked at and accepts, for one certificate only: like
/// QSslSocket::ignoreSslErrors() with a list, never a switch that accepts a kind of problem for any
/// certificate. A verification problem is accepted only when BOTH its code and the certificate it
/// concerns (by SHA-256 fingerprint) match an entry. Given in a dial's DialRequest::tlsOptions it
/// applies to that host's dials only; in PoolParams::tls, to any host presenting that very
/// certificate.
struct AcceptedCertificateError
{
    /// X509_V_ERR_* as CertificateProblem::code reports it ("hostname mismatch" is 62). Default 0;
    /// must be 1 or more (0, X509_V_OK, is no problem).
    long code = 0;
    /// SHA-256 of the certificate's DER, 64 hex digits (either case, no separators), as
    /// CertificateProblem::sha256 reports it. Default empty, which validate() rejects.
    std::string sha256;

    bool operator==(const AcceptedCertificateError&) const = default; ///< memberwise
};

/// How a TLS dial verifies and negotiates. Part of the reuse key: connections made with different
/// options (any field, the client key included) are never handed to each other. The printable key
/// (ConnectionInfo::key) names an option set only by a number, so no field, and no secret, shows.
struct TlsOptions
{
    /// Verify the peer's certificate chain. Turning this off is an explicit, visible opt-in: every
    /// connection made that way reports `verified == false` in its ConnectionInfo.
    bool verifyPeer = true;
    /// Check that the certificate names the host that was dialled (DNS name or IP address).
    bool verifyHostName = true;
    /// Extra trust anchors, PEM (may hold several certificates). Added to the system store unless
    /// useSystemCa is false. The lab's CA goes here when, and only when, a caller asks to trust it.
    std::string extraCaPem;
    /// Trust the system's store (SSL_CERT_FILE / SSL_CERT_DIR honoured). Default true. false is an
    /// explicit opt-in to trust extraCaPem ONLY (like QSslConfiguration::setCaCertificates(),
    /// which replaces the defaults); with an empty extraCaPem nothing is trusted and every
    /// verifying dial fails with a verification error.
    bool useSystemCa = true;
    /// Lowest protocol version offered; nothing below TLS 1.2 can be configured.
    TlsVersion minVersion = TlsVersion::Tls1_2;
    /// Highest protocol version offered. Default Tls1_3; must not be below minVersion.
    TlsVersion maxVersion = TlsVersion::Tls1_3;
    /// Client certificate for servers that ask for one (client authentication), PEM: the leaf first,
    /// then any intermediates the server needs. Default empty: none is sent. Needs clientKeyPem.
    std::string clientCertificatePem;
    /// The private key of clientCertificatePem, unencrypted PEM. Default empty; given exactly when
    /// clientCertificatePem is, and it must match the certificate (validate() and the dial reject a
    /// mismatch with InvalidArgument). A secret: it never appears in a key, an Error, an event, a
    /// snapshot or a trace.
    std::string clientKeyPem;
    /// Verification problems accepted for specific certificates (AcceptedCertificateError). Default
    /// empty: every problem fails the dial. A connection made despite an accepted problem reports
    /// `verified == false` and lists the problems in TlsDetails::acceptedProblems. Ignored when
    /// verifyPeer is false (nothing is verified then). At most 64 entries.
    std::vector<AcceptedCertificateError> acceptedErrors;
    /// ALPN protocols to offer, in preference order ("http/1.1", "h2" …). Empty: no ALPN.
    std::vector<std::string> alpn;
    /// SNI / verification name when it must differ from the dialled host. Empty: the host.
    std::string serverName;
    /// Resume TLS sessions per reuse key (host, port, these options).
    bool sessionResumption = true;

    bool operator==(const TlsOptions&) const = default; ///< memberwise (same reuse key)

    /// Rejects bad values with a message naming the field (InvalidArgument, phase Validate): ALPN
    /// names, maxVersion below minVersion, a client certificate without its key (or the reverse),
    /// either unreadable, a key that does not match the certificate, and malformed acceptedErrors.
    /// Parses PEM, so it costs tens of microseconds with a client certificate. Any thread.
    [[nodiscard]] Status validate() const;
};

/// Which protocol a dial speaks to its proxy before the target's own bytes (and TLS) flow.
enum class ProxyType
{
    None,        ///< no proxy: connect to the target directly
    HttpConnect, ///< an HTTP proxy's tunnel: `CONNECT host:port HTTP/1.1` (RFC 9110 §9.3.6)
    Socks5       ///< SOCKS version 5 (RFC 1928), username/password authentication (RFC 1929)
};

/// A proxy to dial through, like QNetworkProxy: the dial resolves and connects to the proxy, asks
/// it for a tunnel to the target, and only then starts TLS, whose SNI and host-name check name the
/// TARGET, never the proxy. The proxy's handshake runs within the dial's deadline and
/// cancellation, like every other phase. Part of the reuse key (type, host, port, username and
/// password): a connection through one proxy is never handed to a dial through another, or to a
/// direct one. The password never appears in a key, an Error, an event or a snapshot.
struct ProxyOptions
{
    /// Default None: no proxy, and every other field is ignored.
    ProxyType type = ProxyType::None;
    /// The proxy's name or IP literal (IPv6 without brackets), resolved like a target is.
    /// Default empty; required (1 … 253 bytes, no spaces or control characters) unless type is None.
    std::string host;
    /// The proxy's TCP port. Default 0; 1 … 65535, required unless type is None.
    std::uint16_t port = 0;
    /// Authenticate as this user: HTTP `Proxy-Authorization: Basic`, SOCKS5 username/password.
    /// Default empty: no authentication is offered. 1 … 255 bytes, no control characters, and for
    /// HTTP no ':' (Basic cannot carry one in the user name).
    std::string username;
    /// The user's password. Default empty; 0 … 255 bytes, no control characters, and only together
    /// with a username. Never shown anywhere.
    std::string password;

    bool operator==(const ProxyOptions&) const = default; ///< memberwise (same reuse key)

    /// Rejects bad values with a message naming the field (InvalidArgument, phase Validate).
    [[nodiscard]] Status validate() const;
    /// "socks5://user@127.0.0.1:1080" / "http://[::1]:3128"; empty for None. Never the password.
    [[nodiscard]] std::string toString() const;
};

/// Every duration saturates: a deadline computed from duration::max() is "never", not an overflow.
struct PoolParams
{
    /// Slots: connections in use + idle + dialing. Default 64; 1 … 65535.
    int maxConnections = 64;
    /// How long a returned connection may stay idle before it is closed. Default 10 s; ≥ 0.
    /// 0: connections are closed when returned (no reuse); milliseconds::max(): never idle out.
    std::chrono::milliseconds maxKeepAlive{10'000};
    /// Connections per (host, port, tls, TLS options) key. Default 0; 0 … maxConnections.
    /// 0: no per-host limit, only maxConnections.
    int maxPerHost = 0;
    /// Age after which a connection is closed instead of reused. Default 0; ≥ 0. 0 or max(): none.
    std::chrono::milliseconds maxLifetime{0};
    /// Lifetimes are shortened by up to this fraction, at random, so connections made together do
    /// not all expire together. Default 0.1; 0 … 0.5. 0: no jitter.
    double lifetimeJitter = 0.1;
    /// Bound on the TCP connect phase of each dial. Default 0; ≥ 0. 0 or max(): only the dial's
    /// own timeout applies.
    std::chrono::milliseconds connectTimeout{0};
    /// Bound on the TLS handshake of each dial. Default 0; ≥ 0. 0 or max(): only the dial's own
    /// timeout applies.
    std::chrono::milliseconds handshakeTimeout{0};
    /// Wait before racing the next address of a host (Happy Eyeballs, RFC 8305). Default 250 ms;
    /// 10 ms … 10 s.
    std::chrono::milliseconds happyEyeballsDelay{250};
    /// TCP keep-alive on every connection, so one whose peer vanished without a FIN (power loss, a
    /// NAT that forgot it) fails instead of blocking its reader forever: the first probe after this
    /// long without traffic. Default 60 s; 0 … 32767 s. 0: keep-alive off.
    std::chrono::seconds tcpKeepAlive{60};
    /// Between unanswered keep-alive probes. Default 10 s; 1 … 32767 s.
    std::chrono::seconds tcpKeepAliveInterval{10};
    /// Unanswered probes after which the kernel ends the connection. Default 3; 1 … 127.
    int tcpKeepAliveProbes = 3;
    /// Deadline of a lease's writeAll()/readSome() called with timeout 0. Default 60 s; ≥ 0.
    /// 0 or max(): no deadline by default (a caller may still pass one per call).
    std::chrono::milliseconds ioTimeout{60'000};
    /// Also check liveness when a connection is returned (one poll(); for TLS an SSL_peek that
    /// takes in session tickets), closing a dead or dirty one there and then. Default false: the
    /// check runs once per reuse, just before the connection is handed out again (and the idle
    /// watcher, checkIdle(), notices peers that close while it sits idle), so a connection returned
    /// with unread bytes or a closed peer stays idle until then and is closed as Stale at that
    /// point. true: two checks per reuse, dead connections closed sooner. Either way a dead or
    /// dirty connection is never handed out.
    bool checkOnReturn = false;
    /// Idle connections used again within this window skip the liveness check before hand-out:
    /// they were checked when returned, so this needs checkOnReturn. Default 0; ≥ 0. 0: always
    /// check before handing out.
    std::chrono::microseconds staleCheckSkip{0};
    TlsOptions tls; ///< default TLS options for dials that do not override them
    /// The proxy of dials that do not override it (DialRequest::overrideProxy). Default: none.
    /// Changing it with setParams() applies to later dials; connections made through the old
    /// proxy keep their own key and are never handed to a dial through the new one.
    ProxyOptions proxy;
    /// The pool's bookkeeping clock (a TimeSource). Default nullptr: the real steady clock.
    /// Fixed when the pool is created; setParams() ignores it.
    std::shared_ptr<const TimeSource> clock;
    /// DNS servers as "ip" or "ip:port" (IPv6 as "[::1]:53"); empty = the system's resolver config.
    std::vector<std::string> dnsServers;

    /// Rejects out-of-range values with a message naming the field.
    [[nodiscard]] Status validate() const;
};

/// One dial. host/port/tls (+ the TLS options and the proxy) form the reuse key; the host is used as given
/// (lower-cased), never replaced by the address it resolves to.
struct DialRequest
{
    std::string host;       ///< name or IP literal (IPv6 without brackets)
    std::uint16_t port = 0; ///< 1 … 65535
    bool tls = false;       ///< TLS with the pool's options, or tlsOptions with overrideTls
    /// Whole-dial budget (resolve + connect + handshake). Default 0; ≥ 0. 0 or max(): no limit
    /// beyond the pool's phase timeouts.
    std::chrono::microseconds timeout{0};
    /// Cancellation: either source aborts any phase within 50 ms.
    std::stop_token stop;
    const int* cancelFlag = nullptr; ///< seed-style flag: non-zero = cancel (read atomically)
    bool overrideTls = false;        ///< use `tlsOptions` instead of the pool's defaults
    TlsOptions tlsOptions;           ///< used when overrideTls
    /// Use `proxy` instead of the pool's PoolParams::proxy (a `proxy` of type None then dials
    /// directly even when the pool has a proxy). Default false.
    bool overrideProxy = false;
    ProxyOptions proxy;     ///< used when overrideProxy; checked by ProxyOptions::validate()
    bool allowReuse = true; ///< false: always dial a fresh connection
    std::string label;      ///< who holds it; shown in snapshots and leak reports
};

} // namespace poolscope
