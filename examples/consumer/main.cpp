// poolscope_consumer: a small Qt console program built against the *installed* PoolScope package.
//
// It starts PoolScope's lab (a loopback HTTPS server), leases a TLS connection from a
// PoolScope::Service, sends one HTTP request over it, returns it, leases again and checks that the
// idle connection was reused. It also uses the dmConnectionPool API (dmsdk/dlib/connection_pool.h).
// Prints "consumer: OK" and exits 0 on success.

#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>
#include <chrono>
#include <dmsdk/dlib/connection_pool.h>
#include <memory>
#include <poolscope/lab/lab.h>
#include <poolscope/service/pool_service.h>

using namespace std::chrono_literals;

namespace {

void say(const QString& line)
{
    QTextStream(stdout) << line << Qt::endl;
}

void fail(const QString& why)
{
    QTextStream(stderr) << "consumer: FAILED: " << why << Qt::endl;
    QCoreApplication::exit(1);
}

// The steps, each continuing on the main thread (the context object) when the service answers.
struct Steps
{
    poolscope::PoolService* pool = nullptr;
    poolscope::AcquireRequest request;
    QObject* context = nullptr;

    void acquireFirst()
    {
        pool->acquire(request)
            .then(context,
                  [this](const poolscope::Lease& lease) {
                      say(QStringLiteral("leased #%1: %2:%3%4")
                              .arg(lease.id)
                              .arg(lease.host)
                              .arg(lease.port)
                              .arg(lease.tls ? QStringLiteral(" over TLS") : QString()));
                      get(lease.id);
                  })
            .onFailed(context, [](const poolscope::ServiceError& e) { fail(e.message()); });
    }

    void get(poolscope::ConnectionId id)
    {
        pool->probe(id, QStringLiteral("GET"), QStringLiteral("/"))
            .then(context,
                  [this, id](const poolscope::ProbeResult& response) {
                      say(QStringLiteral("GET / -> %1 (%2 bytes)")
                              .arg(response.statusLine)
                              .arg(response.bodyBytes));
                      pool->release(id).then(context, [this] { acquireAgain(); });
                  })
            .onFailed(context, [](const poolscope::ServiceError& e) { fail(e.message()); });
    }

    void acquireAgain()
    {
        pool->acquire(request)
            .then(context,
                  [this](const poolscope::Lease& lease) {
                      say(QStringLiteral("leased #%1 again: %2")
                              .arg(lease.id)
                              .arg(lease.reused ? QStringLiteral("reused the idle connection")
                                                : QStringLiteral("a new connection")));
                      const bool reused = lease.reused;
                      pool->release(lease.id).then(context, [reused] {
                          if (!reused)
                              return fail(QStringLiteral("the idle connection was not reused"));
                          say(QStringLiteral("consumer: OK"));
                          QCoreApplication::exit(0);
                      });
                  })
            .onFailed(context, [](const poolscope::ServiceError& e) { fail(e.message()); });
    }
};

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);

    // The seed API: create and delete a pool (no network).
    dmConnectionPool::Params seedParams;
    dmConnectionPool::HPool seedPool = nullptr;
    if (dmConnectionPool::New(&seedParams, &seedPool) != dmConnectionPool::RESULT_OK) {
        fail(QStringLiteral("dmConnectionPool::New failed"));
        return 1;
    }
    dmConnectionPool::Stats seedStats{};
    dmConnectionPool::GetStats(seedPool, &seedStats);
    say(QStringLiteral("seed API: a pool with %1 free slots").arg(seedStats.m_Free));
    dmConnectionPool::Delete(seedPool);

    // Something to dial. A real application dials its own hosts with the default TLS options.
    auto lab = poolscope::lab::Lab::start();
    if (!lab) {
        fail(QStringLiteral("lab: ") + QString::fromStdString(lab.error().message));
        return 1;
    }

    auto started = poolscope::PoolServiceThread::start();
    if (!started) {
        fail(QStringLiteral("pool: ") + QString::fromStdString(started.error().message));
        return 1;
    }
    const std::unique_ptr<poolscope::PoolServiceThread> poolThread = std::move(started).value();

    Steps steps;
    steps.pool = poolThread->service();
    steps.context = &app;
    steps.request.host = QStringLiteral("127.0.0.1");
    steps.request.port = (*lab)->port(poolscope::lab::ServerKind::Https);
    steps.request.tls = true;
    steps.request.overrideTls = true;
    steps.request.tlsOptions = (*lab)->trustingTls(); // trust the lab's CA, for this endpoint only
    steps.request.timeout = 5s;
    steps.request.label = QStringLiteral("consumer");

    QTimer::singleShot(0, &app, [&steps] { steps.acquireFirst(); });
    QTimer::singleShot(20s, &app, [] { fail(QStringLiteral("no answer within 20 s")); });
    return QCoreApplication::exec();
}
