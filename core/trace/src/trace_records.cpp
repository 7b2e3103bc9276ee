// Encoding and decoding of the four record types. The stats and connection fields are listed once
// (tables of members), so writer and reader cannot disagree on a name.

#include "trace_records.h"

#include "field_reader.h"

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

namespace poolscope::trace::detail {

namespace {

constexpr std::int64_t kMaxOffsetUs = std::int64_t{1} << 52; // 142 years: µs × 1000 + origin fits int64 ns
constexpr std::int64_t kMaxOriginNs = std::int64_t{1} << 61;
constexpr std::int64_t kMaxUnixSeconds = 9'000'000'000; // year 2255: fits system_clock's ns

struct IntField
{
    std::string_view name;
    int PoolStats::*member;
};
constexpr std::array kGauges{
    IntField{"max_connections", &PoolStats::maxConnections},
    IntField{"free", &PoolStats::free},
    IntField{"connecting", &PoolStats::connecting},
    IntField{"idle", &PoolStats::idle},
    IntField{"in_use", &PoolStats::inUse},
};

struct CounterField
{
    std::string_view name;
    std::uint64_t PoolStats::*member;
};
constexpr std::array kCounters{
    CounterField{"dials", &PoolStats::dials},
    CounterField{"connects_started", &PoolStats::connectsStarted},
    CounterField{"connects_succeeded", &PoolStats::connectsSucceeded},
    CounterField{"reuses", &PoolStats::reuses},
    CounterField{"stale_detected", &PoolStats::staleDetected},
    CounterField{"expired", &PoolStats::expired},
    CounterField{"lifetime_expired", &PoolStats::lifetimeExpired},
    CounterField{"evicted", &PoolStats::evicted},
    CounterField{"over_limit", &PoolStats::overLimit},
    CounterField{"handshake_failures", &PoolStats::handshakeFailures},
    CounterField{"resolve_failures", &PoolStats::resolveFailures},
    CounterField{"socket_errors", &PoolStats::socketErrors},
    CounterField{"timeouts", &PoolStats::timeouts},
    CounterField{"cancelled", &PoolStats::cancelled},
    CounterField{"out_of_resources", &PoolStats::outOfResources},
    CounterField{"closed", &PoolStats::closed},
    CounterField{"illegal_transitions", &PoolStats::illegalTransitions},
    CounterField{"callback_exceptions", &PoolStats::callbackExceptions},
};

struct TimeField
{
    std::string_view name;
    Clock::time_point ConnectionInfo::*member;
};
constexpr std::array kTimes{
    TimeField{"created", &ConnectionInfo::created},
    TimeField{"last_used", &ConnectionInfo::lastUsed},
    TimeField{"in_use_since", &ConnectionInfo::inUseSince},
    TimeField{"keep_alive_deadline", &ConnectionInfo::keepAliveDeadline},
    TimeField{"server_keep_alive_deadline", &ConnectionInfo::serverKeepAliveDeadline},
    TimeField{"lifetime_deadline", &ConnectionInfo::lifetimeDeadline},
};

void encodeTime(JsonObjectWriter& w, std::string_view name, Clock::time_point t, Clock::time_point origin)
{
    if (t == Clock::time_point{})
        w.null(name);
    else if (t == Clock::time_point::max())
        w.field(name, "never");
    else
        w.field(name, offsetUs(origin, t));
}

void encodeError(JsonObjectWriter& w, const Error& e)
{
    w.beginObject("error").field("code", traceName(e.code)).field("message", e.message);
    if (e.phase != DialPhase::None)
        w.field("phase", traceName(e.phase));
    if (e.systemError != 0)
        w.field("system", e.systemError);
    if (e.tlsVerifyResult != 0)
        w.field("tls_verify", std::int64_t{e.tlsVerifyResult});
    if (!e.tlsAlert.empty())
        w.field("tls_alert", e.tlsAlert);
    encodeCertificateProblems(w, "certificate_problems", e.certificateProblems);
    w.end();
}

std::string decodeError(const JsonValue& object, Error& e)
{
    FieldReader r(object, "error");
    r.name("code", e.code, parseErrorCode, true);
    r.string("message", e.message);
    r.name("phase", e.phase, parseDialPhase);
    r.integer("system", e.systemError);
    r.integer("tls_verify", e.tlsVerifyResult);
    r.string("tls_alert", e.tlsAlert);
    if (!r.ok())
        return r.error();
    std::string problem = decodeCertificateProblems(r.get("certificate_problems"), "certificate_problems",
                                                    e.certificateProblems);
    return problem.empty() ? problem : "error " + problem;
}

void encodeConnection(JsonObjectWriter& w, const ConnectionInfo& c, Clock::time_point origin)
{
    w.beginElement()
        .field("id", std::uint64_t{c.id})
        .field("handle", std::uint64_t{c.handle})
        .field("host", c.host)
        .field("port", int{c.port})
        .field("tls", c.tls)
        .field("key", c.key)
        .field("remote", c.remoteAddress)
        .field("local_port", int{c.localPort})
        .field("state", traceName(c.state))
        .field("keep_alive_limit", traceName(c.keepAliveLimit))
        .field("reuse_count", std::uint64_t{c.reuseCount})
        .field("label", c.label);
    for (const TimeField& f : kTimes)
        encodeTime(w, f.name, c.*f.member, origin);
    w.beginObject("timings")
        .field("resolve_us", c.timings.resolveUs)
        .field("connect_us", c.timings.connectUs)
        .field("tls_us", c.timings.tlsUs)
        .field("proxy_us", c.timings.proxyUs)
        .end();
    if (c.tls) {
        const TlsDetails& t = c.tlsDetails;
        w.beginObject("tls_details")
            .field("version", t.version)
            .field("cipher", t.cipher)
            .field("alpn", t.alpn)
            .field("server_name", t.serverName)
            .field("resumed", t.resumed)
            .field("verified", t.verified)
            .field("peer_subject", t.peerSubject)
            .field("peer_issuer", t.peerIssuer)
            .field("verify_result", t.verifyResult);
        encodeCertificateProblems(w, "accepted_problems", t.acceptedProblems);
        if (t.peerNotAfter == std::chrono::system_clock::time_point{})
            w.null("peer_not_after");
        else
            w.field("peer_not_after", std::int64_t{std::chrono::duration_cast<std::chrono::seconds>(
                                                       t.peerNotAfter.time_since_epoch())
                                                       .count()});
        w.end();
    }
    if (!c.lastError.ok())
        encodeError(w, c.lastError);
    w.end();
}

std::string decodeTime(FieldReader& r, std::string_view name, std::int64_t originNs, Clock::time_point& out)
{
    const JsonValue* v = r.get(name);
    if (v == nullptr)
        return {};
    if (v->toString() == std::optional<std::string_view>("never")) {
        out = Clock::time_point::max();
        return {};
    }
    const auto us = v->toInt();
    if (!us || *us < -kMaxOffsetUs || *us > kMaxOffsetUs) {
        r.fail(name, "must be null, \"never\" or microseconds within ±2^52");
        return r.error();
    }
    const std::chrono::nanoseconds ns(originNs + *us * 1000);
    out = Clock::time_point(std::chrono::duration_cast<Clock::duration>(ns));
    return {};
}

std::string decodeConnection(const JsonValue& object, std::int64_t originNs, ConnectionInfo& c)
{
    FieldReader r(object, "connection");
    r.integer("id", c.id, true);
    r.integer("handle", c.handle);
    r.string("host", c.host);
    r.integer("port", c.port);
    r.boolean("tls", c.tls);
    r.string("key", c.key);
    r.string("remote", c.remoteAddress);
    r.integer("local_port", c.localPort);
    r.name("state", c.state, parseState, true);
    r.name("keep_alive_limit", c.keepAliveLimit, parseKeepAliveLimit);
    r.integer("reuse_count", c.reuseCount);
    r.string("label", c.label);
    for (const TimeField& f : kTimes)
        (void)decodeTime(r, f.name, originNs, c.*f.member);
    if (const JsonValue* t = r.get("timings")) {
        FieldReader tr(*t, "timings");
        tr.integer("resolve_us", c.timings.resolveUs);
        tr.integer("connect_us", c.timings.connectUs);
        tr.integer("tls_us", c.timings.tlsUs);
        tr.integer("proxy_us", c.timings.proxyUs); // absent in traces written before proxies
        if (!tr.ok())
            return tr.error();
    }
    if (const JsonValue* t = r.get("tls_details")) {
        FieldReader tr(*t, "tls_details");
        TlsDetails& d = c.tlsDetails;
        tr.string("version", d.version);
        tr.string("cipher", d.cipher);
        tr.string("alpn", d.alpn);
        tr.string("server_name", d.serverName);
        tr.boolean("resumed", d.resumed);
        tr.boolean("verified", d.verified);
        tr.string("peer_subject", d.peerSubject);
        tr.string("peer_issuer", d.peerIssuer);
        tr.string("verify_result", d.verifyResult);
        if (tr.ok()) {
            if (std::string problem = decodeCertificateProblems(tr.get("accepted_problems"),
                                                                "accepted_problems", d.acceptedProblems);
                !problem.empty())
                return "tls_details " + problem;
        }
        std::int64_t notAfter = 0;
        tr.integer("peer_not_after", notAfter);
        if (notAfter < -kMaxUnixSeconds || notAfter > kMaxUnixSeconds) // before any conversion
            tr.fail("peer_not_after", "is out of range");
        else
            d.peerNotAfter = std::chrono::system_clock::time_point(
                std::chrono::duration_cast<std::chrono::system_clock::duration>(
                    std::chrono::seconds(notAfter)));
        if (!tr.ok())
            return tr.error();
    }
    if (const JsonValue* e = r.get("error")) {
        std::string problem = decodeError(*e, c.lastError);
        if (!problem.empty())
            return problem;
    }
    return r.error();
}

} // namespace

std::int64_t offsetUs(Clock::time_point origin, Clock::time_point t) noexcept
{
    // Saturating: a deadline near time_point::max() (or min()) must not overflow the difference.
    using Rep = Clock::rep;
    const Rep a = t.time_since_epoch().count();
    const Rep b = origin.time_since_epoch().count();
    if (b > 0 && a < std::numeric_limits<Rep>::min() + b)
        return -kMaxOffsetUs;
    if (b < 0 && a > std::numeric_limits<Rep>::max() + b)
        return kMaxOffsetUs;
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::duration(a - b)).count();
    return std::clamp<std::int64_t>(us, -kMaxOffsetUs, kMaxOffsetUs);
}

void encodeHeader(std::string& out, const TraceHeader& h)
{
    JsonObjectWriter(out)
        .field("type", "header")
        .field("format", kFormatName)
        .field("version", h.versionMajor)
        .field("version_minor", h.versionMinor)
        .field("writer", h.writer)
        .field("start_wall_us", h.startWallUs)
        .field("clock", "steady")
        .field("origin_steady_ns", h.originSteadyNs)
        .end();
    out.push_back('\n');
}

void encodeEvent(std::string& out, const TraceEvent& e)
{
    JsonObjectWriter w(out);
    w.field("type", "event")
        .field("t", e.offsetUs)
        .field("kind", traceName(e.kind))
        .field("id", std::uint64_t{e.id})
        .field("endpoint", e.endpoint)
        .field("label", e.label)
        .field("reason", traceName(e.reason))
        .field("reused", e.reused);
    if (e.state)
        w.field("state", traceName(*e.state));
    if (e.errorCode != ErrorCode::Ok)
        w.beginObject("error").field("code", traceName(e.errorCode)).field("message", e.errorMessage).end();
    if (!e.message.empty())
        w.field("message", e.message);
    if (e.value != 0)
        w.field("value", e.value);
    w.end();
    out.push_back('\n');
}

void encodeSnapshot(std::string& out, std::int64_t t, const PoolStats& stats,
                    const std::vector<ConnectionInfo>& connections, Clock::time_point origin)
{
    JsonObjectWriter w(out);
    w.field("type", "snapshot").field("t", t).beginObject("stats");
    for (const IntField& f : kGauges)
        w.field(f.name, stats.*f.member);
    w.field("shut_down", stats.shutDown);
    for (const CounterField& f : kCounters)
        w.field(f.name, stats.*f.member);
    w.beginArray("hosts");
    for (const HostStats& h : stats.hosts) {
        w.beginElement()
            .field("key", h.key)
            .field("in_use", h.inUse)
            .field("idle", h.idle)
            .field("connecting", h.connecting)
            .field("max", h.max)
            .end();
    }
    w.endArray().end().beginArray("connections");
    for (const ConnectionInfo& c : connections)
        encodeConnection(w, c, origin);
    w.endArray().end();
    out.push_back('\n');
}

void encodeEnd(std::string& out, std::int64_t t, std::uint64_t events, std::uint64_t snapshots)
{
    JsonObjectWriter(out)
        .field("type", "end")
        .field("t", t)
        .field("events", events)
        .field("snapshots", snapshots)
        .end();
    out.push_back('\n');
}

std::string decodeOffset(const JsonValue& record, std::int64_t& t)
{
    FieldReader r(record, "record");
    r.integer("t", t, true);
    if (r.ok() && (t < 0 || t > kMaxOffsetUs))
        r.fail("t", "must be microseconds from 0 to 2^52");
    return r.error();
}

std::string decodeHeader(const JsonValue& record, TraceHeader& h)
{
    FieldReader r(record, "header");
    std::string format;
    r.string("format", format, true);
    if (r.ok() && format != kFormatName)
        return "not a PoolScope trace (format \"" + format + "\", expected \"" + std::string(kFormatName) +
               "\")";
    r.integer("version", h.versionMajor, true);
    if (r.ok() && h.versionMajor != kFormatMajor)
        return "trace format version " + std::to_string(h.versionMajor) +
               " is not supported (this reader reads " + std::to_string(kFormatMajor) + ".x)";
    r.integer("version_minor", h.versionMinor);
    r.string("writer", h.writer);
    r.integer("start_wall_us", h.startWallUs);
    r.integer("origin_steady_ns", h.originSteadyNs);
    if (r.ok() && (h.originSteadyNs < -kMaxOriginNs || h.originSteadyNs > kMaxOriginNs))
        r.fail("origin_steady_ns", "is out of range (±2^61)");
    return r.error();
}

std::string decodeEvent(const JsonValue& record, TraceEvent& e, bool& known)
{
    FieldReader r(record, "event");
    std::string problem = decodeOffset(record, e.offsetUs);
    if (!problem.empty())
        return problem;
    std::string kind;
    r.string("kind", kind, true);
    const auto parsedKind = parseEventKind(kind);
    known = parsedKind.has_value();
    if (!r.ok() || !known)
        return r.error();
    e.kind = *parsedKind;
    r.integer("id", e.id);
    r.string("endpoint", e.endpoint);
    r.string("label", e.label);
    r.name("reason", e.reason, parseCloseReason);
    r.boolean("reused", e.reused);
    if (r.get("state") != nullptr) {
        ConnectionState state = ConnectionState::Free;
        r.name("state", state, parseState);
        e.state = state;
    }
    if (const JsonValue* error = r.get("error")) {
        Error decoded;
        problem = decodeError(*error, decoded);
        if (!problem.empty())
            return "event " + problem;
        e.errorCode = decoded.code;
        e.errorMessage = std::move(decoded.message);
    }
    r.string("message", e.message);
    r.integer("value", e.value);
    return r.error();
}

std::string decodeSnapshot(const JsonValue& record, std::int64_t originNs, PoolStats& stats,
                           std::vector<ConnectionInfo>& connections)
{
    FieldReader r(record, "snapshot");
    const JsonValue* statsValue = r.get("stats", true);
    const JsonValue* rows = r.get("connections", true);
    if (!r.ok())
        return r.error();
    FieldReader s(*statsValue, "stats");
    for (const IntField& f : kGauges)
        s.integer(f.name, stats.*f.member);
    s.boolean("shut_down", stats.shutDown);
    for (const CounterField& f : kCounters)
        s.integer(f.name, stats.*f.member);
    if (const JsonValue* hosts = s.get("hosts")) {
        if (!hosts->isArray())
            s.fail("hosts", "must be an array");
        for (const JsonValue& item : hosts->items()) {
            HostStats h;
            FieldReader hr(item, "host");
            hr.string("key", h.key);
            hr.integer("in_use", h.inUse);
            hr.integer("idle", h.idle);
            hr.integer("connecting", h.connecting);
            hr.integer("max", h.max);
            if (!hr.ok())
                return hr.error();
            stats.hosts.push_back(std::move(h));
        }
    }
    if (!s.ok())
        return s.error();
    if (!rows->isArray())
        return "snapshot field \"connections\" must be an array";
    connections.reserve(rows->items().size());
    for (const JsonValue& item : rows->items()) {
        ConnectionInfo c;
        std::string problem = decodeConnection(item, originNs, c);
        if (!problem.empty())
            return problem;
        connections.push_back(std::move(c));
    }
    return {};
}

} // namespace poolscope::trace::detail
