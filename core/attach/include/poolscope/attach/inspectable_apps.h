#pragma once
// Discovery of apps that publish a pool for inspection (PoolPublisher, docs/ATTACH_PROTOCOL.md):
// one small JSON entry per publisher in a per-user, owner-only directory, each with a lock file
// its publisher holds while publishing. A reader that can take an entry's lock knows the publisher
// is gone and removes the stale entry. Portable (QLockFile, QStandardPaths), no platform headers.

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace poolscope {

/// One publishing app, as its discovery entry describes it.
struct InspectableApp
{
    QString name;        ///< the app's name (PublishOptions::appName)
    QString pool;        ///< tells several pools of one app apart (PublishOptions::poolName)
    qint64 pid = 0;      ///< the publishing process's id (> 0 in every listed entry)
    QString serverName;  ///< what QLocalSocket::connectToServer takes
    QDateTime started;   ///< when publishing started (UTC)
    QStringList allowed; ///< action names monitors may use ("force_close" …); empty: read-only
};

/// The per-user directory of discovery entries (owner-only, 0700; created if missing):
/// QStandardPaths::RuntimeLocation + "/poolscope-attach". Empty when it cannot be created.
[[nodiscard]] QString inspectableAppsDirectory();
/// The live entries, sorted by name (case-insensitive), then pid; stale entries are removed.
[[nodiscard]] QList<InspectableApp> listInspectableApps();
/// The entry `nameOrPid` names: a pid when all digits, else an app name (case-insensitive), or
/// "name:pool" / "pid:pool" to pick one of several pools. nullopt with *error when none or several
/// match.
[[nodiscard]] std::optional<InspectableApp> findInspectableApp(const QString& nameOrPid, QString* error);

} // namespace poolscope
