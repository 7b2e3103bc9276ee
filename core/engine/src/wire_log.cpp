// Names, explanations and the printable form of a wire log's events (poolscope/wire_log.h).
#include "poolscope/wire_log.h"

namespace poolscope {

const WireEvent* WireLog::first(WireEventKind kind) const noexcept
{
    for (const WireEvent& e : events) {
        if (e.kind == kind)
            return &e;
    }
    return nullptr;
}

std::string_view describe(WireEventKind kind) noexcept
{
    switch (kind) {
    case WireEventKind::Connected:
        return "connected";
    case WireEventKind::HandedOut:
        return "handed out";
    case WireEventKind::Sent:
        return "sent";
    case WireEventKind::Received:
        return "received";
    case WireEventKind::Note:
        return "note";
    case WireEventKind::PeerClosed:
        return "FIN from peer";
    case WireEventKind::PeerReset:
        return "RST from peer";
    case WireEventKind::UnreadData:
        return "unread data";
    case WireEventKind::ShutDown:
        return "shut down";
    case WireEventKind::Closed:
        return "closed by the pool";
    }
    return "unknown wire event";
}

std::string_view explain(WireEventKind kind) noexcept
{
    switch (kind) {
    case WireEventKind::Connected:
        return "the TCP three-way handshake finished";
    case WireEventKind::HandedOut:
        return "a holder got the connection: a new use begins";
    case WireEventKind::Sent:
        return "bytes this side wrote during this use (the first ones shown)";
    case WireEventKind::Received:
        return "bytes this side read during this use (the first ones shown)";
    case WireEventKind::Note:
        return "what the protocol on top said about the bytes";
    case WireEventKind::PeerClosed:
        return "the peer sent FIN: an orderly close; it sends nothing more, and the connection "
               "cannot be reused";
    case WireEventKind::PeerReset:
        return "the peer sent RST: an abortive close; data in flight may be lost";
    case WireEventKind::UnreadData:
        return "an idle connection had bytes waiting that nobody asked for; the next holder would "
               "misread them, so it is not reused";
    case WireEventKind::ShutDown:
        return "this side ended one direction (write only: a half-close, the peer sees FIN but may "
               "still answer)";
    case WireEventKind::Closed:
        return "the pool closed its socket: the peer sees FIN (or RST if data was left unread)";
    }
    return "unknown wire event";
}

std::string printable(std::string_view bytes)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size());
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '\r':
            out += "\\r";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\\':
            out += "\\\\";
            break;
        default:
            if (c >= 0x20 && c < 0x7f) {
                out += static_cast<char>(c);
            } else {
                out += "\\x";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
            }
        }
    }
    return out;
}

} // namespace poolscope
