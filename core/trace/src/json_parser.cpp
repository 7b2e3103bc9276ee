// The strict JSON parser: RFC 8259 grammar, recursion bounded by JsonLimits::maxDepth, every
// string checked for valid UTF-8 and every \u escape for paired surrogates.

#include "poolscope/trace/json.h"

#include <charconv>
#include <type_traits>

namespace poolscope::trace {

namespace {

/// What the validating parser builds instead of a value: nothing.
struct Nothing
{
};

/// Counts the bytes a string would decode to, in place of building it.
struct ByteCount
{
    std::size_t bytes = 0;
    void push_back(char) noexcept { ++bytes; }
    [[nodiscard]] std::size_t size() const noexcept { return bytes; }
};

/// One recursive descent for both passes: Build = true makes a JsonValue tree, Build = false only
/// checks the same grammar and limits (and notes where the top-level members' values are).
template <bool Build> class Parser
{
public:
    using Value = std::conditional_t<Build, JsonValue, Nothing>;
    using Text = std::conditional_t<Build, std::string, ByteCount>;

    Parser(std::string_view text, const JsonLimits& limits) : m_text(text), m_limits(limits) {}

    /// Parses the whole text; `value` is set when it is well-formed.
    std::optional<Value> run()
    {
        skipSpace();
        std::optional<Value> value = parseValue(0);
        if (value) {
            skipSpace();
            if (m_pos != m_text.size())
                fail("unexpected text after the value");
        }
        if (!m_error.empty())
            return std::nullopt;
        return value;
    }

    [[nodiscard]] const std::string& error() const noexcept { return m_error; }
    [[nodiscard]] std::size_t errorAt() const noexcept { return m_errorAt; }
    [[nodiscard]] bool topIsObject() const noexcept { return m_topIsObject; }
    std::vector<std::pair<std::string, std::string_view>>& topMembers() noexcept { return m_top; }

private:
    template <class Make> static std::optional<Value> make(Make&& build)
    {
        if constexpr (Build)
            return build();
        else
            return Nothing{};
    }

    std::optional<Value> fail(std::string message)
    {
        if (m_error.empty()) {
            m_error = std::move(message);
            m_errorAt = m_pos;
        }
        return std::nullopt;
    }

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    bool consumeWord(std::string_view word)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    std::optional<Value> parseValue(int depth)
    {
        if (m_pos >= m_text.size())
            return fail("unexpected end of the line (a value is missing)");
        const char c = m_text[m_pos];
        if (c == '{' || c == '[') {
            if (depth >= m_limits.maxDepth)
                return fail("nested deeper than " + std::to_string(m_limits.maxDepth) + " levels");
            return c == '{' ? parseObject(depth + 1) : parseArray(depth + 1);
        }
        if (c == '"') {
            std::optional<Text> text = parseString<Text>();
            if (!text)
                return std::nullopt;
            if constexpr (Build)
                return JsonValue::makeString(std::move(*text));
            else
                return Nothing{};
        }
        if (consumeWord("true"))
            return make([] { return JsonValue::makeBool(true); });
        if (consumeWord("false"))
            return make([] { return JsonValue::makeBool(false); });
        if (consumeWord("null"))
            return make([] { return JsonValue::makeNull(); });
        if (c == '-' || (c >= '0' && c <= '9'))
            return parseNumber();
        return fail(std::string("unexpected character '") + (c >= 0x20 && c < 0x7f ? c : '?') + "'");
    }

    std::optional<Value> parseObject(int depth)
    {
        ++m_pos; // '{'
        const bool top = depth == 1;
        if (top)
            m_topIsObject = true;
        std::vector<JsonValue::Member> members;
        std::size_t count = 0;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == '}') {
            ++m_pos;
            return make([&] { return JsonValue::makeObject(std::move(members)); });
        }
        for (;;) {
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != '"')
                return fail("expected a member name in quotes");
            // The validating pass decodes only the top-level names (to report where their values are).
            std::optional<std::string> name;
            if (Build || top) {
                name = parseString<std::string>();
                if (!name)
                    return std::nullopt;
            } else if (!parseString<ByteCount>()) {
                return std::nullopt;
            }
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != ':')
                return fail("expected ':' after a member name");
            ++m_pos;
            skipSpace();
            const std::size_t valueStart = m_pos;
            std::optional<Value> value = parseValue(depth);
            if (!value)
                return std::nullopt;
            if (count >= m_limits.maxMembers)
                return fail("too many members in one object");
            ++count;
            if constexpr (Build)
                members.emplace_back(std::move(*name), std::move(*value));
            else if (top)
                m_top.emplace_back(std::move(*name), m_text.substr(valueStart, m_pos - valueStart));
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == '}') {
                ++m_pos;
                return make([&] { return JsonValue::makeObject(std::move(members)); });
            }
            return fail("expected ',' or '}' in an object");
        }
    }

    std::optional<Value> parseArray(int depth)
    {
        ++m_pos; // '['
        std::vector<JsonValue> items;
        std::size_t count = 0;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ']') {
            ++m_pos;
            return make([&] { return JsonValue::makeArray(std::move(items)); });
        }
        for (;;) {
            skipSpace();
            std::optional<Value> value = parseValue(depth);
            if (!value)
                return std::nullopt;
            if (count >= m_limits.maxMembers)
                return fail("too many elements in one array");
            ++count;
            if constexpr (Build)
                items.push_back(std::move(*value));
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == ']') {
                ++m_pos;
                return make([&] { return JsonValue::makeArray(std::move(items)); });
            }
            return fail("expected ',' or ']' in an array");
        }
    }

    std::optional<Value> parseNumber()
    {
        const std::size_t start = m_pos;
        auto digits = [this] {
            const std::size_t from = m_pos;
            while (m_pos < m_text.size() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
                ++m_pos;
            return m_pos - from;
        };
        if (m_text[m_pos] == '-')
            ++m_pos;
        const std::size_t intStart = m_pos;
        const std::size_t intDigits = digits();
        if (intDigits == 0)
            return fail("a number needs digits");
        if (intDigits > 1 && m_text[intStart] == '0')
            return fail("a number must not start with 0");
        if (m_pos < m_text.size() && m_text[m_pos] == '.') {
            ++m_pos;
            if (digits() == 0)
                return fail("a number needs digits after '.'");
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (m_pos < m_text.size() && (m_text[m_pos] == '+' || m_text[m_pos] == '-'))
                ++m_pos;
            if (digits() == 0)
                return fail("a number needs digits in its exponent");
        }
        if (m_pos - start > m_limits.maxNumberChars)
            return fail("a number longer than " + std::to_string(m_limits.maxNumberChars) + " characters");
        return make([&] { return JsonValue::makeNumber(std::string(m_text.substr(start, m_pos - start))); });
    }

    std::optional<unsigned> hex4()
    {
        if (m_text.size() - m_pos < 4)
            return std::nullopt;
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            value <<= 4;
            if (c >= '0' && c <= '9')
                value |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                value |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                value |= static_cast<unsigned>(c - 'A' + 10);
            else
                return std::nullopt;
        }
        return value;
    }

    template <class Out> static void appendUtf8(Out& out, unsigned cp)
    {
        auto byte = [&out](unsigned v) { out.push_back(static_cast<char>(static_cast<unsigned char>(v))); };
        if (cp < 0x80) {
            byte(cp);
        } else if (cp < 0x800) {
            byte(0xC0 | (cp >> 6));
            byte(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            byte(0xE0 | (cp >> 12));
            byte(0x80 | ((cp >> 6) & 0x3F));
            byte(0x80 | (cp & 0x3F));
        } else {
            byte(0xF0 | (cp >> 18));
            byte(0x80 | ((cp >> 12) & 0x3F));
            byte(0x80 | ((cp >> 6) & 0x3F));
            byte(0x80 | (cp & 0x3F));
        }
    }

    /// Out = std::string decodes the string; Out = ByteCount only checks it.
    template <class Out> std::optional<Out> parseString()
    {
        ++m_pos; // '"'
        Out out;
        const std::size_t start = m_pos;
        for (;;) {
            if (m_pos >= m_text.size()) {
                fail("a string is not closed");
                return std::nullopt;
            }
            if (out.size() > m_limits.maxStringBytes) {
                fail("a string longer than " + std::to_string(m_limits.maxStringBytes) + " bytes");
                return std::nullopt;
            }
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                break;
            }
            if (static_cast<unsigned char>(c) < 0x20) {
                fail("a control character inside a string (it must be escaped)");
                return std::nullopt;
            }
            if (c != '\\') {
                out.push_back(c);
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (m_pos >= m_text.size()) {
                fail("a string is not closed");
                return std::nullopt;
            }
            const char e = m_text[m_pos++];
            switch (e) {
            case '"':
                out.push_back('"');
                break;
            case '\\':
                out.push_back('\\');
                break;
            case '/':
                out.push_back('/');
                break;
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'u': {
                std::optional<unsigned> cp = hex4();
                if (!cp) {
                    fail("a \\u escape needs four hex digits");
                    return std::nullopt;
                }
                if (*cp >= 0xD800 && *cp <= 0xDBFF) {
                    std::optional<unsigned> low;
                    if (consumeWord("\\u"))
                        low = hex4();
                    if (!low || *low < 0xDC00 || *low > 0xDFFF) {
                        fail("a \\u escape holds an unpaired surrogate");
                        return std::nullopt;
                    }
                    cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
                } else if (*cp >= 0xDC00 && *cp <= 0xDFFF) {
                    fail("a \\u escape holds an unpaired surrogate");
                    return std::nullopt;
                }
                appendUtf8(out, *cp);
                break;
            }
            default:
                fail("an unknown escape in a string");
                return std::nullopt;
            }
        }
        // Escapes always decode to whole, valid characters, so the raw text is valid UTF-8 exactly
        // when the decoded string is.
        bool valid = false;
        if constexpr (std::is_same_v<Out, std::string>)
            valid = isValidUtf8(out);
        else
            valid = isValidUtf8(m_text.substr(start, m_pos - 1 - start));
        if (!valid) {
            m_pos = start;
            fail("a string is not valid UTF-8");
            return std::nullopt;
        }
        return out;
    }

    std::string_view m_text;
    const JsonLimits& m_limits;
    std::size_t m_pos = 0;
    std::string m_error;
    std::size_t m_errorAt = 0;
    bool m_topIsObject = false;
    std::vector<std::pair<std::string, std::string_view>> m_top;
};

} // namespace

JsonParseResult parseJson(std::string_view text, const JsonLimits& limits)
{
    Parser<true> parser(text, limits);
    JsonParseResult result;
    result.value = parser.run();
    if (!result.value) {
        result.error = parser.error();
        result.errorAt = parser.errorAt();
    }
    return result;
}

JsonCheckResult checkJson(std::string_view text, const JsonLimits& limits)
{
    Parser<false> parser(text, limits);
    JsonCheckResult result;
    result.ok = parser.run().has_value();
    if (!result.ok) {
        result.error = parser.error();
        result.errorAt = parser.errorAt();
        return result;
    }
    result.isObject = parser.topIsObject();
    result.members = std::move(parser.topMembers());
    return result;
}

std::optional<std::string_view> JsonCheckResult::find(std::string_view key) const
{
    for (const auto& [name, value] : members) {
        if (name == key)
            return value;
    }
    return std::nullopt;
}

bool isValidUtf8(std::string_view text) noexcept
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b0 = static_cast<unsigned char>(text[i]);
        if (b0 < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned cp = 0;
        unsigned min = 0;
        if ((b0 & 0xE0) == 0xC0) {
            length = 2;
            cp = b0 & 0x1Fu;
            min = 0x80;
        } else if ((b0 & 0xF0) == 0xE0) {
            length = 3;
            cp = b0 & 0x0Fu;
            min = 0x800;
        } else if ((b0 & 0xF8) == 0xF0) {
            length = 4;
            cp = b0 & 0x07u;
            min = 0x10000;
        } else {
            return false;
        }
        if (text.size() - i < length)
            return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto b = static_cast<unsigned char>(text[i + k]);
            if ((b & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (b & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

} // namespace poolscope::trace
