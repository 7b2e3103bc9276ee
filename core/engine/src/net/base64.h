#pragma once
// Base64 for the proxy's Basic credentials: the engine's proxy client sends them and the lab's
// proxy checks them, so both encode the same way.

#include <openssl/evp.h>
#include <string>
#include <string_view>

namespace poolscope::detail {

inline std::string base64(std::string_view bytes)
{
    std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return out;
}

} // namespace poolscope::detail
