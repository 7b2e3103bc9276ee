#pragma once
// The event log tab: every event with time, connection and message, a filter bar (text,
// severity, "selected connection only"), auto-scroll, and export to CSV / JSON.

#include "models/event_log_export.h"
#include "poolscope/pool_types.h"
#include "poolscope/service/service_types.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLineEdit;
class QTableView;

namespace poolscope::ui {

class EventLogFilterProxy;
class EventLogModel;

class EventLogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit EventLogPanel(EventLogModel* model, QWidget* parent = nullptr);

    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] EventLogFilterProxy* proxy() const { return m_proxy; }
    [[nodiscard]] QLineEdit* searchEdit() const { return m_search; }

    /// The connection "selected connection only" follows (0 = none selected).
    void setSelectedConnection(ConnectionId id);
    /// The events currently shown (filtered), oldest first.
    [[nodiscard]] QList<int> visibleSourceRows() const;
    enum class ExportScope
    {
        Shown, ///< the events the filters let through, in the table's order
        All    ///< every event in the log
    };
    Q_ENUM(ExportScope)
    /// Writes the events of `scope` to `fileName` in `format`; `written` (if given) gets how many.
    /// On failure returns false and sets `error` to a sentence.
    bool exportTo(const QString& fileName, ExportFormat format, ExportScope scope, QString* error,
                  int* written = nullptr) const;
    /// The number of events `scope` would export.
    [[nodiscard]] int eventCount(ExportScope scope) const;

Q_SIGNALS:
    /// The user clicked an event or pressed Enter on it (the window shows its connection).
    void eventChosen(const poolscope::ServiceEvent& event);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    /// Fits the bar and the columns to the width: on a narrow panel (a 1024-px window) the filters
    /// take a second row so the search shows its placeholder whole, and the endpoint column (also
    /// in the details pane) goes so the message, the "why", keeps room.
    void arrange();

    EventLogModel* m_model;
    EventLogFilterProxy* m_proxy;
    QTableView* m_view;
    QLineEdit* m_search;
    QComboBox* m_severity;
    QCheckBox* m_onlySelected;
    ConnectionId m_selected = 0;
    bool m_stickToBottom = true;
    QGridLayout* m_bar = nullptr;
    int m_barRows = 0; ///< 1 or 2, as arranged; 0 before the first arrangement
};

} // namespace poolscope::ui
