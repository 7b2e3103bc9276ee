#include "util/app_settings.h"

#include <QSettings>
#include <algorithm>

namespace poolscope::ui {

namespace {

using std::chrono::milliseconds;

const QString kMaxConnections = QStringLiteral("pool/maxConnections");
const QString kMaxPerHost = QStringLiteral("pool/maxPerHost");
const QString kKeepAlive = QStringLiteral("pool/keepAliveMs");
const QString kLifetime = QStringLiteral("pool/lifetimeMs");
const QString kConnectTimeout = QStringLiteral("pool/connectTimeoutMs");
const QString kHandshakeTimeout = QStringLiteral("pool/handshakeTimeoutMs");
const QString kRecentHosts = QStringLiteral("ui/recentHosts");
const QString kConfirm = QStringLiteral("ui/confirmDestructive");
const QString kClosedLinger = QStringLiteral("ui/closedLingerSeconds");

} // namespace

PoolParams AppSettings::poolParams(PoolParams p)
{
    const QSettings s;
    p.maxConnections = s.value(kMaxConnections, p.maxConnections).toInt();
    p.maxPerHost = s.value(kMaxPerHost, p.maxPerHost).toInt();
    p.maxKeepAlive = milliseconds(s.value(kKeepAlive, qint64(p.maxKeepAlive.count())).toLongLong());
    p.maxLifetime = milliseconds(s.value(kLifetime, qint64(p.maxLifetime.count())).toLongLong());
    p.connectTimeout = milliseconds(s.value(kConnectTimeout, qint64(p.connectTimeout.count())).toLongLong());
    p.handshakeTimeout =
        milliseconds(s.value(kHandshakeTimeout, qint64(p.handshakeTimeout.count())).toLongLong());
    return p;
}

void AppSettings::setPoolParams(const PoolParams& p)
{
    QSettings s;
    s.setValue(kMaxConnections, p.maxConnections);
    s.setValue(kMaxPerHost, p.maxPerHost);
    s.setValue(kKeepAlive, qint64(p.maxKeepAlive.count()));
    s.setValue(kLifetime, qint64(p.maxLifetime.count()));
    s.setValue(kConnectTimeout, qint64(p.connectTimeout.count()));
    s.setValue(kHandshakeTimeout, qint64(p.handshakeTimeout.count()));
}

QStringList AppSettings::recentHosts()
{
    return QSettings().value(kRecentHosts).toStringList();
}

void AppSettings::addRecentHost(const QString& target)
{
    QStringList list = recentHosts();
    list.removeAll(target);
    list.prepend(target);
    while (list.size() > kMaxRecentHosts)
        list.removeLast();
    QSettings().setValue(kRecentHosts, list);
}

std::chrono::seconds AppSettings::closedLinger()
{
    bool ok = false;
    const int saved = QSettings().value(kClosedLinger, kDefaultClosedLingerSeconds).toInt(&ok);
    const bool known = ok && std::find(kClosedLingerChoices.begin(), kClosedLingerChoices.end(), saved) !=
                                 kClosedLingerChoices.end();
    return std::chrono::seconds(known ? saved : kDefaultClosedLingerSeconds);
}

void AppSettings::setClosedLinger(std::chrono::seconds linger)
{
    QSettings().setValue(kClosedLinger, static_cast<int>(linger.count()));
}

bool AppSettings::confirmDestructive()
{
    return QSettings().value(kConfirm, true).toBool();
}

void AppSettings::setConfirmDestructive(bool on)
{
    QSettings().setValue(kConfirm, on);
}

bool AppSettings::captureHandshakes()
{
    return QSettings().value(QStringLiteral("ui/captureHandshakes"), false).toBool();
}

void AppSettings::setCaptureHandshakes(bool on)
{
    QSettings().setValue(QStringLiteral("ui/captureHandshakes"), on);
}

} // namespace poolscope::ui
