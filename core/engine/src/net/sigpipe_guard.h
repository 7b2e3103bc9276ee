#pragma once
// Keeps a write to a socket the peer has closed from killing the process with SIGPIPE.
//
// A library must not change the process's signal disposition, and OpenSSL's socket BIO writes
// with write(), where MSG_NOSIGNAL cannot be passed. So for the duration of the guard SIGPIPE is
// blocked on this thread only, and a SIGPIPE raised meanwhile is consumed before unblocking.

#include <csignal>
#include <ctime>
#include <pthread.h>

namespace poolscope::detail {

class SigPipeGuard
{
public:
    SigPipeGuard() noexcept
    {
        sigemptyset(&m_set);
        sigaddset(&m_set, SIGPIPE);
        sigset_t pending;
        sigemptyset(&pending);
        sigpending(&pending);
        m_wasPending = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &m_set, &m_old);
    }
    ~SigPipeGuard()
    {
        if (!m_wasPending) {
            sigset_t pending;
            sigemptyset(&pending);
            sigpending(&pending);
            if (sigismember(&pending, SIGPIPE) == 1) {
                const timespec zero{};
                sigtimedwait(&m_set, nullptr, &zero);
            }
        }
        pthread_sigmask(SIG_SETMASK, &m_old, nullptr);
    }
    SigPipeGuard(const SigPipeGuard&) = delete;
    SigPipeGuard& operator=(const SigPipeGuard&) = delete;

private:
    sigset_t m_set{};
    sigset_t m_old{};
    bool m_wasPending = false;
};

} // namespace poolscope::detail
