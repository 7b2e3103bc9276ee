#pragma once

namespace poolscope::app {

// On Windows poolscope.exe is a GUI program, so starting it from the Start menu opens no console
// window. Started from a terminal, it should still print --help, --version, errors and the summary
// there: this attaches the standard streams that are not already redirected (to a file or a pipe)
// to the parent's console, if the parent has one. Call it first thing in main(), before anything is
// printed. Elsewhere the streams are the terminal's already, and this does nothing.
void attachParentConsole();

} // namespace poolscope::app
