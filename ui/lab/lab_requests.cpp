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
        // The wrong-host card teaches a host-name mismatch, and a client that dials a name checks
        // that name; dialled by its IP address the check would be the certificate's IP entries
        // ("IP address mismatch"). Every other lab certificate names localhost, so that is the name.
        if (kind == lab::ServerKind::WrongHost)
            r.tlsOptions.serverName = "localhost";
    }
    return r;
}

} // namespace poolscope::ui
