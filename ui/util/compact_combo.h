#pragma once

#include <QComboBox>

namespace poolscope::ui {

/// Lets a filter combo box shrink to `minimumChars` characters when its row runs out of room (a
/// small screen, a large font, a longer translation) instead of widening the window: the shown
/// text is then elided, and the tool tip always carries it whole. The popup lists items in full.
inline void makeCompact(QComboBox* combo, int minimumChars)
{
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(minimumChars);
    combo->setToolTip(combo->currentText());
    QObject::connect(combo, &QComboBox::currentTextChanged, combo, &QWidget::setToolTip);
}

} // namespace poolscope::ui
