#include "platform/console.h"

namespace poolscope::app {

void attachParentConsole() {}

} // namespace poolscope::app
