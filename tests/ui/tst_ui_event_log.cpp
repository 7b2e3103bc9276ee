// The event log: its model (bounded, severities, the "why" of failures) and filter proxy under
// QAbstractItemModelTester, and export to CSV and JSON.

#include "fd_guard.h"
#include "models/event_log_export.h"
#include "models/event_log_filter_proxy.h"
#include "models/event_log_model.h"
#include "util/resources.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace poolscope;
using namespace poolscope::ui;
using Tester = QAbstractItemModelTester;

namespace {

ServiceEvent makeEvent(ServiceEvent::Kind kind, ConnectionId id, QString message,
                       ErrorCode error = ErrorCode::Ok)
{
    ServiceEvent e;
    e.kind = kind;
    e.id = id;
    e.endpoint = QStringLiteral("tls://127.0.0.1:8443");
    e.message = std::move(message);
    e.error = error;
    e.time = QDateTime::currentDateTimeUtc();
    return e;
}

} // namespace

class TestEventLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        initResources();
        m_fds = poolscope::test::FdGuard();
    }
    void cleanup() { QCOMPARE(m_fds.settledLeak(), 0); }

    void eventLogModel();
    void eventLogCapacity();
    void eventLogProxy_data();
    void eventLogProxy();
    void exportTarget_data();
    void exportTarget();
    void eventExport();

private:
    poolscope::test::FdGuard m_fds;
};

void TestEventLog::eventLogModel()
{
    EventLogModel model;
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    model.append({makeEvent(ServiceEvent::Kind::DialStarted, 1, {}),
                  makeEvent(ServiceEvent::Kind::DialFailed, 2,
                            QStringLiteral("certificate verify failed: certificate has expired"),
                            ErrorCode::HandshakeFailed)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, EventLogModel::Kind).data().toString(), QStringLiteral("Dial started"));
    const QString why = model.index(1, EventLogModel::Message).data().toString();
    QVERIFY2(why.contains(QStringLiteral("TLS handshake failed")) && why.contains(QStringLiteral("expired")),
             qPrintable(why));
    QCOMPARE(model.index(1, 0).data(EventLogModel::SeverityRole).toInt(), 2);
    QCOMPARE(model.index(1, EventLogModel::Connection).data().toULongLong(), 2u);
    // A failed dial is one line: the Closed event that follows its DialFailed is not repeated,
    // while any other close is listed.
    ServiceEvent failedClose = makeEvent(ServiceEvent::Kind::Closed, 2, QStringLiteral("dial failed"));
    failedClose.reason = CloseReason::DialFailed;
    ServiceEvent staleClose = makeEvent(ServiceEvent::Kind::Closed, 1, QStringLiteral("stale"));
    staleClose.reason = CloseReason::Stale;
    model.append({failedClose});
    QCOMPARE(model.rowCount(), 2);
    model.append({failedClose, staleClose});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.event(2).reason, CloseReason::Stale);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestEventLog::eventLogCapacity()
{
    EventLogModel model;
    Tester tester(&model, Tester::FailureReportingMode::QtTest);
    model.setCapacity(100);
    for (int batch = 0; batch < 5; ++batch) {
        QList<ServiceEvent> events;
        for (int i = 0; i < 30; ++i)
            events.append(
                makeEvent(ServiceEvent::Kind::Acquired, static_cast<ConnectionId>(batch * 30 + i + 1), {}));
        model.append(events);
        QVERIFY(model.rowCount() <= 100);
    }
    QCOMPARE(model.event(model.rowCount() - 1).id, ConnectionId(150)); // newest kept
    QCOMPARE(model.dropped() + static_cast<quint64>(model.rowCount()), 150u);
    QList<ServiceEvent> huge;
    for (int i = 0; i < 250; ++i)
        huge.append(makeEvent(ServiceEvent::Kind::Released, static_cast<ConnectionId>(1000 + i), {}));
    model.append(huge);
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.event(99).id, ConnectionId(1249));
}

void TestEventLog::eventLogProxy_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<int>("severity");
    QTest::addColumn<quint64>("connection");
    QTest::addColumn<int>("expected");
    QTest::newRow("all") << QString() << 0 << quint64(0) << 4;
    QTest::newRow("errors") << QString() << 2 << quint64(0) << 1;
    QTest::newRow("warnings+") << QString() << 1 << quint64(0) << 2;
    QTest::newRow("text") << QStringLiteral("EXPIRED") << 0 << quint64(0) << 1;
    QTest::newRow("connection") << QString() << 0 << quint64(7) << 2;
}

void TestEventLog::eventLogProxy()
{
    QFETCH(QString, search);
    QFETCH(int, severity);
    QFETCH(quint64, connection);
    QFETCH(int, expected);
    EventLogModel model;
    EventLogFilterProxy proxy;
    proxy.setSourceModel(&model);
    Tester tester(&proxy, Tester::FailureReportingMode::QtTest);
    ServiceEvent stale = makeEvent(ServiceEvent::Kind::Closed, 7, {});
    stale.reason = CloseReason::Stale;
    model.append({makeEvent(ServiceEvent::Kind::Acquired, 7, {}), stale,
                  makeEvent(ServiceEvent::Kind::DialFailed, 8, QStringLiteral("certificate has expired"),
                            ErrorCode::HandshakeFailed),
                  makeEvent(ServiceEvent::Kind::ParamsChanged, 0, QStringLiteral("max connections 8"))});
    proxy.setSearchText(search);
    proxy.setMinimumSeverity(severity);
    proxy.setConnectionFilter(connection);
    QCOMPARE(proxy.rowCount(), expected);
}

void TestEventLog::exportTarget_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<ExportFormat>("chosen");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<ExportFormat>("format");
    QTest::newRow("json chosen, no suffix")
        << "/tmp/ev" << ExportFormat::Json << "/tmp/ev.json" << ExportFormat::Json;
    QTest::newRow("csv chosen, no suffix")
        << "/tmp/ev" << ExportFormat::Csv << "/tmp/ev.csv" << ExportFormat::Csv;
    QTest::newRow("suffix wins over choice")
        << "/tmp/ev.CSV" << ExportFormat::Json << "/tmp/ev.CSV" << ExportFormat::Csv;
    QTest::newRow("json suffix") << "/tmp/ev.json" << ExportFormat::Csv << "/tmp/ev.json"
                                 << ExportFormat::Json;
    QTest::newRow("other suffix kept")
        << "/tmp/ev.txt" << ExportFormat::Json << "/tmp/ev.txt.json" << ExportFormat::Json;
}

void TestEventLog::exportTarget()
{
    QFETCH(QString, typed);
    QFETCH(ExportFormat, chosen);
    QFETCH(QString, fileName);
    QFETCH(ExportFormat, format);
    const ExportTarget target = resolveExportTarget(typed, chosen);
    QCOMPARE(target.fileName, fileName);
    QCOMPARE(target.format, format);
}

void TestEventLog::eventExport()
{
    QList<ServiceEvent> events{
        makeEvent(ServiceEvent::Kind::DialFailed, 3,
                  QStringLiteral("alert \"handshake failure\", retry, later"), ErrorCode::HandshakeFailed),
        makeEvent(ServiceEvent::Kind::Acquired, 4, QStringLiteral("line one\nline two"))};
    events[1].reused = true;

    const QString csv = QString::fromUtf8(eventsToCsv(events));
    const QStringList lines = csv.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.first(),
             QStringLiteral("time,kind,connection,endpoint,reason,error,reused,label,value,message"));
    QVERIFY(csv.contains(QStringLiteral("\"alert \"\"handshake failure\"\", retry, later\"")));
    QVERIFY(csv.contains(QStringLiteral(",DialFailed,3,")));
    QVERIFY(csv.contains(QStringLiteral("\"line one\nline two\"")));

    const QJsonDocument doc = QJsonDocument::fromJson(eventsToJson(events));
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), 2);
    const QJsonObject first = doc.array().at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("kind")).toString(), QStringLiteral("DialFailed"));
    QCOMPARE(first.value(QStringLiteral("connection")).toInteger(), 3);
    QVERIFY(doc.array().at(1).toObject().value(QStringLiteral("reused")).toBool());
    // The two formats carry the same fields, in the same order.
    QStringList jsonKeys = first.keys();
    QStringList csvKeys = lines.first().split(QLatin1Char(','));
    jsonKeys.sort();
    csvKeys.sort();
    QCOMPARE(jsonKeys, csvKeys);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    const QString jsonPath = dir.filePath(QStringLiteral("events.json"));
    QCOMPARE(exportFormatFor(jsonPath), ExportFormat::Json);
    QVERIFY2(exportEvents(jsonPath, events, ExportFormat::Json, &error), qPrintable(error));
    QVERIFY(QFile::exists(jsonPath));
    QVERIFY(
        !exportEvents(dir.filePath(QStringLiteral("missing/dir/x.csv")), events, ExportFormat::Csv, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_MAIN(TestEventLog)
#include "tst_ui_event_log.moc"
