#pragma once
// The soak's vocabulary: the targets the driver dials, per-target tallies, samples, and small
// helpers (environment, RSS, error names). Used by soak_driver.h and tst_soak.cpp.
#include "service_test_support.h"

#include <QFutureWatcher>
#include <QRandomGenerator>
#include <cstdio>
#include <unistd.h>

namespace poolscope::soak {

using namespace poolscope::test;
using namespace std::chrono_literals;
using lab::ServerKind;
using std::chrono::milliseconds;

inline const char* codeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Ok:
        return "Ok";
    case ErrorCode::InvalidArgument:
        return "InvalidArgument";
    case ErrorCode::ResolveFailed:
        return "ResolveFailed";
    case ErrorCode::ConnectionRefused:
        return "ConnectionRefused";
    case ErrorCode::HostUnreachable:
        return "HostUnreachable";
    case ErrorCode::NetworkUnreachable:
        return "NetworkUnreachable";
    case ErrorCode::ConnectionReset:
        return "ConnectionReset";
    case ErrorCode::TimedOut:
        return "TimedOut";
    case ErrorCode::Cancelled:
        return "Cancelled";
    case ErrorCode::HandshakeFailed:
        return "HandshakeFailed";
    case ErrorCode::OutOfResources:
        return "OutOfResources";
    case ErrorCode::ShutDown:
        return "ShutDown";
    case ErrorCode::InvalidHandle:
        return "InvalidHandle";
    case ErrorCode::SocketError:
        return "SocketError";
    case ErrorCode::TooManyOpenFiles:
        return "TooManyOpenFiles";
    case ErrorCode::UnexpectedEof:
        return "UnexpectedEof";
    case ErrorCode::ProxyFailed:
        return "ProxyFailed";
    }
    return "?";
}

inline int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok && v > 0 ? v : fallback;
}

/// Resident set size in bytes, from /proc/self/statm (pages) × the page size.
inline qint64 rssBytes()
{
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f)
        return -1;
    long size = 0;
    long resident = 0;
    const int n = std::fscanf(f, "%ld %ld", &size, &resident);
    std::fclose(f);
    if (n != 2)
        return -1;
    return static_cast<qint64>(resident) * static_cast<qint64>(sysconf(_SC_PAGESIZE));
}

/// Runs onOk(result) / onError(error) on `context`'s thread when the future finishes; a cancelled
/// future counts as an error (Cancelled). A QFutureWatcher owned by the context (see
/// ui/util/future_utils.h for why not QFuture::then(context, …) on Qt 6.4).
template <class T, class OnOk, class OnError>
void whenDone(QFuture<T> future, QObject* context, OnOk onOk, OnError onError)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, onOk = std::move(onOk), onError = std::move(onError)]() mutable {
                         QFuture<T> f = watcher->future();
                         watcher->deleteLater();
                         try {
                             f.waitForFinished(); // finished already; rethrows the service's exception
                             if constexpr (std::is_void_v<T>) {
                                 if (f.isCanceled())
                                     onError(ErrorCode::Cancelled, QStringLiteral("cancelled"));
                                 else
                                     onOk();
                             } else {
                                 if (f.resultCount() > 0)
                                     onOk(f.result());
                                 else
                                     onError(ErrorCode::Cancelled, QStringLiteral("cancelled"));
                             }
                         } catch (const ServiceError& e) {
                             onError(e.code(), e.message());
                         } catch (const std::exception& e) {
                             onError(ErrorCode::SocketError, QString::fromLocal8Bit(e.what()));
                         }
                     });
    watcher->setFuture(std::move(future));
}

inline int between(int low, int high)
{
    return static_cast<int>(QRandomGenerator::global()->bounded(low, high + 1));
}

/// One traffic target: a lab server and how the demo uses it.
enum class Target
{
    Https,
    Http,
    Echo,
    OneShot,
    IdleCloser,
    Tls12, // healthy
    Untrusted,
    Expired,
    WrongHost,
    LegacyTls,
    PlainOnTls,
    ResetterTls,
    Refused,
    SilentTls,     // must fail
    ResetterPlain, // either outcome
    Count
};
constexpr int kTargetCount = static_cast<int>(Target::Count);

inline const char* targetName(Target t)
{
    switch (t) {
    case Target::Https:
        return "https";
    case Target::Http:
        return "http";
    case Target::Echo:
        return "echo";
    case Target::OneShot:
        return "http-one-shot";
    case Target::IdleCloser:
        return "idle-closer";
    case Target::Tls12:
        return "tls12-only";
    case Target::Untrusted:
        return "untrusted";
    case Target::Expired:
        return "expired";
    case Target::WrongHost:
        return "wrong-host";
    case Target::LegacyTls:
        return "legacy-tls";
    case Target::PlainOnTls:
        return "plain-on-tls-port";
    case Target::ResetterTls:
        return "resetter(tls)";
    case Target::Refused:
        return "refused";
    case Target::SilentTls:
        return "silent(tls, 1.5 s)";
    case Target::ResetterPlain:
        return "resetter(plain)";
    case Target::Count:
        break;
    }
    return "?";
}

inline bool isHealthy(Target t)
{
    return static_cast<int>(t) <= static_cast<int>(Target::Tls12);
}
inline bool mustFail(Target t)
{
    return !isHealthy(t) && t != Target::ResetterPlain;
}

struct TargetStats
{
    quint64 started = 0;
    quint64 ok = 0;
    quint64 failed = 0;
    std::map<ErrorCode, quint64> codes;
};

struct Sample
{
    double elapsedS = 0;
    qint64 rss = 0;
    int fds = 0;
    PoolStats stats;
    int connections = 0;
    int leases = 0;
    int waiters = 0;
    quint64 started = 0;
    quint64 acquired = 0;
    quint64 failed = 0;
    quint64 probes = 0;
    QString tag;
};

inline quint64 poolFailures(const PoolStats& s)
{
    return s.handshakeFailures + s.resolveFailures + s.socketErrors + s.timeouts;
}

} // namespace poolscope::soak
