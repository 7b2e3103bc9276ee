#pragma once
// Outcome of one non-blocking read/write/handshake step, the same for plain TCP and TLS.

#include <cstddef>

namespace poolscope::lab::detail {

enum class IoStatus
{
    Done,      ///< progress: `bytes` moved (or the handshake finished)
    WantRead,  ///< retry once the socket is readable
    WantWrite, ///< retry once the socket is writable
    Eof,       ///< the peer closed its side
    Error,     ///< the connection is unusable
};

struct IoResult
{
    IoStatus status = IoStatus::Error;
    std::size_t bytes = 0;
};

} // namespace poolscope::lab::detail
