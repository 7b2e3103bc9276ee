// The socket BIO every client SSL reads and writes through: the engine's socket layer (MSG_NOSIGNAL,
// Winsock errors in errno), so TLS never raises SIGPIPE and errors are read in one place.
#include "net/platform/socket_api.h"
#include "tls/tls_internal.h"

#include <cerrno>
#include <new>

namespace poolscope::detail::tls_internal {

namespace {

struct SocketBioData
{
    int fd = -1;
    bool eof = false;
};

SocketBioData* bioData(BIO* bio) noexcept
{
    return static_cast<SocketBioData*>(BIO_get_data(bio));
}

/// The BIO's result for OpenSSL. A failure is also left in errno, where SSL_ERROR_SYSCALL callers
/// look for it: Winsock reports errors elsewhere, and this keeps one place to read them.
int bioResult(BIO* bio, sys::IoResult n, bool reading) noexcept
{
    if (n >= 0)
        return static_cast<int>(n);
    const int err = static_cast<int>(-n);
    if (sys::retryable(err)) {
        if (reading)
            BIO_set_retry_read(bio);
        else
            BIO_set_retry_write(bio);
    }
    errno = err;
    return -1;
}

int bioWrite(BIO* bio, const char* data, int length)
{
    BIO_clear_retry_flags(bio);
    const SocketBioData* d = bioData(bio);
    if (!d || length < 0)
        return -1;
    return bioResult(bio, sys::send(d->fd, data, static_cast<std::size_t>(length)), false);
}

int bioRead(BIO* bio, char* data, int length)
{
    BIO_clear_retry_flags(bio);
    SocketBioData* d = bioData(bio);
    if (!d || !data || length < 0)
        return -1;
    const sys::IoResult n = sys::recv(d->fd, data, static_cast<std::size_t>(length));
    if (n == 0)
        d->eof = true;
    return bioResult(bio, n, true);
}

long bioCtrl(BIO* bio, int cmd, long /*num*/, void* ptr)
{
    const SocketBioData* d = bioData(bio);
    switch (cmd) {
    case BIO_C_GET_FD: // keeps SSL_get_fd() working
        if (!d)
            return -1;
        if (ptr)
            *static_cast<int*>(ptr) = d->fd;
        return d->fd;
    case BIO_CTRL_EOF: // lets OpenSSL tell a clean EOF from an error, as its own socket BIO does
        return d && d->eof ? 1 : 0;
    case BIO_CTRL_FLUSH:
    case BIO_CTRL_DUP:
        return 1;
    default:
        return 0;
    }
}

int bioCreate(BIO* bio)
{
    BIO_set_data(bio, nullptr);
    BIO_set_init(bio, 0);
    return 1;
}

int bioDestroy(BIO* bio)
{
    if (!bio)
        return 0;
    delete bioData(bio);
    BIO_set_data(bio, nullptr);
    BIO_set_init(bio, 0);
    return 1;
}

BIO_METHOD* makeSocketBioMethod() noexcept
{
    const int index = BIO_get_new_index();
    if (index < 0)
        return nullptr;
    BIO_METHOD* method = BIO_meth_new(index | BIO_TYPE_SOURCE_SINK | BIO_TYPE_DESCRIPTOR, "poolscope socket");
    if (!method)
        return nullptr;
    if (BIO_meth_set_write(method, &bioWrite) != 1 || BIO_meth_set_read(method, &bioRead) != 1 ||
        BIO_meth_set_ctrl(method, &bioCtrl) != 1 || BIO_meth_set_create(method, &bioCreate) != 1 ||
        BIO_meth_set_destroy(method, &bioDestroy) != 1) {
        BIO_meth_free(method);
        return nullptr;
    }
    return method;
}

} // namespace

BIO* newSocketBio(int fd) noexcept
{
    static BIO_METHOD* const method = makeSocketBioMethod();
    if (!method)
        return nullptr;
    BIO* bio = BIO_new(method);
    if (!bio)
        return nullptr;
    auto* data = new (std::nothrow) SocketBioData{fd, false};
    if (!data) {
        BIO_free(bio);
        return nullptr;
    }
    BIO_set_data(bio, data);
    BIO_set_init(bio, 1);
    return bio;
}

} // namespace poolscope::detail::tls_internal
