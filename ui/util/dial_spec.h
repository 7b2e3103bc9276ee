#pragma once
// What the user asks to dial (Dial dialog, --dial, recent hosts), and the "host:port[:tls]"
// syntax shared by the command line and the recent-hosts list.

#include <QString>
#include <QStringView>
#include <chrono>
#include <optional>

namespace poolscope::ui {

struct DialSpec
{
    QString host;
    quint16 port = 0;
    bool tls = false;
    std::chrono::milliseconds timeout{10'000};
    int count = 1;
    /// Trust the lab's CA for this dial (the Dial dialog's opt-in; lab servers get it anyway).
    bool trustLabCa = false;
    QString label;

    /// "host:port" or "host:port:tls"; IPv6 literals in brackets.
    [[nodiscard]] QString toText() const;
    bool operator==(const DialSpec&) const = default;
};

struct DialTargetParse
{
    std::optional<DialSpec> spec;
    QString error; ///< a sentence saying what is wrong, when !spec
};

/// Parses "host:port[:tls]" ("[::1]:443:tls" for IPv6). Rejects an empty host, a host longer than
/// 253 bytes or containing spaces or slashes, a port that is not a number in 1…65535, an
/// unbracketed IPv6 address and any suffix other than "tls" or "tcp".
[[nodiscard]] DialTargetParse parseDialTarget(QStringView text);

} // namespace poolscope::ui
