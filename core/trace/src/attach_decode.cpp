// The attach protocol's decoder (docs/ATTACH_PROTOCOL.md): untrusted bytes to messages. Bounded
// by the frame size (checked on the length prefix, before the payload is buffered) and by the
// strict JSON parser's limits; the first problem fails the decoder for good.

#include "field_reader.h"
#include "poolscope/trace/attach_protocol.h"
#include "trace_records.h"

#include <algorithm>

namespace poolscope::trace::attach {

namespace {

using detail::FieldReader;

std::string decodeVersion(FieldReader& r, int& major, int& minor)
{
    std::string protocol;
    r.string("protocol", protocol, true);
    if (r.ok() && protocol != kProtocolName)
        return "not the PoolScope attach protocol (\"" + protocol + "\")";
    r.integer("version", major, true);
    if (r.ok() && major != kProtocolMajor)
        return "attach protocol version " + std::to_string(major) + " is not supported (this side speaks " +
               std::to_string(kProtocolMajor) + ".x)";
    r.integer("version_minor", minor);
    return r.error();
}

std::string decodeSeq(FieldReader& r, std::int64_t& seq)
{
    r.integer("seq", seq, true);
    if (r.ok() && seq < 0)
        r.fail("seq", "must not be negative");
    return r.error();
}

std::string decodeHello(const JsonValue& v, Hello& m)
{
    FieldReader r(v, "hello");
    std::string problem = decodeVersion(r, m.major, m.minor);
    if (problem.empty())
        problem = decodeSeq(r, m.seq);
    if (!problem.empty())
        return problem;
    r.string("app", m.app);
    r.integer("pid", m.pid);
    if (const JsonValue* allowed = r.get("allowed")) {
        if (!allowed->isArray())
            r.fail("allowed", "must be an array of action names");
        for (const JsonValue& item : allowed->items()) {
            const auto name = item.toString();
            if (!name) {
                r.fail("allowed", "must be an array of action names");
                break;
            }
            const auto action = parseAction(*name); // a newer publisher's action: not for us
            if (action && std::find(m.allowed.begin(), m.allowed.end(), *action) == m.allowed.end())
                m.allowed.push_back(*action);
        }
    }
    const JsonValue* trace = r.get("trace", true);
    if (!r.ok())
        return r.error();
    return detail::decodeHeader(*trace, m.trace);
}

std::string decodeSnapshotMessage(const JsonValue& v, std::int64_t originNs, Snapshot& m)
{
    FieldReader r(v, "snapshot");
    std::string problem = decodeSeq(r, m.seq);
    if (problem.empty())
        problem = detail::decodeOffset(v, m.offsetUs);
    if (problem.empty())
        problem = detail::decodeSnapshot(v, originNs, m.stats, m.connections);
    if (!problem.empty())
        return problem;
    r.integer("waiters", m.waiters);
    if (r.ok() && m.waiters < 0)
        r.fail("waiters", "must not be negative");
    r.boolean("draining", m.draining);
    r.boolean("shut_down", m.shutDown);
    r.integer("dropped_events", m.droppedEvents);
    return r.error();
}

std::string decodeEvents(const JsonValue& v, Events& m)
{
    FieldReader r(v, "events");
    std::string problem = decodeSeq(r, m.seq);
    if (!problem.empty())
        return problem;
    const JsonValue* list = r.get("events", true);
    if (!r.ok())
        return r.error();
    if (!list->isArray())
        return "events field \"events\" must be an array";
    m.events.reserve(list->items().size());
    for (const JsonValue& item : list->items()) {
        TraceEvent e;
        bool known = false;
        problem = detail::decodeEvent(item, e, known);
        if (!problem.empty())
            return problem;
        if (known) // an event kind of a newer minor version is skipped
            m.events.push_back(std::move(e));
    }
    return {};
}

std::string decodeCommand(const JsonValue& v, Command& m)
{
    FieldReader r(v, "command");
    r.integer("id", m.id, true);
    r.name("action", m.action, parseAction, true);
    if (const JsonValue* ids = r.get("ids")) {
        if (!ids->isArray())
            r.fail("ids", "must be an array of connection ids");
        for (const JsonValue& item : ids->items()) {
            const auto id = item.toUInt();
            if (!id) {
                r.fail("ids", "must be an array of connection ids");
                break;
            }
            m.ids.push_back(ConnectionId{*id});
        }
    }
    r.boolean("forced", m.forced);
    return r.error();
}

/// Decodes one payload; nullopt with an empty `error` for a type this side does not know.
std::optional<Message> decodePayload(const JsonValue& v, std::int64_t originNs, std::string& error)
{
    if (!v.isObject()) {
        error = "a message must be a JSON object";
        return std::nullopt;
    }
    const JsonValue* typeValue = v.find("type");
    const auto type = typeValue != nullptr ? typeValue->toString() : std::nullopt;
    if (!type) {
        error = "a message needs a \"type\" string";
        return std::nullopt;
    }
    auto decode = [&](auto message, auto&& fn) -> std::optional<Message> {
        error = fn(message);
        if (!error.empty())
            return std::nullopt;
        return Message(std::move(message));
    };
    if (*type == "hello")
        return decode(Hello{}, [&](Hello& m) { return decodeHello(v, m); });
    if (*type == "snapshot")
        return decode(Snapshot{}, [&](Snapshot& m) { return decodeSnapshotMessage(v, originNs, m); });
    if (*type == "events")
        return decode(Events{}, [&](Events& m) { return decodeEvents(v, m); });
    if (*type == "reply") {
        return decode(Reply{}, [&](Reply& m) {
            FieldReader r(v, "reply");
            std::string problem = decodeSeq(r, m.seq);
            r.integer("id", m.id, true);
            r.boolean("ok", m.ok);
            r.string("error", m.error);
            return problem.empty() ? r.error() : problem;
        });
    }
    if (*type == "bye") {
        return decode(Bye{}, [&](Bye& m) {
            FieldReader r(v, "bye");
            std::string problem = decodeSeq(r, m.seq);
            r.string("reason", m.reason);
            return problem.empty() ? r.error() : problem;
        });
    }
    if (*type == "client_hello") {
        return decode(ClientHello{}, [&](ClientHello& m) {
            FieldReader r(v, "client_hello");
            std::string problem = decodeVersion(r, m.major, m.minor);
            r.string("client", m.client);
            return problem.empty() ? r.error() : problem;
        });
    }
    if (*type == "command")
        return decode(Command{}, [&](Command& m) { return decodeCommand(v, m); });
    error.clear();
    return std::nullopt;
}

std::size_t frameLength(std::string_view prefix)
{
    std::size_t length = 0;
    for (int i = 0; i < 4; ++i)
        length = (length << 8) | static_cast<unsigned char>(prefix[static_cast<std::size_t>(i)]);
    return length;
}

} // namespace

FrameDecoder::FrameDecoder(std::size_t maxFrameBytes, std::int64_t originSteadyNs)
    : m_maxFrameBytes(std::clamp<std::size_t>(maxFrameBytes, 1, std::size_t{0xFFFFFFFFu})),
      m_originSteadyNs(originSteadyNs)
{
}

std::size_t FrameDecoder::buffered() const noexcept
{
    return m_buffer.size() - m_consumed;
}

void FrameDecoder::fail(std::string message)
{
    if (m_error.empty())
        m_error = std::move(message);
    m_buffer.clear();
    m_buffer.shrink_to_fit();
    m_consumed = 0;
}

void FrameDecoder::checkPrefix()
{
    if (failed() || buffered() < 4)
        return;
    const std::size_t length = frameLength(std::string_view(m_buffer).substr(m_consumed, 4));
    if (length == 0)
        fail("a frame of length 0");
    else if (length > m_maxFrameBytes)
        fail("a frame of " + std::to_string(length) + " bytes (more than the " +
             std::to_string(m_maxFrameBytes) + " allowed)");
}

void FrameDecoder::feed(std::string_view bytes)
{
    if (failed() || bytes.empty())
        return;
    if (m_consumed > 0 && m_consumed >= m_buffer.size() / 2) { // keep the buffer from growing forever
        m_buffer.erase(0, m_consumed);
        m_consumed = 0;
    }
    // Validate the waiting frame's prefix before taking its payload in.
    const std::size_t missing = buffered() < 4 ? 4 - buffered() : 0;
    m_buffer.append(bytes.substr(0, missing));
    checkPrefix();
    if (!failed() && bytes.size() > missing)
        m_buffer.append(bytes.substr(missing));
}

std::optional<Message> FrameDecoder::next()
{
    JsonLimits limits;
    limits.maxStringBytes = m_maxFrameBytes;
    limits.maxMembers = std::max<std::size_t>(1, m_maxFrameBytes / 2);
    while (!failed() && buffered() >= 4) {
        checkPrefix();
        if (failed())
            return std::nullopt;
        const std::size_t length = frameLength(std::string_view(m_buffer).substr(m_consumed, 4));
        if (buffered() - 4 < length)
            return std::nullopt;
        const std::string_view payload = std::string_view(m_buffer).substr(m_consumed + 4, length);
        JsonParseResult parsed = parseJson(payload, limits);
        if (!parsed.value) {
            fail("not JSON: " + parsed.error + " at byte " + std::to_string(parsed.errorAt));
            return std::nullopt;
        }
        std::string problem;
        std::optional<Message> message = decodePayload(*parsed.value, m_originSteadyNs, problem);
        m_consumed += 4 + length;
        if (m_consumed == m_buffer.size()) {
            m_buffer.clear();
            m_consumed = 0;
        }
        if (!problem.empty()) {
            fail(std::move(problem));
            return std::nullopt;
        }
        if (message)
            return message;
        ++m_skipped; // an unknown type: a newer minor version's message
    }
    checkPrefix();
    return std::nullopt;
}

} // namespace poolscope::trace::attach
