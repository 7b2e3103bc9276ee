// The service's values as Qt sees them: every engine enum prints its enumerators by name through
// its Q_ENUM_NS mirror (poolscope::qt), the value types are Q_GADGETs whose properties read their
// fields, and qDebug() of them says what they are without secrets. Real leases, probes and
// snapshots from a service dialling the lab.
#include "poolscope/lab/proxy_server.h"
#include "poolscope/service/qt_enums.h"
#include "service_test_support.h"

#include <QMetaEnum>
#include <QMetaProperty>
#include <QTest>
#include <QTimeZone>
#include <functional>

using namespace poolscope;
using namespace poolscope::test;
using lab::ServerKind;

namespace {

template <class T> QString debugged(const T& value)
{
    QString out;
    QDebug(&out) << value;
    return out.trimmed();
}

/// What a mirrored enum's rows need: the mirror's QMetaEnum, and for one raw value the engine
/// value's qDebug() and its describe() (the engine's own words; "unknown …" past its last).
struct EnumRow
{
    QMetaEnum meta;
    std::function<QString(int)> debugEngine;
    std::function<std::string(int)> describeEngine;
};

template <class Engine> EnumRow enumRow()
{
    using Mirror = decltype(toQt(Engine{}));
    return {QMetaEnum::fromType<Mirror>(), [](int v) { return debugged(static_cast<Engine>(v)); },
            [](int v) {
                if constexpr (requires { describe(Engine{}); })
                    return std::string(describe(static_cast<Engine>(v)));
                else
                    return std::string(); // TlsVersion and ProxyType have no words in the engine
            }};
}

QVariant readField(const QMetaObject& meta, const void* gadget, const char* name)
{
    const int index = meta.indexOfProperty(name);
    if (index < 0)
        return {};
    return meta.property(index).readOnGadget(gadget);
}

/// The key of an enum property's value, read through the property's own QMetaEnum.
QByteArray enumKey(const QMetaObject& meta, const void* gadget, const char* name)
{
    const int index = meta.indexOfProperty(name);
    if (index < 0 || !meta.property(index).isEnumType())
        return "<not an enum property>";
    const QMetaProperty p = meta.property(index);
    const QVariant v = p.readOnGadget(gadget);
    return p.enumerator().valueToKey(v.toInt());
}

QStringList propertyNames(const QMetaObject& meta)
{
    QStringList names;
    for (int i = meta.propertyOffset(); i < meta.propertyCount(); ++i)
        names << QString::fromLatin1(meta.property(i).name());
    names.sort();
    return names;
}

} // namespace

Q_DECLARE_METATYPE(EnumRow)

class TestServiceQtTypes : public QObject, private LabServiceFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(startLab()); }
    void cleanupTestCase() { stopLab(); }

    void enumsPrintTheirNames_data();
    void enumsPrintTheirNames();
    void verbosityAndUnnamedValues();
    void gadgetsHaveAPropertyPerField_data();
    void gadgetsHaveAPropertyPerField();
    void serviceEventProperties();
    void leaseProbeAndSnapshotFromTheLab();
    void debugLinesSayNamesNotSecrets();
};

void TestServiceQtTypes::enumsPrintTheirNames_data()
{
    QTest::addColumn<EnumRow>("row");
    QTest::addColumn<QString>("name");
    QTest::newRow("ConnectionState") << enumRow<ConnectionState>() << QStringLiteral("ConnectionState");
    QTest::newRow("ConnectionTrigger") << enumRow<ConnectionTrigger>() << QStringLiteral("ConnectionTrigger");
    QTest::newRow("CloseReason") << enumRow<CloseReason>() << QStringLiteral("CloseReason");
    QTest::newRow("KeepAliveLimit") << enumRow<KeepAliveLimit>() << QStringLiteral("KeepAliveLimit");
    QTest::newRow("ErrorCode") << enumRow<ErrorCode>() << QStringLiteral("ErrorCode");
    QTest::newRow("DialPhase") << enumRow<DialPhase>() << QStringLiteral("DialPhase");
    QTest::newRow("TlsVersion") << enumRow<TlsVersion>() << QStringLiteral("TlsVersion");
    QTest::newRow("ProxyType") << enumRow<ProxyType>() << QStringLiteral("ProxyType");
    QTest::newRow("EventKind") << enumRow<EventKind>() << QStringLiteral("EventKind");
}

void TestServiceQtTypes::enumsPrintTheirNames()
{
    QFETCH(EnumRow, row);
    QFETCH(QString, name);
    QVERIFY(row.meta.isValid());
    QCOMPARE(QString::fromLatin1(row.meta.enumName()), name);
    QVERIFY(row.meta.isScoped());
    QVERIFY(row.meta.keyCount() > 1);

    // The mirror's values are 0 … n-1, each one an engine enumerator (the engine's describe()
    // knows it), printed "poolscope::<Enum>::<Key>".
    const std::string unknown = row.describeEngine(250);
    const bool described = !unknown.empty();
    for (int i = 0; i < row.meta.keyCount(); ++i) {
        const int value = row.meta.value(i);
        QCOMPARE(value, i);
        const QString key = QString::fromLatin1(row.meta.key(i));
        QVERIFY2(!described || row.describeEngine(value) != unknown, qPrintable(key));
        QCOMPARE(row.debugEngine(value), QStringLiteral("poolscope::%1::%2").arg(name, key));
    }
    // One past the mirror's last is not an engine enumerator either: the engine has nothing the
    // mirror lacks (its describe() switch names every enumerator, under -Wswitch).
    if (described)
        QCOMPARE(row.describeEngine(row.meta.keyCount()), unknown);
}

void TestServiceQtTypes::verbosityAndUnnamedValues()
{
    QCOMPARE(debugged(ErrorCode::TimedOut), QStringLiteral("poolscope::ErrorCode::TimedOut"));
    QString terse;
    QDebug(&terse).verbosity(QDebug::MinimumVerbosity) << CloseReason::Stale;
    QCOMPARE(terse.trimmed(), QStringLiteral("CloseReason::Stale"));
    QCOMPARE(debugged(static_cast<ErrorCode>(99)), QStringLiteral("poolscope::ErrorCode(99)"));
    // The mirrors themselves print as Qt prints any Q_ENUM_NS enum class.
    QCOMPARE(debugged(toQt(ConnectionState::InUse)), QStringLiteral("poolscope::qt::ConnectionState::InUse"));
    static_assert(fromQt(toQt(DialPhase::Proxy)) == DialPhase::Proxy);
    // Streams compose: spaces between items as usual.
    QString line;
    QDebug(&line) << "state" << ConnectionState::Idle << 3;
    QCOMPARE(line.trimmed(), QStringLiteral("state poolscope::ConnectionState::Idle 3"));
}

void TestServiceQtTypes::gadgetsHaveAPropertyPerField_data()
{
    QTest::addColumn<const QMetaObject*>("meta");
    QTest::addColumn<QStringList>("fields");
    // The documented fields, space-separated.
    const auto sorted = [](const char* names) {
        QStringList l = QString::fromLatin1(names).split(QLatin1Char(' '));
        l.sort();
        return l;
    };
    QTest::newRow("Lease") << &Lease::staticMetaObject
                           << sorted("id handle socket host port tls reused label");
    QTest::newRow("ProbeResult") << &ProbeResult::staticMetaObject
                                 << sorted("status statusLine bodyBytes serverClosed keepAliveSeconds "
                                           "elapsedUs keepAliveSetMs contentType");
    QTest::newRow("HostRow") << &HostRow::staticMetaObject
                             << sorted("key active idle connecting waiting max oldestWaiterAgeMs");
    QTest::newRow("WarmupRow") << &WarmupRow::staticMetaObject
                               << sorted("key minIdle idle dialing consecutiveFailures failures successes "
                                         "lastErrorCode lastError backoffMs");
    QTest::newRow("PoolSnapshot")
        << &PoolSnapshot::staticMetaObject
        << sorted("sequence wallTime connectionCount leakedCount hosts waiters waiterTimeouts draining "
                  "shutDown leases warmup droppedEvents leakThresholdMs");
    QTest::newRow("ServiceEvent") << &ServiceEvent::staticMetaObject
                                  << sorted("kind id endpoint message reason error reused time label value");
}

void TestServiceQtTypes::gadgetsHaveAPropertyPerField()
{
    QFETCH(const QMetaObject*, meta);
    QFETCH(QStringList, fields);
    QVERIFY(meta);
    QCOMPARE(propertyNames(*meta), fields);
    for (int i = meta->propertyOffset(); i < meta->propertyCount(); ++i) {
        QVERIFY2(meta->property(i).isReadable(), meta->property(i).name());
        QVERIFY2(!meta->property(i).isWritable(), meta->property(i).name());
    }
}

void TestServiceQtTypes::serviceEventProperties()
{
    ServiceEvent e;
    e.kind = ServiceEvent::Kind::Closed;
    e.id = 42;
    e.endpoint = QStringLiteral("tls://127.0.0.1:8443");
    e.message = QStringLiteral("peer reset");
    e.reason = CloseReason::Stale;
    e.error = ErrorCode::ConnectionReset;
    e.reused = true;
    e.time = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000, QTimeZone::utc());
    e.label = QStringLiteral("worker");
    e.value = -7;
    const QMetaObject& meta = ServiceEvent::staticMetaObject;
    QCOMPARE(enumKey(meta, &e, "kind"), QByteArray("Closed"));
    QCOMPARE(enumKey(meta, &e, "reason"), QByteArray("Stale"));
    QCOMPARE(enumKey(meta, &e, "error"), QByteArray("ConnectionReset"));
    QCOMPARE(readField(meta, &e, "id").toULongLong(), 42ULL);
    QCOMPARE(readField(meta, &e, "endpoint").toString(), e.endpoint);
    QCOMPARE(readField(meta, &e, "message").toString(), e.message);
    QCOMPARE(readField(meta, &e, "reused").toBool(), true);
    QCOMPARE(readField(meta, &e, "time").toDateTime(), e.time);
    QCOMPARE(readField(meta, &e, "label").toString(), e.label);
    QCOMPARE(readField(meta, &e, "value").toLongLong(), qint64{-7});

    WarmupRow w;
    w.key = QStringLiteral("tcp://127.0.0.1:1");
    w.consecutiveFailures = 2;
    w.lastErrorCode = ErrorCode::ConnectionRefused;
    w.backoff = std::chrono::milliseconds(400);
    QCOMPARE(enumKey(WarmupRow::staticMetaObject, &w, "lastErrorCode"), QByteArray("ConnectionRefused"));
    QCOMPARE(readField(WarmupRow::staticMetaObject, &w, "backoffMs").toLongLong(), qint64{400});
    QCOMPARE(readField(WarmupRow::staticMetaObject, &w, "consecutiveFailures").toInt(), 2);
    QVERIFY2(debugged(w).contains(QLatin1String("ConnectionRefused")), qPrintable(debugged(w)));
}

void TestServiceQtTypes::leaseProbeAndSnapshotFromTheLab()
{
    auto owner = start();
    QVERIFY(owner);
    auto* service = owner->service();
    const Lease lease = take(service, request(ServerKind::Http, QStringLiteral("qt-types")));
    QVERIFY(lease.id != 0);

    // Read field by field through the gadget, and again after a QVariant round trip.
    const QVariant boxed = QVariant::fromValue(lease);
    QCOMPARE(boxed.metaType(), QMetaType::fromType<Lease>());
    const Lease unboxed = boxed.value<Lease>();
    for (const Lease* l : {&lease, &unboxed}) {
        const QMetaObject& meta = Lease::staticMetaObject;
        QCOMPARE(readField(meta, l, "id").toULongLong(), quint64{lease.id});
        QCOMPARE(readField(meta, l, "handle").toULongLong(), quint64{lease.handle});
        QCOMPARE(readField(meta, l, "socket").toInt(), lease.socket);
        QCOMPARE(readField(meta, l, "host").toString(), endpointHost(m_lab->server(ServerKind::Http)));
        QCOMPARE(readField(meta, l, "port").toUInt(), uint{m_lab->server(ServerKind::Http).port});
        QCOMPARE(readField(meta, l, "tls").toBool(), false);
        QCOMPARE(readField(meta, l, "reused").toBool(), false);
        QCOMPARE(readField(meta, l, "label").toString(), QStringLiteral("qt-types"));
    }
    QCOMPARE(unboxed.anchor, lease.anchor); // the copy keeps the connection, as any copy does

    const ProbeResult probe = resultOf(service->probe(lease.id, QStringLiteral("GET")));
    QCOMPARE(probe.status, 200);
    const QMetaObject& pm = ProbeResult::staticMetaObject;
    QCOMPARE(readField(pm, &probe, "status").toInt(), 200);
    QCOMPARE(readField(pm, &probe, "statusLine").toString(), probe.statusLine);
    QCOMPARE(readField(pm, &probe, "bodyBytes").toLongLong(), probe.bodyBytes);
    QCOMPARE(readField(pm, &probe, "elapsedUs").toLongLong(), probe.elapsedUs);
    QCOMPARE(readField(pm, &probe, "keepAliveSeconds").toInt(), probe.keepAliveSeconds);
    QVERIFY2(debugged(probe).contains(probe.statusLine), qPrintable(debugged(probe)));

    auto due = service->runDueWork();
    QVERIFY(!failureOf(due));
    const SnapshotPtr snapshot = service->latestSnapshot();
    QVERIFY(snapshot);
    QCOMPARE(snapshot->hosts.size(), 1);
    const QMetaObject& sm = PoolSnapshot::staticMetaObject;
    QCOMPARE(readField(sm, snapshot.get(), "sequence").toULongLong(), snapshot->sequence);
    QCOMPARE(readField(sm, snapshot.get(), "leases").toInt(), 1);
    QCOMPARE(readField(sm, snapshot.get(), "connectionCount").toInt(), 1);
    const QVariantList hosts = readField(sm, snapshot.get(), "hosts").toList();
    QCOMPARE(hosts.size(), 1);
    const HostRow row = hosts.front().value<HostRow>();
    const QMetaObject& hm = HostRow::staticMetaObject;
    QCOMPARE(readField(hm, &row, "key").toString(), snapshot->hosts.front().key);
    QVERIFY(row.key.startsWith(QLatin1String("tcp://")));
    QCOMPARE(readField(hm, &row, "active").toInt(), 1);
    QCOMPARE(readField(hm, &row, "idle").toInt(), 0);
    QCOMPARE(readField(hm, &row, "max").toInt(), snapshot->hosts.front().max);
    QVERIFY2(debugged(row).contains(row.key), qPrintable(debugged(row)));
    QVERIFY(!snapshot->connections.empty());
    const QString info = debugged(snapshot->connections.front());
    QVERIFY2(info.contains(QLatin1String("InUse")) && info.contains(row.key), qPrintable(info));
    QVERIFY2(debugged(snapshot->stats).contains(QLatin1String("in use 1")),
             qPrintable(debugged(snapshot->stats)));

    QVERIFY(!failureOf(service->release(lease.id)));
}

void TestServiceQtTypes::debugLinesSayNamesNotSecrets()
{
    const std::string password = "s3cret-Pa55";
    auto proxyServer = lab::ProxyServer::start({ProxyType::Socks5, "bob", password, lab::ProxyFault::None});
    QVERIFY2(proxyServer, proxyServer ? "" : proxyServer.error().message.c_str());
    auto owner = start();
    QVERIFY(owner);
    auto* service = owner->service();
    Collector collector(service);
    AcquireRequest req = request(ServerKind::Echo, QStringLiteral("via-proxy"));
    req.overrideProxy = true;
    req.proxy = proxyServer.value()->clientOptions("bob", password);
    const Lease lease = take(service, req);
    QVERIFY(lease.id != 0);

    const QString leaseLine = debugged(lease);
    QVERIFY2(leaseLine.startsWith(QLatin1String("poolscope::Lease(#")) &&
                 leaseLine.contains(QLatin1String("via-proxy")),
             qPrintable(leaseLine));
    QVERIFY(!failureOf(service->close({lease.id})));
    QTRY_VERIFY(collector.count(ServiceEvent::Kind::Closed) > 0);

    QStringList lines{leaseLine};
    for (const auto& info : service->latestSnapshot()->connections)
        lines << debugged(info);
    for (const auto& event : std::as_const(collector.events))
        lines << debugged(event);
    const QString closed = debugged(collector.ofKind(ServiceEvent::Kind::Closed).front());
    QVERIFY2(closed.startsWith(QLatin1String("poolscope::ServiceEvent(Closed, #")) &&
                 closed.contains(QLatin1String("reason Requested")) && closed.contains(QLatin1String("bob@")),
             qPrintable(closed));
    for (const auto& line : std::as_const(lines))
        QVERIFY2(!line.contains(QString::fromStdString(password)), qPrintable(line));

    // A real failed dial's Error: code and phase by name, the message, no password.
    auto refused = proxyServer.value()->clientOptions("bob", password);
    refused.port = 1; // nothing listens there
    req.proxy = refused;
    req.label = QStringLiteral("refused");
    const auto failure = failureOf(service->acquire(req));
    QVERIFY(failure);
    const Error& error = failure->error();
    const QString errorLine = debugged(error);
    const char* codeKey = QMetaEnum::fromType<qt::ErrorCode>().valueToKey(static_cast<int>(toQt(error.code)));
    QVERIFY(codeKey);
    QVERIFY2(errorLine.startsWith(QStringLiteral("poolscope::Error(%1").arg(QLatin1String(codeKey))) &&
                 errorLine.contains(QString::fromStdString(error.message)) && error.code != ErrorCode::Ok,
             qPrintable(errorLine));
    QVERIFY2(!errorLine.contains(QString::fromStdString(password)), qPrintable(errorLine));
}

QTEST_GUILESS_MAIN(TestServiceQtTypes)
#include "tst_service_qt_types.moc"
