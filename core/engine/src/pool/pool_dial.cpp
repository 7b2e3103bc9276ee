// The dial path: reuse an idle connection of the same key after a liveness check, or reserve a
// slot and dial a new one (resolve → connect → TLS) with the pool's lock released.
#include "net/connector.h"
#include "net/platform/socket_api.h"
#include "net/proxy_client.h"
#include "net/resolver.h"
#include "pool/hit_clock.h"
#include "pool/pool_state.h"
#include "poolscope/deadline.h"

#include <cstdint>
#include <cstring>
#include <openssl/ssl.h>
#include <optional>

namespace poolscope::detail {

namespace {

std::int64_t microsSince(Clock::time_point start)
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

/// What the bytes of a host name contain: kNeverAllowed for NUL, space, control characters or DEL,
/// kUpper for ASCII upper case (normalised away).
constexpr unsigned kNeverAllowed = 1;
constexpr unsigned kUpper = 2;

/// Eight bytes at a time (this runs on every dial). The tests are the "has a byte less than n" and
/// "has a byte between m and n" word tricks: a borrow can only cross into a byte from one below it
/// that matched itself, so whether any byte matches is exact.
unsigned hostByteClasses(std::string_view host) noexcept
{
    constexpr std::uint64_t kOnes = ~std::uint64_t{0} / 255; // 0x0101...01
    constexpr std::uint64_t kHigh = kOnes * 0x80;
    const auto anyBelow = [](std::uint64_t x, std::uint64_t n) {
        return ((x - kOnes * n) & ~x & kHigh) != 0;
    };
    const auto anyBetween = [](std::uint64_t x, std::uint64_t above, std::uint64_t below) {
        const std::uint64_t low7 = x & (kOnes * 0x7f);
        return ((kOnes * (0x7f + below) - low7) & ~x & (low7 + kOnes * (0x7f - above)) & kHigh) != 0;
    };
    unsigned classes = 0;
    std::size_t i = 0;
    for (; i + 8 <= host.size(); i += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, host.data() + i, sizeof word);
        if (anyBelow(word, 0x21) || anyBelow(word ^ (kOnes * 0x7f), 1))
            classes |= kNeverAllowed;
        if (anyBetween(word, 'A' - 1, 'Z' + 1))
            classes |= kUpper;
    }
    for (; i < host.size(); ++i) {
        const auto u = static_cast<unsigned char>(host[i]);
        if (u <= 0x20 || u == 0x7f)
            classes |= kNeverAllowed;
        else if (u >= 'A' && u <= 'Z')
            classes |= kUpper;
    }
    return classes;
}

/// What is wrong with `request` (a message for InvalidArgument), or nullptr when nothing is; on
/// nullptr, `needsNormalizing` says whether normalizeHost() would change the host. Runs on every
/// dial, so it builds nothing.
const char* requestProblem(const DialRequest& request, bool& needsNormalizing) noexcept
{
    const std::string_view host = request.host;
    if (host.empty())
        return "host is empty";
    if (host.size() > 253 + 2) // a bracketed IPv6 literal may carry two extra characters
        return "host is longer than 253 bytes";
    const unsigned classes = hostByteClasses(host);
    if ((classes & kNeverAllowed) != 0)
        return "host contains a NUL, space or control character";
    if ((host.front() == '[') != (host.back() == ']'))
        return "host has unbalanced brackets";
    const bool bracketed = host.front() == '[';
    if (bracketed && host.substr(1, host.size() - 2).find(':') == std::string_view::npos)
        return "only IPv6 addresses go in brackets";
    // What normalizeHost() would return, without building it.
    if (host.size() - (bracketed ? 2 : 0) > 253)
        return "host is longer than 253 bytes";
    if (request.port == 0)
        return "port 0 cannot be dialled";
    if (request.timeout.count() < 0)
        return "timeout must not be negative (0 means no limit)";
    needsNormalizing = bracketed || (classes & kUpper) != 0;
    return nullptr;
}

/// The session a new TLS connection offers: the newest TLS 1.3 ticket for itself while another
/// is left, else the newest session shared (TLS 1.2 sessions are meant to be resumed repeatedly).
UniqueSslSession takeSession(SessionCache& cache)
{
    std::lock_guard guard(cache.mutex);
    if (cache.sessions.empty())
        return {};
    SSL_SESSION* newest = cache.sessions.back().get();
    if (cache.sessions.size() > 1 && SSL_SESSION_get_protocol_version(newest) >= TLS1_3_VERSION) {
        UniqueSslSession own = std::move(cache.sessions.back());
        cache.sessions.pop_back();
        return own;
    }
    return SSL_SESSION_up_ref(newest) == 1 ? UniqueSslSession(newest) : UniqueSslSession();
}

} // namespace

std::string normalizeHost(std::string_view host)
{
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    std::string out(host);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

Status validateRequest(const DialRequest& request)
{
    bool needsNormalizing = false;
    if (const char* problem = requestProblem(request, needsNormalizing))
        return makeError(ErrorCode::InvalidArgument, problem, DialPhase::Validate);
    return {};
}

Result<PoolState::Acquired> PoolState::dial(const DialRequest& request, bool lease)
{
    bool needsNormalizing = false;
    if (const char* problem = requestProblem(request, needsNormalizing))
        return makeError(ErrorCode::InvalidArgument, problem, DialPhase::Validate);
    std::string normalized;
    std::string_view host = request.host;
    if (needsNormalizing) {
        normalized = normalizeHost(host);
        host = normalized;
    }
    int tlsId = 0;
    if (request.tls) {
        if (request.overrideTls) {
            auto id = tlsOptionsId(request.tlsOptions);
            if (!id)
                return std::move(id).error();
            tlsId = id.value();
        } else {
            tlsId = m_defaultTlsId.load(std::memory_order_acquire);
        }
    }
    if (request.overrideProxy) {
        if (Status proxyOk = request.proxy.validate(); !proxyOk)
            return makeError(ErrorCode::InvalidArgument, "proxy: " + proxyOk.error().message,
                             DialPhase::Validate);
    }
    Reservation reservation;
    reservation.lease = lease;
    auto reused = reserveOrReuse(host, request, tlsId, reservation);
    if (!reused || reused->handle != kInvalidHandle)
        return reused;
    return dialNew(reservation, request);
}

Result<PoolState::Acquired> PoolState::reserveOrReuse(std::string_view host, const DialRequest& request,
                                                      int tlsId, Reservation& reservation)
{
    Deferred deferred(*this);
    std::unique_lock lock(m_mutex);
    ++m_counters.dials;
    if (m_shutDown || m_ownerGone)
        return makeError(ErrorCode::ShutDown, "the pool is shut down; call reopen() to dial again");
    // The pool's proxy is read under the lock: setParams() may change it.
    auto proxyId = proxyIdLocked(request.overrideProxy ? request.proxy : m_params.proxy);
    if (!proxyId)
        return std::move(proxyId).error();
    KeyEntry& key = keyLocked(host, request.port, request.tls, tlsId, proxyId.value());

    // Most recently used first: it is the likeliest to be alive, and older ones can age out.
    // Bounded: every pass either returns or closes one idle connection.
    while (request.allowReuse && key.idle.head >= 0) {
        Slot& slot = *m_slots[static_cast<std::size_t>(key.idle.head)];
        const HitTime time = hitNow();
        const auto now = time.stamp;
        CloseReason why = CloseReason::None;
        if (expiredLocked(slot, time, why)) {
            retireSlotLocked(slot, why, deferred);
            continue;
        }
        unlinkIdleLocked(slot);
        transitionLocked(slot, ConnectionTrigger::Acquired);
        // The hand-out is booked before the check, so a connection that passes it goes out without
        // taking the lock again. The new generation is known to nobody yet, so no handle-based call
        // can reach the slot while the check runs unlocked; shutdown() only shuts an in-use socket
        // down (it never closes it), and a lease that gets such a socket sees it on first use.
        bumpGenerationLocked(slot); // the previous holder's handle must not name this lease
        ++slot.reuseCount;
        ++m_counters.reuses;
        const auto lastUsed = slot.lastUsed;
        slot.lastUsed = slot.inUseSince = now;
        slot.label = request.label;
        slot.leased = reservation.lease;
        const std::size_t eventsBefore = deferred.m_events.size();
        emitLocked(deferred, EventKind::Acquired, slot, CloseReason::None, nullptr, true);
        // A plain connection made before capture was turned on starts its log at this hand-out;
        // with capture off the lease records nothing (the log it has stays as it was).
        std::shared_ptr<WireRecorder> wire;
        if (!slot.ssl && m_handshakeCapture.load(std::memory_order_relaxed)) {
            if (!slot.wire)
                slot.wire = std::make_shared<WireRecorder>();
            wire = slot.wire;
        }
        const Acquired acquired{slot.handle(), slot.id, true, slot.fd.get(), slot.ssl.get(), wire};
        // Skipping is safe only for a connection whose return was checked: with checkOnReturn
        // switched on by setParams(), connections returned before still need this check.
        const bool check = m_params.staleCheckSkip.count() == 0 || !slot.checkedOnReturn ||
                           now - lastUsed >= m_params.staleCheckSkip;
        if (!check) {
            if (wire)
                wire->handedOut(true);
            return acquired;
        }
        lock.unlock();
        IdleVerdict verdict = IdleVerdict::Usable;
        if (acquired.ssl ? tlsIdleConnectionUsable(acquired.ssl, acquired.fd)
                         : plainIdleConnectionUsable(acquired.fd, &verdict)) {
            if (wire)
                wire->handedOut(true);
            return acquired;
        }
        if (wire)
            recordVerdict(*wire, verdict, "the check before hand-out");
        // Stale: un-book the hand-out and close it; try the next idle connection of the key.
        lock.lock();
        --m_counters.reuses;
        deferred.m_events.erase(deferred.m_events.begin() + static_cast<std::ptrdiff_t>(eventsBefore),
                                deferred.m_events.end());
        retireSlotLocked(slot, CloseReason::Stale, deferred);
        if (m_shutDown || m_ownerGone) // while the check ran unlocked
            return makeError(ErrorCode::ShutDown, "the pool was shut down during the dial");
    }

    // The per-host limit first: a dial it refuses must not have evicted another host's connection.
    if (m_params.maxPerHost > 0 && key.total >= m_params.maxPerHost) {
        ++m_counters.outOfResources;
        return makeError(ErrorCode::OutOfResources, "per-host limit of " +
                                                        std::to_string(m_params.maxPerHost) +
                                                        " connections reached for " + key.name);
    }
    if (usedSlotsLocked() >= m_params.maxConnections && !evictOneLocked(deferred, CloseReason::Evicted)) {
        ++m_counters.outOfResources;
        return makeError(ErrorCode::OutOfResources,
                         "pool full: " + std::to_string(m_params.maxConnections) +
                             " connections in use or dialing and none idle to evict");
    }
    if (!hasFreeSlotIndexLocked()) { // only after ~2^47 hand-outs of each of 65,536 slots
        ++m_counters.outOfResources;
        return makeError(ErrorCode::OutOfResources,
                         "no connection slot left: every slot used up its handles");
    }
    Slot& slot = allocateSlotLocked(key, poolNow());
    slot.label = request.label;
    ++m_counters.connectsStarted;
    reservation.slot = &slot;
    reservation.dnsServers = m_params.dnsServers;
    reservation.connectTimeout = m_params.connectTimeout;
    reservation.tcpKeepAlive = m_params.tcpKeepAlive;
    reservation.tcpKeepAliveInterval = m_params.tcpKeepAliveInterval;
    reservation.tcpKeepAliveProbes = m_params.tcpKeepAliveProbes;
    reservation.handshakeTimeout = m_params.handshakeTimeout;
    reservation.staggerDelay = m_params.happyEyeballsDelay;
    if (key.proxyId != 0)
        reservation.proxy = m_proxySets[static_cast<std::size_t>(key.proxyId)];
    emitLocked(deferred, EventKind::DialStarted, slot);
    return Acquired{};
}

Result<PoolState::Acquired> PoolState::dialNew(Reservation& reservation, const DialRequest& request)
{
    Slot& slot = *reservation.slot;
    // The key outlives the dial: the reserved slot keeps its total above zero, so it is never purged.
    KeyEntry& key = *slot.key;

    DialControl control;
    if (request.timeout.count() > 0)
        control.deadline = saturatingAdd(Clock::now(), request.timeout);
    control.stop = request.stop;
    control.cancelFlag = request.cancelFlag;
    control.poolAbort = &slot.abortDial;

    // Resolve: the proxy's name when there is one (the proxy resolves the target's, or gets its
    // IP literal).
    const bool proxied = reservation.proxy.type != ProxyType::None;
    auto start = Clock::now();
    auto addresses = proxied ? resolve(reservation.proxy.host, reservation.proxy.port, control,
                                       ResolverOptions{reservation.dnsServers})
                             : resolve(key.host, key.port, control, ResolverOptions{reservation.dnsServers});
    if (!addresses)
        return failDial(slot, std::move(addresses).error());
    {
        Deferred deferred(*this);
        std::lock_guard lock(m_mutex);
        slot.timings.resolveUs = microsSince(start);
        transitionLocked(slot, ConnectionTrigger::Resolved);
        emitLocked(deferred, EventKind::Resolved, slot);
    }

    // Connect.
    start = Clock::now();
    auto connected = connectAny(addresses.value(), control.withPhaseTimeout(reservation.connectTimeout),
                                reservation.staggerDelay);
    if (!connected)
        return failDial(slot, std::move(connected).error());
    UniqueFd fd = std::move(connected->fd);
    const auto connectUs = microsSince(start);
    std::int64_t proxyUs = 0;
    if (proxied) {
        // The tunnel, before anything else sees the connection: the connect phase's own bound
        // does not apply to it, the dial's deadline and cancellation do.
        start = Clock::now();
        if (Status tunnel = openProxyTunnel(fd.get(), reservation.proxy, key.host, key.port, control);
            !tunnel)
            return failDial(slot, std::move(tunnel).error());
        proxyUs = microsSince(start);
    }
    // What a holder given the raw socket must leave as found (see PoolState::restoreExposed).
    const sys::BufferSizes dialBuffers = sys::bufferSizes(fd.get());
    sys::KeepAliveSetting dialKeepAlive;
    if (reservation.tcpKeepAlive.count() > 0) {
        dialKeepAlive = {static_cast<int>(reservation.tcpKeepAlive.count()),
                         static_cast<int>(reservation.tcpKeepAliveInterval.count()),
                         reservation.tcpKeepAliveProbes};
        // Best effort: a kernel or sandbox that refuses an option keeps a working connection
        // (without keep-alive, the I/O deadline still bounds a silent peer); the last error says so.
        if (const int err = sys::enableTcpKeepAlive(
                fd.get(), static_cast<int>(reservation.tcpKeepAlive.count()),
                static_cast<int>(reservation.tcpKeepAliveInterval.count()), reservation.tcpKeepAliveProbes)) {
            dialKeepAlive.idleSeconds = -1; // nothing known to put back after a holder
            const std::lock_guard lock(m_mutex);
            slot.lastError =
                makeError(errorCodeFromErrno(err), "TCP keep-alive not enabled: " + sys::errorText(err),
                          DialPhase::Connect, err);
        }
    }
    {
        Deferred deferred(*this);
        std::lock_guard lock(m_mutex);
        slot.timings.connectUs = connectUs;
        slot.timings.proxyUs = proxyUs;
        slot.remoteAddress = connected->remote.toString();
        // Capture off (the default) costs this one load. TLS connections have their ladder.
        if (!key.tls && m_handshakeCapture.load(std::memory_order_relaxed)) {
            slot.wire = std::make_shared<WireRecorder>();
            slot.wire->add(WireEventKind::Connected, slot.remoteAddress);
        }
        slot.localPort = connected->localPort;
        transitionLocked(slot, key.tls ? ConnectionTrigger::TlsStarted : ConnectionTrigger::Connected);
        emitLocked(deferred, EventKind::Connected, slot);
    }

    // TLS.
    UniqueSsl ssl;
    std::shared_ptr<const TlsDetails> details;
    if (key.tls) {
        start = Clock::now();
        // The handshake's bound covers loading the trust store too (the first dial of a set).
        const DialControl tlsControl = control.withPhaseTimeout(reservation.handshakeTimeout);
        auto context = contextFor(key.tlsId, tlsControl);
        if (!context)
            return failDial(slot, std::move(context).error());
        // Capture off (the default) costs this one load: no transcript, no callback installed.
        std::shared_ptr<HandshakeTranscript> transcript;
        if (m_handshakeCapture.load(std::memory_order_relaxed))
            transcript = std::make_shared<HandshakeTranscript>();
        auto handshake = [&] {
            UniqueSslSession resume;
            if (context.value()->options().sessionResumption)
                resume = takeSession(*key.sessions);
            SessionSink sink;
            if (context.value()->options().sessionResumption) {
                sink = [cache = key.sessions](UniqueSslSession session) {
                    std::lock_guard guard(cache->mutex);
                    cache->sessions.push_back(std::move(session));
                    if (cache->sessions.size() > SessionCache::kMaxSessions)
                        cache->sessions.erase(cache->sessions.begin());
                };
            }
            return clientHandshake(*context.value(), fd.get(), key.host, resume.get(), std::move(sink),
                                   tlsControl, transcript.get());
        }();
        if (!handshake)
            return failDial(slot, std::move(handshake).error(), std::move(transcript));
        if (transcript)
            handshake->details.handshake = std::move(*transcript);
        ssl = std::move(handshake->ssl);
        details = std::make_shared<const TlsDetails>(std::move(handshake->details));
        const auto tlsUs = microsSince(start);
        std::lock_guard lock(m_mutex);
        slot.timings.tlsUs = tlsUs;
    }

    // Holders get a blocking socket: what send()/recv()/SSL_read() users expect.
    (void)sys::setNonBlocking(fd.get(), false);

    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    if (slot.abortDial.load(std::memory_order_acquire) || m_shutDown || m_ownerGone) {
        const Error error = makeError(ErrorCode::ShutDown, "the pool was shut down during the dial");
        slot.lastError = error;
        emitLocked(deferred, EventKind::DialFailed, slot, CloseReason::DialFailed, &error);
        retireSlotLocked(slot, CloseReason::DialFailed, deferred, &error);
        deferred.close(std::move(fd), std::move(ssl), false);
        return error;
    }
    slot.fd = std::move(fd);
    slot.ssl = std::move(ssl);
    slot.tls = std::move(details);
    slot.dialKeepAlive = dialKeepAlive;
    slot.dialBuffers = dialBuffers;
    if (key.tls) {
        transitionLocked(slot, ConnectionTrigger::HandshakeDone);
        emitLocked(deferred, EventKind::HandshakeDone, slot);
    }
    // Only now: while the initial handshake runs the slot counts as connecting, not in use.
    slot.life.markEstablished();
    slot.leased = reservation.lease;
    const auto now = poolNow();
    slot.inUseSince = slot.lastUsed = now;
    ++m_counters.connectsSucceeded;
    emitLocked(deferred, EventKind::Acquired, slot, CloseReason::None, nullptr, false);
    if (slot.wire)
        slot.wire->handedOut(false);
    return Acquired{slot.handle(), slot.id, false, slot.fd.get(), slot.ssl.get(), slot.wire};
}

Error PoolState::failDial(Slot& slot, Error error, std::shared_ptr<const HandshakeTranscript> transcript)
{
    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    countErrorLocked(error);
    slot.lastError = error;
    const std::size_t eventsBefore = deferred.m_events.size();
    emitLocked(deferred, EventKind::DialFailed, slot, CloseReason::DialFailed, &error);
    if (transcript && deferred.m_events.size() > eventsBefore)
        deferred.m_events.back().handshake = std::move(transcript);
    retireSlotLocked(slot, CloseReason::DialFailed, deferred, &error);
    return error;
}

void PoolState::countErrorLocked(const Error& error)
{
    switch (error.code) {
    case ErrorCode::ResolveFailed:
        ++m_counters.resolveFailures;
        break;
    case ErrorCode::HandshakeFailed:
        ++m_counters.handshakeFailures;
        break;
    case ErrorCode::TimedOut:
        ++m_counters.timeouts;
        break;
    case ErrorCode::Cancelled:
        ++m_counters.cancelled;
        break;
    case ErrorCode::OutOfResources:
        ++m_counters.outOfResources;
        break;
    case ErrorCode::ConnectionRefused:
    case ErrorCode::HostUnreachable:
    case ErrorCode::NetworkUnreachable:
    case ErrorCode::ConnectionReset:
    case ErrorCode::SocketError:
    case ErrorCode::TooManyOpenFiles:
    case ErrorCode::UnexpectedEof:
    case ErrorCode::ProxyFailed:
        ++m_counters.socketErrors;
        break;
    case ErrorCode::Ok:
    case ErrorCode::InvalidArgument:
    case ErrorCode::ShutDown:
    case ErrorCode::InvalidHandle:
        break;
    }
}

Status PoolState::startTls(Handle handle, std::chrono::microseconds timeout, const TlsOptions* options,
                           std::stop_token stop, ConnectionId expectId)
{
    if (timeout.count() < 0)
        return makeError(ErrorCode::InvalidArgument, "startTls: timeout must not be negative");
    int tlsId = m_defaultTlsId.load(std::memory_order_acquire);
    // A serverName is passed to this handshake, not interned with the options: a proxy client
    // upgrades tunnels to many names, and each interned set would hold its own context.
    std::string serverName;
    if (options) {
        TlsOptions shared = *options;
        serverName = normalizeHost(shared.serverName);
        shared.serverName.clear();
        auto id = tlsOptionsId(shared);
        if (!id)
            return std::move(id).error();
        tlsId = id.value();
    }
    Slot* slot = nullptr;
    std::string host;
    {
        std::lock_guard lock(m_mutex);
        slot = lookupInUseLocked(handle, expectId);
        if (!slot)
            return makeError(ErrorCode::InvalidHandle,
                             "startTls: handle is not an in-use connection of this pool");
        if (slot->ssl)
            return makeError(ErrorCode::InvalidArgument, "startTls: the connection already uses TLS");
        slot->busy = true;
        host = slot->key->host;
        transitionLocked(*slot, ConnectionTrigger::TlsStarted);
    }
    const int fd = slot->fd.get();
    DialControl control;
    if (timeout.count() > 0)
        control.deadline = saturatingAdd(Clock::now(), timeout);
    control.stop = std::move(stop);
    control.poolAbort = &slot->abortDial;

    const auto start = Clock::now();
    Error failure;
    HandshakeResult upgraded;
    if (auto context = contextFor(tlsId, control); !context) {
        failure = std::move(context).error();
    } else {
        (void)sys::setNonBlocking(fd, true);
        const bool otherName = !serverName.empty() && serverName != host;
        std::optional<HandshakeTranscript> transcript;
        if (m_handshakeCapture.load(std::memory_order_relaxed))
            transcript.emplace();
        auto handshake = clientHandshake(*context.value(), fd, otherName ? serverName : host, nullptr, {},
                                         control, transcript ? &*transcript : nullptr);
        (void)sys::setNonBlocking(fd, false);
        if (handshake && transcript)
            handshake->details.handshake = std::move(*transcript);
        if (handshake)
            upgraded = std::move(handshake).value();
        else
            failure = std::move(handshake).error();
    }

    Deferred deferred(*this);
    std::lock_guard lock(m_mutex);
    slot->busy = false;
    if (!failure.ok()) {
        // A failed upgrade leaves the stream in an unknown state: the connection cannot be used.
        countErrorLocked(failure);
        retireSlotLocked(*slot, CloseReason::Error, deferred, &failure);
        return failure;
    }
    // The connection now belongs to the TLS key of the same host and port: leave the old key's
    // gauges in the Handshaking state, enter the new key's in the state that follows.
    adjustGaugesLocked(*slot, -1);
    KeyEntry& oldKey = *slot->key;
    KeyEntry& newKey = keyLocked(host, oldKey.port, true, tlsId, oldKey.proxyId);
    --oldKey.total;
    slot->key = &newKey;
    ++newKey.total;
    adjustGaugesLocked(*slot, +1);
    transitionLocked(*slot, ConnectionTrigger::HandshakeDone);
    slot->ssl = std::move(upgraded.ssl);
    slot->tls = std::make_shared<const TlsDetails>(std::move(upgraded.details));
    // Verified for another name than its host (a tunnel through a proxy): its key says the host,
    // so it must never be handed to a dial of that host. Closed when returned.
    slot->notReusable = !serverName.empty() && serverName != host;
    slot->timings.tlsUs = microsSince(start);
    emitLocked(deferred, EventKind::HandshakeDone, *slot);
    return {};
}

} // namespace poolscope::detail
