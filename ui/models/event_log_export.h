#pragma once
// The event log as CSV (RFC 4180, UTF-8, header row) or JSON (an array of objects).

#include "poolscope/service/service_types.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace poolscope::ui {

enum class ExportFormat
{
    Csv,
    Json
};

/// CSV and JSON carry the same fields: time, kind, connection, endpoint, reason, error, reused,
/// label, value, message (CSV's columns in this order; JSON objects have no order).
[[nodiscard]] QByteArray eventsToCsv(const QList<ServiceEvent>& events);
[[nodiscard]] QByteArray eventsToJson(const QList<ServiceEvent>& events);
/// The format a file name asks for (".json" → Json, anything else → Csv).
[[nodiscard]] ExportFormat exportFormatFor(const QString& fileName);

struct ExportTarget
{
    QString fileName;
    ExportFormat format = ExportFormat::Csv;
};
/// Where an export goes when the user typed `fileName` with `chosen` selected in the dialog: a
/// ".csv" or ".json" suffix decides the format; without one, the chosen format's suffix is added.
[[nodiscard]] ExportTarget resolveExportTarget(const QString& fileName, ExportFormat chosen);
/// Writes atomically (QSaveFile). On failure returns false and sets `error` to a sentence.
bool exportEvents(const QString& fileName, const QList<ServiceEvent>& events, ExportFormat format,
                  QString* error);

} // namespace poolscope::ui
