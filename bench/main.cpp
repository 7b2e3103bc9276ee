// poolscope-bench: the performance figures of docs/PERFORMANCE.md.
//
//   poolscope-bench [--quick] [--json FILE]
//
// Every server is the lab on 127.0.0.1 (in a child process); every loop is bounded. Exit code 0
// when every figure was measured, 1 when one could not be (a broken benchmark must fail CI, a
// slow one must not: there are no thresholds here), 2 on bad options.
#include "alloc_counter.h"
#include "bench_common.h"
#include "lab_process.h"

#include <QApplication>
#include <QCommandLineParser>
#include <cmath>
#include <cstdio>
#include <curl/curl.h>
#include <fstream>

using namespace poolscope::bench;

namespace {

std::string loadAverage()
{
    std::ifstream file("/proc/loadavg");
    std::string one, five;
    file >> one >> five;
    return one.empty() ? std::string("?") : one + " / " + five;
}

bool everyFigureMeasured(const Results& r)
{
    const double required[] = {r.hitPoolscope,
                               r.hitBaseline,
                               r.hit2Threads,
                               r.hit10kSkipped ? 0.0 : r.hit10kIdle1kKeys,
                               r.https.poolscope,
                               r.https.libcurl,
                               r.https.qnam,
                               r.https.rawOpenssl,
                               r.http.poolscope,
                               r.http.libcurl,
                               r.http.qnam,
                               r.http.rawOpenssl,
                               r.tlsFullUs,
                               r.tlsResumedUs,
                               r.stormPoolPerS,
                               r.stormRawPerS,
                               r.uiDiffMs,
                               r.uiDiffWithProxyMs,
                               r.poolBytesPerIdle,
                               r.hitOneCheck,
                               r.snapshotSkipReason.empty() ? r.snapshotMaxLockHoldMs : 0.0,
                               r.snapshotSkipReason.empty() ? r.snapshotDialP99WithUs : 0.0,
                               r.snapshotSkipReason.empty() ? r.snapshotDialP99WithoutUs : 0.0,
                               r.app10kSkipReason.empty() ? r.app10kGuiBusyFraction : 0.0,
                               r.app10kSkipReason.empty() ? r.app10kMaxStallMs : 0.0,
                               r.attachRoundTripP99WithoutUs,
                               r.attachRoundTripP99WithUs,
                               r.attachCpuShareWith,
                               r.attachCpuShareWithout,
                               r.attachBytesPerS,
                               r.attachSnapshotsPerS,
                               r.attachEncodeMs,
                               r.traceOpenS,
                               r.traceSeekMaxMs};
    for (const double value : required) {
        if (std::isnan(value))
            return false;
    }
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    // Before anything can make OpenSSL allocate: its memory is counted apart (memory.cpp).
    poolscope::bench::alloc::installOpenSslCounter();

    // The app section drives the real main window; offscreen unless the caller chose a platform.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("poolscope-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measures PoolScope against libcurl, QNAM and raw OpenSSL on the lab's loopback servers "
        "and prints a table (docs/PERFORMANCE.md explains every row)."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption quick(
        QStringLiteral("quick"), QStringLiteral("CI smoke run: fewer iterations and repetitions (< 2 min)."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Also write the figures to <FILE> as JSON."),
                                  QStringLiteral("FILE"));
    parser.addOption(quick);
    parser.addOption(json);
    if (!parser.parse(QCoreApplication::arguments()) || !parser.positionalArguments().isEmpty() ||
        (parser.isSet(json) && parser.value(json).isEmpty())) {
        const QString why =
            parser.errorText().isEmpty() ? QStringLiteral("unexpected arguments") : parser.errorText();
        std::fprintf(stderr, "poolscope-bench: %s\n\n%s", qPrintable(why), qPrintable(parser.helpText()));
        return 2;
    }
    if (parser.isSet(help)) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }

    RunOptions run;
    run.quick = parser.isSet(quick);
    run.repetitions = run.quick ? 3 : 7;
    const std::string jsonPath = parser.value(json).toStdString();

    // The lab goes into its own process before any thread exists here.
    raiseDescriptorLimit();
    std::string error;
    auto lab = LabProcess::start(error);
    if (!lab) {
        std::fprintf(stderr, "poolscope-bench: the lab did not start: %s\n", error.c_str());
        return 1;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        std::fprintf(stderr, "poolscope-bench: curl_global_init failed\n");
        return 1;
    }

    const auto start = BenchClock::now();
    Results results;
    const LabEndpoints& endpoints = lab->endpoints();
    progress("poolscope-bench (%s): load average %s; lab on 127.0.0.1 (http %u, https %u, echo %u)",
             run.quick ? "quick" : "full", loadAverage().c_str(), endpoints.http, endpoints.https,
             endpoints.echo);
    if (!poolscope::bench::alloc::openSslCounterInstalled())
        results.notes.push_back("OpenSSL allocated before its counter was installed: OpenSSL bytes are n/a");

    // For profiling one part (e.g. under callgrind): POOLSCOPE_BENCH_ONLY=hit,ui runs only those
    // sections (memory, hit, tls, keepalive, storm, snapshot, app, attach, ui, trace); the others are then
    // n/a.
    const QString only = qEnvironmentVariable("POOLSCOPE_BENCH_ONLY");
    const QStringList sections = only.split(QLatin1Char(','), Qt::SkipEmptyParts);
    const auto wanted = [&](const char* name) {
        return sections.isEmpty() || sections.contains(QLatin1String(name));
    };
    if (wanted("memory")) {
        progress("memory ...");
        runMemory(run, endpoints, results);
    }
    if (wanted("hit")) {
        progress("hit path ...");
        runHitPath(run, endpoints, results);
    }
    if (wanted("tls")) {
        progress("TLS new connections ...");
        runTlsConnect(run, endpoints, results);
    }
    if (wanted("keepalive")) {
        progress("keep-alive clients ...");
        runKeepAlive(run, endpoints, results);
    }
    if (wanted("storm")) {
        progress("dial storm ...");
        runDialStorm(run, endpoints, results);
    }
    if (wanted("snapshot")) {
        progress("snapshots at 10,000 connections ...");
        runSnapshot10k(run, endpoints, results);
    }
    if (wanted("app")) {
        progress("the monitor over 10,000 live connections ...");
        runApp10k(run, endpoints, results);
    }
    if (wanted("attach")) {
        progress("publishing 1,000 connections at 10 Hz to a monitor ...");
        runAttachPublish(run, endpoints, results);
    }
    if (wanted("ui")) {
        progress("UI diff ...");
        runUiDiff(run, results);
    }
    if (wanted("trace")) {
        progress("an hour's trace at 1,000 connections ...");
        runTraceHour(run, results);
    }
    results.elapsedSeconds = nsSince(start) / 1e9;
    results.notes.push_back("load average (1 / 5 min) at the end: " + loadAverage());

    printTable(run, results);
    int status = everyFigureMeasured(results) || !sections.isEmpty() ? 0 : 1;
    if (!jsonPath.empty() && !writeJson(jsonPath, results))
        status = 1;
    lab.reset();
    curl_global_cleanup();
    return status;
}
