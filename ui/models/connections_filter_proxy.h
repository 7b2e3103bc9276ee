#pragma once
// Sorting and filtering of the connections table: free-text search, a state filter, a host
// (reuse key) filter and "active only". Sorts by ConnectionsModel::SortRole.

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

    void setSourceModel(QAbstractItemModel* model) override;

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    const ConnectionsModel* m_connections = nullptr; ///< the source, when it is one
    bool m_sortRoleIsModels = true;
    QString m_search; ///< lower-case, trimmed
    QString m_host;
    StateFilter m_state = StateFilter::All;
    bool m_activeOnly = false;
};

} // namespace poolscope::ui
