#pragma once
// Every service event, newest last: time, kind, connection, endpoint and a message that says why.
// Bounded: beyond capacity() the oldest tenth is dropped in one removal.

#include "poolscope/service/service_types.h"

#include <QAbstractTableModel>
#include <QList>

namespace poolscope::ui {

class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Kind,
        Connection,
        Message,
        Endpoint,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        KindRole,       ///< int(ServiceEvent::Kind)
        IdRole,         ///< qulonglong connection id, 0 for pool-wide events
        SeverityRole,   ///< 0 information, 1 warning, 2 error
        SearchTextRole, ///< lower-case text the filter matches
        RoleCount
    };
    Q_ENUM(Role)

    explicit EventLogModel(QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    /// Adds `events` at the end, dropping the oldest beyond capacity. A failed dial's Closed event
    /// (reason DialFailed) is not listed: its DialFailed line already says what happened and why.
    void append(const QList<ServiceEvent>& events);
    void clear();
    [[nodiscard]] const ServiceEvent& event(int row) const { return m_events.at(row); }
    [[nodiscard]] const QList<ServiceEvent>& events() const { return m_events; }

    void setCapacity(int capacity);
    [[nodiscard]] int capacity() const { return m_capacity; }
    /// Events dropped so far because of the capacity.
    [[nodiscard]] quint64 dropped() const { return m_dropped; }

private:
    QList<ServiceEvent> m_events;
    int m_capacity = 50'000;
    quint64 m_dropped = 0;
};

} // namespace poolscope::ui
