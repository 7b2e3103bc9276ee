#pragma once
// Sorting and filtering of the connections table: free-text search, a state filter, a host
// (reuse key) filter and "active only". Sorts by ConnectionsModel::SortRole; rows whose numeric
// sort keys are equal keep the model's row order (the order connections first appeared), so the
// order after any sequence of changes is the order a fresh sort gives.
//
// A source dataChanged that spans more than half of the rows, the sort column among them, while
// no filter is set (every row shown) and after which the rows shown are out of order re-sorts the
// whole table once after forwarding it, instead of QSortFilterProxyModel's removal, sort and
// re-insertion of every row of the span: the same order, one layout change as before, fewer
// comparisons and no filter calls.

#include <QSortFilterProxyModel>

namespace poolscope::ui {

class ConnectionsModel;

class ConnectionsFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class StateFilter
    {
        All,
        Dialing,
        InUse,
        Idle,
        Closing
    };
    Q_ENUM(StateFilter)

    explicit ConnectionsFilterProxy(QObject* parent = nullptr);

    /// Case-insensitive match on id, host, address, label, state, TLS and last error;
    /// "#42" matches connection 42 only.
    void setSearchText(const QString& text);
    [[nodiscard]] QString searchText() const { return m_search; }
    void setStateFilter(StateFilter filter);
    [[nodiscard]] StateFilter stateFilter() const { return m_state; }
    /// Only rows of this reuse key ("tls://host:443"); empty = every host.
    void setHostFilter(const QString& key);
    [[nodiscard]] QString hostFilter() const { return m_host; }
    /// Only connections in use or dialing.
    void setActiveOnly(bool on);
    [[nodiscard]] bool activeOnly() const { return m_activeOnly; }

    /// GUI thread (the source model's). Also installs the re-sort of wide changes described above.
    void setSourceModel(QAbstractItemModel* model) override;

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    [[nodiscard]] bool filtering() const
    {
        return m_activeOnly || m_state != StateFilter::All || !m_host.isEmpty() || !m_search.isEmpty();
    }
    /// Equal keys: the model's row order, so every way of sorting ends in one order.
    static bool keyLess(const qint64* keys, int leftRow, int rightRow) noexcept
    {
        const qint64 a = keys[leftRow];
        const qint64 b = keys[rightRow];
        return a < b || (a == b && leftRow < rightRow);
    }
    [[gnu::noinline]] bool lessThanUncached(const QModelIndex& left, const QModelIndex& right) const;
    /// True when the rows shown are still in order by the model's keys of `column` (always for a
    /// text column, which has none).
    [[nodiscard]] bool orderHolds(int column) const;
    void beforeSourceDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight);
    void afterSourceDataChanged();

    const ConnectionsModel* m_connections = nullptr; ///< the source, when it is one
    QMetaObject::Connection m_beforeChange;
    QMetaObject::Connection m_afterChange;
    bool m_resortAfterChange = false; ///< dynamic sorting is paused for the change being forwarded
    bool m_keyed = false;             ///< the source is a ConnectionsModel and the sort role its SortRole
    QString m_search;                 ///< lower-case, trimmed
    QString m_host;
    StateFilter m_state = StateFilter::All;
    bool m_activeOnly = false;
};

} // namespace poolscope::ui
