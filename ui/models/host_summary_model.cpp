#include "models/host_summary_model.h"

#include "util/palette_colours.h"
#include "util/presentation.h"

#include <QGuiApplication>
#include <QHash>
#include <QSet>
#include <chrono>

namespace poolscope::ui {

namespace {

bool sameRow(const HostRow& a, const HostRow& b)
{
    return a.key == b.key && a.active == b.active && a.idle == b.idle && a.connecting == b.connecting &&
           a.waiting == b.waiting && a.max == b.max && a.oldestWaiterAgeMs == b.oldestWaiterAgeMs;
}

} // namespace

HostSummaryModel::HostSummaryModel(QObject* parent) : QAbstractTableModel(parent) {}

int HostSummaryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int HostSummaryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HostSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole) {
        switch (section) {
        case Host:
            return tr("Host (reuse key)");
        case Active:
            return tr("Active");
        case Idle:
            return tr("Idle");
        case Connecting:
            return tr("Connecting");
        case Waiting:
            return tr("Waiting");
        case Max:
            return tr("Max");
        case OldestWaiter:
            return tr("Oldest waiter");
        default:
            break;
        }
    } else if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        // Said whole when the column is too narrow for its title, and what the column holds.
        switch (section) {
        case Host:
            return tr("Host (reuse key): connections are shared only between dials with the same key");
        case Active:
            return tr("Active: connections handed out now");
        case Idle:
            return tr("Idle: connections waiting to be reused");
        case Connecting:
            return tr("Connecting: dials in flight");
        case Waiting:
            return tr("Waiting: acquires queued for a free slot");
        case Max:
            return tr("Max: the most connections this host may have");
        case OldestWaiter:
            return tr("Oldest waiter: how long the first queued acquire has waited");
        default:
            break;
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

QVariant HostSummaryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HostRow& h = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == SortRole) {
        switch (index.column()) {
        case Host:
            return h.key;
        case Active:
            return h.active;
        case Idle:
            return h.idle;
        case Connecting:
            return h.connecting;
        case Waiting:
            return h.waiting;
        case Max:
            return h.max;
        case OldestWaiter:
            if (role == SortRole)
                return h.oldestWaiterAgeMs;
            return h.waiting > 0 ? formatDuration(std::chrono::milliseconds(h.oldestWaiterAgeMs)) : QString();
        default:
            return {};
        }
    }
    if (role == KeyRole)
        return h.key;
    if (role == Qt::TextAlignmentRole && index.column() != Host)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    if (role == Qt::ForegroundRole && index.column() == Waiting && h.waiting > 0)
        return toneText(Tone::Warning, QGuiApplication::palette());
    return {};
}

int HostSummaryModel::rowOf(const QString& key) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).key == key)
            return static_cast<int>(i);
    }
    return -1;
}

QStringList HostSummaryModel::keys() const
{
    QStringList out;
    out.reserve(m_rows.size());
    for (const HostRow& h : m_rows)
        out.append(h.key);
    return out;
}

void HostSummaryModel::applyHosts(const QList<HostRow>& hosts)
{
    QHash<QString, qsizetype> next;
    for (qsizetype i = 0; i < hosts.size(); ++i)
        next.insert(hosts.at(i).key, i);

    // Remove rows whose key left, last first.
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        if (!next.contains(m_rows.at(i).key)) {
            beginRemoveRows({}, static_cast<int>(i), static_cast<int>(i));
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    // Update the rest in place.
    QSet<QString> present;
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        const HostRow& incoming = hosts.at(next.value(m_rows.at(i).key));
        present.insert(incoming.key);
        if (!sameRow(m_rows.at(i), incoming)) {
            m_rows[i] = incoming;
            Q_EMIT dataChanged(index(static_cast<int>(i), 0), index(static_cast<int>(i), ColumnCount - 1));
        }
    }
    // Append new keys in snapshot order.
    QList<HostRow> added;
    for (const HostRow& h : hosts) {
        if (!present.contains(h.key)) {
            present.insert(h.key);
            added.append(h);
        }
    }
    if (!added.isEmpty()) {
        const int first = static_cast<int>(m_rows.size());
        beginInsertRows({}, first, first + static_cast<int>(added.size()) - 1);
        m_rows.append(added);
        endInsertRows();
    }
}

} // namespace poolscope::ui
