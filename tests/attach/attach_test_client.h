#pragma once
// A raw attach client for the publisher suites: a real QLocalSocket and the protocol's own
// FrameDecoder, collecting every message on the test thread. It can stop reading (a stalled
// monitor) and send any bytes (a malicious one).

#include "poolscope/trace/attach_protocol.h"

#include <QByteArray>
#include <QLocalSocket>
#include <QObject>
#include <vector>

namespace poolscope::test {

class AttachClient : public QObject
{
public:
    /// Connects to `serverName`; sends client_hello once connected when `hello`.
    explicit AttachClient(const QString& serverName, bool hello = true)
    {
        connect(&socket, &QLocalSocket::readyRead, this, [this] { readAll(); });
        connect(&socket, &QLocalSocket::disconnected, this, [this] { disconnected = true; });
        connect(&socket, &QLocalSocket::connected, this, [this, hello] {
            if (hello)
                send(trace::attach::ClientHello{trace::attach::kProtocolMajor, trace::attach::kProtocolMinor,
                                                "attach test"});
        });
        socket.connectToServer(serverName);
    }

    void send(const trace::attach::Message& message)
    {
        std::string frame;
        trace::attach::encodeFrame(frame, message, {});
        sendRaw(QByteArray::fromStdString(frame));
    }
    void sendRaw(const QByteArray& bytes) { socket.write(bytes); }

    /// Stops taking bytes from the socket: the publisher's writes back up (a stalled monitor).
    void stall()
    {
        reading = false;
        socket.setReadBufferSize(1);
    }
    void resume()
    {
        reading = true;
        socket.setReadBufferSize(0);
        readAll();
    }

    template <class T> [[nodiscard]] std::vector<T> all() const
    {
        std::vector<T> out;
        for (const auto& m : messages) {
            if (const T* t = std::get_if<T>(&m))
                out.push_back(*t);
        }
        return out;
    }
    template <class T> [[nodiscard]] int count() const { return static_cast<int>(all<T>().size()); }
    /// The seq of every publisher message, in order.
    [[nodiscard]] std::vector<std::int64_t> seqs() const
    {
        std::vector<std::int64_t> out;
        for (const auto& m : messages)
            std::visit(
                [&](const auto& v) {
                    if constexpr (requires { v.seq; })
                        out.push_back(v.seq);
                },
                m);
        return out;
    }
    /// The events of every events message, in order.
    [[nodiscard]] std::vector<trace::TraceEvent> events() const
    {
        std::vector<trace::TraceEvent> out;
        for (const auto& e : all<trace::attach::Events>())
            out.insert(out.end(), e.events.begin(), e.events.end());
        return out;
    }

    QLocalSocket socket;
    trace::attach::FrameDecoder decoder;
    std::vector<trace::attach::Message> messages;
    bool disconnected = false;
    bool reading = true;

private:
    void readAll()
    {
        if (!reading)
            return;
        const QByteArray bytes = socket.readAll();
        decoder.feed(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        for (int i = 0; i < 100'000; ++i) {
            auto message = decoder.next();
            if (!message)
                break;
            if (const auto* hello = std::get_if<trace::attach::Hello>(&*message))
                decoder.setOriginSteadyNs(hello->trace.originSteadyNs);
            messages.push_back(std::move(*message));
        }
    }
};

} // namespace poolscope::test
