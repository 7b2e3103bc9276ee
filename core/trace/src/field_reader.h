#pragma once
// Typed access to an object's members that remembers the first problem ("field \"id\" must be …").
// Absent members keep their default unless required.

#include "poolscope/trace/json.h"

#include <chrono>
#include <limits>
#include <string>
#include <type_traits>

namespace poolscope::trace::detail {

class FieldReader
{
public:
    FieldReader(const JsonValue& object, std::string what) : m_object(object), m_what(std::move(what))
    {
        if (!object.isObject())
            m_error = m_what + " must be an object";
    }
    [[nodiscard]] const std::string& error() const noexcept { return m_error; }
    [[nodiscard]] bool ok() const noexcept { return m_error.empty(); }

    /// The member, nullptr when absent (or null) or after an error; `required` makes absence one.
    const JsonValue* get(std::string_view key, bool required = false)
    {
        if (!ok())
            return nullptr;
        const JsonValue* value = m_object.find(key);
        if ((value == nullptr || value->isNull()) && required)
            fail(key, "is missing");
        return value == nullptr || value->isNull() ? nullptr : value;
    }
    void fail(std::string_view key, std::string_view problem)
    {
        if (ok())
            m_error = m_what + " field \"" + std::string(key) + "\" " + std::string(problem);
    }

    template <class Int> void integer(std::string_view key, Int& out, bool required = false)
    {
        const JsonValue* v = get(key, required);
        if (v == nullptr)
            return;
        if constexpr (std::is_unsigned_v<Int>) {
            const auto n = v->toUInt();
            if (!n || *n > std::numeric_limits<Int>::max())
                return fail(key, "must be a whole number from 0 to " +
                                     std::to_string(std::numeric_limits<Int>::max()));
            out = static_cast<Int>(*n);
        } else {
            const auto n = v->toInt();
            if (!n || *n < std::numeric_limits<Int>::min() || *n > std::numeric_limits<Int>::max())
                return fail(key,
                            "must be a whole number that fits " + std::to_string(sizeof(Int) * 8) + " bits");
            out = static_cast<Int>(*n);
        }
    }
    void boolean(std::string_view key, bool& out)
    {
        const JsonValue* v = get(key);
        if (v == nullptr)
            return;
        if (!v->toBool())
            return fail(key, "must be true or false");
        out = *v->toBool();
    }
    void string(std::string_view key, std::string& out, bool required = false)
    {
        const JsonValue* v = get(key, required);
        if (v == nullptr)
            return;
        if (!v->isString())
            return fail(key, "must be a string");
        out = std::string(*v->toString());
    }
    /// A name from one of the format's tables (parse: name -> optional<T>).
    template <class T, class Parse>
    void name(std::string_view key, T& out, Parse parse, bool required = false)
    {
        const JsonValue* v = get(key, required);
        if (v == nullptr)
            return;
        const auto text = v->toString();
        const auto parsed = text ? parse(*text) : std::nullopt;
        if (!parsed)
            return fail(key,
                        text ? "has an unknown value \"" + std::string(*text) + "\"" : "must be a string");
        out = *parsed;
    }

private:
    const JsonValue& m_object;
    std::string m_what;
    std::string m_error;
};

} // namespace poolscope::trace::detail
