#pragma once
// Persistent settings (QSettings, organization "PoolScope", application "PoolScope"):
//   pool/maxConnections, pool/maxPerHost, pool/keepAliveMs, pool/lifetimeMs,
//   pool/connectTimeoutMs, pool/handshakeTimeoutMs   — the pool parameters the user chose
//   ui/recentHosts                                      — "host:port[:tls]", newest first, ≤ 10
//   ui/closedLingerSeconds (default 10)                 — how long closed / failed rows stay
//   ui/confirmDestructive (default true)                — ask before closing / shutting down;
//                                                         tests set it to false
//   ui/captureHandshakes (default false)                — View › Capture TLS Handshakes
//   window/geometry, window/state, window/splitters      — layout

#include "poolscope/pool_params.h"

#include <QStringList>
#include <array>
#include <chrono>

namespace poolscope::ui {

class AppSettings
{
public:
    /// `defaults` with every value the user saved applied on top.
    [[nodiscard]] static PoolParams poolParams(PoolParams defaults);
    static void setPoolParams(const PoolParams& params);

    [[nodiscard]] static QStringList recentHosts();
    static void addRecentHost(const QString& target);
    static constexpr int kMaxRecentHosts = 10;

    /// How long closed connections and failed dials stay in the table: one of
    /// kClosedLingerChoices (seconds, 0 = remove at once); another saved value reads as the default.
    [[nodiscard]] static std::chrono::seconds closedLinger();
    static void setClosedLinger(std::chrono::seconds linger);
    static constexpr std::array<int, 6> kClosedLingerChoices{0, 2, 10, 30, 120, 600};
    static constexpr int kDefaultClosedLingerSeconds = 10;

    [[nodiscard]] static bool confirmDestructive();
    static void setConfirmDestructive(bool on);

    [[nodiscard]] static bool captureHandshakes();
    static void setCaptureHandshakes(bool on);
};

} // namespace poolscope::ui
