// https_client: 200 HTTPS GETs through PoolScope's asynchronous lease, 8 at a time, all on the main
// thread's event loop. Usage: https_client HOST PORT [EXTRA-CA.pem]
#include <QCoreApplication>
#include <QFile>
#include <poolscope/service/lease_device.h>
#include <poolscope/service/pool_service.h>

// Whether `r` holds a whole response: its head and Content-Length bytes of body.
static bool complete(const QByteArray& r)
{
    const qsizetype head = r.indexOf("\r\n\r\n") + 4, at = r.indexOf("Content-Length:") + 15;
    return head >= 4 && at >= 15 && r.size() - head >= r.mid(at, r.indexOf('\r', at) - at).trimmed().toInt();
}

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    poolscope::ServiceOptions options;
    if (QFile ca(args.value(3)); ca.open(QIODevice::ReadOnly))
        options.pool.tls.extraCaPem = ca.readAll().toStdString(); // e.g. a test server's own CA
    auto started = poolscope::PoolServiceThread::start(options);
    if (args.size() < 3 || !started)
        return qCritical("usage: https_client HOST PORT [EXTRA-CA.pem]"), 2;
    const auto pool = std::move(started).value();
    poolscope::AcquireRequest request;
    request.host = args[1];
    request.port = args[2].toUShort();
    request.tls = true;
    const QByteArray get = "GET / HTTP/1.1\r\nHost: " + args[1].toUtf8() + "\r\n\r\n";
    const auto failed = [&](const QString& why) { qWarning() << why, app.exit(1); };
    int sent = 0, done = 0;
    std::function<void()> next;
    const auto use = [&](const poolscope::Lease& lease) {
        auto* http = new poolscope::LeaseDevice(lease, &app);
        QObject::connect(http, &QIODevice::readyRead, http, [&, http] {
            if (!complete(http->peek(http->bytesAvailable()))) // peek: the bytes stay for next time
                return;
            (void)http->readAll();
            http->close(); // back to the pool for reuse (nothing was left unread) before the next acquire
            http->deleteLater();
            ++done < 200 ? next() : app.exit(0);
        });
        QObject::connect(http, &poolscope::LeaseDevice::errorOccurred, http,
                         [&, http] { failed(http->errorString()); });
        http->write(get);
    };
    next = [&] {
        if (sent++ < 200)
            pool->service()->acquire(request).then(&app, use).onFailed(
                &app, [&](const poolscope::ServiceError& e) { failed(e.message()); });
    };
    for (int i = 0; i < 8; ++i)
        next();
    return QCoreApplication::exec();
}
