// New TLS connections to a host the pool has seen before: a full handshake (resumption turned
// off) against a resumed one (the pool's per-key session cache). Each sample is one whole dial,
// TCP connect and certificate verification included, through ConnectionPool::dial; the
// connection then serves one GET (untimed) before it is closed, as in real use.
#include "bench_common.h"
#include "keepalive_clients.h"
#include "poolscope/connection_pool.h"

#include <optional>

namespace poolscope::bench {

namespace {

struct Sampler
{
    std::optional<ConnectionPool> pool;
    std::vector<double> perRep;
    int dials = 0;
    int resumed = 0;
    bool failed = false;
};

/// One new connection: dial (timed), then use it for one GET as a caller would (reading the
/// response also reads the server's session tickets), return it and close it.
bool sample(Sampler& s, const DialRequest& request, std::vector<double>& into, std::string& error)
{
    const auto start = BenchClock::now();
    auto lease = s.pool->dial(request);
    const double us = nsSince(start) / 1000.0;
    if (!lease) {
        error = lease.error().message;
        return false;
    }
    const auto info = lease->info();
    if (info && info->tlsDetails.resumed)
        ++s.resumed;
    ++s.dials;
    if (auto written = lease->writeAll(kGetRequest, std::chrono::seconds(5)); !written) {
        error = written.error().message;
        return false;
    }
    ResponseReader reader;
    char buffer[4096];
    for (bool complete = false; !complete;) {
        auto got = lease->readSome(buffer, sizeof buffer, std::chrono::seconds(5));
        if (!got || got.value() == 0) {
            error = got ? std::string("server closed the connection") : got.error().message;
            return false;
        }
        complete = reader.feed(buffer, got.value());
    }
    (void)lease->release();
    (void)s.pool->closeIdle();
    into.push_back(us);
    return true;
}

} // namespace

void runTlsConnect(const RunOptions& run, const LabEndpoints& lab, Results& results)
{
    const int perRep = run.quick ? 20 : 60;
    DialRequest request;
    request.host = lab.host;
    request.port = lab.https;
    request.tls = true;
    request.allowReuse = false;
    request.timeout = std::chrono::seconds(10);

    Sampler full, resumed;
    for (Sampler* s : {&full, &resumed}) {
        PoolParams params;
        params.tls = lab.trustingTls();
        params.tls.sessionResumption = s == &resumed;
        auto pool = ConnectionPool::create(params);
        if (!pool) {
            results.notes.push_back("tls connect: " + pool.error().message);
            return;
        }
        s->pool.emplace(std::move(pool).value());
        // The host is "seen before": one connection primes the context (CA store) and, for the
        // resuming pool, the session cache.
        std::vector<double> ignored;
        std::string error;
        for (int i = 0; i < 3; ++i) {
            if (!sample(*s, request, ignored, error)) {
                results.notes.push_back("tls connect: " + error);
                return;
            }
        }
        s->dials = s->resumed = 0;
    }
    for (int rep = 0; rep < run.repetitions; ++rep) {
        for (Sampler* s : {&full, &resumed}) {
            std::vector<double> samples;
            for (int i = 0; i < perRep && !s->failed; ++i) {
                std::string error;
                if (!sample(*s, request, samples, error)) {
                    s->failed = true;
                    results.notes.push_back("tls connect: " + error);
                }
            }
            if (!samples.empty())
                s->perRep.push_back(median(samples));
        }
    }
    if (!full.failed)
        results.tlsFullUs = median(full.perRep);
    if (!resumed.failed) {
        results.tlsResumedUs = median(resumed.perRep);
        results.tlsResumedFraction =
            resumed.dials > 0 ? static_cast<double>(resumed.resumed) / resumed.dials : 0.0;
    }
    if (full.resumed > 0)
        results.notes.push_back("tls connect: the pool without resumption resumed anyway?");
    progress("  tls new connection: full %.0f us, resumed %.0f us (%.0f %% resumed)", results.tlsFullUs,
             results.tlsResumedUs, results.tlsResumedFraction * 100.0);
}

} // namespace poolscope::bench
