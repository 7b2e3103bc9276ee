#pragma once
// The status colours (good / bad / warning / muted text, the table's flash fills, the keep-alive
// bars) read from a palette: each keeps its hue and changes only its lightness, as little as it
// must, until text reaches WCAG's 4.5:1 against what it is drawn on and fills that carry meaning
// reach 3:1. In the light palette most come out as they always were; in a dark one they lighten.
// Callers ask at paint / data time, so a palette change shows without a restart.

#include <QColor>
#include <QPalette>
#include <initializer_list>

namespace poolscope::ui {

enum class Tone
{
    Good,
    Bad,
    Warning,
    Muted
};

inline constexpr double kTextContrast = 4.5; ///< WCAG AA for normal text
inline constexpr double kFillContrast = 3.0; ///< WCAG non-text contrast

/// WCAG relative luminance (sRGB), 0 (black) .. 1 (white); alpha is ignored.
double relativeLuminance(const QColor& colour);
/// WCAG contrast ratio, 1 .. 21, whichever colour is lighter; alpha is ignored.
double contrastRatio(const QColor& a, const QColor& b);
/// `over` (with its alpha) painted on the opaque `under`.
QColor composite(const QColor& over, const QColor& under);

/// `colour` with its hue and saturation kept and its lightness moved, as little as needed, away
/// from the backgrounds until it reaches `minRatio` against each; as far as it can go otherwise.
QColor withContrast(const QColor& colour, std::initializer_list<QColor> backgrounds, double minRatio);

/// The tone's hue as the light palette has always shown it.
QColor toneHue(Tone tone);
/// Text in `tone` readable (4.5:1) on `role` of `palette`; on Base also on AlternateBase.
QColor toneText(Tone tone, const QPalette& palette, QPalette::ColorRole role = QPalette::Base);
/// Any hue (e.g. a connection state's) made readable as text on Base and AlternateBase.
QColor readableText(const QColor& hue, const QPalette& palette, QPalette::ColorRole role = QPalette::Base);

/// A table row's flash: `strength` in (0, 1] green (just arrived, fading), below 0 red (closing,
/// just left); opaque, visible on Base, with the palette's Text still 4.5:1 on it. Invalid at 0.
QColor flashFill(double strength, const QPalette& palette);

/// The keep-alive bar's track, a tint of Mid on `background`.
QColor keepAliveTrack(const QPalette& palette, const QColor& background);
/// The keep-alive bar's fill for `fraction` left (green > 0.5, amber > 0.2, red): 3:1 against the
/// cell's `background` and the track.
QColor keepAliveFill(double fraction, const QPalette& palette, const QColor& background);

/// `#rrggbb`, for style sheets and HTML.
QString colourName(const QColor& colour);
/// A status label's style sheet: `hue` made readable on the palette's Window, semi-bold.
QString emphasisStyle(const QColor& hue, const QPalette& palette);

} // namespace poolscope::ui
