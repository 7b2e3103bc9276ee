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

[[nodiscard]] QByteArray eventsToCsv(const QList<ServiceEvent>& events);
[[nodiscard]] QByteArray eventsToJson(const QList<ServiceEvent>& events);
/// The format a file name asks for (".json" → Json, anything else → Csv).
[[nodiscard]] ExportFormat exportFormatFor(const QString& fileName);
/// Writes atomically (QSaveFile). On failure returns false and sets `error` to a sentence.
bool exportEvents(const QString& fileName, const QList<ServiceEvent>& events, ExportFormat format,
                  QString* error);

} // namespace poolscope::ui
