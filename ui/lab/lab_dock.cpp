#include "lab/lab_dock.h"

#include "util/palette_colours.h"
#include "util/presentation.h"

#include <QAction>
#include <QCoreApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace poolscope::ui {

namespace {

// The lab's explanations (core/lab/src/server_catalog.cpp) are English. They are listed here,
// word for word with the duration as %1, so lupdate offers them to translators; keep them in step
// (ui_german fails when one no longer matches).
[[maybe_unused]] constexpr const char* kExplanations[] = {
    QT_TRANSLATE_NOOP("poolscope::ui::LabExplanation",
                      "Plain HTTP/1.1 with keep-alive: one connection carries many requests and may sit idle "
                      "up to %1 s between them."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "HTTPS with a lab-CA certificate for localhost, 127.0.0.1 and ::1: it verifies only when "
        "the client trusts the lab CA."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "Sends back every byte it receives: the simplest way to watch a connection carry data."),
    QT_TRANSLATE_NOOP("poolscope::ui::LabExplanation",
                      "TLS with a self-signed certificate no one trusts: a verifying client must refuse it."),
    QT_TRANSLATE_NOOP("poolscope::ui::LabExplanation",
                      "TLS with a lab-CA certificate that expired yesterday: verification fails with "
                      "'certificate has expired'."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "TLS with a lab-CA certificate issued for wrong.host.invalid: the chain is fine, the host "
        "name does not match."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "HTTPS that speaks at most TLS 1.2: shows what a connection negotiates without TLS 1.3."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "Would speak only TLS 1.0/1.1, but this OpenSSL refused to build such a server, so it is "
        "not running (port 0)."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "Speaks only TLS 1.0/1.1, long deprecated: a client that requires TLS 1.2 or newer must "
        "refuse it."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "Plain HTTP on a port presented as TLS: the handshake fails because the answer is plain "
        "text."),
    QT_TRANSLATE_NOOP("poolscope::ui::LabExplanation",
                      "Accepts TCP connections and never sends a byte: connecting works, handshakes and "
                      "requests time out."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "HTTP keep-alive that closes a connection idle for more than %1 ms, without warning: an "
        "idle pooled connection goes stale."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "Accepts, then resets at once (TCP RST): 'connection reset by peer', either from the dial "
        "itself (when the reset arrives before the connect is confirmed) or from the first use."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "Nothing listens here (the port is only held so no one takes it): connecting fails with "
        "'connection refused'."),
    QT_TRANSLATE_NOOP(
        "poolscope::ui::LabExplanation",
        "DNS over UDP: names ending in .lab.test resolve to 127.0.0.1 and ::1, every other name "
        "is NXDOMAIN. Dial resolves http.lab.test through it (the pool's resolver becomes this "
        "server)."),
    QT_TRANSLATE_NOOP("poolscope::ui::LabExplanation",
                      "DNS over UDP that never answers: lookups through it time out. Dial resolves "
                      "http.lab.test through it and times out while resolving (the pool's resolver "
                      "becomes this server)."),
};

/// The lab's explanation in the UI's language: looked up by its English text with the duration
/// taken out; the lab's own words when there is no translation.
QString explanationText(const std::string& english)
{
    static const QRegularExpression duration(QStringLiteral("\\b(\\d+)(?= m?s\\b)"));
    const QString text = qs(english);
    const QRegularExpressionMatch number = duration.match(text);
    QString key = text;
    if (number.hasMatch())
        key.replace(number.capturedStart(1), number.capturedLength(1), QStringLiteral("%1"));
    const QString translated =
        QCoreApplication::translate("poolscope::ui::LabExplanation", key.toUtf8().constData());
    if (translated == key)
        return text;
    return number.hasMatch() ? translated.arg(number.captured(1)) : translated;
}

} // namespace

LabDock::LabDock(const lab::Lab* lab, QWidget* parent) : QDockWidget(tr("Lab servers"), parent)
{
    setObjectName(QStringLiteral("labDock"));
    setAccessibleName(tr("Lab servers"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                QDockWidget::DockWidgetClosable);

    auto* content = new QWidget;
    content->setObjectName(QStringLiteral("labDockContent"));
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 6, 8, 8);
    layout->setSpacing(6);

    m_demoButton = new QToolButton(content);
    m_demoButton->setObjectName(QStringLiteral("labDemoButton"));
    m_demoButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_demoButton->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_demoButton->setVisible(false);
    layout->addWidget(m_demoButton);

    auto* intro =
        new QLabel(lab ? tr("Loopback servers that show what a pool meets. Lab dials trust the lab's "
                            "own CA; nothing else does.")
                       : tr("The lab is not running (started with --no-lab)."),
                   content);
    intro->setObjectName(QStringLiteral("labIntro"));
    intro->setWordWrap(true);
    m_intro = intro;
    layout->addWidget(intro);

    if (lab) {
        for (const lab::ServerInfo& server : lab->servers())
            layout->addWidget(makeCard(server, content));
    }
    layout->addStretch(1);

    auto* scroll = new QScrollArea(this);
    scroll->setAccessibleName(tr("Lab servers"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);
    setWidget(scroll);
    setMinimumWidth(190);
    restyle();
}

void LabDock::changeEvent(QEvent* event)
{
    QDockWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        restyle();
}

void LabDock::restyle()
{
    // The greys are read from the palette in use, so a dark palette gets light greys: the intro
    // sits on the window, the cards' text on Base.
    const QPalette& pal = palette();
    m_intro->setStyleSheet(
        QStringLiteral("color: %1")
            .arg(colourName(readableText(pal.color(QPalette::Dark), pal, QPalette::Window))));
    const QString port = colourName(readableText(QColor(0x6b, 0x77, 0x85), pal));
    const QString explanation = colourName(readableText(QColor(0x4a, 0x55, 0x61), pal));
    // The labels' colours are set in the style sheet too: a style sheet fixes a label's palette
    // when it is applied, so only a new sheet brings the new palette's text colour.
    const QString cardSheet =
        QStringLiteral("QFrame[labCard=\"true\"] { background: palette(base); border: 1px solid "
                       "palette(midlight); border-radius: 5px; }"
                       "QLabel { border: none; background: transparent; color: %1; }")
            .arg(colourName(pal.color(QPalette::Text)));
    for (const Card& card : std::as_const(m_cards)) {
        card.frame->setStyleSheet(cardSheet);
        card.title->setText(QStringLiteral("<b>%1</b> <span style='color:%2'>%3</span>")
                                .arg(card.name.toHtmlEscaped(), port, card.detail.toHtmlEscaped()));
        card.explanation->setStyleSheet(QStringLiteral("color: %1; font-size: 8.5pt").arg(explanation));
    }
}

QWidget* LabDock::makeCard(const lab::ServerInfo& server, QWidget* parent)
{
    const QString name = qs(server.name);
    auto* card = new QFrame(parent);
    card->setObjectName(QStringLiteral("labCard_") + name);
    card->setProperty("labCard", true);
    // Its style sheet (with the text colour of the palette in use) is set by restyle().
    auto* box = new QVBoxLayout(card);
    box->setContentsMargins(8, 5, 6, 6);
    box->setSpacing(2);

    auto* header = new QHBoxLayout;
    header->setSpacing(6);
    const QString badge = server.udp ? tr("UDP") : (server.tls ? tr("TLS") : tr("TCP"));
    auto* title = new QLabel(card); // text set by restyle(), with colours from the palette
    title->setObjectName(QStringLiteral("labTitle_") + name);
    title->setTextFormat(Qt::RichText);
    title->setWordWrap(true);
    header->addWidget(title, 1);
    if (server.port != 0 || !server.udp) {
        auto* dial = new QPushButton(tr("Dial"), card);
        dial->setObjectName(QStringLiteral("labDial_") + name);
        dial->setAccessibleName(tr("Dial lab server %1").arg(name));
        if (server.udp)
            dial->setToolTip(tr("Resolve http.lab.test through %1 and dial it; the pool then resolves "
                                "every name through %1 until Pool Settings › Resolver changes it")
                                 .arg(name));
        else
            dial->setToolTip(tr("Dial %1 (127.0.0.1:%2%3)")
                                 .arg(name)
                                 .arg(server.port)
                                 .arg(server.tls ? tr(", TLS with the lab CA trusted") : QString()));
        dial->setAutoDefault(false);
        dial->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        dial->setIcon(QIcon(QStringLiteral(":/icons/actions/dial.png")));
        const lab::ServerKind kind = server.kind;
        connect(dial, &QPushButton::clicked, this, [this, kind] { Q_EMIT dialRequested(kind); });
        m_buttons.insert(static_cast<int>(kind), dial);
        header->addWidget(dial);
    }
    box->addLayout(header);
    auto* explanation = new QLabel(explanationText(server.explanation), card);
    explanation->setWordWrap(true);
    explanation->setObjectName(QStringLiteral("labExplanation_") + name);
    m_cards.append(
        {card, title, explanation, name, QStringLiteral(":%1 \u00b7 %2").arg(server.port).arg(badge)});
    box->addWidget(explanation);
    return card;
}

void LabDock::setDemoAction(QAction* demo)
{
    m_demoButton->setDefaultAction(demo);
    m_demoButton->setVisible(demo != nullptr);
}

void LabDock::setDialEnabled(bool enabled)
{
    for (QPushButton* button : std::as_const(m_buttons))
        button->setEnabled(enabled);
}

} // namespace poolscope::ui
