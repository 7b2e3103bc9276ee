#pragma once
// The bare enumerator name of a Q_ENUM value, for values printed inside another value's qDebug()
// line (qt_enums.cpp, service_types.cpp).

#include <QMetaEnum>

namespace poolscope::detail {

/// "TimedOut" for a Q_ENUM / Q_ENUM_NS value; "?" for a value the enum has no name for.
template <class QtEnum> const char* enumKey(QtEnum value)
{
    const char* key = QMetaEnum::fromType<QtEnum>().valueToKey(static_cast<int>(value));
    return key ? key : "?";
}

} // namespace poolscope::detail
