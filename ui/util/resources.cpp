#include "util/resources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initPoolScopeResources()
{
    Q_INIT_RESOURCE(poolscope);
}

namespace poolscope::ui {

void initResources()
{
    static const bool done = [] {
        initPoolScopeResources();
        return true;
    }();
    Q_UNUSED(done);
}

} // namespace poolscope::ui
