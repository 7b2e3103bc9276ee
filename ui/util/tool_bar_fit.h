#pragma once
// A toolbar that keeps every action on screen: while the buttons with their text do not fit, they
// give up the text from the right (the tool tip keeps it), so nothing hides in the overflow menu
// of a 1024-px window or at a large scale factor. Wider again, the text comes back.

class QToolBar;

namespace poolscope::ui {

/// Fits `bar` now and whenever it is resized. The buttons' tool tips must name their actions.
void keepToolBarActionsVisible(QToolBar* bar);

} // namespace poolscope::ui
