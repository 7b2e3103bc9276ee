#include "alloc_counter.h"

#include <cstdlib>
#include <malloc.h>
#include <new>
#include <openssl/crypto.h>

namespace poolscope::bench::alloc {

namespace {

constexpr std::int64_t kChunkHeader = 8; // glibc's size field in front of every chunk

thread_local Tally t_tally;
bool g_opensslInstalled = false;

std::int64_t footprint(void* p) noexcept
{
    return static_cast<std::int64_t>(::malloc_usable_size(p)) + kChunkHeader;
}

void* countedNew(std::size_t size)
{
    void* p = std::malloc(size == 0 ? 1 : size);
    if (!p)
        throw std::bad_alloc();
    t_tally.cppBytes += footprint(p);
    ++t_tally.cppBlocks;
    return p;
}

void* countedNewAligned(std::size_t size, std::align_val_t align)
{
    void* p = nullptr;
    const auto alignment = static_cast<std::size_t>(align);
    if (::posix_memalign(&p, alignment < sizeof(void*) ? sizeof(void*) : alignment, size == 0 ? 1 : size) !=
        0)
        throw std::bad_alloc();
    t_tally.cppBytes += footprint(p);
    ++t_tally.cppBlocks;
    return p;
}

void countedDelete(void* p) noexcept
{
    if (!p)
        return;
    t_tally.cppBytes -= footprint(p);
    --t_tally.cppBlocks;
    std::free(p);
}

void* sslMalloc(std::size_t size, const char* /*file*/, int /*line*/)
{
    void* p = std::malloc(size == 0 ? 1 : size);
    if (p) {
        t_tally.opensslBytes += footprint(p);
        ++t_tally.opensslBlocks;
    }
    return p;
}

void* sslRealloc(void* old, std::size_t size, const char* file, int line)
{
    if (!old)
        return sslMalloc(size, file, line);
    const std::int64_t before = footprint(old);
    void* p = std::realloc(old, size == 0 ? 1 : size);
    if (p)
        t_tally.opensslBytes += footprint(p) - before;
    return p;
}

void sslFree(void* p, const char* /*file*/, int /*line*/)
{
    if (!p)
        return;
    t_tally.opensslBytes -= footprint(p);
    --t_tally.opensslBlocks;
    std::free(p);
}

} // namespace

Tally current() noexcept
{
    return t_tally;
}

bool installOpenSslCounter() noexcept
{
    g_opensslInstalled = CRYPTO_set_mem_functions(&sslMalloc, &sslRealloc, &sslFree) == 1;
    return g_opensslInstalled;
}

bool openSslCounterInstalled() noexcept
{
    return g_opensslInstalled;
}

} // namespace poolscope::bench::alloc

// ---- global replacements (every operator new/delete form) --------------------------------------
using poolscope::bench::alloc::countedDelete;
using poolscope::bench::alloc::countedNew;
using poolscope::bench::alloc::countedNewAligned;

void* operator new(std::size_t size)
{
    return countedNew(size);
}
void* operator new[](std::size_t size)
{
    return countedNew(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return countedNew(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept
{
    try {
        return countedNew(size);
    } catch (...) {
        return nullptr;
    }
}
void* operator new(std::size_t size, std::align_val_t align)
{
    return countedNewAligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align)
{
    return countedNewAligned(size, align);
}
void operator delete(void* p) noexcept
{
    countedDelete(p);
}
void operator delete[](void* p) noexcept
{
    countedDelete(p);
}
void operator delete(void* p, std::size_t) noexcept
{
    countedDelete(p);
}
void operator delete[](void* p, std::size_t) noexcept
{
    countedDelete(p);
}
void operator delete(void* p, std::align_val_t) noexcept
{
    countedDelete(p);
}
void operator delete[](void* p, std::align_val_t) noexcept
{
    countedDelete(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept
{
    countedDelete(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept
{
    countedDelete(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept
{
    countedDelete(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept
{
    countedDelete(p);
}
