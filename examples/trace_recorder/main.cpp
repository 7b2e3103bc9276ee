// trace_recorder: a program that uses the engine directly (no Qt) and records its pool to a trace
// file in two lines (TraceWriter + PoolRecorder). It dials host:port `count` times over a pool of
// `count / 4 + 1` connections, returning every connection, then prints what the trace holds.
//
//   trace_recorder HOST PORT TRACE-FILE [COUNT]
#include "poolscope/connection_pool.h"
#include "poolscope/trace/pool_recorder.h"
#include "poolscope/trace/trace_reader.h"

#include <charconv>
#include <cstdio>
#include <string_view>
#include <vector>

int main(int argc, char* argv[])
{
    if (argc < 4 || argc > 5) {
        std::fprintf(stderr, "usage: trace_recorder HOST PORT TRACE-FILE [COUNT]\n");
        return 2;
    }
    const std::string_view portText = argv[2];
    std::uint16_t port = 0;
    int count = 20;
    const auto parsed = std::from_chars(portText.data(), portText.data() + portText.size(), port);
    if (parsed.ec != std::errc() || port == 0 ||
        (argc == 5 &&
         (std::from_chars(argv[4], argv[4] + std::string_view(argv[4]).size(), count).ec != std::errc() ||
          count < 1 || count > 10'000))) {
        std::fprintf(stderr, "trace_recorder: PORT must be 1-65535 and COUNT 1-10000\n");
        return 2;
    }

    poolscope::PoolParams params;
    params.maxConnections = count / 4 + 1;
    auto created = poolscope::ConnectionPool::create(params);
    if (!created) {
        std::fprintf(stderr, "trace_recorder: %s\n", created.error().message.c_str());
        return 1;
    }
    poolscope::ConnectionPool pool = std::move(created).value();
    {
        poolscope::trace::TraceWriter writer(argv[3]);
        if (!writer.isOpen()) {
            std::fprintf(stderr, "trace_recorder: %s\n", writer.error().c_str());
            return 1;
        }
        poolscope::trace::PoolRecorder recorder(pool, writer, std::chrono::milliseconds(100));

        int failures = 0;
        std::vector<poolscope::PooledConnection> held;
        for (int i = 0; i < count; ++i) {
            poolscope::DialRequest request;
            request.host = argv[1];
            request.port = port;
            request.timeout = std::chrono::seconds(5);
            request.label = "request " + std::to_string(i);
            auto connection = pool.dial(request);
            if (!connection) {
                ++failures;
                continue;
            }
            held.push_back(std::move(connection).value());
            if (held.size() >= static_cast<std::size_t>(params.maxConnections))
                held.clear(); // all back to the pool: the next dials reuse them
        }
        held.clear();
        if (failures > 0)
            std::fprintf(stderr, "trace_recorder: %d dials failed\n", failures);
    } // the recorder writes the last snapshot, the writer the end record

    poolscope::trace::TraceReader reader;
    if (!reader.open(argv[3])) {
        std::fprintf(stderr, "trace_recorder: %s\n", reader.error().c_str());
        return 1;
    }
    const auto end = reader.stateAt(reader.durationUs());
    if (!end) {
        std::fprintf(stderr, "trace_recorder: %s\n", reader.error().c_str());
        return 1;
    }
    std::printf("trace: %llu events, %zu snapshots, %lld us; at the end: %zu connections, %llu dials, "
                "%llu reuses\n",
                static_cast<unsigned long long>(reader.eventCount()), reader.snapshots().size(),
                static_cast<long long>(reader.durationUs()), end->connections.size(),
                static_cast<unsigned long long>(end->stats.dials),
                static_cast<unsigned long long>(end->stats.reuses));
    return 0;
}
