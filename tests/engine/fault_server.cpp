#include "fault_server.h"

#include "engine_test_support.h"
#include "net/platform/socket_api.h"
#include "test_platform.h"

#include <QtGlobal>
#include <atomic>
#include <chrono>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <thread>

namespace poolscope::test {

namespace {

namespace sys = detail::sys;

bool pollReadable(int fd, int timeoutMs)
{
    sys::PollEntry entry{fd, sys::kPollIn, 0};
    return sys::poll(&entry, 1, timeoutMs) > 0;
}

/// Waits up to `ms` for the fd to be readable while the server is running.
bool waitReadable(int fd, int ms, const std::atomic<bool>& stop)
{
    for (int waited = 0; waited < ms && !stop.load(); waited += 20) {
        if (pollReadable(fd, 20))
            return true;
    }
    return false;
}

/// Reads whatever arrives in the next moment (a request, a ClientHello).
std::size_t drain(int fd, const std::atomic<bool>& stop)
{
    char buffer[4096];
    if (!waitReadable(fd, 3000, stop))
        return 0;
    const sys::DontWaitScope dontWait(fd);
    const sys::IoResult n = sys::recv(fd, buffer, sizeof buffer, sys::kIoDontWait);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
}

void sendAll(int fd, const char* data, std::size_t size)
{
    (void)sys::send(fd, data, size);
}

void reset(int fd)
{
    (void)setResetOnClose(fd); // the acceptor closes it
}

} // namespace

struct FaultServer::Impl
{
    Fault fault;
    SSL_CTX* ctx = nullptr;
    std::string certPem;
    std::atomic<int> served{0};
    std::unique_ptr<LoopbackAcceptor> acceptor;

    void misbehave(int fd, const std::atomic<bool>& stop)
    {
        switch (fault) {
        case Fault::RstMidResponse: {
            drain(fd, stop);
            const char partial[] = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly a little";
            sendAll(fd, partial, sizeof partial - 1);
            reset(fd);
            break;
        }
        case Fault::CloseInHandshake:
            drain(fd, stop);
            break;
        case Fault::HalfCloseAfterReply: {
            drain(fd, stop);
            const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok";
            sendAll(fd, reply, sizeof reply - 1);
            sys::shutdown(fd, sys::Shutdown::Write);
            waitReadable(fd, 5000, stop); // keep the read side open until the client goes away
            break;
        }
        case Fault::SlowlorisHandshake: {
            drain(fd, stop);
            // A handshake record header, one byte at a time, never completed: the client's deadline
            // must hold however often bytes trickle in.
            const char header[] = {0x16, 0x03, 0x03, 0x40, 0x00};
            for (int i = 0; !stop.load() && i < 100; ++i) {
                sendAll(fd, &header[i % 5], 1);
                if (pollReadable(fd, 50)) {
                    char c = 0;
                    const sys::DontWaitScope dontWait(fd);
                    if (sys::recv(fd, &c, 1, sys::kIoDontWait) == 0)
                        break; // the client gave up
                }
            }
            break;
        }
        case Fault::GarbageHello: {
            drain(fd, stop);
            const char garbage[] = "\x7f\x45\x4c\x46 this is not a TLS ServerHello \x01\x02\x03\x04\x05\x06";
            sendAll(fd, garbage, sizeof garbage - 1);
            waitReadable(fd, 2000, stop);
            break;
        }
        case Fault::FatalAlert: {
            drain(fd, stop);
            // TLS record: alert, TLS 1.2 framing, 2 bytes: fatal (2), handshake_failure (40).
            const char alert[] = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28};
            sendAll(fd, alert, sizeof alert);
            waitReadable(fd, 2000, stop);
            break;
        }
        case Fault::AlertWhileIdle: {
            SSL* ssl = SSL_new(ctx);
            SSL_set_fd(ssl, fd);
            if (SSL_accept(ssl) == 1) {
                char buffer[4096];
                if (SSL_read(ssl, buffer, sizeof buffer) > 0) {
                    const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
                    SSL_write(ssl, reply, sizeof reply - 1);
                    SSL_shutdown(ssl); // close_notify while the client's connection sits idle
                    waitReadable(fd, 5000, stop);
                }
            }
            SSL_free(ssl);
            ERR_clear_error();
            break;
        }
        }
    }
};

FaultServer::FaultServer(Fault fault) : d(std::make_unique<Impl>())
{
    d->fault = fault;
    d->ctx = makeSelfSignedServerContext(&d->certPem);
    d->acceptor = std::make_unique<LoopbackAcceptor>(
        [this](int fd, const std::atomic<bool>& stop) {
            d->misbehave(fd, stop);
            ++d->served;
        },
        "FaultServer");
}

FaultServer::~FaultServer()
{
    d->acceptor.reset(); // joins the thread before the context goes
    SSL_CTX_free(d->ctx);
}

std::uint16_t FaultServer::port() const
{
    return d->acceptor->port();
}
const std::string& FaultServer::certificatePem() const
{
    return d->certPem;
}
int FaultServer::served() const
{
    return d->served.load();
}

} // namespace poolscope::test
