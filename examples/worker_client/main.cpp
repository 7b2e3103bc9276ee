// worker_client: N HTTPS GETs from a worker thread that blocks on its lease (acquire, writeAll,
// readSome with deadlines, release), while the main thread stays free. No OpenSSL include.
// Usage: worker_client HOST PORT [EXTRA-CA.pem] [N=20]
#include <QCoreApplication>
#include <QFile>
#include <QThread>
#include <poolscope/service/lease_io.h>
#include <poolscope/service/pool_service.h>

using namespace std::chrono_literals;

// One GET on a lease: the whole response (Content-Length framed), or an empty array on failure.
static QByteArray get(const poolscope::Lease& lease, const QByteArray& request)
{
    if (!poolscope::writeAll(lease, request, 5s))
        return {};
    QByteArray r;
    for (int reads = 0; reads < 1000; ++reads) {
        const qsizetype head = r.indexOf("\r\n\r\n") + 4, at = r.indexOf("Content-Length:") + 15;
        if (head >= 4 && at >= 15 && r.size() - head >= r.mid(at, r.indexOf('\r', at) - at).trimmed().toInt())
            return r;
        auto more = poolscope::readSome(lease, 16 * 1024, 5s); // empty: the server closed
        if (!more || more->isEmpty())
            return {};
        r += *more;
    }
    return {};
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
        return qCritical("usage: worker_client HOST PORT [EXTRA-CA.pem] [N=20]"), 2;
    const auto pool = std::move(started).value();
    poolscope::PoolService* service = pool->service();
    poolscope::AcquireRequest request;
    request.host = args[1];
    request.port = args[2].toUShort();
    request.tls = true;
    const QByteArray http = "GET / HTTP/1.1\r\nHost: " + args[1].toUtf8() + "\r\n\r\n";
    const int n = args.value(4, QStringLiteral("20")).toInt();

    int failures = 0;
    QThread* worker = QThread::create([&] {
        for (int i = 0; i < n; ++i) {
            try {
                const poolscope::Lease lease = service->acquire(request).result(); // blocks this thread
                const QByteArray response = get(lease, http);
                // Reuse only after a whole exchange; otherwise the stream is in an unknown state.
                (response.isEmpty() ? service->close({lease.id}) : service->release(lease.id))
                    .waitForFinished();
                failures += response.startsWith("HTTP/1.1 200") ? 0 : 1;
            } catch (const poolscope::ServiceError& e) {
                qWarning() << "acquire failed:" << e.message();
                ++failures;
            }
        }
        poolscope::releaseThreadResources(); // this thread did TLS work
    });
    QObject::connect(worker, &QThread::finished, &app, &QCoreApplication::quit);
    worker->start();
    QCoreApplication::exec();
    worker->wait();
    delete worker;
    qInfo("%d of %d GETs failed", failures, n);
    return failures == 0 ? 0 : 1;
}
