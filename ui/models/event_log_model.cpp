#include "models/event_log_model.h"

#include "util/palette_colours.h"
#include "util/presentation.h"

#include <QColor>
#include <QGuiApplication>
#include <QLocale>
#include <algorithm>
#include <iterator>

namespace poolscope::ui {

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent) {}

int EventLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QHash<int, QByteArray> EventLogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(KindRole, "kind");
    names.insert(IdRole, "connectionId");
    names.insert(SeverityRole, "severity");
    names.insert(SearchTextRole, "searchText");
    return names;
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        switch (section) {
        case Time:
            return tr("Time");
        case Kind:
            return tr("Event");
        case Connection:
            return tr("Conn.");
        case Endpoint:
            return tr("Endpoint");
        case Message:
            return tr("Message");
        default:
            break;
        }
    } else if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        // Said whole when the column is too narrow for its title, and what the column holds.
        switch (section) {
        case Time:
            return tr("Time: when it happened (local time)");
        case Kind:
            return tr("Event: what happened");
        case Connection:
            return tr("Connection: the id of the connection it happened to (none for the whole pool)");
        case Endpoint:
            return tr("Endpoint: the host and port (the reuse key)");
        case Message:
            return tr("Message: what happened, and for a failure why");
        default:
            break;
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ServiceEvent& e = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return e.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case Kind:
            return eventKindText(e.kind);
        case Connection:
            return e.id ? QVariant::fromValue<qulonglong>(e.id) : QVariant(QString());
        case Endpoint:
            return e.endpoint;
        case Message:
            return eventDescription(e);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == Message || index.column() == Kind) {
            QString tip = eventDescription(e);
            if (e.error != ErrorCode::Ok)
                tip += QLatin1Char('\n') + tr("Error: %1").arg(errorCodeText(e.error));
            if (e.reason != CloseReason::None)
                tip += QLatin1Char('\n') + tr("Reason: %1").arg(closeReasonText(e.reason));
            return tip;
        }
        if (index.column() == Time)
            return QLocale().toString(e.time.toLocalTime(), QLocale::LongFormat);
        return {};
    case Qt::ForegroundRole:
        switch (eventSeverity(e)) {
        case 2:
            return toneText(Tone::Bad, QGuiApplication::palette());
        case 1:
            return toneText(Tone::Warning, QGuiApplication::palette());
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (index.column() == Connection)
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        return {};
    case SortRole:
        switch (index.column()) {
        case Time:
            return index.row(); // arrival order
        case Connection:
            return QVariant::fromValue<qulonglong>(e.id);
        default:
            return data(index, Qt::DisplayRole);
        }
    case KindRole:
        return static_cast<int>(e.kind);
    case IdRole:
        return QVariant::fromValue<qulonglong>(e.id);
    case SeverityRole:
        return eventSeverity(e);
    case SearchTextRole:
        return (eventKindText(e.kind) + QLatin1Char(' ') + e.endpoint + QLatin1Char(' ') +
                eventDescription(e) + QLatin1Char(' ') + QString::number(e.id))
            .toLower();
    default:
        return {};
    }
}

void EventLogModel::append(const QList<ServiceEvent>& batch)
{
    const auto repeatsItsDialFailed = [](const ServiceEvent& e) {
        return e.kind == ServiceEvent::Kind::Closed && e.reason == CloseReason::DialFailed;
    };
    const bool repeats = std::any_of(batch.begin(), batch.end(), repeatsItsDialFailed);
    QList<ServiceEvent> kept;
    if (repeats) {
        kept.reserve(batch.size());
        std::remove_copy_if(batch.begin(), batch.end(), std::back_inserter(kept), repeatsItsDialFailed);
    }
    const QList<ServiceEvent>& events = repeats ? kept : batch;
    if (events.isEmpty())
        return;
    const qsizetype overflow = m_events.size() + events.size() - m_capacity;
    if (overflow > 0) {
        // Drop at least a tenth so trimming is rare; never more than we have.
        const qsizetype drop = std::min(m_events.size(), std::max(overflow, qsizetype(m_capacity / 10)));
        if (drop > 0) {
            beginRemoveRows({}, 0, static_cast<int>(drop) - 1);
            m_events.remove(0, drop);
            m_dropped += static_cast<quint64>(drop);
            endRemoveRows();
        }
    }
    qsizetype skip = 0; // a batch larger than the capacity keeps its newest events
    if (events.size() > m_capacity) {
        skip = events.size() - m_capacity;
        m_dropped += static_cast<quint64>(skip);
    }
    const int first = static_cast<int>(m_events.size());
    beginInsertRows({}, first, first + static_cast<int>(events.size() - skip) - 1);
    m_events.append(events.mid(skip));
    endInsertRows();
}

void EventLogModel::clear()
{
    if (m_events.isEmpty())
        return;
    beginResetModel();
    m_events.clear();
    endResetModel();
}

void EventLogModel::setCapacity(int capacity)
{
    m_capacity = std::max(1, capacity);
    if (m_events.size() > m_capacity) {
        const qsizetype drop = m_events.size() - m_capacity;
        beginRemoveRows({}, 0, static_cast<int>(drop) - 1);
        m_events.remove(0, drop);
        m_dropped += static_cast<quint64>(drop);
        endRemoveRows();
    }
}

} // namespace poolscope::ui
