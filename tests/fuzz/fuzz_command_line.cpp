// poolscope's whole command line: the input is split at NUL bytes into arguments. Oracle: an
// error always has a message and exit code 2; accepted numbers are within their documented range.
#include "command_line.h"

#include <QStringList>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    QStringList arguments{QStringLiteral("poolscope")};
    const char* begin = reinterpret_cast<const char*>(data);
    const char* end = begin + size;
    for (const char* p = begin; p <= end && arguments.size() < 32; ++p) {
        if (p == end || *p == '\0') {
            arguments << QString::fromUtf8(begin, static_cast<qsizetype>(p - begin));
            begin = p + 1;
        }
    }
    const auto parsed = poolscope::app::parseCommandLine(arguments);
    using Action = poolscope::app::CommandLine::Action;
    if (parsed.action == Action::Error && (parsed.error.isEmpty() || parsed.exitCode() != 2))
        std::abort();
    if (parsed.action != Action::Error && parsed.exitCode() != 0)
        std::abort();
    const auto& o = parsed.options;
    if (o.maxConnections && (*o.maxConnections < 1 || *o.maxConnections > 65535))
        std::abort();
    if (o.keepAliveSeconds && (*o.keepAliveSeconds < 0 || *o.keepAliveSeconds > 86400))
        std::abort();
    for (const auto& dial : o.dials) {
        if (dial.host.isEmpty() || dial.port == 0)
            std::abort();
    }
    return 0;
}
