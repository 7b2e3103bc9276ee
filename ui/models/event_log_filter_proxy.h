#pragma once
// Filtering of the event log: free text, minimum severity, one connection.

#include <QSortFilterProxyModel>

namespace poolscope::ui {

class EventLogFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit EventLogFilterProxy(QObject* parent = nullptr);

    void setSearchText(const QString& text);
    [[nodiscard]] QString searchText() const { return m_search; }
    /// 0 every event, 1 warnings and errors, 2 errors only.
    void setMinimumSeverity(int severity);
    [[nodiscard]] int minimumSeverity() const { return m_minSeverity; }
    /// Only events of this connection; 0 = all.
    void setConnectionFilter(quint64 id);
    [[nodiscard]] quint64 connectionFilter() const { return m_connection; }

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_search;
    int m_minSeverity = 0;
    quint64 m_connection = 0;
};

} // namespace poolscope::ui
