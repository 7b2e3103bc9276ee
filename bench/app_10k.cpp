// The whole monitor at scale: the real MainWindow (offscreen) over a PoolService holding 10,000
// live connections to the lab's echo server, snapshots published at 10 Hz while a client thread
// keeps taking and returning connections, the table sorted by state and filtered by text, as a
// user would leave it. Measured on the GUI thread: the share of wall time it spent on the CPU
// (its thread CPU clock) and the longest gap between ticks of a 5 ms timer (the event loop's
// longest stall).
#include "bench_common.h"
#include "main_window.h"
#include "models/connections_filter_proxy.h"
#include "models/connections_model.h"
#include "poolscope/service/pool_service.h"
#include "service_helpers.h"
#include "util/resources.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>
#include <atomic>
#include <ctime>
#include <deque>
#include <sys/resource.h>
#include <thread>

namespace poolscope::bench {

namespace {

constexpr int kConnections = 10'000;

} // namespace

void runApp10k(const RunOptions& run, const LabEndpoints& lab, Results& results)
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY &&
        limit.rlim_cur < 10'500) {
        results.app10kSkipReason = "the descriptor limit (" + std::to_string(limit.rlim_cur) +
                                   ") is below 10,500; raise `ulimit -n`";
        results.notes.push_back("app at 10k: skipped, " + results.app10kSkipReason);
        return;
    }
    if (!qobject_cast<QApplication*>(QCoreApplication::instance())) {
        results.app10kSkipReason = "no QApplication";
        return;
    }
    ui::initResources();
    ServiceOptions options;
    options.pool.maxConnections = kConnections + 16;
    options.pool.maxKeepAlive = std::chrono::minutes(10);
    options.leakThreshold = std::chrono::hours(1);
    auto started = PoolServiceThread::start(options);
    if (!started) {
        results.notes.push_back("app at 10k: " + started.error().message);
        return;
    }
    auto serviceThread = std::move(started).value();
    PoolService* service = serviceThread->service();
    auto window = std::make_unique<ui::MainWindow>(service, nullptr);
    window->resize(1280, 800);
    window->show();

    AcquireRequest request;
    request.host = QString::fromStdString(lab.host);
    request.port = lab.echo;
    request.timeout = std::chrono::seconds(30);
    request.label = QStringLiteral("bench");
    if (const int failed = fillIdleConnections(service, request, kConnections, 120'000); failed > 0) {
        results.notes.push_back("app at 10k: " + std::to_string(failed) + " of 10,000 acquires failed");
        return;
    }
    // Sorted and filtered, as a user would leave it.
    auto* view = window->connectionsView();
    auto* proxy = qobject_cast<ui::ConnectionsFilterProxy*>(view->model());
    if (!proxy) {
        results.notes.push_back("app at 10k: the table is not behind the connections proxy");
        return;
    }
    view->sortByColumn(ui::ConnectionsModel::State, Qt::AscendingOrder);
    proxy->setSearchText(QString::fromStdString(lab.host));
    if (!spinUntil([&] { return window->connectionsModel()->rowCount() == kConnections; }, 60'000)) {
        results.notes.push_back("app at 10k: the table never showed 10,000 rows");
        return;
    }

    // The client: takes a connection, returns the one it took 200 operations ago, ~2,000 times a
    // second, so each 10 Hz snapshot changes a few hundred rows.
    std::atomic<bool> stop{false};
    std::atomic<int> clientFailures{0};
    std::thread client([&] {
        std::deque<ConnectionId> held;
        while (!stop.load()) {
            try {
                held.push_back(service->acquire(request).result().id);
            } catch (const std::exception&) {
                ++clientFailures;
                break;
            }
            if (held.size() > 200) {
                service->release(held.front()).waitForFinished();
                held.pop_front();
            }
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        for (const ConnectionId id : held)
            service->release(id).waitForFinished();
    });

    // What the GUI thread spends on snapshots (the rest is painting, the log, charts, timers).
    int applies = 0;
    qint64 applyUs = 0;
    QObject::connect(window->connectionsModel(), &ui::ConnectionsModel::applied, [&] {
        ++applies;
        applyUs += window->connectionsModel()->lastApply().applyUs;
    });
    QElapsedTimer wall, gap;
    qint64 longestGapMs = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(5);
    QObject::connect(&probe, &QTimer::timeout, [&] { longestGapMs = std::max(longestGapMs, gap.restart()); });
    (void)spinUntil([] { return false; }, 1000); // the client's first changes reach the table
    applies = 0;
    applyUs = 0;
    const double cpuStart = threadCpuSeconds();
    wall.start();
    gap.start();
    probe.start();
    const int lengthMs = run.quick ? 3000 : 8000;
    (void)spinUntil([&] { return wall.elapsed() >= lengthMs; }, lengthMs + 1000);
    probe.stop();
    const double busy = (threadCpuSeconds() - cpuStart) / (static_cast<double>(wall.nsecsElapsed()) / 1e9);
    stop = true;
    client.join();
    if (clientFailures.load() > 0) {
        results.notes.push_back("app at 10k: the client's acquire failed");
        return;
    }
    results.app10kGuiBusyFraction = busy;
    results.app10kMaxStallMs = static_cast<double>(longestGapMs);
    const double seconds = static_cast<double>(wall.nsecsElapsed()) / 1e9;
    progress(
        "  app at 10k: GUI thread busy %.0f %% of the time, longest event-loop stall %lld ms; %.1f applies/s "
        "taking %.1f ms each",
        busy * 100.0, longestGapMs, applies / seconds,
        applies ? static_cast<double>(applyUs) / applies / 1e3 : 0.0);
    window.reset();
    serviceThread.reset();
}

} // namespace poolscope::bench
