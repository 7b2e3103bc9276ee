#include "util/palette_colours.h"

#include <QRgba64>
#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <vector>

namespace poolscope::ui {

namespace {

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double worstRatio(const QColor& colour, std::initializer_list<QColor> backgrounds)
{
    double worst = 21.0;
    for (const QColor& bg : backgrounds)
        worst = std::min(worst, contrastRatio(colour, bg));
    return worst;
}

/// Rounded to 8 bits a channel, as it is painted, so the ratio checked is the ratio shown.
QColor atLightness(double hue, double saturation, double lightness, double alpha)
{
    const QColor exact =
        QColor::fromHslF(static_cast<float>(hue), static_cast<float>(saturation),
                         static_cast<float>(std::clamp(lightness, 0.0, 1.0)), static_cast<float>(alpha));
    return QColor::fromRgba(exact.rgba());
}

/// The point where a colour has the same contrast against black as against white.
constexpr double kMidLuminance = 0.1791;

} // namespace

double relativeLuminance(const QColor& colour)
{
    const QColor c = colour.toRgb();
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor composite(const QColor& over, const QColor& under)
{
    const QColor o = over.toRgb();
    const QColor u = under.toRgb();
    const double a = o.alphaF();
    const QColor exact = QColor::fromRgbF(static_cast<float>(o.redF() * a + u.redF() * (1.0 - a)),
                                          static_cast<float>(o.greenF() * a + u.greenF() * (1.0 - a)),
                                          static_cast<float>(o.blueF() * a + u.blueF() * (1.0 - a)));
    return QColor::fromRgb(exact.rgb()); // 8 bits a channel, as painted
}

namespace {
/// The lightness search of withContrast (uncached), for a colour that fails the ratio.
QColor searchContrast(const QColor& colour, std::initializer_list<QColor> backgrounds, double minRatio);
} // namespace

QColor withContrast(const QColor& colour, std::initializer_list<QColor> backgrounds, double minRatio)
{
    if (backgrounds.size() == 0 || worstRatio(colour, backgrounds) >= minRatio)
        return colour;
    // Models ask for a cell's colour on every paint, and the search below costs a few hundred
    // pow() calls: the answers for the handful of (colour, backgrounds, ratio) in use are kept.
    thread_local std::map<std::vector<quint64>, QColor> found;
    std::vector<quint64> key{quint64(colour.rgba64()), std::bit_cast<quint64>(minRatio)};
    for (const QColor& bg : backgrounds)
        key.push_back(quint64(bg.rgba64()));
    if (const auto it = found.find(key); it != found.end())
        return it->second;
    if (found.size() >= 512) // bounded: a palette change leaves the old answers unused
        found.clear();
    QColor& answer = found[key];
    answer = searchContrast(colour, backgrounds, minRatio);
    return answer;
}

namespace {

QColor searchContrast(const QColor& colour, std::initializer_list<QColor> backgrounds, double minRatio)
{
    double brightest = 0.0;
    for (const QColor& bg : backgrounds)
        brightest = std::max(brightest, relativeLuminance(bg));
    const bool lighten = brightest < kMidLuminance; // dark backgrounds: go lighter
    const QColor hsl = colour.toHsl();
    const double hue = hsl.hslHueF() < 0 ? 0.0 : hsl.hslHueF();
    const double saturation = hsl.hslHueF() < 0 ? 0.0 : hsl.hslSaturationF();
    const double alpha = colour.alphaF();
    double near = hsl.lightnessF(); // fails
    double far = lighten ? 1.0 : 0.0;
    if (worstRatio(atLightness(hue, saturation, far, alpha), backgrounds) < minRatio)
        return atLightness(hue, saturation, far, alpha); // the best there is
    for (int i = 0; i < 24; ++i) {                       // bounded bisection: 2^-24 of the lightness range
        const double mid = (near + far) / 2.0;
        if (worstRatio(atLightness(hue, saturation, mid, alpha), backgrounds) >= minRatio)
            far = mid;
        else
            near = mid;
    }
    return atLightness(hue, saturation, far, alpha);
}

} // namespace

QColor toneHue(Tone tone)
{
    switch (tone) {
    case Tone::Good:
        return QColor(0x1e, 0x7e, 0x4a);
    case Tone::Bad:
        return QColor(0xa9, 0x32, 0x26);
    case Tone::Warning:
        return QColor(0x9a, 0x62, 0x00);
    case Tone::Muted:
        return QColor(0x80, 0x80, 0x80);
    }
    return QColor(0x80, 0x80, 0x80);
}

QColor readableText(const QColor& hue, const QPalette& palette, QPalette::ColorRole role)
{
    const QColor bg = palette.color(role);
    if (role == QPalette::Base)
        return withContrast(hue, {bg, palette.color(QPalette::AlternateBase)}, kTextContrast);
    return withContrast(hue, {bg}, kTextContrast);
}

QColor toneText(Tone tone, const QPalette& palette, QPalette::ColorRole role)
{
    return readableText(toneHue(tone), palette, role);
}

QColor flashFill(double strength, const QPalette& palette)
{
    if (strength == 0.0 || std::isnan(strength))
        return {};
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const bool dark = relativeLuminance(base) < kMidLuminance;
    QColor hue = strength > 0.0 ? QColor(0x27, 0xae, 0x60) : QColor(0xe7, 0x4c, 0x3c);
    double alpha = strength > 0.0 ? (20.0 + 70.0 * std::min(strength, 1.0)) / 255.0 : 35.0 / 255.0;
    if (dark)
        alpha = std::min(1.0, alpha * 1.6); // a faint tint vanishes on a dark base
    QColor fill;
    for (int i = 0; i < 16; ++i) { // the text on it stays readable: bounded steps towards Base
        hue.setAlphaF(static_cast<float>(alpha));
        fill = composite(hue, base);
        if (contrastRatio(text, fill) >= kTextContrast)
            break;
        alpha *= 0.8;
    }
    return fill;
}

QColor keepAliveTrack(const QPalette& palette, const QColor& background)
{
    QColor track = palette.color(QPalette::Mid);
    track.setAlpha(60);
    return composite(track, background);
}

QColor keepAliveFill(double fraction, const QPalette& palette, const QColor& background)
{
    QColor hue;
    if (fraction > 0.5)
        hue = QColor(0x4c, 0xaf, 0x7d);
    else if (fraction > 0.2)
        hue = QColor(0xe0, 0xa5, 0x30);
    else
        hue = QColor(0xd9, 0x53, 0x4f);
    hue.setAlpha(150);
    const QColor fill = composite(hue, background);
    return withContrast(fill, {background, keepAliveTrack(palette, background)}, kFillContrast);
}

QString colourName(const QColor& colour)
{
    return colour.name(QColor::HexRgb);
}

QString emphasisStyle(const QColor& hue, const QPalette& palette)
{
    return QStringLiteral("color: %1; font-weight: 600")
        .arg(colourName(readableText(hue, palette, QPalette::Window)));
}

} // namespace poolscope::ui
