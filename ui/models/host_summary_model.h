#pragma once
// Per-host (reuse key) figures, like a pooler's SHOW POOLS: active, idle, connecting, waiting,
// cap and the oldest waiter. Rows are keyed by the reuse key and diffed like the connections.

#include "poolscope/service/service_types.h"

#include <QAbstractTableModel>
#include <QList>

namespace poolscope::ui {

class HostSummaryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Host,
        Active,
        Idle,
        Connecting,
        Waiting,
        Max,
        OldestWaiter,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        KeyRole,
        RoleCount
    };
    Q_ENUM(Role)

    explicit HostSummaryModel(QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

    void applyHosts(const QList<HostRow>& hosts);
    [[nodiscard]] const HostRow& hostAt(int row) const { return m_rows.at(row); }
    [[nodiscard]] int rowOf(const QString& key) const;
    [[nodiscard]] QStringList keys() const;

private:
    QList<HostRow> m_rows;
};

} // namespace poolscope::ui
