#include "models/event_log_filter_proxy.h"

#include "models/event_log_model.h"

namespace poolscope::ui {

EventLogFilterProxy::EventLogFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(EventLogModel::SortRole);
    setFilterRole(EventLogModel::SearchTextRole);
    setDynamicSortFilter(true);
}

void EventLogFilterProxy::setSearchText(const QString& text)
{
    const QString normalized = text.trimmed().toLower();
    if (normalized == m_search)
        return;
    m_search = normalized;
    invalidateRowsFilter();
}

void EventLogFilterProxy::setMinimumSeverity(int severity)
{
    if (severity == m_minSeverity)
        return;
    m_minSeverity = severity;
    invalidateRowsFilter();
}

void EventLogFilterProxy::setConnectionFilter(quint64 id)
{
    if (id == m_connection)
        return;
    m_connection = id;
    invalidateRowsFilter();
}

bool EventLogFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_minSeverity > 0 && index.data(EventLogModel::SeverityRole).toInt() < m_minSeverity)
        return false;
    if (m_connection != 0 && index.data(EventLogModel::IdRole).toULongLong() != m_connection)
        return false;
    if (!m_search.isEmpty() && !index.data(EventLogModel::SearchTextRole).toString().contains(m_search))
        return false;
    return true;
}

} // namespace poolscope::ui
