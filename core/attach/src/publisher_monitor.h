#pragma once
// One monitor connected to a PoolPublisher: its socket, its decoder (bounded to small frames:
// monitors only send client_hello and commands), where it is in the protocol and what it missed.

#include "poolscope/attach/pool_publisher.h"

#include <QLocalSocket>
#include <QTimer>

namespace poolscope {

struct PoolPublisher::Monitor
{
    /// Monitors send small messages; a bigger frame is refused before its payload is read.
    static constexpr std::size_t kMaxClientFrameBytes = 64 * 1024;

    QLocalSocket* socket = nullptr; ///< child of the publisher; deleteLater() when dropped
    QTimer* helloTimer = nullptr;   ///< child of the socket
    trace::attach::FrameDecoder decoder{kMaxClientFrameBytes};
    bool greeted = false;            ///< client_hello received, hello sent
    bool behind = false;             ///< backlog over the limit: events are dropped for it
    std::int64_t seq = 0;            ///< the next message's seq
    std::uint64_t droppedEvents = 0; ///< since the last snapshot it got
    QString client;                  ///< what its client_hello said it is
};

} // namespace poolscope
