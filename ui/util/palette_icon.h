#pragma once
// The action icons (:/icons/actions/<name>.png, drawn for a light background) made readable on the
// palette in use. A light palette (Window lighter than WindowText) gets them as drawn. On a dark
// one every pixel keeps its hue and alpha and moves its lightness, as little as it must, until it
// stands out 3:1 (WCAG's non-text contrast) from the toolbar's Window and Button: the dark greys
// (the Settings sliders, Return, Export …) turn light instead of vanishing into the toolbar.

#include <QIcon>
#include <QPalette>

namespace poolscope::ui {

/// `name` without extension ("settings"); both the 1× and the @2x rendering are recoloured.
[[nodiscard]] QIcon paletteIcon(const QString& name, const QPalette& palette);

} // namespace poolscope::ui
