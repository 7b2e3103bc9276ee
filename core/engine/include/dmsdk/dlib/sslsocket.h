#pragma once
// dmSSLSocket::Socket is OpenSSL's SSL* for a TLS connection, nullptr for a plain one.

typedef struct ssl_st SSL; // NOLINT: OpenSSL's own forward declaration

namespace dmSSLSocket {
typedef SSL* Socket;                          ///< OpenSSL's SSL*; the pool owns it
const Socket INVALID_SOCKET_HANDLE = nullptr; ///< a plain connection or an invalid handle
} // namespace dmSSLSocket
