#pragma once
// QNetworkProxy → the engine's ProxyOptions, for applications that already configure proxies the
// Qt way. Header-only: PoolScope::Service itself needs no Qt Network, a caller that includes this
// links Qt6::Network (it has to, to have a QNetworkProxy).

#include "poolscope/pool_params.h"
#include "poolscope/result.h"

#include <QNetworkProxy>
#include <string>

namespace poolscope {

/// HttpProxy → HttpConnect, Socks5Proxy → Socks5 (host, port, user and password carried over,
/// UTF-8), NoProxy → none. DefaultProxy → none too: the application's proxy is not looked up here
/// (pass QNetworkProxy::applicationProxy() to use it). The caching proxies (HttpCachingProxy,
/// FtpCachingProxy) cannot tunnel a connection and are rejected; so is anything
/// ProxyOptions::validate() refuses. Errors: InvalidArgument, phase Validate; never the password.
[[nodiscard]] inline Result<ProxyOptions> proxyOptionsFrom(const QNetworkProxy& proxy)
{
    ProxyOptions out;
    switch (proxy.type()) {
    case QNetworkProxy::NoProxy:
    case QNetworkProxy::DefaultProxy:
        return out;
    case QNetworkProxy::HttpProxy:
        out.type = ProxyType::HttpConnect;
        break;
    case QNetworkProxy::Socks5Proxy:
        out.type = ProxyType::Socks5;
        break;
    case QNetworkProxy::HttpCachingProxy:
    case QNetworkProxy::FtpCachingProxy:
        return makeError(ErrorCode::InvalidArgument,
                         "proxy: a caching proxy (QNetworkProxy::HttpCachingProxy/FtpCachingProxy) cannot "
                         "tunnel a connection; use HttpProxy or Socks5Proxy",
                         DialPhase::Validate);
    default:
        return makeError(ErrorCode::InvalidArgument,
                         "proxy: unknown QNetworkProxy type " +
                             std::to_string(static_cast<int>(proxy.type())),
                         DialPhase::Validate);
    }
    out.host = proxy.hostName().toStdString();
    out.port = proxy.port();
    out.username = proxy.user().toStdString();
    out.password = proxy.password().toStdString();
    if (Status ok = out.validate(); !ok)
        return std::move(ok).error();
    return out;
}

} // namespace poolscope
