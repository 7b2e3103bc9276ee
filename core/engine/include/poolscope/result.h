#pragma once
// A small expected<T, Error>: the engine is C++20, and exceptions never cross its API.

#include "poolscope/error.h"

#include <cassert>
#include <utility>
#include <variant>

namespace poolscope {

template <class T> class [[nodiscard]] Result
{
public:
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) // NOLINT(google-explicit-constructor)
    {
        assert(!std::get<1>(m_v).ok() && "a failed Result needs a non-Ok error code");
    }

    [[nodiscard]] bool ok() const noexcept { return m_v.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    [[nodiscard]] T& value() & { return std::get<0>(m_v); }
    [[nodiscard]] const T& value() const& { return std::get<0>(m_v); }
    [[nodiscard]] T&& value() && { return std::get<0>(std::move(m_v)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }

    [[nodiscard]] const Error& error() const& { return std::get<1>(m_v); }
    [[nodiscard]] Error&& error() && { return std::get<1>(std::move(m_v)); }

private:
    std::variant<T, Error> m_v;
};

/// Result of an operation with no value: holds only an Error (code Ok on success).
class [[nodiscard]] Status
{
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)) {} // NOLINT(google-explicit-constructor)
    [[nodiscard]] bool ok() const noexcept { return m_error.ok(); }
    explicit operator bool() const noexcept { return ok(); }
    [[nodiscard]] const Error& error() const noexcept { return m_error; }

private:
    Error m_error;
};

} // namespace poolscope
