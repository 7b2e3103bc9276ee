// Header values the probe cares about: Keep-Alive parameters, Connection tokens, header lookup.
#include "http_response_parser.h"
#include "http_syntax.h"

namespace poolscope::http {

using namespace syntax;

std::optional<std::string_view> ResponseHead::header(std::string_view name) const
{
    for (const auto& [n, v] : headers) {
        if (iequals(n, name))
            return std::string_view(v);
    }
    return std::nullopt;
}

std::optional<int> parseKeepAliveTimeout(std::string_view value)
{
    std::optional<int> result;
    forEachListItem(value, ",;", [&](std::string_view item) {
        if (result)
            return;
        const auto eq = item.find('=');
        if (eq == std::string_view::npos || !iequals(trim(item.substr(0, eq)), "timeout"))
            return;
        auto v = trim(item.substr(eq + 1));
        if (v.size() >= 2 && v.front() == '"' && v.back() == '"')
            v = v.substr(1, v.size() - 2);
        if (auto n = parseDecimal(v))
            result = static_cast<int>(std::min<std::int64_t>(*n, 1'000'000));
    });
    return result;
}

bool headerHasToken(std::string_view value, std::string_view token)
{
    bool found = false;
    forEachListItem(value, ",", [&](std::string_view item) { found = found || iequals(item, token); });
    return found;
}

std::string wireNote(const ResponseHead& head)
{
    std::string note = head.statusLine;
    for (const std::string_view name : {std::string_view("Connection"), std::string_view("Keep-Alive")}) {
        if (auto value = head.header(name))
            note.append("; ").append(name).append(": ").append(*value);
    }
    return note;
}

} // namespace poolscope::http
