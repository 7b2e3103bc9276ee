// poolscope-uicount: the UI diff's applies (bench/ui_diff.cpp) in loops made to be counted by
// callgrind rather than timed, as poolscope-hitcount does for the hit path. Each loop is its own
// function, so bench/uicount.sh reads each one's inclusive instruction count and divides it by
// the applies:
//
//   countPlainApplies   ConnectionsModel::applyConnections, 10,000 rows, 1,000 changed
//   countSortedApplies  the same with the app's sorting proxy attached, sorted by state
//   countDiffs          diffSnapshot() alone on the same two snapshots (half of them with
//                       no change), given the id index as the model gives it
//
//   poolscope-uicount [applies]   (default 20; exit code 1 if an apply saw other changes)
#include "models/connections_filter_proxy.h"
#include "models/connections_model.h"
#include "ui_snapshots.h"

#include <QCoreApplication>
#include <cstdio>
#include <cstdlib>

namespace poolscope::bench {

namespace {

bool sawTenPercent(const ui::ConnectionsModel& model)
{
    const auto stats = model.lastApply();
    return stats.updated == kUiRows / 10 && stats.inserted == 0 && stats.removed == 0 &&
           model.rowCount() == kUiRows;
}

/// The loop both counted functions run; inlined into each, so neither counts the other.
[[gnu::always_inline]] inline int applyAlternately(ui::ConnectionsModel& model,
                                                   const std::vector<ConnectionInfo>& a,
                                                   const std::vector<ConnectionInfo>& b,
                                                   Clock::time_point now, int applies)
{
    int failures = 0;
    for (int i = 0; i < applies; ++i) {
        model.applyConnections(i % 2 == 0 ? b : a, now + std::chrono::milliseconds(200 + i));
        failures += sawTenPercent(model) ? 0 : 1;
    }
    return failures;
}

} // namespace

// Not static and never inlined: callgrind reports each under its own name.
[[gnu::noinline]] int countPlainApplies(ui::ConnectionsModel& model, const std::vector<ConnectionInfo>& a,
                                        const std::vector<ConnectionInfo>& b, Clock::time_point now,
                                        int applies)
{
    return applyAlternately(model, a, b, now, applies);
}

[[gnu::noinline]] int countSortedApplies(ui::ConnectionsModel& model, const std::vector<ConnectionInfo>& a,
                                         const std::vector<ConnectionInfo>& b, Clock::time_point now,
                                         int applies)
{
    return applyAlternately(model, a, b, now, applies);
}

[[gnu::noinline]] int countDiffs(const std::vector<const ui::ConnectionRow*>& rows,
                                 const QHash<ConnectionId, int>& rowById,
                                 const std::vector<ConnectionInfo>& a, const std::vector<ConnectionInfo>& b,
                                 Clock::time_point now, int applies)
{
    int failures = 0;
    for (int i = 0; i < applies; ++i) {
        const ui::SnapshotDiff diff =
            ui::diffSnapshot(rows, i % 2 == 0 ? b : a, {now, std::chrono::seconds(10)}, &rowById);
        const std::size_t expected = i % 2 == 0 ? kUiRows / 10 : 0;
        failures += diff.updates.size() == expected && diff.inserts.empty() && diff.removals.empty() ? 0 : 1;
    }
    return failures;
}

int run(int applies)
{
    const auto now = Clock::now();
    const std::vector<ConnectionInfo> a = makeUiSnapshot(now);
    const std::vector<ConnectionInfo> b = changeTenPercent(a, now + std::chrono::milliseconds(100));
    int failures = 0;

    ui::ConnectionsModel plain;
    plain.setTicking(false);
    plain.applyConnections(a, now); // seeds the table (not counted: outside the loops)
    plain.applyConnections(b, now); // warm-up: lazy symbol binding, first allocations
    plain.applyConnections(a, now);
    failures += countPlainApplies(plain, a, b, now, applies);

    ui::ConnectionsModel sorted;
    sorted.setTicking(false);
    ui::ConnectionsFilterProxy proxy;
    proxy.setSourceModel(&sorted);
    proxy.setSortRole(ui::ConnectionsModel::SortRole);
    proxy.sort(ui::ConnectionsModel::State);
    sorted.applyConnections(a, now);
    sorted.applyConnections(b, now);
    sorted.applyConnections(a, now);
    failures += countSortedApplies(sorted, a, b, now, applies);
    if (proxy.rowCount() != kUiRows)
        ++failures;

    // As the model calls it: its rows and its id index.
    std::vector<ui::ConnectionRow> rows(a.size());
    std::vector<const ui::ConnectionRow*> pointers;
    QHash<ConnectionId, int> rowById;
    for (std::size_t i = 0; i < a.size(); ++i) {
        rows[i].info = a[i];
        pointers.push_back(&rows[i]);
        rowById.insert(a[i].id, static_cast<int>(i));
    }
    failures += countDiffs(pointers, rowById, a, b, now, applies);

    if (failures > 0)
        std::fprintf(stderr, "poolscope-uicount: %d applies did not see the expected changes\n", failures);
    else
        std::printf("poolscope-uicount: %d applies of each loop, each saw the expected changes\n", applies);
    return failures > 0 ? 1 : 0;
}

} // namespace poolscope::bench

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int applies = argc > 1 ? std::atoi(argv[1]) : 20;
    if (applies <= 0 || applies > 100'000) {
        std::fprintf(stderr, "usage: poolscope-uicount [applies 1..100000]\n");
        return 2;
    }
    return poolscope::bench::run(applies);
}
