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

/// One event as the exported fields, in the documented order (both formats).
QList<std::pair<QString, QVariant>> record(const ServiceEvent& e)
{
    return {
        {QStringLiteral("time"), isoTime(e.time)},
        {QStringLiteral("kind"), kindKey(e.kind)},
        {QStringLiteral("connection"), static_cast<qint64>(e.id)},
        {QStringLiteral("endpoint"), e.endpoint},
        {QStringLiteral("reason"), qs(describe(e.reason))},
        {QStringLiteral("error"), qs(describe(e.error))},
        {QStringLiteral("reused"), e.reused},
        {QStringLiteral("label"), e.label},
        {QStringLiteral("value"), e.value},
        {QStringLiteral("message"), eventDescription(e)},
    };
}

QString csvText(const QVariant& value)
{
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return csvField(value.toString());
}

} // namespace

QByteArray eventsToCsv(const QList<ServiceEvent>& events)
{
    QStringList header;
    for (const auto& field : record(ServiceEvent{}))
        header.append(field.first);
    QString out = header.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const ServiceEvent& e : events) {
        QStringList fields;
        for (const auto& field : record(e))
            fields.append(csvText(field.second));
        out += fields.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

QByteArray eventsToJson(const QList<ServiceEvent>& events)
{
    QJsonArray array;
    for (const ServiceEvent& e : events) {
        QJsonObject o;
        for (const auto& field : record(e))
            o.insert(field.first, QJsonValue::fromVariant(field.second));
        array.append(o);
    }
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

ExportFormat exportFormatFor(const QString& fileName)
{
    return fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ? ExportFormat::Json
                                                                          : ExportFormat::Csv;
}

ExportTarget resolveExportTarget(const QString& fileName, ExportFormat chosen)
{
    if (fileName.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        return {fileName, ExportFormat::Json};
    if (fileName.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        return {fileName, ExportFormat::Csv};
    return {fileName + (chosen == ExportFormat::Json ? QStringLiteral(".json") : QStringLiteral(".csv")),
            chosen};
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
