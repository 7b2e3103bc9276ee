// TraceReader on arbitrary bytes (a trace file from anywhere). Oracle: no crash, no sanitizer
// report, and the reader's own promises: open() fails only with a message naming line 1, every
// issue names a line after the header, stateAt() answers for any time once open() succeeded (the
// bytes do not change under it), its events never lie after the time asked for, and its rows are
// sorted by id; issues found while reading (a snapshot with wrong fields) name a line after the
// header too. And the JSON check-only pass agrees with the parser on every input, to the byte.
#include "poolscope/trace/trace_reader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = poolscope::trace::parseJson(text);
    const auto checked = poolscope::trace::checkJson(text);
    if (parsed.value.has_value() != checked.ok || checked.error != parsed.error ||
        checked.errorAt != parsed.errorAt)
        std::abort();
    if (checked.ok && checked.isObject != parsed.value->isObject())
        std::abort();

    poolscope::trace::TraceReaderOptions options;
    options.maxLineBytes = 4096; // small, so the fuzzer reaches the limit
    poolscope::trace::TraceReader reader(options);
    auto stream =
        std::make_unique<std::istringstream>(std::string(reinterpret_cast<const char*>(data), size));
    if (!reader.open(std::move(stream))) {
        if (reader.error().rfind("line 1: ", 0) != 0)
            std::abort();
        return 0;
    }
    const std::int64_t times[] = {0, reader.durationUs() / 2, reader.durationUs()};
    for (const std::int64_t t : times) {
        const auto state = reader.stateAt(t);
        if (!state)
            std::abort();
        for (const auto& event : state->events) {
            if (event.offsetUs > state->offsetUs)
                std::abort();
        }
        for (std::size_t i = 1; i < state->connections.size(); ++i) {
            if (state->connections[i - 1].id > state->connections[i].id)
                std::abort();
        }
    }
    for (const auto& issue : reader.issues()) {
        if (issue.line < 2)
            std::abort();
    }
    const auto events = reader.eventsBetween(-1, reader.durationUs(), 64);
    if (events.size() > 64)
        std::abort();
    return 0;
}
