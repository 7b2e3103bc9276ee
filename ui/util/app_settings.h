#pragma once
// Persistent settings (QSettings, organization "PoolScope", application "PoolScope"):
//   pool/maxConnections, pool/maxPerHost, pool/keepAliveMs, pool/lifetimeMs,
//   pool/connectTimeoutMs, pool/handshakeTimeoutMs   — the pool parameters the user chose
//   ui/recentHosts                                      — "host:port[:tls]", newest first, ≤ 10
//   ui/confirmDestructive (default true)                — ask before closing / shutting down;
//                                                         tests set it to false
//   ui/captureHandshakes (default false)                — View › Capture TLS Handshakes
//   window/geometry, window/state, window/splitters      — layout

#include "poolscope/pool_params.h"

#include <QStringList>

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

    [[nodiscard]] static bool confirmDestructive();
    static void setConfirmDestructive(bool on);

    [[nodiscard]] static bool captureHandshakes();
    static void setCaptureHandshakes(bool on);
};

} // namespace poolscope::ui
