#include "probe.h"

#include "http_response_parser.h"
#include "poolscope/deadline.h"

#include <algorithm>
#include <array>

namespace poolscope::detail {
namespace {

constexpr std::chrono::milliseconds kReadSlice{100};

Error ioError(ErrorCode code, std::string message)
{
    return makeError(code, std::move(message), DialPhase::Io);
}

} // namespace

QString validateProbeRequest(const QString& method, const QString& path)
{
    if (method != QLatin1String("HEAD") && method != QLatin1String("GET"))
        return QStringLiteral("probe method must be HEAD or GET (got '%1')").arg(method);
    if (!path.startsWith(QLatin1Char('/')) || path.size() > 2048)
        return QStringLiteral("probe path must start with '/' and be at most 2048 characters");
    for (const QChar c : path) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return QStringLiteral(
                "probe path must be printable ASCII without spaces (percent-encode the rest)");
    }
    return {};
}

std::string probeHostHeader(const QString& host, quint16 port, bool tls)
{
    // Built by appending: GCC 12 at -O3 reports a false -Wrestrict for "literal" + std::string.
    const std::string name = host.toLower().toStdString();
    std::string h;
    if (name.find(':') != std::string::npos && name.front() != '[')
        h.append("[").append(name).append("]");
    else
        h = name;
    if (port != (tls ? 443 : 80))
        h.append(":").append(std::to_string(port));
    return h;
}

std::string buildProbeRequest(const ProbeSpec& spec)
{
    std::string r;
    r.reserve(160);
    r += spec.method + " " + spec.path + " HTTP/1.1\r\n";
    r += "Host: " + spec.hostHeader + "\r\n";
    r += "User-Agent: PoolScope-probe/0.1\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n";
    return r;
}

ProbeOutcome runProbe(PooledConnection& connection, const ProbeSpec& spec, const std::atomic<bool>& stop)
{
    using namespace std::chrono;
    ProbeOutcome out;
    const auto start = steady_clock::now();
    const auto deadline = saturatingAdd(start, spec.timeout);
    auto finish = [&] {
        out.result.elapsedUs = duration_cast<microseconds>(steady_clock::now() - start).count();
        return out;
    };

    if (auto sent = connection.writeAll(buildProbeRequest(spec), spec.timeout); !sent) {
        out.error = sent.error();
        out.error.message = "probe: sending the request failed: " + out.error.message;
        return finish();
    }

    http::ParserLimits limits;
    limits.maxBodyBytes = spec.maxBytes;
    http::ResponseParser parser(spec.method == "HEAD", limits);
    std::array<char, std::size_t{16} << 10> buffer{};
    bool eof = false;
    bool trailing = false;
    while (!parser.done() && !parser.failed()) {
        if (stop.load(std::memory_order_acquire)) {
            out.error = ioError(ErrorCode::Cancelled, "probe cancelled: the service is stopping");
            return finish();
        }
        const auto left = duration_cast<milliseconds>(deadline - steady_clock::now());
        if (left.count() <= 0) {
            out.error = ioError(ErrorCode::TimedOut, "probe: no complete response within " +
                                                         std::to_string(spec.timeout.count()) + " ms");
            return finish();
        }
        auto read = connection.readSome(buffer.data(), buffer.size(), std::min(left, kReadSlice));
        if (!read) {
            if (read.error().code == ErrorCode::TimedOut)
                continue;
            out.error = read.error();
            out.error.message = "probe: reading the response failed: " + out.error.message;
            return finish();
        }
        if (*read == 0) {
            eof = true;
            parser.finishEof();
            break;
        }
        const auto used = parser.feed(std::string_view(buffer.data(), *read));
        trailing = used < *read && parser.done();
    }
    if (parser.failed()) {
        out.error = ioError(ErrorCode::SocketError, "probe: bad HTTP response: " + parser.error());
        return finish();
    }
    const auto& head = parser.head();
    if (connection.recordsWire()) // capture on: the wire log says what the response decided
        connection.noteWire(http::wireNote(head));
    out.result.status = head.status;
    out.result.statusLine = QString::fromStdString(head.statusLine);
    out.result.bodyBytes = parser.bodyBytes();
    out.result.keepAliveSeconds = head.keepAliveTimeout;
    if (auto type = head.header("Content-Type"))
        out.result.contentType = QString::fromUtf8(type->data(), static_cast<qsizetype>(type->size()));
    // Bytes after the response would poison the next user of the connection: close it too.
    out.mustClose = eof || trailing || parser.mustClose();
    out.result.serverClosed = out.mustClose;
    return finish();
}

} // namespace poolscope::detail
