// JsonValue's accessors and the line writer: escaped strings, always valid UTF-8.

#include "poolscope/trace/json.h"

#include <charconv>

namespace poolscope::trace {

namespace {

template <class T> std::optional<T> integer(const std::string& literal)
{
    T value{};
    const char* first = literal.data();
    const char* last = first + literal.size();
    const auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc() || end != last)
        return std::nullopt; // fractions, exponents, out of range
    return value;
}

/// Length of the valid UTF-8 sequence at `text[i]`, 0 when there is none.
std::size_t validSequenceAt(std::string_view text, std::size_t i)
{
    for (std::size_t length = 2; length <= 4 && i + length <= text.size(); ++length) {
        if (isValidUtf8(text.substr(i, length)))
            return length;
    }
    return 0;
}

template <class Int> void appendNumber(std::string& out, Int value)
{
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    (void)ec; // 24 characters hold every 64-bit integer
    out.append(digits, end);
}

} // namespace

std::optional<bool> JsonValue::toBool() const
{
    return m_type == Type::Bool ? std::optional<bool>(m_bool) : std::nullopt;
}

std::optional<std::int64_t> JsonValue::toInt() const
{
    return m_type == Type::Number ? integer<std::int64_t>(m_text) : std::nullopt;
}

std::optional<std::uint64_t> JsonValue::toUInt() const
{
    if (m_type != Type::Number || m_text.starts_with('-'))
        return std::nullopt;
    return integer<std::uint64_t>(m_text);
}

std::optional<std::string_view> JsonValue::toString() const
{
    return m_type == Type::String ? std::optional<std::string_view>(m_text) : std::nullopt;
}

const JsonValue* JsonValue::find(std::string_view key) const
{
    for (const Member& member : m_members) {
        if (member.first == key)
            return &member.second;
    }
    return nullptr;
}

JsonValue JsonValue::makeBool(bool value)
{
    JsonValue v(Type::Bool);
    v.m_bool = value;
    return v;
}

JsonValue JsonValue::makeNumber(std::string literal)
{
    JsonValue v(Type::Number);
    v.m_text = std::move(literal);
    return v;
}

JsonValue JsonValue::makeString(std::string text)
{
    JsonValue v(Type::String);
    v.m_text = std::move(text);
    return v;
}

JsonValue JsonValue::makeArray(std::vector<JsonValue> items)
{
    JsonValue v(Type::Array);
    v.m_items = std::move(items);
    return v;
}

JsonValue JsonValue::makeObject(std::vector<Member> members)
{
    JsonValue v(Type::Object);
    v.m_members = std::move(members);
    return v;
}

JsonObjectWriter::JsonObjectWriter(std::string& out) : m_out(out)
{
    m_out.push_back('{');
    m_first.push_back(true);
}

void JsonObjectWriter::appendString(std::string& out, std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t length = validSequenceAt(text, i);
            if (length == 0) {
                out.append("\xEF\xBF\xBD"); // U+FFFD for a byte that starts no valid sequence
                ++i;
            } else {
                out.append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0xF]);
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
        ++i;
    }
    out.push_back('"');
}

void JsonObjectWriter::separator()
{
    if (!m_first.back())
        m_out.push_back(',');
    m_first.back() = false;
}

void JsonObjectWriter::key(std::string_view name)
{
    separator();
    appendString(m_out, name);
    m_out.push_back(':');
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, std::string_view value)
{
    key(name);
    appendString(m_out, value);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, bool value)
{
    key(name);
    m_out.append(value ? "true" : "false");
    return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, std::int64_t value)
{
    key(name);
    appendNumber(m_out, value);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::field(std::string_view name, std::uint64_t value)
{
    key(name);
    appendNumber(m_out, value);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::null(std::string_view name)
{
    key(name);
    m_out.append("null");
    return *this;
}

JsonObjectWriter& JsonObjectWriter::beginObject(std::string_view name)
{
    key(name);
    m_out.push_back('{');
    m_first.push_back(true);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::beginArray(std::string_view name)
{
    key(name);
    m_out.push_back('[');
    m_first.push_back(true);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::beginElement()
{
    separator();
    m_out.push_back('{');
    m_first.push_back(true);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::element(std::uint64_t value)
{
    separator();
    appendNumber(m_out, value);
    return *this;
}

JsonObjectWriter& JsonObjectWriter::end()
{
    m_out.push_back('}');
    m_first.pop_back();
    return *this;
}

JsonObjectWriter& JsonObjectWriter::endArray()
{
    m_out.push_back(']');
    m_first.pop_back();
    return *this;
}

} // namespace poolscope::trace
