#pragma once
// A status bar message longer than the room left of the permanent widgets: QStatusBar cuts it off
// (no ellipsis, and no way to read the rest). fitStatusMessages() shows such a message elided on a
// label over the message area, with the whole message in its tool tip; currentMessage() keeps the
// whole text, and a message that fits is left to QStatusBar.

class QStatusBar;

namespace poolscope::ui {

/// Watches `bar` (its messages, its size, its permanent widgets) for as long as it lives.
void fitStatusMessages(QStatusBar* bar);

} // namespace poolscope::ui
