#include "test_platform.h"

#if defined(_WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#else
#include <sys/resource.h>
#endif

namespace poolscope::test {

#if defined(_WIN32)

long long descriptorLimit()
{
    return -1;
}

long long descriptorLimitMax()
{
    return -1;
}

bool setDescriptorLimit(long long /*limit*/)
{
    return false;
}

bool runningUnderWine()
{
    // Wine's ntdll exports wine_get_version; Windows' never does.
    const HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

#else

namespace {

// RLIM_INFINITY is reported as this (not -1, which means "no limit mechanism") and set back from it.
constexpr long long kUnlimited = 1LL << 62;

long long fromRlim(rlim_t value)
{
    return value == RLIM_INFINITY || value >= static_cast<rlim_t>(kUnlimited) ? kUnlimited
                                                                              : static_cast<long long>(value);
}

} // namespace

long long descriptorLimit()
{
    rlimit limit{};
    return ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? fromRlim(limit.rlim_cur) : -1;
}

long long descriptorLimitMax()
{
    rlimit limit{};
    return ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? fromRlim(limit.rlim_max) : -1;
}

bool setDescriptorLimit(long long value)
{
    rlimit limit{};
    if (value < 0 || ::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return false;
    limit.rlim_cur = value >= kUnlimited ? RLIM_INFINITY : static_cast<rlim_t>(value);
    return ::setrlimit(RLIMIT_NOFILE, &limit) == 0;
}

bool runningUnderWine()
{
    return false;
}

#endif

} // namespace poolscope::test
