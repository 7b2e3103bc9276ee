#pragma once
// The live connections table with its filter bar: search, state, host, "active only", and a
// "shown / total" count. Owns the proxy and the view; the model belongs to the window.

#include "poolscope/pool_types.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace poolscope::ui {

class ConnectionsFilterProxy;
class ConnectionsModel;

class ConnectionsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionsPanel(ConnectionsModel* model, QWidget* parent = nullptr);

    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] ConnectionsFilterProxy* proxy() const { return m_proxy; }
    [[nodiscard]] QLineEdit* searchEdit() const { return m_search; }
    [[nodiscard]] QComboBox* stateFilter() const { return m_state; }
    [[nodiscard]] QComboBox* hostFilter() const { return m_host; }
    [[nodiscard]] QCheckBox* activeOnly() const { return m_activeOnly; }

    /// Selected connection ids, in view order.
    [[nodiscard]] QList<ConnectionId> selectedIds() const;
    /// Selects exactly these rows (those that are visible) and makes the first current.
    void selectIds(const QList<ConnectionId>& ids);
    /// Offers these reuse keys in the host filter (keeps the current choice).
    void setHostKeys(const QStringList& keys);

    QByteArray saveHeaderState() const;
    void restoreHeaderState(const QByteArray& state);

Q_SIGNALS:
    void selectionChanged();

private:
    void updateCount();

    ConnectionsModel* m_model;
    ConnectionsFilterProxy* m_proxy;
    QTableView* m_view;
    QLineEdit* m_search;
    QComboBox* m_state;
    QComboBox* m_host;
    QCheckBox* m_activeOnly;
    QLabel* m_count;
    QStringList m_hostKeys;
    QList<ConnectionId> m_savedSelection; ///< across model resets
};

} // namespace poolscope::ui
