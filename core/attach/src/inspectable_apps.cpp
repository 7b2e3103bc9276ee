// Discovery entries: listing them (removing those whose publisher is gone) and finding one by
// name or pid. The publisher writes them (pool_publisher.cpp).

#include "poolscope/attach/inspectable_apps.h"

#include "attach_log.h"
#include "discovery_entry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QStandardPaths>
#include <algorithm>

namespace poolscope {

Q_LOGGING_CATEGORY(lcAttach, "poolscope.attach", QtWarningMsg)

namespace {

constexpr qint64 kMaxEntryBytes = 64 * 1024;
constexpr int kMaxEntries = 1000; // a directory filled by someone else must not hang a listing

std::optional<InspectableApp> readEntry(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxEntryBytes)
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(kMaxEntryBytes));
    const QJsonObject o = doc.object();
    InspectableApp app;
    app.name = o.value(QStringLiteral("name")).toString();
    app.pool = o.value(QStringLiteral("pool")).toString();
    app.pid = o.value(QStringLiteral("pid")).toInteger();
    app.serverName = o.value(QStringLiteral("server")).toString();
    app.started = QDateTime::fromString(o.value(QStringLiteral("started")).toString(), Qt::ISODateWithMs);
    for (const QJsonValue& v : o.value(QStringLiteral("allowed")).toArray())
        app.allowed << v.toString();
    if (app.pid <= 0 || app.serverName.isEmpty())
        return std::nullopt;
    return app;
}

/// True when the entry's publisher still holds its lock. A lock we can take is stale: the entry
/// and the lock are removed.
bool isLive(const QString& jsonPath)
{
    const QString lockPath = jsonPath.chopped(5) + QStringLiteral(".lock");
    QLockFile lock(lockPath);
    lock.setStaleLockTime(0); // stale only when its process is gone, however old
    if (!lock.tryLock(0))
        return true; // held by a live process (or unreadable: then not ours to remove either)
    QFile::remove(jsonPath);
    qCDebug(lcAttach) << "removed the stale discovery entry" << jsonPath;
    lock.unlock(); // removes the lock file
    return false;
}

bool allDigits(const QString& text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); });
}

} // namespace

namespace detail {

QString entryBaseName(qint64 pid, const QString& pool)
{
    QString safe;
    for (const QChar c : pool.left(40))
        safe += (c.isLetterOrNumber() && c.unicode() < 128) || c == u'_' || c == u'-' || c == u'.' ? c : u'_';
    return QString::number(pid) + u'-' + (safe.isEmpty() ? QStringLiteral("default") : safe);
}

} // namespace detail

QString inspectableAppsDirectory()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (base.isEmpty())
        base = QStandardPaths::writableLocation(QStandardPaths::TempLocation);
    if (base.isEmpty())
        return {};
    const QString path = base + QStringLiteral("/poolscope-attach");
    if (!QDir().mkpath(path))
        return {};
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

QList<InspectableApp> listInspectableApps()
{
    QList<InspectableApp> apps;
    const QString dirPath = inspectableAppsDirectory();
    if (dirPath.isEmpty())
        return apps;
    const QStringList files = QDir(dirPath).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (int i = 0; i < files.size() && i < kMaxEntries; ++i) {
        const QString path = dirPath + u'/' + files.at(i);
        if (!isLive(path))
            continue;
        if (auto app = readEntry(path))
            apps << *app;
    }
    std::sort(apps.begin(), apps.end(), [](const InspectableApp& a, const InspectableApp& b) {
        const int byName = a.name.compare(b.name, Qt::CaseInsensitive);
        if (byName != 0)
            return byName < 0;
        return a.pid != b.pid ? a.pid < b.pid : a.pool < b.pool;
    });
    return apps;
}

std::optional<InspectableApp> findInspectableApp(const QString& nameOrPid, QString* error)
{
    auto setError = [&](const QString& text) {
        if (error != nullptr)
            *error = text;
        return std::nullopt;
    };
    QString who = nameOrPid.trimmed();
    QString pool;
    if (const qsizetype colon = who.lastIndexOf(u':'); colon > 0) {
        pool = who.mid(colon + 1);
        who.truncate(colon);
    }
    if (who.isEmpty())
        return setError(QStringLiteral("no app named: give an app name or a process id"));
    const bool byPid = allDigits(who);
    QList<InspectableApp> matches;
    for (const InspectableApp& app : listInspectableApps()) {
        const bool sameApp =
            byPid ? QString::number(app.pid) == who : app.name.compare(who, Qt::CaseInsensitive) == 0;
        if (sameApp && (pool.isEmpty() || app.pool == pool))
            matches << app;
    }
    if (matches.size() == 1)
        return matches.first();
    if (matches.isEmpty())
        return setError(QStringLiteral("no running app publishes a pool as \"%1\"").arg(nameOrPid));
    QStringList names;
    for (const InspectableApp& app : std::as_const(matches))
        names << QStringLiteral("%1:%2 (pid %3)").arg(app.name, app.pool).arg(app.pid);
    return setError(QStringLiteral("\"%1\" matches %2 published pools: %3; name one as app:pool or pid:pool")
                        .arg(nameOrPid)
                        .arg(matches.size())
                        .arg(names.join(QStringLiteral(", "))));
}

} // namespace poolscope
