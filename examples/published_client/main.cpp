// published_client: a Qt app that embeds PoolScope's service, does HTTP traffic through it and
// publishes its pool, so a PoolScope monitor can attach (`poolscope --attach published_client`).
//
//   published_client HOST PORT [--name NAME] [--allow-close] [--parallel N]
//
// Keeps N (default 4) GETs in flight over the pool's keep-alive connections until it reads `stop`
// on standard input; then it returns every connection, waits for the pool to settle and prints
// `final {"connections":…,"idle":…,"in_use":…,"ids":[…]}`; `quit` (or end of input) exits.
// Publishing is read-only unless --allow-close lets monitors close connections.
#include <QCoreApplication>
#include <QTimer>
#include <cstdio>
#include <poolscope/attach/pool_publisher.h>
#include <poolscope/service/lease_device.h>
#include <poolscope/service/pool_service.h>
#include <thread>

namespace {

// Whether `r` holds a whole response: its head and Content-Length bytes of body.
bool complete(const QByteArray& r)
{
    const qsizetype head = r.indexOf("\r\n\r\n") + 4, at = r.indexOf("Content-Length:") + 15;
    return head >= 4 && at >= 15 && r.size() - head >= r.mid(at, r.indexOf('\r', at) - at).trimmed().toInt();
}

void say(const QString& line)
{
    std::fprintf(stdout, "%s\n", qPrintable(line));
    std::fflush(stdout);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("published_client"));
    QStringList args = app.arguments();
    poolscope::PublishOptions publish;
    int parallel = 4;
    for (qsizetype i = 3; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--name") && i + 1 < args.size())
            publish.appName = args[++i];
        else if (args[i] == QLatin1String("--allow-close"))
            publish.allowed = {poolscope::trace::attach::Action::ForceClose,
                               poolscope::trace::attach::Action::CloseIdle};
        else if (args[i] == QLatin1String("--parallel") && i + 1 < args.size())
            parallel = std::clamp(args[++i].toInt(), 1, 64);
        else
            return qCritical("unknown option %s", qPrintable(args[i])), 2;
    }
    auto started = poolscope::PoolServiceThread::start(poolscope::ServiceOptions{});
    if (args.size() < 3 || args[2].toUShort() == 0 || !started)
        return qCritical("usage: published_client HOST PORT [--name NAME] [--allow-close] [--parallel N]"), 2;
    const auto pool = std::move(started).value();
    poolscope::PoolService* service = pool->service();
    QString error;
    poolscope::PoolPublisher* publisher = poolscope::PoolPublisher::publish(service, publish, &error);
    if (publisher == nullptr)
        return qCritical("cannot publish the pool: %s", qPrintable(error)), 1;

    poolscope::AcquireRequest request;
    request.host = args[1];
    request.port = args[2].toUShort();
    request.label = QStringLiteral("published_client");
    const QByteArray get = "GET / HTTP/1.1\r\nHost: " + args[1].toUtf8() + "\r\n\r\n";
    bool stopping = false;
    int inFlight = 0;
    std::function<void()> next;
    std::function<void()> settle;
    const auto use = [&](const poolscope::Lease& lease) {
        auto* http = new poolscope::LeaseDevice(lease, &app);
        const auto finish = [&, http] {
            http->close(); // back to the pool (nothing left unread), or closed if it broke
            http->deleteLater();
            --inFlight;
            stopping ? settle() : next();
        };
        QObject::connect(http, &QIODevice::readyRead, http, [http, finish] {
            if (!complete(http->peek(http->bytesAvailable())))
                return;
            (void)http->readAll();
            finish();
        });
        // A monitor allowed to close connections may close this one under us: not an error here.
        QObject::connect(http, &poolscope::LeaseDevice::errorOccurred, http, finish);
        http->write(get);
    };
    next = [&] {
        ++inFlight;
        service->acquire(request).then(&app, use).onFailed(&app, [&](const poolscope::ServiceError& e) {
            qWarning("acquire failed: %s", qPrintable(e.message()));
            --inFlight;
            // Retried after a pause; a pool that keeps failing is the monitor's to show.
            QTimer::singleShot(200, &app, [&] { stopping ? settle() : next(); });
        });
    };
    // After `stop`: once nothing is in flight and the service's snapshot shows no connection in
    // use, print the pool as it stays (the monitor's last state must match it).
    settle = [&] {
        if (inFlight > 0)
            return;
        const poolscope::SnapshotPtr snapshot = service->latestSnapshot();
        if (!snapshot || snapshot->stats.inUse != 0 || snapshot->stats.connecting != 0) {
            QTimer::singleShot(50, &app, [&] { settle(); });
            return;
        }
        QStringList ids;
        for (const poolscope::ConnectionInfo& c : snapshot->connections)
            ids << QString::number(c.id);
        say(QStringLiteral("final {\"connections\":%1,\"idle\":%2,\"in_use\":%3,\"ids\":[%4]}")
                .arg(snapshot->connections.size())
                .arg(snapshot->stats.idle)
                .arg(snapshot->stats.inUse)
                .arg(ids.join(QLatin1Char(','))));
    };

    // Commands on standard input, read on a thread of their own (portable: a console or pipe is
    // not something every platform's event loop can watch) and handled on the main thread.
    const auto command = [&](const QByteArray& line) {
        if (line == "stop" && !stopping) {
            stopping = true;
            settle();
        } else if (line == "quit") {
            publisher->stop();
            QTimer::singleShot(100, &app, &QCoreApplication::quit); // the bye reaches the monitors
        }
    };
    std::thread reader([&app, command] {
        char line[64] = {};
        for (;;) {
            const bool eof = std::fgets(line, sizeof line, stdin) == nullptr;
            const QByteArray text = eof ? QByteArray("quit") : QByteArray(line).trimmed();
            QMetaObject::invokeMethod(
                &app, [command, text] { command(text); }, Qt::QueuedConnection);
            if (text == "quit")
                return;
        }
    });
    say(QStringLiteral("published %1 pid %2 as %3")
            .arg(publish.appName.isEmpty() ? QCoreApplication::applicationName() : publish.appName)
            .arg(QCoreApplication::applicationPid())
            .arg(publisher->serverName()));
    for (int i = 0; i < parallel; ++i)
        next();
    const int status = QCoreApplication::exec();
    reader.join(); // it ended with the `quit` that ended the loop
    return status;
}
