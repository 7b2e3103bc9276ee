#include "models/event_log_export.h"

#include "util/presentation.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaEnum>
#include <QSaveFile>

namespace poolscope::ui {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::EventExport)
};

QString kindKey(ServiceEvent::Kind kind)
{
    return QString::fromLatin1(QMetaEnum::fromType<ServiceEvent::Kind>().valueToKey(static_cast<int>(kind)));
}

QString csvField(const QString& value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) &&
        !value.contains(QLatin1Char('\n')) && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString isoTime(const QDateTime& time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

QByteArray eventsToCsv(const QList<ServiceEvent>& events)
{
    QString out = QStringLiteral("time,kind,connection,endpoint,reason,error,reused,label,message\r\n");
    for (const ServiceEvent& e : events) {
        const QStringList fields = {
            isoTime(e.time),
            kindKey(e.kind),
            QString::number(e.id),
            csvField(e.endpoint),
            csvField(qs(describe(e.reason))),
            csvField(qs(describe(e.error))),
            e.reused ? QStringLiteral("true") : QStringLiteral("false"),
            csvField(e.label),
            csvField(eventDescription(e)),
        };
        out += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray eventsToJson(const QList<ServiceEvent>& events)
{
    QJsonArray array;
    for (const ServiceEvent& e : events) {
        QJsonObject o;
        o.insert(QStringLiteral("time"), isoTime(e.time));
        o.insert(QStringLiteral("kind"), kindKey(e.kind));
        o.insert(QStringLiteral("connection"), static_cast<qint64>(e.id));
        o.insert(QStringLiteral("endpoint"), e.endpoint);
        o.insert(QStringLiteral("reason"), qs(describe(e.reason)));
        o.insert(QStringLiteral("error"), qs(describe(e.error)));
        o.insert(QStringLiteral("reused"), e.reused);
        o.insert(QStringLiteral("label"), e.label);
        o.insert(QStringLiteral("value"), e.value);
        o.insert(QStringLiteral("message"), eventDescription(e));
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

ExportFormat exportFormatFor(const QString& fileName)
{
    return fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? ExportFormat::Json
                                                                          : ExportFormat::Csv;
}

bool exportEvents(const QString& fileName, const QList<ServiceEvent>& events, ExportFormat format,
                  QString* error)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = Text::tr("Cannot write %1: %2").arg(fileName, file.errorString());
        return false;
    }
    const QByteArray data = format == ExportFormat::Json ? eventsToJson(events) : eventsToCsv(events);
    if (file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error = Text::tr("Cannot write %1: %2").arg(fileName, file.errorString());
        return false;
    }
    return true;
}

} // namespace poolscope::ui
