#pragma once
// A small expected<T, Error>: the engine is C++20, and exceptions never cross its API.

#include "poolscope/error.h"

#include <cassert>
#include <utility>
#include <variant>

namespace poolscope {

/// A value or the Error that prevented it. Check ok() before value(): value() of a failed Result
/// throws std::bad_variant_access, and so does error() of a successful one.
template <class T> class [[nodiscard]] Result
{
public:
    /// Success.
    Result(T value) : m_v(std::in_place_index<0>, std::move(value)) {} // NOLINT(google-explicit-constructor)
    /// Failure; `error` must not be Ok (asserted).
    Result(Error error) : m_v(std::in_place_index<1>, std::move(error)) // NOLINT(google-explicit-constructor)
    {
        assert(!std::get<1>(m_v).ok() && "a failed Result needs a non-Ok error code");
    }

    [[nodiscard]] bool ok() const noexcept { return m_v.index() == 0; } ///< holds a value
    explicit operator bool() const noexcept { return ok(); }            ///< ok()

    [[nodiscard]] T& value() & { return std::get<0>(m_v); }              ///< the value (ok() only)
    [[nodiscard]] const T& value() const& { return std::get<0>(m_v); }   ///< the value (ok() only)
    [[nodiscard]] T&& value() && { return std::get<0>(std::move(m_v)); } ///< moves the value out
    T* operator->() { return &value(); }                                 ///< &value()
    const T* operator->() const { return &value(); }                     ///< &value()
    T& operator*() & { return value(); }                                 ///< value()

    [[nodiscard]] const Error& error() const& { return std::get<1>(m_v); }   ///< why (!ok() only)
    [[nodiscard]] Error&& error() && { return std::get<1>(std::move(m_v)); } ///< moves the error out

private:
    std::variant<T, Error> m_v;
};

/// Result of an operation with no value: holds only an Error (code Ok on success).
class [[nodiscard]] Status
{
public:
    Status() = default;
    /// Success when `error` is Ok, failure otherwise.
    Status(Error error) : m_error(std::move(error)) {}              // NOLINT(google-explicit-constructor)
    [[nodiscard]] bool ok() const noexcept { return m_error.ok(); } ///< no error
    explicit operator bool() const noexcept { return ok(); }        ///< ok()
    [[nodiscard]] const Error& error() const noexcept { return m_error; } ///< code Ok on success

private:
    Error m_error;
};

} // namespace poolscope
