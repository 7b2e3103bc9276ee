#pragma once
// dmSSLSocket::Socket is OpenSSL's SSL* for a TLS connection, nullptr for a plain one.

typedef struct ssl_st SSL; // NOLINT: OpenSSL's own forward declaration

namespace dmSSLSocket {
typedef SSL* Socket;
const Socket INVALID_SOCKET_HANDLE = nullptr;
} // namespace dmSSLSocket
