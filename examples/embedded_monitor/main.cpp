// embedded_monitor: an app's own window with a live view of its own pool, in a few lines.
//
// The app does its real work (here: GET requests to PoolScope's loopback lab over TLS through a
// PoolScope::Service) and shows poolscope::ui::PoolMonitorWidget next to it. The lines that embed
// the monitor are marked "the monitor".
//
//   embedded_monitor                 runs until the window is closed
//   embedded_monitor --check [PNG]   runs the requests, waits until the monitor shows them, prints
//                                    one line, saves a screenshot to PNG if given, exits 0 (or 1)

#include <QApplication>
#include <QLabel>
#include <QTextStream>
#include <QTimer>
#include <QVBoxLayout>
#include <chrono>
#include <embed/pool_monitor_widget.h>
#include <memory>
#include <models/connections_model.h>
#include <models/event_log_model.h>
#include <poolscope/lab/lab.h>
#include <poolscope/service/pool_service.h>

using namespace std::chrono_literals;

namespace {

int finish(int code, const QString& line)
{
    QTextStream(code == 0 ? stdout : stderr) << "embedded_monitor: " << line << Qt::endl;
    QCoreApplication::exit(code);
    return code;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const bool check = args.contains(QStringLiteral("--check"));
    const qsizetype at = args.indexOf(QStringLiteral("--check"));
    const QString screenshot = at >= 0 && at + 1 < args.size() ? args.at(at + 1) : QString();

    auto lab = poolscope::lab::Lab::start(); // a real app dials its own hosts instead
    if (!lab)
        return finish(1, QString::fromStdString(lab.error().message));
    auto started = poolscope::PoolServiceThread::start();
    if (!started)
        return finish(1, QString::fromStdString(started.error().message));
    const std::unique_ptr<poolscope::PoolServiceThread> pool = std::move(started).value();
    poolscope::PoolService* service = pool->service();

    QWidget window;
    window.setWindowTitle(QStringLiteral("My app"));
    auto* layout = new QVBoxLayout(&window);
    layout->addWidget(new QLabel(QStringLiteral("My app's own widgets go here."), &window));
    auto* monitor = new poolscope::ui::PoolMonitorWidget(service, &window); // the monitor
    layout->addWidget(monitor, 1);                                          // the monitor
    window.resize(900, 560);
    window.show();

    poolscope::AcquireRequest request;
    request.host = QStringLiteral("127.0.0.1");
    request.port = (*lab)->port(poolscope::lab::ServerKind::Https);
    request.tls = true;
    request.overrideTls = true;
    request.tlsOptions = (*lab)->trustingTls(); // trust the lab's CA, for this endpoint only
    request.timeout = 5s;
    request.label = QStringLiteral("my-app");

    // The app's work: six GETs, two at a time, so the pool makes two connections and reuses them.
    auto remaining = std::make_shared<int>(6);
    std::function<void()> next = [&] {
        if (*remaining <= 0)
            return;
        --*remaining;
        service->acquire(request)
            .then(&window,
                  [&, service](const poolscope::Lease& lease) {
                      service->probe(lease.id, QStringLiteral("GET"), QStringLiteral("/"))
                          .then(&window,
                                [&, service, id = lease.id](const poolscope::ProbeResult&) {
                                    service->release(id).then(&window, [&] { next(); });
                                })
                          .onFailed(&window,
                                    [](const poolscope::ServiceError& e) { finish(1, e.message()); });
                  })
            .onFailed(&window, [](const poolscope::ServiceError& e) { finish(1, e.message()); });
    };
    QTimer::singleShot(0, &window, [&] {
        next();
        next();
    });

    if (check) {
        // Done when the monitor shows both connections idle and reused, and their events.
        auto* poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&] {
            const auto* rows = monitor->connectionsModel();
            int idle = 0;
            quint32 reuses = 0;
            for (int r = 0; r < rows->rowCount(); ++r) {
                const auto& info = rows->rowAt(r).info;
                idle += info.state == poolscope::ConnectionState::Idle ? 1 : 0;
                reuses += info.reuseCount;
            }
            if (*remaining > 0 || idle != 2 || reuses != 4 || monitor->eventLogModel()->rowCount() == 0)
                return;
            if (!screenshot.isEmpty() && !window.grab().save(screenshot))
                return (void)finish(1, QStringLiteral("could not save ") + screenshot);
            finish(0,
                   QStringLiteral("OK: the monitor shows %1 connections (%2 idle, %3 reuses), %4 events; %5")
                       .arg(rows->rowCount())
                       .arg(idle)
                       .arg(reuses)
                       .arg(monitor->eventLogModel()->rowCount())
                       .arg(monitor->statusText()));
        });
        poll->start(50);
        QTimer::singleShot(
            20s, &window, [] { finish(1, QStringLiteral("the monitor did not show the work within 20 s")); });
    }
    return QApplication::exec();
}
