#include "util/palette_icon.h"

#include "util/palette_colours.h"

#include <QHash>
#include <QImage>
#include <QPixmap>

namespace poolscope::ui {

namespace {

/// `image` with every visible pixel's colour made 3:1 against `window` and `button`.
QImage recoloured(QImage image, const QColor& window, const QColor& button)
{
    image = image.convertToFormat(QImage::Format_ARGB32); // not premultiplied: colour apart from alpha
    QHash<QRgb, QRgb> done; // a few colours per icon (and their anti-aliased blends)
    for (int y = 0; y < image.height(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = line[x];
            if (qAlpha(pixel) == 0)
                continue;
            const QRgb opaque = pixel | 0xff000000u;
            auto it = done.constFind(opaque);
            if (it == done.constEnd())
                it = done.insert(opaque, withContrast(QColor(opaque), {window, button}, kFillContrast).rgb());
            line[x] = (it.value() & 0x00ffffffu) | (pixel & 0xff000000u);
        }
    }
    return image;
}

} // namespace

QIcon paletteIcon(const QString& name, const QPalette& palette)
{
    const QColor window = palette.color(QPalette::Active, QPalette::Window);
    const QColor button = palette.color(QPalette::Active, QPalette::Button);
    // Light palettes get the icons as drawn (white glyphs on coloured discs stay white).
    if (relativeLuminance(window) >= relativeLuminance(palette.color(QPalette::Active, QPalette::WindowText)))
        return QIcon(QStringLiteral(":/icons/actions/%1.png").arg(name));
    QIcon icon;
    for (const QString& suffix : {QStringLiteral(".png"), QStringLiteral("@2x.png")}) {
        const QImage image(QStringLiteral(":/icons/actions/") + name + suffix);
        if (!image.isNull())
            icon.addPixmap(QPixmap::fromImage(recoloured(image, window, button)));
    }
    return icon;
}

} // namespace poolscope::ui
