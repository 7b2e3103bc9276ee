#pragma once
// Everything about the selected connection: endpoint and holder, phase timings, ages and
// deadlines, TLS parameters, the peer certificate, the verify result, the last error, and a short
// explanation of its state for learners.

#include "models/snapshot_diff.h"
#include "poolscope/service/service_types.h"

#include <QTextBrowser>
#include <deque>
#include <memory>

namespace poolscope::ui {

class ConnectionWaterfall;
class HandshakeLadder;

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

    /// The ladder this pane feeds with the shown connection's TLS handshake (not owned; laid out
    /// by the window beside the pane; null: none).
    void setLadder(HandshakeLadder* ladder);
    /// The waterfall this pane points at the shown connection (not owned; laid out by the window
    /// under the pane; null: none). Hidden while no single connection is shown.
    void setWaterfall(ConnectionWaterfall* waterfall);
    [[nodiscard]] ConnectionWaterfall* waterfall() const { return m_waterfall; }
    /// A failed dial's transcript (ServiceEvent::handshake of its DialFailed): shown for that
    /// connection while its row is still listed, and when nothing is selected (the latest one).
    /// The last kMaxFailedHandshakes are kept.
    void rememberFailedHandshake(ConnectionId id, const QString& endpoint,
                                 std::shared_ptr<const HandshakeTranscript> transcript);
    static constexpr std::size_t kMaxFailedHandshakes = 16;

protected:
    void changeEvent(QEvent* event) override;

private:
    void restyle();
    struct FailedHandshake
    {
        ConnectionId id = 0;
        QString endpoint;
        std::shared_ptr<const HandshakeTranscript> transcript;
    };
    void setContent(const QString& html);
    void updateLadder(const ConnectionRow* row);
    [[nodiscard]] const FailedHandshake* failedHandshake(ConnectionId id) const;

    ConnectionId m_id = 0;
    QString m_html;
    HandshakeLadder* m_ladder = nullptr;
    ConnectionWaterfall* m_waterfall = nullptr;
    bool m_placeholder = false;           ///< nothing selected
    std::deque<FailedHandshake> m_failed; ///< oldest first
};

} // namespace poolscope::ui
