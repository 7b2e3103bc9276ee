#include "widgets/counters_panel.h"

#include "help/glossary.h"
#include "util/palette_colours.h"
#include "widgets/tile_flow_layout.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QMetaEnum>
#include <QStyle>
#include <QVBoxLayout>
#include <optional>

namespace poolscope::ui {

namespace {

struct TileSpec
{
    CountersPanel::Counter counter;
    const char* title;
    const char* tip;
    std::optional<help::Term> term = {}; ///< its glossary definition is added to the tip
};

QString counterKey(CountersPanel::Counter counter)
{
    return QString::fromLatin1(QMetaEnum::fromType<CountersPanel::Counter>().valueToKey(counter));
}

} // namespace

CountersPanel::CountersPanel(QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("countersPanel"));
    setAccessibleName(tr("Pool counters"));

    // QT_TR_NOOP keeps the titles translatable while they live in a table.
    static const TileSpec specs[] = {
        {InUse, QT_TR_NOOP("In use"), QT_TR_NOOP("Connections handed out now"), help::Term::Lease},
        {Idle, QT_TR_NOOP("Idle"), QT_TR_NOOP("Open connections waiting to be reused"), help::Term::Idle},
        {Connecting, QT_TR_NOOP("Connecting"),
         QT_TR_NOOP("Dials in flight: resolving, connecting or in the TLS handshake"),
         help::Term::TlsHandshake},
        {Max, QT_TR_NOOP("Max"), QT_TR_NOOP("The pool's connection limit")},
        {Waiters, QT_TR_NOOP("Waiters"), QT_TR_NOOP("Requests waiting for a free slot"),
         help::Term::WaitQueue},
        {Dials, QT_TR_NOOP("Dials"), QT_TR_NOOP("Acquire calls since the pool started")},
        {ReuseRatio, QT_TR_NOOP("Reuse ratio"), QT_TR_NOOP("Share of dials served by an idle connection")},
        {Stale, QT_TR_NOOP("Stale"), QT_TR_NOOP("Idle connections found closed by the peer before reuse"),
         help::Term::Stale},
        {Expired, QT_TR_NOOP("Expired"),
         QT_TR_NOOP("Idle connections closed at their keep-alive or lifetime"), help::Term::KeepAlive},
        {Evicted, QT_TR_NOOP("Evicted"), QT_TR_NOOP("Idle connections closed to make room for another host"),
         help::Term::Eviction},
        {HandshakeFailures, QT_TR_NOOP("TLS failures"), QT_TR_NOOP("TLS handshakes that failed"),
         help::Term::CertificateVerification},
        {ResolveFailures, QT_TR_NOOP("DNS failures"),
         QT_TR_NOOP("Resolve failures: host names the resolver found no address for (no such name, or the "
                    "DNS server refused or failed); a DNS server that does not answer counts under Timeouts"),
         help::Term::DnsResolution},
        {SocketErrors, QT_TR_NOOP("Socket errors"), QT_TR_NOOP("Refused, unreachable, reset")},
        {Timeouts, QT_TR_NOOP("Timeouts"),
         QT_TR_NOOP("Dials and waits that ran out of time, a DNS server that did not answer included"),
         help::Term::DialTimeout},
        {Draining, QT_TR_NOOP("Draining"), QT_TR_NOOP("Leases still out during a graceful shutdown"),
         help::Term::Shutdown},
    };

    auto* layout = new TileFlowLayout(this, 6);
    for (const TileSpec& spec : specs) {
        auto* tile = new QFrame(this);
        tile->setProperty("counterTile", true);
        const char* group = "gauge";
        if (spec.counter >= Dials && spec.counter <= Evicted)
            group = "count";
        else if (spec.counter >= HandshakeFailures && spec.counter <= Timeouts)
            group = "fail";
        else if (spec.counter == Draining)
            group = "drain";
        tile->setProperty("group", QString::fromLatin1(group));
        tile->setObjectName(QStringLiteral("counterTile_") + counterKey(spec.counter));
        tile->setToolTip(spec.term ? help::withDefinition(tr(spec.tip), *spec.term) : tr(spec.tip));
        tile->setAccessibleName(tr(spec.title));
        tile->setAccessibleDescription(tr(spec.tip));
        auto* box = new QVBoxLayout(tile);
        box->setContentsMargins(8, 4, 8, 5);
        box->setSpacing(0);
        auto* title = new QLabel(tr(spec.title), tile);
        title->setProperty("role", QStringLiteral("title"));
        auto* value = new QLabel(QStringLiteral("0"), tile);
        value->setProperty("role", QStringLiteral("value"));
        value->setObjectName(QStringLiteral("counter_") + counterKey(spec.counter));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        box->addWidget(title);
        box->addWidget(value);
        layout->addWidget(tile);
        m_values[static_cast<std::size_t>(spec.counter)] = value;
        m_titles[static_cast<std::size_t>(spec.counter)] = tr(spec.title);
        value->setAccessibleName(tr("%1: %2").arg(tr(spec.title), value->text()));
        value->setAccessibleDescription(tr(spec.tip));
        if (spec.counter == Draining)
            m_drainingTile = tile;
    }
    m_drainingTile->setVisible(false);
    restyle();
}

void CountersPanel::setValue(Counter counter, const QString& text, bool alert)
{
    QLabel* label = m_values[static_cast<std::size_t>(counter)];
    if (label->text() != text) {
        label->setText(text);
        label->setAccessibleName(tr("%1: %2").arg(m_titles[static_cast<std::size_t>(counter)], text));
    }
    if (label->property("alert").toBool() != alert) {
        label->setProperty("alert", alert);
        label->style()->unpolish(label);
        label->style()->polish(label);
    }
}

void CountersPanel::showSnapshot(const PoolSnapshot& snapshot)
{
    const PoolStats& s = snapshot.stats;
    const QLocale locale;
    auto n = [&locale](std::uint64_t v) { return locale.toString(static_cast<qulonglong>(v)); };
    setValue(InUse, QString::number(s.inUse));
    setValue(Idle, QString::number(s.idle));
    setValue(Connecting, QString::number(s.connecting));
    setValue(Max, QString::number(s.maxConnections));
    setValue(Waiters, QString::number(snapshot.waiters), snapshot.waiters > 0);
    setValue(Dials, n(s.dials));
    const double ratio = s.dials ? 100.0 * static_cast<double>(s.reuses) / static_cast<double>(s.dials) : 0.0;
    setValue(ReuseRatio, tr("%1 %").arg(ratio, 0, 'f', 0));
    setValue(Stale, n(s.staleDetected));
    setValue(Expired, n(s.expired + s.lifetimeExpired));
    setValue(Evicted, n(s.evicted));
    setValue(HandshakeFailures, n(s.handshakeFailures), s.handshakeFailures > 0);
    setValue(ResolveFailures, n(s.resolveFailures), s.resolveFailures > 0);
    setValue(SocketErrors, n(s.socketErrors), s.socketErrors > 0);
    setValue(Timeouts, n(s.timeouts + snapshot.waiterTimeouts), s.timeouts + snapshot.waiterTimeouts > 0);
}

void CountersPanel::setDraining(std::optional<int> inUse)
{
    m_drainingTile->setVisible(inUse.has_value());
    if (inUse)
        setValue(Draining, QString::number(*inUse), *inUse > 0);
}

QString CountersPanel::valueText(Counter counter) const
{
    return m_values[static_cast<std::size_t>(counter)]->text();
}

void CountersPanel::changeEvent(QEvent* event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        restyle();
}

void CountersPanel::restyle()
{
    // Colours from the palette in use: the group's edge 3:1 against the tile, titles and the alert
    // 4.5:1 against the tile (and the draining tile's tint), which is read from Base as well.
    const QPalette& pal = palette();
    const QColor base = pal.color(QPalette::Base);
    const bool lightBase = relativeLuminance(base) > 0.5;
    const QColor drain = lightBase ? QColor(0xff, 0xf6, 0xe8) : composite(QColor(0xe0, 0x8e, 0x2b, 48), base);
    const auto edge = [&](const QColor& hue) {
        return colourName(withContrast(hue, {base, drain}, kFillContrast));
    };
    const auto text = [&](const QColor& hue) {
        return colourName(withContrast(hue, {base, drain}, kTextContrast));
    };
    const QString sheet =
        QStringLiteral(
            "QFrame[counterTile=\"true\"] { background: palette(base); border: 1px solid palette(midlight);"
            " border-radius: 6px; }"
            "QFrame[counterTile=\"true\"][group=\"gauge\"] { border-left: 3px solid %1; }"
            "QFrame[counterTile=\"true\"][group=\"count\"] { border-left: 3px solid %2; }"
            "QFrame[counterTile=\"true\"][group=\"fail\"] { border-left: 3px solid %3; }"
            "QFrame[counterTile=\"true\"][group=\"drain\"] { border-left: 3px solid %4; background: %5; }"
            "QLabel[role=\"title\"] { color: %6; font-size: 8pt; border: none; background: transparent; }"
            "QLabel[role=\"value\"] { font-size: 15pt; font-weight: 600; border: none; background: "
            "transparent; }"
            "QLabel[role=\"value\"][alert=\"true\"] { color: %7; }")
            .arg(edge(QColor(0x25, 0x6f, 0xd1)), edge(QColor(0x8a, 0x96, 0xa3)),
                 edge(QColor(0xc0, 0x39, 0x2b)), edge(QColor(0xe0, 0x8e, 0x2b)), colourName(drain),
                 text(pal.color(QPalette::Dark)), text(QColor(0xc0, 0x39, 0x2b)));
    // On each tile, not on the panel: a widget with a style sheet of its own keeps the palette it
    // had then and hears of no palette change; the panel must, to restyle its tiles.
    for (QLabel* value : m_values) {
        QWidget* tile = value ? value->parentWidget() : nullptr;
        if (tile && tile->styleSheet() != sheet)
            tile->setStyleSheet(sheet);
    }
}

} // namespace poolscope::ui
