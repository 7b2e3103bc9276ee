#pragma once
// Everything about the selected connection: endpoint and holder, phase timings, ages and
// deadlines, TLS parameters, the peer certificate, the verify result, the last error, and a short
// explanation of its state for learners.

#include "models/snapshot_diff.h"
#include "poolscope/service/service_types.h"

#include <QTextBrowser>

namespace poolscope::ui {

class DetailsPane : public QTextBrowser
{
    Q_OBJECT
public:
    explicit DetailsPane(QWidget* parent = nullptr);

    /// Shows `row` as of `now`; nullptr shows the placeholder. Re-rendering the same text is skipped,
    /// and so is re-rendering the shown connection while the user has text of it selected.
    void showRow(const ConnectionRow* row, Clock::time_point now);
    /// Shows a connection that has no row any more from one of its events (the event log's).
    void showEvent(const ServiceEvent& event);
    /// Shows that `count` connections are selected.
    void showSelectionCount(int count);
    [[nodiscard]] ConnectionId shownId() const { return m_id; }

    /// The HTML for a row (pure; used by showRow and by tests).
    [[nodiscard]] static QString renderHtml(const ConnectionRow& row, Clock::time_point now);

private:
    void setContent(const QString& html);

    ConnectionId m_id = 0;
    QString m_html;
};

} // namespace poolscope::ui
