#include "models/connections_filter_proxy.h"

#include "models/connections_model.h"

namespace poolscope::ui {

ConnectionsFilterProxy::ConnectionsFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ConnectionsModel::SortRole);
    // The filter reads SearchTextRole/StateRole/…; declaring it here lets the proxy skip
    // re-filtering on the countdown repaints, which only change display roles.
    setFilterRole(ConnectionsModel::SearchTextRole);
    setDynamicSortFilter(true);
    // lessThan() runs ~10^5 times per large apply; sortRole() is a bindable property read.
    connect(this, &QSortFilterProxyModel::sortRoleChanged, this,
            [this](int role) { m_keyed = m_connections && role == ConnectionsModel::SortRole; });
}

void ConnectionsFilterProxy::setSourceModel(QAbstractItemModel* model)
{
    disconnect(m_beforeChange);
    disconnect(m_afterChange);
    m_connections = qobject_cast<const ConnectionsModel*>(model);
    m_keyed = m_connections && sortRole() == ConnectionsModel::SortRole;
    // Slots run in the order they were connected: the first runs before the base class's own
    // handling of the change, the second after it.
    if (model) {
        m_beforeChange = connect(model, &QAbstractItemModel::dataChanged, this,
                                 &ConnectionsFilterProxy::beforeSourceDataChanged);
    }
    QSortFilterProxyModel::setSourceModel(model);
    if (model) {
        m_afterChange = connect(model, &QAbstractItemModel::dataChanged, this,
                                &ConnectionsFilterProxy::afterSourceDataChanged);
    }
}

void ConnectionsFilterProxy::beforeSourceDataChanged(const QModelIndex& topLeft,
                                                     const QModelIndex& bottomRight)
{
    // With dynamic sorting, QSortFilterProxyModel takes every row of the changed span out of its
    // order, sorts them and inserts them again: for a span of most of 10,000 rows that is more
    // work than sorting the table once. With dynamic sorting paused the base class only forwards
    // the change; setDynamicSortFilter(true) then sorts the existing order in one pass (and emits
    // the layout change, keeping persistent indexes: selection and current row). Only while
    // nothing is filtered: a paused proxy would not re-filter the changed rows.
    const int rows = sourceModel()->rowCount();
    const int column = sortColumn();
    if (!dynamicSortFilter() || !m_keyed || column < 0 || filtering() || !topLeft.isValid() ||
        !bottomRight.isValid() || topLeft.parent().isValid() || rows <= 0 || column < topLeft.column() ||
        column > bottomRight.column() || (bottomRight.row() - topLeft.row() + 1) * 2 <= rows)
        return;
    // A change that moved nothing (the countdown tick, uses that kept each row's rank) costs the
    // base class one check per row and no layout change; a full sort would cost more.
    if (orderHolds(column))
        return;
    m_resortAfterChange = true;
    setDynamicSortFilter(false);
}

bool ConnectionsFilterProxy::orderHolds(int column) const
{
    const qint64* keys = m_connections->sortKeys(column);
    if (!keys)
        return true; // a text column: left to the base class
    const bool ascending = sortOrder() == Qt::AscendingOrder;
    int previous = -1;
    for (int r = 0; r < rowCount(); ++r) {
        const int source = mapToSource(index(r, column)).row();
        if (previous >= 0 && (ascending ? keyLess(keys, source, previous) : keyLess(keys, previous, source)))
            return false;
        previous = source;
    }
    return true;
}

void ConnectionsFilterProxy::afterSourceDataChanged()
{
    if (!m_resortAfterChange)
        return;
    m_resortAfterChange = false;
    // Re-sorts: Qt 5 and 6 sort whenever dynamic sorting is switched on (ui_models checks the order
    // after a wide change against a fresh sort, so a Qt that stopped doing so fails a test).
    setDynamicSortFilter(true);
}

void ConnectionsFilterProxy::setSearchText(const QString& text)
{
    const QString normalized = text.trimmed().toLower();
    if (normalized == m_search)
        return;
    m_search = normalized;
    invalidateRowsFilter();
}

void ConnectionsFilterProxy::setStateFilter(StateFilter filter)
{
    if (filter == m_state)
        return;
    m_state = filter;
    invalidateRowsFilter();
}

void ConnectionsFilterProxy::setHostFilter(const QString& key)
{
    if (key == m_host)
        return;
    m_host = key;
    invalidateRowsFilter();
}

void ConnectionsFilterProxy::setActiveOnly(bool on)
{
    if (on == m_activeOnly)
        return;
    m_activeOnly = on;
    invalidateRowsFilter();
}

bool ConnectionsFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!filtering())
        return true;
    const QAbstractItemModel* model = sourceModel();
    const QModelIndex index = model->index(sourceRow, 0, sourceParent);
    if (m_activeOnly && !index.data(ConnectionsModel::ActiveRole).toBool())
        return false;
    if (m_state != StateFilter::All) {
        const int state = index.data(ConnectionsModel::StateRole).toInt();
        bool ok = false;
        switch (m_state) {
        case StateFilter::All:
            ok = true;
            break;
        case StateFilter::Dialing:
            ok = state == static_cast<int>(ConnectionState::Resolving) ||
                 state == static_cast<int>(ConnectionState::Connecting) ||
                 state == static_cast<int>(ConnectionState::Handshaking);
            break;
        case StateFilter::InUse:
            ok = state == static_cast<int>(ConnectionState::InUse);
            break;
        case StateFilter::Idle:
            ok = state == static_cast<int>(ConnectionState::Idle);
            break;
        case StateFilter::Closing:
            ok = state == static_cast<int>(ConnectionState::Closing) || state < 0;
            break;
        }
        if (!ok)
            return false;
    }
    if (!m_host.isEmpty() && index.data(ConnectionsModel::HostKeyRole).toString() != m_host)
        return false;
    if (m_search.isEmpty())
        return true;
    if (m_search.startsWith(QLatin1Char('#'))) { // "#42": exactly that connection
        bool ok = false;
        const qulonglong id = QStringView(m_search).mid(1).toULongLong(&ok);
        if (ok)
            return index.data(ConnectionsModel::IdRole).toULongLong() == id;
    }
    return index.data(ConnectionsModel::SearchTextRole).toString().contains(m_search);
}

bool ConnectionsFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    // Called ~10^5 times per wide change; kept free of calls (and so of register saves) when the
    // keys are cached, which they are for every comparison but the first of a sort.
    if (m_keyed) {
        if (const qint64* keys = m_connections->cachedSortKeys(left.column()))
            return keyLess(keys, left.row(), right.row());
    }
    return lessThanUncached(left, right);
}

bool ConnectionsFilterProxy::lessThanUncached(const QModelIndex& left, const QModelIndex& right) const
{
    if (m_keyed) {
        if (const qint64* keys = m_connections->sortKeys(left.column()))
            return keyLess(keys, left.row(), right.row());
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace poolscope::ui
