#pragma once
// The glossary (Help > Glossary, and part of the tool tips that use these words): each term with a
// short plain definition and the shipped lesson that shows it. The one place the definitions live;
// Qt Core only.

#include <QList>
#include <QString>

namespace poolscope::ui::help {

enum class Term
{
    Lease,
    Idle,
    KeepAlive,
    Lifetime,
    Stale,
    Eviction,
    ReuseKey,
    WaitQueue,
    Leak,
    Shutdown,
    TlsHandshake,
    Sni,
    SessionResumption,
    CertificateVerification,
    HappyEyeballs,
    DnsResolution,
    DialTimeout,
};

struct GlossaryEntry
{
    Term term = Term::Lease;
    QString anchor;     ///< stable id for links ("keep-alive"), never translated
    QString name;       ///< the term as shown ("Keep-alive")
    QString definition; ///< one to three plain sentences
    QString lesson;     ///< the shipped lesson's name that shows it; empty: none does
};

/// Every term, in the order the glossary lists them (translated at call time).
[[nodiscard]] QList<GlossaryEntry> glossary();
[[nodiscard]] GlossaryEntry glossaryEntry(Term term);
/// `tip` followed by a blank line and "Term: definition" (for tool tips).
[[nodiscard]] QString withDefinition(const QString& tip, Term term);

} // namespace poolscope::ui::help
