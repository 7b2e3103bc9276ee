#pragma once
// "Pool settings…": max connections, per-host cap, keep-alive, lifetime and phase timeouts,
// applied live to the running pool; the resolver (the system's, or one of the lab's DNS servers);
// plus whether destructive actions ask first.

#include "poolscope/pool_params.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QSpinBox;

namespace poolscope::ui {

class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    /// A DNS server the Resolver box offers besides the system's: a lab server's name and its
    /// PoolParams::dnsServers entry ("127.0.0.1:port").
    struct Resolver
    {
        QString name;
        std::string server;
    };

    explicit SettingsDialog(const PoolParams& current, bool confirmDestructive, QWidget* parent = nullptr,
                            const QList<Resolver>& labResolvers = {});

    /// `current` with the edited fields replaced (TLS defaults … are kept; DNS servers set some
    /// other way are kept while the Resolver box is not changed).
    [[nodiscard]] PoolParams params() const;
    [[nodiscard]] bool confirmDestructive() const;

    [[nodiscard]] QSpinBox* maxConnectionsBox() const { return m_maxConnections; }
    [[nodiscard]] QSpinBox* maxPerHostBox() const { return m_maxPerHost; }
    [[nodiscard]] QSpinBox* keepAliveBox() const { return m_keepAlive; }
    [[nodiscard]] QSpinBox* lifetimeBox() const { return m_lifetime; }
    [[nodiscard]] QComboBox* resolverBox() const { return m_resolver; }
    [[nodiscard]] QDialogButtonBox* buttons() const { return m_buttons; }

private:
    PoolParams m_base;
    QSpinBox* m_maxConnections = nullptr;
    QSpinBox* m_maxPerHost = nullptr;
    QSpinBox* m_keepAlive = nullptr;
    QSpinBox* m_lifetime = nullptr;
    QSpinBox* m_connectTimeout = nullptr;
    QSpinBox* m_handshakeTimeout = nullptr;
    QComboBox* m_resolver = nullptr; ///< item data: the dnsServers, as a QStringList
    QCheckBox* m_confirm = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace poolscope::ui
