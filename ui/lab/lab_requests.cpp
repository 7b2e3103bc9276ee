#include "lab/lab_requests.h"

namespace poolscope::ui {

AcquireRequest labAcquireRequest(const lab::Lab& lab, lab::ServerKind kind, std::chrono::milliseconds timeout,
                                 const QString& label)
{
    const lab::ServerInfo& server = lab.server(kind);
    AcquireRequest r;
    r.host = QString::fromStdString(server.host);
    r.port = server.port;
    r.tls = server.tls;
    r.timeout = timeout;
    r.label = label;
    if (server.tls) {
        r.overrideTls = true;
        r.tlsOptions = lab.trustingTls();
    }
    return r;
}

} // namespace poolscope::ui
