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

/// Bounds parseJson() and checkJson() put on untrusted text; exceeding one is a parse error.
struct JsonLimits
{
    int maxDepth = 32;                             ///< arrays/objects nested deeper are refused
    std::size_t maxStringBytes = 16u << 20;        ///< one decoded string
    std::size_t maxNumberChars = 64;               ///< one number literal
    std::size_t maxMembers = std::size_t{1} << 20; ///< elements of one array / members of one object
};

/// One parsed JSON value: a plain tree that owns its strings, arrays and objects. Object members keep
/// their order and duplicates (find() takes the first).
class JsonValue
{
public:
    /// What the value is.
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };
    /// One member of an object: its (decoded) name and value.
    using Member = std::pair<std::string, JsonValue>;

    [[nodiscard]] Type type() const noexcept { return m_type; }                     ///< what it is
    [[nodiscard]] bool isNull() const noexcept { return m_type == Type::Null; }     ///< type() is Null
    [[nodiscard]] bool isObject() const noexcept { return m_type == Type::Object; } ///< type() is Object
    [[nodiscard]] bool isArray() const noexcept { return m_type == Type::Array; }   ///< type() is Array
    [[nodiscard]] bool isString() const noexcept { return m_type == Type::String; } ///< type() is String

    // The to*() accessors give nullopt unless the value has that type (and, for numbers, fits the
    // type exactly: no fraction, no exponent, in range).
    /// The boolean, nullopt unless type() is Bool.
    [[nodiscard]] std::optional<bool> toBool() const;
    /// The number as a signed 64-bit integer, nullopt unless it is an integer in that range.
    [[nodiscard]] std::optional<std::int64_t> toInt() const;
    /// The number as an unsigned 64-bit integer, nullopt unless it is a non-negative integer in range.
    [[nodiscard]] std::optional<std::uint64_t> toUInt() const;
    /// The decoded string (a view into this value), nullopt unless type() is String.
    [[nodiscard]] std::optional<std::string_view> toString() const;
    /// An array's elements in order; empty for every other type.
    [[nodiscard]] const std::vector<JsonValue>& items() const noexcept { return m_items; }
    /// An object's members in order; empty for every other type.
    [[nodiscard]] const std::vector<Member>& members() const noexcept { return m_members; }
    /// The member named `key` of an object (the first, if repeated), nullptr when absent.
    [[nodiscard]] const JsonValue* find(std::string_view key) const;

    static JsonValue makeNull() { return JsonValue(Type::Null); } ///< null
    static JsonValue makeBool(bool value);                        ///< true or false
    /// A number from its literal text, taken as is (the parser passes only valid literals).
    static JsonValue makeNumber(std::string literal);
    static JsonValue makeString(std::string text);            ///< a string (decoded text)
    static JsonValue makeArray(std::vector<JsonValue> items); ///< an array of `items`
    static JsonValue makeObject(std::vector<Member> members); ///< an object of `members`

private:
    explicit JsonValue(Type type) : m_type(type) {}
    Type m_type = Type::Null;
    bool m_bool = false;
    std::string m_text; // string contents, or a number's literal
    std::vector<JsonValue> m_items;
    std::vector<Member> m_members;
};

/// What parseJson() found.
struct JsonParseResult
{
    std::optional<JsonValue> value; ///< the value, nullopt when the text is not valid JSON
    std::string error;              ///< what is wrong, when !value
    std::size_t errorAt = 0;        ///< byte offset in the text
};

/// Parses exactly one JSON value (surrounding white space allowed). Never throws on bad input.
[[nodiscard]] JsonParseResult parseJson(std::string_view text, const JsonLimits& limits = {});

/// What checkJson() found.
struct JsonCheckResult
{
    bool ok = false;         ///< the text is one valid JSON value within the limits
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
/// Appends to the caller's string, which must outlive the writer; the caller closes the outer
/// object with end() and every nested one it opened (nothing checks the nesting). No newline is
/// added: the caller ends the line.
class JsonObjectWriter
{
public:
    /// Starts an object (`{`) at the end of `out`.
    explicit JsonObjectWriter(std::string& out);
    /// A string member (escaped, invalid UTF-8 made U+FFFD).
    JsonObjectWriter& field(std::string_view key, std::string_view value);
    /// A string member from a NUL-terminated string (not nullptr).
    JsonObjectWriter& field(std::string_view key, const char* value)
    {
        return field(key, std::string_view(value));
    }
    JsonObjectWriter& field(std::string_view key, bool value);          ///< true / false member
    JsonObjectWriter& field(std::string_view key, std::int64_t value);  ///< integer member
    JsonObjectWriter& field(std::string_view key, std::uint64_t value); ///< integer member
    /// Integer member (so an int literal does not pick the bool overload).
    JsonObjectWriter& field(std::string_view key, int value) { return field(key, std::int64_t{value}); }
    JsonObjectWriter& null(std::string_view key); ///< a null member
    /// Starts a nested object / array value; close it with end() / endArray().
    JsonObjectWriter& beginObject(std::string_view key);
    JsonObjectWriter& beginArray(std::string_view key); ///< see beginObject()
    /// Inside an array: starts an object element, or adds a number element.
    JsonObjectWriter& beginElement();
    JsonObjectWriter& element(std::uint64_t value); ///< see beginElement()
    JsonObjectWriter& end();                        ///< closes the innermost object (`}`), the outer one last
    JsonObjectWriter& endArray();                   ///< closes the innermost array (`]`)

    /// Appends `text` to `out` as a quoted, escaped JSON string (invalid UTF-8 made U+FFFD).
    static void appendString(std::string& out, std::string_view text);

private:
    void key(std::string_view name);
    void separator();
    std::string& m_out;
    std::vector<bool> m_first; // per open container: no member written yet
};

} // namespace poolscope::trace
