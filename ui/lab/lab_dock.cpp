#include "lab/lab_dock.h"

#include "util/presentation.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

namespace poolscope::ui {

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
    intro->setWordWrap(true);
    intro->setStyleSheet(QStringLiteral("color: palette(dark)"));
    layout->addWidget(intro);

    if (lab) {
        for (const lab::ServerInfo& server : lab->servers())
            layout->addWidget(makeCard(server, content));
    }
    layout->addStretch(1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);
    setWidget(scroll);
    setMinimumWidth(190);
}

QWidget* LabDock::makeCard(const lab::ServerInfo& server, QWidget* parent)
{
    const QString name = qs(server.name);
    auto* card = new QFrame(parent);
    card->setObjectName(QStringLiteral("labCard_") + name);
    card->setProperty("labCard", true);
    card->setStyleSheet(
        QStringLiteral("QFrame[labCard=\"true\"] { background: palette(base); border: 1px solid "
                       "palette(midlight); border-radius: 5px; }"
                       "QLabel { border: none; background: transparent; }"));
    auto* box = new QVBoxLayout(card);
    box->setContentsMargins(8, 5, 6, 6);
    box->setSpacing(2);

    auto* header = new QHBoxLayout;
    header->setSpacing(6);
    const QString badge = server.udp ? tr("UDP") : (server.tls ? tr("TLS") : tr("TCP"));
    auto* title = new QLabel(QStringLiteral("<b>%1</b> <span style='color:#6b7785'>:%2 \u00b7 %3</span>")
                                 .arg(name.toHtmlEscaped())
                                 .arg(server.port)
                                 .arg(badge),
                             card);
    title->setTextFormat(Qt::RichText);
    title->setWordWrap(true);
    header->addWidget(title, 1);
    if (!server.udp) {
        auto* dial = new QPushButton(tr("Dial"), card);
        dial->setObjectName(QStringLiteral("labDial_") + name);
        dial->setAccessibleName(tr("Dial lab server %1").arg(name));
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
    auto* explanation = new QLabel(qs(server.explanation), card);
    explanation->setWordWrap(true);
    explanation->setStyleSheet(QStringLiteral("color: #4a5561; font-size: 8.5pt"));
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
