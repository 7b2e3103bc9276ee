#include "pool_controller.h"

#include "lab/lab_requests.h"
#include "poolscope/service/live_source.h"
#include "util/app_settings.h"
#include "util/future_utils.h"
#include "util/logging.h"
#include "util/presentation.h"
#include "util/source_text.h"

#include <QDateTime>
#include <QSet>

namespace poolscope::ui {

namespace {

constexpr std::chrono::milliseconds kLabTimeout{5'000};
constexpr std::chrono::milliseconds kLabDnsSilentTimeout{2'000};
constexpr qsizetype kPruneRequestsAbove = 4096;
constexpr qsizetype kAcquiresPerTurn = 25;

/// The form the service's events use ("tls://host:port"), so a refusal sorts and filters with them.
QString eventEndpoint(const QString& host, quint16 port, bool tls)
{
    return (tls ? QStringLiteral("tls://") : QStringLiteral("tcp://")) +
           endpointText(host.toStdString(), port);
}

} // namespace

PoolController::PoolController(PoolService* service, const lab::Lab* lab, QObject* parent)
    : PoolController(new LiveSource(service), lab, parent)
{
    m_source->setParent(this);
}

PoolController::PoolController(MonitorSource* source, const lab::Lab* lab, QObject* parent)
    : QObject(parent), m_source(source), m_service(source->service()),
      m_attached(qobject_cast<AttachedSource*>(source)), m_lab(lab)
{
    m_issueTimer.setInterval(0);
    connect(&m_issueTimer, &QTimer::timeout, this, &PoolController::issueQueued);
    if (m_attached)
        watchAppReplies();
    if (!m_service)
        return;
    connect(m_service, &PoolService::drainProgress, this, [this](int inUse) {
        observeServiceHandoff();
        if (m_draining)
            setDraining(inUse);
    });
    // The service hands back a held connection whose server hung up (AcquireRequest::watchPeer)
    // on its own, and the pool closes it: forget it, or a later Close or forced shutdown would
    // name a lease that is gone. Only Closed: an id outlives a Release (the connection is reused).
    connect(m_service, &PoolService::eventsReady, this, [this](const QList<ServiceEvent>& events) {
        if (m_requests.isEmpty())
            return;
        for (const ServiceEvent& e : events) {
            if (e.kind == ServiceEvent::Kind::Closed)
                m_requests.remove(e.id);
        }
    });
}

bool PoolController::allowed(MonitorSource::Capability capability)
{
    if ((m_service || m_attached) && m_source->can(capability))
        return true;
    Q_EMIT status(SourceText::refusal(*m_source, capability));
    return false;
}

AcquireRequest PoolController::requestFor(const DialSpec& spec) const
{
    AcquireRequest r;
    r.host = spec.host;
    r.port = spec.port;
    r.tls = spec.tls;
    r.timeout = spec.timeout;
    r.label = spec.label.isEmpty() ? tr("manual") : spec.label;
    r.leakCheck = false; // the user holds it on purpose until Return or Close
    r.watchPeer = true;  // with no traffic: the service notices when the server hangs up
    // The lab CA is trusted only when the user asked for it, never implicitly.
    if (spec.tls && spec.trustLabCa && m_lab) {
        r.overrideTls = true;
        r.tlsOptions = m_lab->trustingTls();
    }
    return r;
}

AcquireRequest PoolController::labRequest(lab::ServerKind kind) const
{
    if (!m_lab)
        return {};
    AcquireRequest r =
        labAcquireRequest(*m_lab, kind, kLabTimeout, tr("lab %1").arg(qs(m_lab->server(kind).name)));
    r.leakCheck = false; // the user holds it on purpose until Return or Close
    r.watchPeer = true;  // with no traffic: the service notices when the server hangs up
    return r;
}

bool PoolController::isLabEndpoint(const QString& host, quint16 port) const
{
    if (!m_lab || port == 0)
        return false;
    if (host != QLatin1String("127.0.0.1") && host != QLatin1String("::1") &&
        host != QLatin1String("localhost"))
        return false;
    for (const lab::ServerInfo& s : m_lab->servers()) {
        if (!s.udp && (s.port == port || s.port6 == port))
            return true;
    }
    return false;
}

int PoolController::dial(const DialSpec& spec)
{
    if (!allowed(MonitorSource::Capability::Dial))
        return 0;
    const DialTargetParse parsed = parseDialTarget(spec.toText());
    if (!parsed.spec) {
        Q_EMIT status(tr("Cannot dial: %1").arg(parsed.error));
        return 0;
    }
    if (refuseWhileShutDown(spec.toText(), eventEndpoint(spec.host, spec.port, spec.tls),
                            spec.label.isEmpty() ? tr("manual") : spec.label))
        return 0;
    const AcquireRequest request = requestFor(spec);
    const int count = std::max(1, spec.count);
    qCDebug(lcUi) << "dial" << spec.toText() << "x" << count << "trust lab CA:" << request.overrideTls;
    for (int i = 0; i < count; ++i)
        acquire(request, spec.toText());
    Q_EMIT status(tr("Dialling %1 (%n connection(s))…", nullptr, count).arg(spec.toText()));
    return count;
}

int PoolController::dialLab(lab::ServerKind kind, int count)
{
    if (!m_lab || !allowed(MonitorSource::Capability::Dial))
        return 0;
    const lab::ServerInfo& server = m_lab->server(kind);
    if (server.udp)
        return dialThroughLabDns(server, count);
    if (refuseWhileShutDown(qs(server.name), eventEndpoint(qs(server.host), server.port, server.tls),
                            tr("lab %1").arg(qs(server.name))))
        return 0;
    const AcquireRequest request = labRequest(kind);
    for (int i = 0; i < count; ++i)
        acquire(request, qs(server.name));
    Q_EMIT status(tr("Dialling lab server %1 on port %2…").arg(qs(server.name)).arg(server.port));
    return count;
}

std::optional<lab::ServerKind> PoolController::labResolver() const
{
    if (!m_lab || !m_service)
        return std::nullopt;
    const std::vector<std::string> servers = m_service->params().dnsServers;
    for (const lab::ServerInfo& s : m_lab->servers()) {
        if (s.udp && s.port != 0 &&
            servers == std::vector<std::string>{"127.0.0.1:" + std::to_string(s.port)})
            return s.kind;
    }
    return std::nullopt;
}

QString PoolController::labDnsName()
{
    return QStringLiteral("http.lab.test");
}

std::chrono::milliseconds PoolController::labDnsSilentTimeout()
{
    return kLabDnsSilentTimeout;
}

int PoolController::dialThroughLabDns(const lab::ServerInfo& server, int count)
{
    const lab::ServerInfo& http = m_lab->server(lab::ServerKind::Http);
    const QString name = qs(server.name);
    if (!m_service || server.port == 0 || http.port == 0) {
        Q_EMIT status(tr("Cannot dial through %1: the lab's servers are not all running here").arg(name));
        return 0;
    }
    const QString label = tr("lab %1").arg(name);
    if (refuseWhileShutDown(name, eventEndpoint(labDnsName(), http.port, false), label))
        return 0;
    if (labResolver() != server.kind) {
        // The service runs its commands in order: the acquires below (issued on the next turn of
        // the event loop) resolve through the new server.
        PoolParams params = m_service->params();
        params.dnsServers = {"127.0.0.1:" + std::to_string(server.port)};
        qCInfo(lcUi) << "resolver switched to lab" << name;
        whenDone(
            m_service->setParams(params), this,
            [this, params, name] {
                Q_EMIT paramsApplied(params);
                Q_EMIT status(tr("The pool now resolves every name through lab %1 (Pool Settings › "
                                 "Resolver switches back)")
                                  .arg(name));
            },
            [this, name](const QString& why, ErrorCode) {
                Q_EMIT status(tr("Could not resolve through lab %1: %2").arg(name, why));
            });
    }
    AcquireRequest r;
    r.host = labDnsName();
    r.port = http.port;
    r.tls = false;
    r.timeout = server.kind == lab::ServerKind::DnsSilent ? kLabDnsSilentTimeout : kLabTimeout;
    r.label = label;
    r.allowReuse = false; // a reused connection would resolve nothing
    r.leakCheck = false;  // the user holds it on purpose until Return or Close
    r.watchPeer = true;   // with no traffic: the service notices when the server hangs up
    for (int i = 0; i < count; ++i)
        acquire(r, name);
    Q_EMIT status(tr("Dialling %1:%2 through lab DNS server %3…").arg(labDnsName()).arg(http.port).arg(name));
    return count;
}

void PoolController::acquire(const AcquireRequest& request, const QString& what)
{
    adjustPending(+1);
    m_queue.append({request, what});
    if (!m_issueTimer.isActive())
        m_issueTimer.start(); // issued on the next turn of the event loop, a batch at a time
}

void PoolController::issueQueued()
{
    const qsizetype n = std::min(m_queue.size(), kAcquiresPerTurn);
    const QList<std::pair<AcquireRequest, QString>> batch = m_queue.mid(0, n);
    m_queue.remove(0, n);
    if (m_queue.isEmpty())
        m_issueTimer.stop();
    else if (!m_issueTimer.isActive())
        m_issueTimer.start();
    for (const auto& [request, what] : batch) {
        whenDone(
            m_service->acquire(request), this,
            [this, request = request](const Lease& lease) {
                adjustPending(-1);
                if (m_requests.size() > kPruneRequestsAbove) {
                    const SnapshotPtr snap = m_service->latestSnapshot();
                    QSet<ConnectionId> live;
                    for (const ConnectionInfo& c : snap->connections)
                        live.insert(c.id);
                    m_requests.removeIf([&live](QHash<ConnectionId, AcquireRequest>::iterator it) {
                        return !live.contains(it.key());
                    });
                }
                m_requests.insert(lease.id, request);
                Q_EMIT leaseAcquired(lease);
                Q_EMIT status(lease.reused
                                  ? tr("#%1 %2: reused an idle connection").arg(lease.id).arg(request.host)
                                  : tr("#%1 %2: connected").arg(lease.id).arg(request.host));
            },
            [this, what = what](const QString& why, ErrorCode code) {
                adjustPending(-1);
                Q_EMIT status(tr("Dial %1 failed: %2").arg(what, failureText(why, code)));
            });
    }
}

void PoolController::use(const QList<ConnectionInfo>& connections)
{
    if (!connections.isEmpty() && !allowed(MonitorSource::Capability::Use))
        return;
    for (const ConnectionInfo& c : connections) {
        const QString endpoint = endpointText(c.host, c.port);
        if (c.state == ConnectionState::InUse) {
            if (!m_requests.contains(c.id)) {
                Q_EMIT status(tr("#%1 is held by \"%2\"; Use works on connections you dialled or idle ones")
                                  .arg(c.id)
                                  .arg(qs(c.label)));
                continue;
            }
            probe(c.id, endpoint);
        } else if (c.state == ConnectionState::Idle) {
            if (refuseWhileShutDown(tr("#%1").arg(c.id), eventEndpoint(qs(c.host), c.port, c.tls),
                                    qs(c.label)))
                continue;
            AcquireRequest request = m_requests.value(c.id);
            if (request.host.isEmpty()) {
                request.host = qs(c.host);
                request.port = c.port;
                request.tls = c.tls;
                request.label = tr("manual");
                request.leakCheck = false; // the user holds it on purpose until Return or Close
                request.watchPeer = true;
                // A lab connection dialled with the lab's TLS options has "#…" in its reuse key.
                if (c.tls && m_lab && isLabEndpoint(request.host, c.port) &&
                    c.key.find('#') != std::string::npos) {
                    request.overrideTls = true;
                    request.tlsOptions = m_lab->trustingTls();
                }
            }
            adjustPending(+1);
            whenDone(
                m_service->acquire(request), this,
                [this, request, endpoint](const Lease& lease) {
                    adjustPending(-1);
                    m_requests.insert(lease.id, request);
                    Q_EMIT leaseAcquired(lease);
                    probe(lease.id, endpoint);
                },
                [this, endpoint](const QString& why, ErrorCode code) {
                    adjustPending(-1);
                    Q_EMIT status(tr("Use %1 failed: %2").arg(endpoint, failureText(why, code)));
                });
        } else {
            Q_EMIT status(tr("#%1 is %2; only connections in use or idle can be used")
                              .arg(c.id)
                              .arg(stateText(c.state).toLower()));
        }
    }
}

void PoolController::probe(ConnectionId id, const QString& endpoint)
{
    whenDone(
        m_service->probe(id), this,
        [this, id](const ProbeResult& r) {
            if (r.serverClosed)
                m_requests.remove(id);
            QString text = tr("#%1: %2, %3 body bytes in %4")
                               .arg(id)
                               .arg(r.statusLine.isEmpty() ? QString::number(r.status) : r.statusLine)
                               .arg(r.bodyBytes)
                               .arg(formatMicros(r.elapsedUs));
            if (r.serverClosed)
                text += tr("; the server closed the connection");
            else if (r.keepAliveSetMs >= 0)
                text += tr("; keep-alive set to %1 from the server's Keep-Alive")
                            .arg(formatDuration(std::chrono::milliseconds(r.keepAliveSetMs)));
            Q_EMIT status(text);
        },
        [this, id, endpoint](const QString& why, ErrorCode code) {
            // A probe that ran and failed ends the lease in the service (the connection is closed,
            // never reused), so there is nothing of ours left to return or close. A refused one
            // (a probe already running on it) leaves the lease as it was.
            if (code != ErrorCode::InvalidArgument)
                m_requests.remove(id);
            Q_EMIT status(tr("HTTP probe on #%1 (%2) failed: %3").arg(id).arg(endpoint, why));
        });
}

void PoolController::release(const QList<ConnectionId>& ids)
{
    if (!ids.isEmpty() && !allowed(MonitorSource::Capability::Use))
        return;
    for (ConnectionId id : ids) {
        m_requests.remove(id);
        whenDone(
            m_service->release(id), this,
            [this, id] { Q_EMIT status(tr("#%1 returned to the pool").arg(id)); },
            [this, id](const QString& why, ErrorCode) {
                Q_EMIT status(tr("Return #%1: %2").arg(id).arg(why));
            });
    }
}

void PoolController::close(const QList<ConnectionId>& ids)
{
    if (ids.isEmpty() || !allowed(MonitorSource::Capability::Close))
        return;
    qCDebug(lcUi) << "close" << ids;
    for (ConnectionId id : ids)
        m_requests.remove(id);
    const auto count = static_cast<int>(ids.size());
    if (m_attached) {
        closeOnApp(ids);
        return;
    }
    // The window's Close is the user force-closing, whoever holds the lease: the log says so
    // (CloseReason::ForceClosed), and a holder blocked on the socket is woken, not freed under.
    whenDone(
        m_service->forceClose(ids), this,
        [this, count] { Q_EMIT status(tr("Closed %n connection(s)", nullptr, count)); },
        [this](const QString& why, ErrorCode) { Q_EMIT status(tr("Close failed: %1").arg(why)); });
}

void PoolController::closeIdle()
{
    if (!allowed(MonitorSource::Capability::Close))
        return;
    if (m_attached) {
        closeIdleOnApp();
        return;
    }
    whenDone(
        m_service->closeIdle(), this,
        [this](int closed) { Q_EMIT status(tr("Closed %n idle connection(s)", nullptr, closed)); },
        [this](const QString& why, ErrorCode) { Q_EMIT status(tr("Close idle failed: %1").arg(why)); });
}

void PoolController::shutdown(ShutdownMode mode)
{
    if (!allowed(MonitorSource::Capability::Shutdown))
        return;
    qCDebug(lcUi) << "shutdown" << (mode == ShutdownMode::Graceful ? "graceful" : "forced");
    if (m_attached) {
        shutdownOnApp(mode);
        return;
    }
    setShutDown(true); // the pool refuses dials from now on, draining or not
    if (mode == ShutdownMode::Graceful) {
        setDraining(m_service->latestSnapshot()->leases);
        Q_EMIT status(
            tr("Graceful shutdown: no new connections; waiting for connections in use to come back…"));
    }
    whenDone(
        m_service->shutdown(mode), this,
        [this, mode](int inUse) {
            if (mode == ShutdownMode::Graceful) {
                setDraining(inUse);
                Q_EMIT status(
                    inUse == 0 ? tr("Drained: every connection came back; the pool is shut down")
                               : tr("Graceful shutdown ended with %n connection(s) in use", nullptr, inUse));
            } else {
                setDraining(std::nullopt);
                Q_EMIT status(tr("Forced shutdown: every socket closed (%n were in use)", nullptr, inUse));
                // The sockets of our own leases are dead now: close them rather than leave them
                // "in use". Other holders (the demo) hand theirs back themselves.
                const QList<ConnectionId> own = m_requests.keys();
                if (!own.isEmpty())
                    close(own);
            }
            Q_EMIT shutdownFinished(inUse);
        },
        [this](const QString& why, ErrorCode) {
            setDraining(std::nullopt);
            Q_EMIT status(tr("Shutdown failed: %1").arg(why));
        });
}

void PoolController::reopen()
{
    if (!allowed(MonitorSource::Capability::Shutdown))
        return;
    if (m_attached) {
        reopenOnApp();
        return;
    }
    whenDone(
        m_service->reopen(), this,
        [this] {
            setDraining(std::nullopt);
            setShutDown(false);
            Q_EMIT status(tr("Pool reopened: dials are allowed again"));
        },
        [this](const QString& why, ErrorCode) { Q_EMIT status(tr("Reopen failed: %1").arg(why)); });
}

void PoolController::setParams(const PoolParams& params)
{
    if (!allowed(MonitorSource::Capability::Settings))
        return;
    const Status valid = params.validate();
    if (!valid) {
        qCWarning(lcUi) << "pool settings rejected:" << qs(valid.error().message);
        Q_EMIT failed(tr("Pool settings"), qs(valid.error().message));
        return;
    }
    whenDone(
        m_service->setParams(params), this,
        [this, params] {
            AppSettings::setPoolParams(params);
            Q_EMIT paramsApplied(params);
            Q_EMIT status(tr("Pool settings applied: max %1 connections, keep-alive %2")
                              .arg(params.maxConnections)
                              .arg(formatDuration(params.maxKeepAlive)));
        },
        [this](const QString& why, ErrorCode) {
            qCWarning(lcUi) << "pool settings not applied:" << why;
            Q_EMIT failed(tr("Pool settings"), why);
        });
}

void PoolController::setDraining(std::optional<int> inUse)
{
    if (inUse == m_draining)
        return;
    m_draining = inUse;
    Q_EMIT drainingChanged(inUse.value_or(-1));
}

void PoolController::setShutDown(bool shutDown)
{
    if (shutDown == m_shutDown)
        return;
    m_shutDown = shutDown;
    Q_EMIT shutDownChanged(shutDown);
}

bool PoolController::refuseWhileShutDown(const QString& what, const QString& endpoint, const QString& label)
{
    if (!m_shutDown)
        return false;
    const QString why = tr("the pool is shut down; use Reopen to allow dials again");
    ServiceEvent event;
    event.kind = ServiceEvent::Kind::DialFailed;
    event.endpoint = endpoint;
    event.message = tr("Not dialled: %1").arg(why);
    event.error = ErrorCode::ShutDown;
    event.label = label;
    event.time = QDateTime::currentDateTimeUtc();
    Q_EMIT refused(event);
    Q_EMIT status(tr("%1 not dialled: %2").arg(what, why));
    return true;
}

QString PoolController::failureText(const QString& why, ErrorCode code) const
{
    if (code == ErrorCode::ShutDown)
        return tr("the pool is shut down; use Reopen to allow dials again");
    return why;
}

void PoolController::adjustPending(int delta)
{
    m_pending += delta;
    Q_EMIT pendingDialsChanged(m_pending);
}

} // namespace poolscope::ui
