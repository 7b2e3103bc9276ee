#pragma once
// A small, strict JSON reader and writer for the trace format (one record per line). No
// third-party code: bounded nesting, bounded string and line length, UTF-8 validated on the way
// in and made valid on the way out. Numbers are kept as their literal text and converted on
// demand, so 64-bit counters survive without going through a double.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace poolscope::trace {

struct JsonLimits
{
    int maxDepth = 32;                             ///< arrays/objects nested deeper are refused
    std::size_t maxStringBytes = 16u << 20;        ///< one decoded string
    std::size_t maxNumberChars = 64;               ///< one number literal
    std::size_t maxMembers = std::size_t{1} << 20; ///< elements of one array / members of one object
};

class JsonValue
{
public:
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };
    using Member = std::pair<std::string, JsonValue>;

    [[nodiscard]] Type type() const noexcept { return m_type; }
    [[nodiscard]] bool isNull() const noexcept { return m_type == Type::Null; }
    [[nodiscard]] bool isObject() const noexcept { return m_type == Type::Object; }
    [[nodiscard]] bool isArray() const noexcept { return m_type == Type::Array; }
    [[nodiscard]] bool isString() const noexcept { return m_type == Type::String; }

    /// nullopt unless the value has that type (and, for numbers, fits the type exactly).
    [[nodiscard]] std::optional<bool> toBool() const;
    [[nodiscard]] std::optional<std::int64_t> toInt() const;
    [[nodiscard]] std::optional<std::uint64_t> toUInt() const;
    [[nodiscard]] std::optional<std::string_view> toString() const;
    [[nodiscard]] const std::vector<JsonValue>& items() const noexcept { return m_items; }
    [[nodiscard]] const std::vector<Member>& members() const noexcept { return m_members; }
    /// The member named `key` of an object (the first, if repeated), nullptr when absent.
    [[nodiscard]] const JsonValue* find(std::string_view key) const;

    static JsonValue makeNull() { return JsonValue(Type::Null); }
    static JsonValue makeBool(bool value);
    static JsonValue makeNumber(std::string literal);
    static JsonValue makeString(std::string text);
    static JsonValue makeArray(std::vector<JsonValue> items);
    static JsonValue makeObject(std::vector<Member> members);

private:
    explicit JsonValue(Type type) : m_type(type) {}
    Type m_type = Type::Null;
    bool m_bool = false;
    std::string m_text; // string contents, or a number's literal
    std::vector<JsonValue> m_items;
    std::vector<Member> m_members;
};

struct JsonParseResult
{
    std::optional<JsonValue> value;
    std::string error;       ///< what is wrong, when !value
    std::size_t errorAt = 0; ///< byte offset in the text
};

/// Parses exactly one JSON value (surrounding white space allowed). Never throws on bad input.
[[nodiscard]] JsonParseResult parseJson(std::string_view text, const JsonLimits& limits = {});

struct JsonCheckResult
{
    bool ok = false;
    std::string error;       ///< what is wrong, when !ok
    std::size_t errorAt = 0; ///< byte offset in the text
    bool isObject = false;   ///< the value is an object
    /// When it is: each member's name with its value's text (a view into the checked text).
    std::vector<std::pair<std::string, std::string_view>> members;
    /// The text of the member named `key` (the first, if repeated), nullopt when absent.
    [[nodiscard]] std::optional<std::string_view> find(std::string_view key) const;
};

/// Checks `text` exactly as parseJson() would (same grammar, limits and error messages) without
/// building a value: what reading a large record needs when it wants only a few top-level members.
[[nodiscard]] JsonCheckResult checkJson(std::string_view text, const JsonLimits& limits = {});

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
[[nodiscard]] bool isValidUtf8(std::string_view text) noexcept;

/// Builds one JSON object per line. Keys are the writer's own (ASCII); every string value is
/// escaped, and invalid UTF-8 in it is replaced by U+FFFD, so the output is always valid.
class JsonObjectWriter
{
public:
    explicit JsonObjectWriter(std::string& out);
    JsonObjectWriter& field(std::string_view key, std::string_view value);
    JsonObjectWriter& field(std::string_view key, const char* value)
    {
        return field(key, std::string_view(value));
    }
    JsonObjectWriter& field(std::string_view key, bool value);
    JsonObjectWriter& field(std::string_view key, std::int64_t value);
    JsonObjectWriter& field(std::string_view key, std::uint64_t value);
    JsonObjectWriter& field(std::string_view key, int value) { return field(key, std::int64_t{value}); }
    JsonObjectWriter& null(std::string_view key);
    /// Starts a nested object / array value; close it with end() / endArray().
    JsonObjectWriter& beginObject(std::string_view key);
    JsonObjectWriter& beginArray(std::string_view key);
    /// Inside an array: starts an object element, or adds a number element.
    JsonObjectWriter& beginElement();
    JsonObjectWriter& element(std::uint64_t value);
    JsonObjectWriter& end();
    JsonObjectWriter& endArray();

    static void appendString(std::string& out, std::string_view text);

private:
    void key(std::string_view name);
    void separator();
    std::string& m_out;
    std::vector<bool> m_first; // per open container: no member written yet
};

} // namespace poolscope::trace
