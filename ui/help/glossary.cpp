#include "help/glossary.h"

#include <QCoreApplication>

namespace poolscope::ui::help {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::help::Glossary)
};

} // namespace

QList<GlossaryEntry> glossary()
{
    return {
        {Term::Lease, QStringLiteral("lease"), Text::tr("Lease"),
         Text::tr("A connection handed out by the pool to one user. While it is leased nobody else can "
                  "use it; giving it back (returning it) lets the pool hand it out again."),
         QStringLiteral("why-reuse")},
        {Term::Idle, QStringLiteral("idle"), Text::tr("Idle"),
         Text::tr("A connection that is open but not leased: it waits in the pool for the next request "
                  "to the same host, so that request needs no new dial."),
         QStringLiteral("keep-alive")},
        {Term::KeepAlive, QStringLiteral("keep-alive"), Text::tr("Keep-alive"),
         Text::tr("How long the pool keeps an idle connection open: its own limit counted from the return, "
                  "or less when the server said it closes idle connections sooner (its Keep-Alive "
                  "header, counted from its response). When the countdown reaches 0 the pool closes it "
                  "(\"expired\") before the server does, and the next request dials a new one."),
         QStringLiteral("keep-alive")},
        {Term::Lifetime,
         QStringLiteral("lifetime"),
         Text::tr("Lifetime (max lifetime)"),
         Text::tr("The longest a connection may live, counted from its dial. Once past it, "
                  "the connection is closed instead of reused, so no connection lives forever."),
         {}},
        {Term::Stale, QStringLiteral("stale"), Text::tr("Stale"),
         Text::tr("An idle connection that the server has already closed. The pool checks before it "
                  "hands one out; a stale one is closed and a fresh dial is made instead."),
         QStringLiteral("server-closes-first")},
        {Term::Eviction,
         QStringLiteral("eviction"),
         Text::tr("Eviction"),
         Text::tr("Closing an idle connection early to make room: when the pool is full and a request "
                  "for another host comes in, the idle connection unused the longest goes."),
         {}},
        {Term::ReuseKey, QStringLiteral("reuse-key"), Text::tr("Reuse key"),
         Text::tr("What must match for a connection to be reused: host, port, and whether and how TLS "
                  "is used. A request with a different key never gets that connection."),
         QStringLiteral("why-reuse")},
        {Term::WaitQueue, QStringLiteral("wait-queue"), Text::tr("Wait queue"),
         Text::tr("Where requests wait when the pool is at its connection limit. A waiter is served when "
                  "a connection comes back or a slot frees up, or gives up when its time-out runs out."),
         QStringLiteral("pool-limits")},
        {Term::Leak, QStringLiteral("leak"), Text::tr("Leak"),
         Text::tr("A leased connection that is never given back. It holds a slot forever; the pool flags "
                  "a lease held longer than the leak threshold as a possible leak."),
         QStringLiteral("leaks")},
        {Term::Shutdown, QStringLiteral("shutdown"), Text::tr("Graceful and forced shutdown"),
         Text::tr("A graceful shutdown refuses new dials and waits for the leased connections to come "
                  "back (draining); a forced one closes every connection at once, leased or not."),
         QStringLiteral("shutdown")},
        {Term::TlsHandshake, QStringLiteral("tls-handshake"), Text::tr("TLS handshake"),
         Text::tr("The exchange that sets up encryption after the TCP connect: the server proves who it "
                  "is and both sides agree on keys. It costs round trips and CPU, which is why reuse "
                  "pays."),
         QStringLiteral("why-reuse")},
        {Term::Sni, QStringLiteral("sni"), Text::tr("SNI (Server Name Indication)"),
         Text::tr("The host name the client sends at the start of the TLS handshake, so a server with "
                  "many names can pick the right certificate."),
         QStringLiteral("tls-failures")},
        {Term::SessionResumption,
         QStringLiteral("session-resumption"),
         Text::tr("Session resumption"),
         Text::tr("A shorter TLS handshake that reuses keys from an earlier session with the same "
                  "server. It saves work on a new connection, but less than reusing an open one."),
         QStringLiteral("tls-resumption")},
        {Term::CertificateVerification, QStringLiteral("certificate-verification"),
         Text::tr("Certificate verification"),
         Text::tr("The client checks the server's certificate: signed by a trusted authority, not "
                  "expired, and issued for the host name dialled. Any failure stops the handshake."),
         QStringLiteral("tls-failures")},
        {Term::HappyEyeballs,
         QStringLiteral("happy-eyeballs"),
         Text::tr("Happy Eyeballs"),
         Text::tr("When a name has both IPv6 and IPv4 addresses, the client tries them in a staggered "
                  "race and keeps whichever connects first, so one broken address family does not stall "
                  "the dial."),
         QStringLiteral("dns-happy-eyeballs")},
        {Term::DnsResolution,
         QStringLiteral("dns-resolution"),
         Text::tr("DNS resolution"),
         Text::tr("Turning a host name into IP addresses before the connect. A name that does not exist "
                  "or a resolver that does not answer fails the dial here."),
         QStringLiteral("dns-happy-eyeballs")},
        {Term::DialTimeout,
         QStringLiteral("dial-timeout"),
         Text::tr("Dial time-out"),
         Text::tr("The longest a dial may take: resolve, connect and TLS handshake together, or one phase "
                  "on its own. A server that accepts but never answers is given up on only when one runs "
                  "out, or when the caller cancels."),
         QStringLiteral("dial-timeouts")},
    };
}

GlossaryEntry glossaryEntry(Term term)
{
    for (GlossaryEntry& entry : glossary()) {
        if (entry.term == term)
            return std::move(entry);
    }
    return {};
}

QString withDefinition(const QString& tip, Term term)
{
    const GlossaryEntry entry = glossaryEntry(term);
    return Text::tr("%1\n\n%2: %3").arg(tip, entry.name, entry.definition);
}

} // namespace poolscope::ui::help
