#pragma once
// The strip of pool figures above the table: gauges (in use, idle, connecting, max, waiters),
// counters since start (dials, reuse ratio, stale, expired, evicted) and failures (handshake,
// socket, timeouts), plus a "draining" tile while a graceful shutdown waits for leases.

#include "poolscope/service/service_types.h"

#include <QFrame>
#include <array>
#include <optional>

class QLabel;

namespace poolscope::ui {

class CountersPanel : public QFrame
{
    Q_OBJECT
public:
    enum Counter
    {
        InUse,
        Idle,
        Connecting,
        Max,
        Waiters,
        Dials,
        ReuseRatio,
        Stale,
        Expired,
        Evicted,
        HandshakeFailures,
        ResolveFailures,
        SocketErrors,
        Timeouts,
        Draining,
        CounterCount
    };
    Q_ENUM(Counter)

    explicit CountersPanel(QWidget* parent = nullptr);

    void showSnapshot(const PoolSnapshot& snapshot);
    /// In-use count while a graceful shutdown drains; nullopt hides the tile.
    void setDraining(std::optional<int> inUse);

    [[nodiscard]] QString valueText(Counter counter) const;
    /// The tile's title as shown (translated).
    [[nodiscard]] QString title(Counter counter) const { return m_titles[static_cast<std::size_t>(counter)]; }
    [[nodiscard]] QLabel* valueLabel(Counter counter) const
    {
        return m_values[static_cast<std::size_t>(counter)];
    }

protected:
    void changeEvent(QEvent* event) override;

private:
    void restyle();
    void setValue(Counter counter, const QString& text, bool alert = false);

    std::array<QLabel*, CounterCount> m_values{};
    std::array<QString, CounterCount> m_titles{};
    QFrame* m_drainingTile = nullptr;
};

} // namespace poolscope::ui
