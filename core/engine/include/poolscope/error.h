#pragma once
// Errors that say why: every failing engine call returns one of these, never a bare code.

#include <string>
#include <string_view>
#include <vector>

namespace poolscope {

/// What went wrong, coarse enough to branch on; Error::message says the rest.
enum class ErrorCode
{
    Ok = 0,
    InvalidArgument,    ///< a parameter was rejected before any I/O (message names it)
    ResolveFailed,      ///< the host name has no address (or the resolver failed)
    ConnectionRefused,  ///< every address refused the TCP connection
    HostUnreachable,    ///< no route to the host (EHOSTUNREACH)
    NetworkUnreachable, ///< no route to its network (ENETUNREACH)
    ConnectionReset,    ///< the peer reset the connection
    TimedOut,           ///< the dial (or a phase of it) ran out of time
    Cancelled,          ///< the caller's cancel flag / stop token fired
    HandshakeFailed,    ///< TLS failed: see tlsVerifyResult / tlsAlert / message
    OutOfResources,     ///< the pool is full and nothing idle can be evicted
    ShutDown,           ///< the pool is shut down (Reopen() allows dials again)
    InvalidHandle,      ///< stale, foreign or already released handle
    SocketError,        ///< any other socket-level failure (systemError says which)
    TooManyOpenFiles,   ///< the process (EMFILE) or the system (ENFILE) has no descriptor left
    UnexpectedEof,      ///< the TLS peer closed the connection without close_notify mid-record
    ProxyFailed, ///< the proxy refused the tunnel itself (credentials, its rules) or answered nonsense; not
                 ///< transient. About the target it reports the target's code (ConnectionRefused…), phase Proxy
};

/// Which part of a dial failed; lets a UI say "failed during TLS" without parsing text.
enum class DialPhase
{
    None,
    Validate,
    Resolve,
    Connect,
    Handshake,
    Io,
    Proxy ///< talking to a proxy (HTTP CONNECT or SOCKS5) before the target's own handshake
};

/// One problem certificate verification found in the peer's chain. Certificates are public: the
/// DER is the peer's own, never a secret of ours.
struct CertificateProblem
{
    long code = 0;              ///< X509_V_ERR_* (never 0, X509_V_OK)
    int depth = 0;              ///< where in the chain: 0 = the peer's own certificate, 1 its issuer …
    std::string certificateDer; ///< the certificate it concerns, DER; empty if OpenSSL named none
    /// SHA-256 of certificateDer, 64 lower-case hex digits (empty with certificateDer): what
    /// AcceptedCertificateError::sha256 must equal to accept this problem.
    std::string sha256;
    std::string description; ///< X509_verify_cert_error_string(code): "self-signed certificate" …

    bool operator==(const CertificateProblem&) const = default; ///< memberwise
};

/// Why an engine call failed: a code to branch on, the phase, the system's and TLS's own reasons
/// and a sentence for people. code == Ok means no error.
struct Error
{
    ErrorCode code = ErrorCode::Ok;    ///< Ok, or what went wrong
    DialPhase phase = DialPhase::None; ///< which part of a dial failed (None outside dials)
    int systemError = 0;               ///< errno of the failing socket call, or the resolver's status
    long tlsVerifyResult =
        0;                ///< X509_V_* from SSL_get_verify_result(); 0 (X509_V_OK) if not a verify failure
    std::string tlsAlert; ///< the TLS alert received or sent, in words ("handshake failure"), if any
    std::string message;  ///< one line a person can read: what failed and why
    /// Every problem verification found in the peer's chain, in the order OpenSSL found them (not
    /// only the last one, which tlsVerifyResult holds), each with its certificate. Empty unless a
    /// TLS handshake failed certificate verification. Problems the dial's
    /// TlsOptions::acceptedErrors accepted are not listed.
    std::vector<CertificateProblem> certificateProblems;

    [[nodiscard]] bool ok() const noexcept { return code == ErrorCode::Ok; } ///< no error
    /// No boolean conversion: Result and Status convert to true on success, and an Error that did
    /// the opposite would read the same as them and mean the reverse. Say ok() instead.
    explicit operator bool() const = delete;
};

[[nodiscard]] std::string_view describe(ErrorCode code) noexcept;  ///< the code in words
[[nodiscard]] std::string_view describe(DialPhase phase) noexcept; ///< the phase in words
/// The whole error in one line for people: the code's words, a colon and the message, except that
/// the code's words are left out when the message already says them ("timed out after 200 ms …",
/// "TLS handshake with host:443 failed: …"), so nothing reads twice. "ok" for no error.
[[nodiscard]] std::string describe(const Error& error);

/// Builds an Error; `message` should already read as a sentence fragment ("connect to 127.0.0.1:1: refused").
[[nodiscard]] Error makeError(ErrorCode code, std::string message, DialPhase phase = DialPhase::None,
                              int systemError = 0);

/// Maps an errno from connect()/send()/recv() to the closest ErrorCode.
[[nodiscard]] ErrorCode errorCodeFromErrno(int err) noexcept;

} // namespace poolscope
