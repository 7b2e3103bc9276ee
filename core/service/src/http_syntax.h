#pragma once
// Lexical pieces of HTTP/1.1 (RFC 9110/9112) shared by the response parser and the header-value
// parsers: ASCII case folding, OWS trimming, tokens, list items, decimal numbers. Pure.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>

namespace poolscope::http::syntax {

inline constexpr std::int64_t kMaxLength = std::int64_t{1} << 60;

inline char lower(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool iequals(std::string_view a, std::string_view b) noexcept
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

inline bool isDigit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

inline bool isOws(char c) noexcept
{
    return c == ' ' || c == '\t';
}

inline std::string_view trim(std::string_view s) noexcept
{
    while (!s.empty() && isOws(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isOws(s.back()))
        s.remove_suffix(1);
    return s;
}

inline bool isTokenChar(char c) noexcept
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline bool isControl(char c) noexcept
{
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
}

/// Calls f(piece) for each comma (or `seps`) separated, trimmed, non-empty piece.
template <class F> void forEachListItem(std::string_view value, std::string_view seps, F&& f)
{
    while (true) {
        const auto cut = value.find_first_of(seps);
        const auto item = trim(value.substr(0, cut));
        if (!item.empty())
            f(item);
        if (cut == std::string_view::npos)
            break;
        value.remove_prefix(cut + 1);
    }
}

/// Digits only (no sign, no spaces); saturates at kMaxLength.
inline std::optional<std::int64_t> parseDecimal(std::string_view s) noexcept
{
    if (s.empty())
        return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) {
        if (!isDigit(c))
            return std::nullopt;
        const int digit = c - '0';
        v = v > (kMaxLength - digit) / 10 ? kMaxLength : v * 10 + digit;
    }
    return v;
}

} // namespace poolscope::http::syntax
