// UI diff: applying a snapshot of 10,000 connections in which 10 % changed (state, last use,
// keep-alive deadline, reuse count: what a busy pool changes between two publishes) to the
// connections model. Snapshots alternate between two versions, so every apply sees exactly
// 1,000 changed rows spread over the table. Also measured with the sorting proxy attached
// (the app's table), as an extra row.
#include "bench_common.h"
#include "models/connections_filter_proxy.h"
#include "models/connections_model.h"
#include "ui_snapshots.h"

#include <QElapsedTimer>

namespace poolscope::bench {

namespace {

constexpr int kRows = kUiRows;

struct Measured
{
    double applyMs = kNotMeasured;
    double diffMs = kNotMeasured;
};

Measured measure(const RunOptions& run, bool withProxy, Results& results)
{
    const auto now = Clock::now();
    const std::vector<ConnectionInfo> a = makeUiSnapshot(now);
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
