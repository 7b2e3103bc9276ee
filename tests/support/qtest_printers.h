#pragma once
// Lets QCOMPARE print PoolScope's enums by name: QTest finds toString() by argument-dependent
// lookup, so these live in the enums' namespace and return what QTest frees with delete[].

#include "poolscope/connection_state.h"
#include "poolscope/error.h"
#include "poolscope/pool_types.h"

#include <QByteArray>

namespace poolscope {
inline char* toString(ErrorCode v)
{
    return qstrdup(describe(v).data());
}
inline char* toString(DialPhase v)
{
    return qstrdup(describe(v).data());
}
inline char* toString(ConnectionState v)
{
    return qstrdup(describe(v).data());
}
inline char* toString(ConnectionTrigger v)
{
    return qstrdup(describe(v).data());
}
inline char* toString(CloseReason v)
{
    return qstrdup(describe(v).data());
}
inline char* toString(KeepAliveLimit v)
{
    return qstrdup(describe(v).data());
}
inline char* toString(EventKind v)
{
    return qstrdup(describe(v).data());
}
} // namespace poolscope
