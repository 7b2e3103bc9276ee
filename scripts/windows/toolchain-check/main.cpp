// Prints the versions of what the Windows build links; exits non-zero if TLS cannot start.
#include <QCoreApplication>
#include <ares.h>
#include <cstdio>
#include <openssl/ssl.h>
#include <thread>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    bool threadRan = false;
    std::thread([&threadRan] { threadRan = true; }).join();
    std::printf("Qt %s | %s | c-ares %s | TLS context %s | std::thread %s\n", qVersion(),
                OpenSSL_version(OPENSSL_VERSION), ares_version(nullptr), ctx ? "ok" : "FAILED",
                threadRan ? "ok" : "FAILED");
    SSL_CTX_free(ctx);
    return ctx && threadRan ? 0 : 1;
}
