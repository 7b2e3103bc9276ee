#pragma once
// What a reuse key (ConnectionInfo::key, an event's endpoint) says beyond its endpoint.

#include <string_view>

namespace poolscope {

/// What separates a key's endpoint from its proxy: "tls://host:443 via http://127.0.0.1:3128".
inline constexpr std::string_view kKeyProxySeparator = " via ";

/// Whether a reuse key names a connection dialled through a proxy.
[[nodiscard]] constexpr bool keyIsProxied(std::string_view key) noexcept
{
    return key.find(kKeyProxySeparator) != std::string_view::npos;
}

} // namespace poolscope
