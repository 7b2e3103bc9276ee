#pragma once
// The text a widget draws itself (charts, the timeline, the handshake ladder), as it draws it: the
// widget is rendered onto a device whose paint engine records every text item with where it lands,
// whatever the painting code meant to do (widget_walk.h checks what it finds).

#include <QPaintDevice>
#include <QPaintEngine>
#include <QPainter>
#include <QTransform>
#include <QWidget>

namespace poolscope::test {

/// One piece of text as drawn, in the widget's coordinates.
struct PaintedText
{
    QString text;
    QRectF rect; ///< from the baseline's ascent to its descent, the item's advance wide
};

namespace detail {

/// Records text items; everything else is dropped (nothing is rasterised).
class TextRecordingEngine final : public QPaintEngine
{
public:
    TextRecordingEngine() : QPaintEngine(QPaintEngine::AllFeatures) {}

    QList<PaintedText> texts;

    bool begin(QPaintDevice*) override { return true; }
    bool end() override { return true; }
    void updateState(const QPaintEngineState& changed) override
    {
        if (changed.state() & QPaintEngine::DirtyTransform)
            m_transform = changed.transform();
    }
    void drawTextItem(const QPointF& p, const QTextItem& item) override
    {
        const QRectF local(p.x(), p.y() - item.ascent(), item.width(), item.ascent() + item.descent());
        texts.append({item.text(), m_transform.mapRect(local)});
    }
    void drawPixmap(const QRectF&, const QPixmap&, const QRectF&) override {}
    void drawPath(const QPainterPath&) override {}
    void drawPolygon(const QPointF*, int, PolygonDrawMode) override {}
    void drawPolygon(const QPoint*, int, PolygonDrawMode) override {}
    void drawRects(const QRectF*, int) override {}
    void drawRects(const QRect*, int) override {}
    void drawLines(const QLineF*, int) override {}
    void drawLines(const QLine*, int) override {}
    void drawEllipse(const QRectF&) override {}
    void drawEllipse(const QRect&) override {}
    void drawPoints(const QPointF*, int) override {}
    void drawPoints(const QPoint*, int) override {}
    void drawImage(const QRectF&, const QImage&, const QRectF&, Qt::ImageConversionFlags) override {}
    void drawTiledPixmap(const QRectF&, const QPixmap&, const QPointF&) override {}
    Type type() const override { return QPaintEngine::User; }

private:
    QTransform m_transform;
};

/// A device the size and resolution of `widget`, so fonts measure as they do on screen.
class TextRecordingDevice final : public QPaintDevice
{
public:
    explicit TextRecordingDevice(const QWidget& widget) : m_widget(widget) {}
    QPaintEngine* paintEngine() const override { return &m_engine; }
    TextRecordingEngine& engine() { return m_engine; }

protected:
    int metric(PaintDeviceMetric m) const override
    {
        // QWidget::metric() is protected; its public accessors give the same figures.
        switch (m) {
        case PdmWidth:
            return m_widget.width();
        case PdmHeight:
            return m_widget.height();
        case PdmWidthMM:
            return m_widget.widthMM();
        case PdmHeightMM:
            return m_widget.heightMM();
        case PdmNumColors:
            return m_widget.colorCount();
        case PdmDepth:
            return m_widget.depth();
        case PdmDpiX:
            return m_widget.logicalDpiX();
        case PdmDpiY:
            return m_widget.logicalDpiY();
        case PdmPhysicalDpiX:
            return m_widget.physicalDpiX();
        case PdmPhysicalDpiY:
            return m_widget.physicalDpiY();
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return static_cast<int>(devicePixelRatioFScale());
        default:
            return 0;
        }
    }

private:
    const QWidget& m_widget;
    mutable TextRecordingEngine m_engine;
};

} // namespace detail

/// Every piece of text `widget` draws itself, in its own coordinates (children not included).
inline QList<PaintedText> paintedTexts(QWidget& widget)
{
    detail::TextRecordingDevice device(widget);
    widget.render(&device, QPoint(), QRegion(), QWidget::DrawWindowBackground);
    return device.engine().texts;
}

} // namespace poolscope::test
