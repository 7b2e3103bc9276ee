// "host:port[:tls]" as typed in --dial, the Dial dialog and the recent-hosts list. Oracle: what is
// accepted is in range and survives a round trip through toText().
#include "util/dial_spec.h"

#include <QString>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const auto parsed = poolscope::ui::parseDialTarget(text);
    if (!parsed.spec) {
        if (parsed.error.isEmpty())
            std::abort(); // a rejection must say why
        return 0;
    }
    const auto& spec = *parsed.spec;
    if (spec.host.isEmpty() || spec.host.toUtf8().size() > 253 || spec.port == 0)
        std::abort();
    const auto again = poolscope::ui::parseDialTarget(spec.toText());
    if (!again.spec || again.spec->host != spec.host || again.spec->port != spec.port ||
        again.spec->tls != spec.tls)
        std::abort();
    return 0;
}
