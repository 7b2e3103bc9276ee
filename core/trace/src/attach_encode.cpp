// The attach protocol's encoder (docs/ATTACH_PROTOCOL.md): messages to length-prefixed JSON
// frames. Snapshots, events and the trace header are the trace format's own records
// (trace_records.cpp), so the two formats cannot drift apart.

#include "poolscope/trace/attach_protocol.h"
#include "trace_records.h"

#include <array>
#include <type_traits>

namespace poolscope::trace::attach {

namespace {

constexpr std::array<std::string_view, 4> kActionNames{"force_close", "close_idle", "shutdown", "reopen"};

/// Drops the trailing newline and closing brace of one encoded record, to add members to it.
void reopenObject(std::string& out)
{
    if (!out.empty() && out.back() == '\n')
        out.pop_back();
    if (!out.empty() && out.back() == '}')
        out.pop_back();
}

void appendRecord(std::string& out, std::string& record)
{
    if (!record.empty() && record.back() == '\n')
        record.pop_back();
    out += record;
}

void encodeHello(std::string& out, const Hello& m)
{
    JsonObjectWriter(out)
        .field("type", "hello")
        .field("seq", m.seq)
        .field("protocol", kProtocolName)
        .field("version", m.major)
        .field("version_minor", m.minor)
        .field("app", m.app)
        .field("pid", m.pid)
        .end();
    out.pop_back();
    out += ",\"allowed\":[";
    for (std::size_t i = 0; i < m.allowed.size(); ++i) {
        if (i > 0)
            out.push_back(',');
        JsonObjectWriter::appendString(out, actionName(m.allowed[i]));
    }
    out += "],\"trace\":";
    std::string header;
    detail::encodeHeader(header, m.trace);
    appendRecord(out, header);
    out.push_back('}');
}

void encodeSnapshotFields(std::string& out, const Snapshot& m, Clock::time_point origin)
{
    detail::encodeSnapshot(out, m.offsetUs, m.stats, m.connections, origin);
    reopenObject(out);
    out += ",\"waiters\":" + std::to_string(m.waiters) + ",\"draining\":" + (m.draining ? "true" : "false") +
           ",\"shut_down\":" + (m.shutDown ? "true" : "false");
}

void closeSnapshot(std::string& out, std::int64_t seq, std::uint64_t droppedEvents)
{
    out += ",\"seq\":" + std::to_string(seq) + ",\"dropped_events\":" + std::to_string(droppedEvents) + "}";
}

void appendLength(std::string& out, std::size_t start)
{
    const auto length = static_cast<std::uint32_t>(out.size() - start - 4);
    for (int i = 0; i < 4; ++i)
        out[start + static_cast<std::size_t>(i)] = static_cast<char>((length >> (24 - 8 * i)) & 0xFFu);
}

void encodeEvents(std::string& out, const Events& m)
{
    out += "{\"type\":\"events\",\"seq\":" + std::to_string(m.seq) + ",\"events\":[";
    std::string record;
    for (std::size_t i = 0; i < m.events.size(); ++i) {
        if (i > 0)
            out.push_back(',');
        record.clear();
        detail::encodeEvent(record, m.events[i]);
        appendRecord(out, record);
    }
    out += "]}";
}

void encodeCommand(std::string& out, const Command& m)
{
    JsonObjectWriter w(out);
    w.field("type", "command").field("id", m.id).field("action", actionName(m.action));
    if (m.action == Action::ForceClose) {
        w.beginArray("ids");
        for (const ConnectionId id : m.ids)
            w.element(std::uint64_t{id});
        w.endArray();
    }
    if (m.action == Action::Shutdown)
        w.field("forced", m.forced);
    w.end();
}

void encodePayload(std::string& out, const Message& message, Clock::time_point origin)
{
    std::visit(
        [&](const auto& m) {
            using T = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<T, Hello>) {
                encodeHello(out, m);
            } else if constexpr (std::is_same_v<T, Snapshot>) {
                encodeSnapshotFields(out, m, origin);
                closeSnapshot(out, m.seq, m.droppedEvents);
            } else if constexpr (std::is_same_v<T, Events>) {
                encodeEvents(out, m);
            } else if constexpr (std::is_same_v<T, Reply>) {
                JsonObjectWriter w(out);
                w.field("type", "reply").field("seq", m.seq).field("id", m.id).field("ok", m.ok);
                if (!m.ok)
                    w.field("error", m.error);
                w.end();
            } else if constexpr (std::is_same_v<T, Bye>) {
                JsonObjectWriter(out)
                    .field("type", "bye")
                    .field("seq", m.seq)
                    .field("reason", m.reason)
                    .end();
            } else if constexpr (std::is_same_v<T, ClientHello>) {
                JsonObjectWriter(out)
                    .field("type", "client_hello")
                    .field("protocol", kProtocolName)
                    .field("version", m.major)
                    .field("version_minor", m.minor)
                    .field("client", m.client)
                    .end();
            } else {
                static_assert(std::is_same_v<T, Command>);
                encodeCommand(out, m);
            }
        },
        message);
}

} // namespace

std::string_view actionName(Action action) noexcept
{
    const auto i = static_cast<std::size_t>(action);
    return i < kActionNames.size() ? kActionNames[i] : std::string_view("unknown");
}

std::optional<Action> parseAction(std::string_view name) noexcept
{
    for (std::size_t i = 0; i < kActionNames.size(); ++i) {
        if (kActionNames[i] == name)
            return static_cast<Action>(i);
    }
    return std::nullopt;
}

void encodeFrame(std::string& out, const Message& message, Clock::time_point origin)
{
    const std::size_t start = out.size();
    out.append(4, '\0');
    encodePayload(out, message, origin);
    appendLength(out, start);
}

EncodedSnapshot encodeSnapshotBody(const Snapshot& snapshot, Clock::time_point origin)
{
    EncodedSnapshot encoded;
    encodeSnapshotFields(encoded.body, snapshot, origin);
    return encoded;
}

void appendSnapshotFrame(std::string& out, const EncodedSnapshot& snapshot, std::int64_t seq,
                         std::uint64_t droppedEvents)
{
    const std::size_t start = out.size();
    out.append(4, '\0');
    out += snapshot.body;
    closeSnapshot(out, seq, droppedEvents);
    appendLength(out, start);
}

} // namespace poolscope::trace::attach
