#pragma once
// "Pool settings…": max connections, per-host cap, keep-alive, lifetime and phase timeouts,
// applied live to the running pool; plus whether destructive actions ask first.

#include "poolscope/pool_params.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QSpinBox;

namespace poolscope::ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SettingsDialog(const PoolParams& current, bool confirmDestructive, QWidget* parent = nullptr);

    /// `current` with the edited fields replaced (TLS defaults, DNS servers … are kept).
    [[nodiscard]] PoolParams params() const;
    [[nodiscard]] bool confirmDestructive() const;

    [[nodiscard]] QSpinBox* maxConnectionsBox() const { return m_maxConnections; }
    [[nodiscard]] QSpinBox* maxPerHostBox() const { return m_maxPerHost; }
    [[nodiscard]] QSpinBox* keepAliveBox() const { return m_keepAlive; }
    [[nodiscard]] QSpinBox* lifetimeBox() const { return m_lifetime; }
    [[nodiscard]] QDialogButtonBox* buttons() const { return m_buttons; }

private:
    PoolParams m_base;
    QSpinBox* m_maxConnections = nullptr;
    QSpinBox* m_maxPerHost = nullptr;
    QSpinBox* m_keepAlive = nullptr;
    QSpinBox* m_lifetime = nullptr;
    QSpinBox* m_connectTimeout = nullptr;
    QSpinBox* m_handshakeTimeout = nullptr;
    QCheckBox* m_confirm = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace poolscope::ui
