// UI diff: applying a snapshot of 10,000 connections in which 10 % changed (state, last use,
// keep-alive deadline, reuse count: what a busy pool changes between two publishes) to the
// connections model. Snapshots alternate between two versions, so every apply sees exactly
// 1,000 changed rows spread over the table. Also measured with the sorting proxy attached
// (the app's table), as an extra row.
#include "bench_common.h"
#include "models/connections_filter_proxy.h"
#include "models/connections_model.h"

#include <QElapsedTimer>

namespace poolscope::bench {

namespace {

constexpr int kRows = 10'000;

std::vector<ConnectionInfo> makeSnapshot(Clock::time_point now)
{
    std::vector<ConnectionInfo> rows(kRows);
    for (int i = 0; i < kRows; ++i) {
        ConnectionInfo& c = rows[static_cast<std::size_t>(i)];
        c.id = static_cast<ConnectionId>(i + 1);
        c.handle = static_cast<Handle>((1u << 16) | static_cast<unsigned>(i));
        const int hostIndex = i % 1000;
        char host[32];
        std::snprintf(host, sizeof host, "k%d.lab.test", hostIndex);
        c.host = host;
        c.port = 443;
        c.tls = i % 2 == 0;
        c.key = c.tls ? "tls://" : "tcp://";
        c.key.append(c.host).append(":443");
        c.remoteAddress = "127.0.0.1:443";
        c.localPort = static_cast<std::uint16_t>(20000 + i);
        c.state = i % 4 == 0 ? ConnectionState::InUse : ConnectionState::Idle;
        c.created = now - std::chrono::seconds(60);
        c.lastUsed = now - std::chrono::milliseconds(i % 5000);
        c.keepAliveDeadline = c.lastUsed + std::chrono::seconds(10);
        c.lifetimeDeadline = Clock::time_point::max();
        c.reuseCount = static_cast<std::uint32_t>(i % 17);
        if (c.tls) {
            c.tlsDetails.version = "TLSv1.3";
            c.tlsDetails.cipher = "TLS_AES_256_GCM_SHA384";
            c.tlsDetails.verified = true;
            c.tlsDetails.resumed = i % 3 == 0;
            c.tlsDetails.peerSubject = "CN=localhost";
            c.tlsDetails.peerIssuer = "CN=PoolScope Lab CA";
            c.tlsDetails.verifyResult = "ok";
        }
        c.timings = {10, 40, c.tls ? 900 : 0};
    }
    return rows;
}

/// Every tenth row changes: in use ↔ idle, used again, one more reuse.
std::vector<ConnectionInfo> changeTenPercent(std::vector<ConnectionInfo> rows, Clock::time_point now)
{
    for (std::size_t i = 0; i < rows.size(); i += 10) {
        ConnectionInfo& c = rows[i];
        c.state = c.state == ConnectionState::Idle ? ConnectionState::InUse : ConnectionState::Idle;
        c.lastUsed = now;
        c.keepAliveDeadline = now + std::chrono::seconds(10);
        ++c.reuseCount;
    }
    return rows;
}

struct Measured
{
    double applyMs = kNotMeasured;
    double diffMs = kNotMeasured;
};

Measured measure(const RunOptions& run, bool withProxy, Results& results)
{
    const auto now = Clock::now();
    const std::vector<ConnectionInfo> a = makeSnapshot(now);
    const std::vector<ConnectionInfo> b = changeTenPercent(a, now + std::chrono::milliseconds(100));
    ui::ConnectionsModel model;
    model.setTicking(false);
    ui::ConnectionsFilterProxy proxy;
    if (withProxy) {
        proxy.setSourceModel(&model);
        proxy.setSortRole(ui::ConnectionsModel::SortRole);
        proxy.sort(ui::ConnectionsModel::State);
    }
    model.applyConnections(a, now); // seeds the table (no flashes)
    const int applies = run.quick ? 10 : 30;
    std::vector<double> perRep, diffPerRep;
    bool flip = true;
    for (int rep = 0; rep < run.repetitions; ++rep) {
        std::vector<double> samples, diffs;
        for (int i = 0; i < applies; ++i) {
            const auto& next = flip ? b : a;
            flip = !flip;
            QElapsedTimer timer;
            timer.start();
            model.applyConnections(next, now + std::chrono::milliseconds(200 + i));
            samples.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
            diffs.push_back(static_cast<double>(model.lastApply().diffUs) / 1e3);
            const auto stats = model.lastApply();
            if (stats.updated != kRows / 10 || stats.inserted != 0 || stats.removed != 0) {
                results.notes.push_back("ui diff: apply saw " + std::to_string(stats.updated) + " updates, " +
                                        std::to_string(stats.inserted) + " inserts, " +
                                        std::to_string(stats.removed) + " removals (expected 1000/0/0)");
                return {};
            }
        }
        perRep.push_back(median(samples));
        diffPerRep.push_back(median(diffs));
    }
    if (model.rowCount() != kRows || (withProxy && proxy.rowCount() != kRows))
        results.notes.push_back("ui diff: the table does not hold 10,000 rows");
    return {median(perRep), median(diffPerRep)};
}

} // namespace

void runUiDiff(const RunOptions& run, Results& results)
{
    const Measured plain = measure(run, false, results);
    const Measured proxied = measure(run, true, results);
    results.uiDiffMs = plain.applyMs;
    results.uiPureDiffMs = plain.diffMs;
    results.uiDiffWithProxyMs = proxied.applyMs;
    progress("  ui diff: %.2f ms (diff alone %.2f ms), with the sorting proxy %.2f ms", results.uiDiffMs,
             results.uiPureDiffMs, results.uiDiffWithProxyMs);
}

} // namespace poolscope::bench
