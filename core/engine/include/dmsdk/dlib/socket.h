#pragma once
// dmSocket types used by the dmConnectionPool seed API. Values match the original SDK so code that
// compares against them keeps working.

#include <cstdint>

namespace dmSocket {

/// The native socket descriptor.
typedef int Socket;
const Socket INVALID_SOCKET_HANDLE = -1; ///< no socket (an invalid connection handle)

/// Which directions dmConnectionPool::Shutdown ends on in-use sockets.
enum ShutdownType
{
    SHUTDOWNTYPE_READ = 0,      ///< further reads fail
    SHUTDOWNTYPE_WRITE = 1,     ///< further writes fail
    SHUTDOWNTYPE_READWRITE = 2, ///< both
};

/// Socket-level reasons (errno-like), as the seed SDK numbers them.
enum Result
{
    RESULT_OK = 0,
    RESULT_ACCES = -1,
    RESULT_AFNOSUPPORT = -2,
    RESULT_WOULDBLOCK = -3,
    RESULT_BADF = -4,
    RESULT_CONNRESET = -5,
    RESULT_DESTADDRREQ = -6,
    RESULT_FAULT = -7,
    RESULT_HOSTUNREACH = -8,
    RESULT_INTR = -9,
    RESULT_INVAL = -10,
    RESULT_ISCONN = -11,
    RESULT_MFILE = -12,
    RESULT_MSGSIZE = -13,
    RESULT_NETDOWN = -14,
    RESULT_NETUNREACH = -15,
    RESULT_NOBUFS = -17,
    RESULT_NOENT = -18,
    RESULT_NOMEM = -19,
    RESULT_NOTCONN = -20,
    RESULT_NOTSOCK = -22,
    RESULT_OPNOTSUPP = -23,
    RESULT_PIPE = -24,
    RESULT_PROTONOSUPPORT = -25,
    RESULT_PROTOTYPE = -26,
    RESULT_TIMEDOUT = -27,
    RESULT_ADDRNOTAVAIL = -28,
    RESULT_CONNREFUSED = -29,
    RESULT_ADDRINUSE = -30,
    RESULT_CONNABORTED = -31,
    RESULT_INPROGRESS = -32,
    RESULT_HOST_NOT_FOUND = -100,
    RESULT_TRY_AGAIN = -101,
    RESULT_NO_RECOVERY = -102,
    RESULT_NO_DATA = -103,
    RESULT_UNKNOWN = -1000,
};

/// Human-readable name of a result ("RESULT_CONNREFUSED").
const char* ResultToString(Result result);

} // namespace dmSocket
