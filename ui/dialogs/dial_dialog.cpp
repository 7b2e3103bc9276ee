#include "dialogs/dial_dialog.h"

#include "util/app_settings.h"
#include "util/palette_colours.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace poolscope::ui {

DialDialog::DialDialog(bool labAvailable, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("dialDialog"));
    setWindowTitle(tr("Dial"));

    m_host = new QComboBox(this);
    m_host->setObjectName(QStringLiteral("dialHost"));
    m_host->setEditable(true);
    m_host->setInsertPolicy(QComboBox::NoInsert);
    m_host->setAccessibleName(tr("Host"));
    m_host->setToolTip(tr("A host name or address; pick a recent target to fill port and TLS"));
    const QStringList recent = AppSettings::recentHosts();
    m_host->addItems(recent);
    m_host->setCurrentIndex(-1);
    m_host->setEditText(QStringLiteral("127.0.0.1"));
    m_host->setMinimumWidth(260);

    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("dialPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(443);
    m_port->setAccessibleName(tr("Port"));

    m_tls = new QCheckBox(tr("Use &TLS"), this);
    m_tls->setObjectName(QStringLiteral("dialTls"));
    m_tls->setChecked(true);

    m_timeout = new QSpinBox(this);
    m_timeout->setObjectName(QStringLiteral("dialTimeout"));
    m_timeout->setRange(100, 600'000);
    m_timeout->setSingleStep(500);
    m_timeout->setValue(10'000);
    m_timeout->setSuffix(tr(" ms"));
    m_timeout->setAccessibleName(tr("Timeout in milliseconds"));
    m_timeout->setToolTip(
        tr("Whole budget: waiting for a free slot, resolving, connecting and the handshake"));

    m_count = new QSpinBox(this);
    m_count->setObjectName(QStringLiteral("dialCount"));
    m_count->setRange(1, 1000);
    m_count->setAccessibleName(tr("Number of connections"));

    m_trustLab = new QCheckBox(tr("Trust the &lab CA for this dial"), this);
    m_trustLab->setObjectName(QStringLiteral("dialTrustLab"));
    m_trustLab->setEnabled(labAvailable);
    m_trustLab->setToolTip(labAvailable
                               ? tr("Adds the lab's generated CA to the trust store of this dial only")
                               : tr("The lab is not running"));

    m_label = new QLineEdit(tr("manual"), this);
    m_label->setObjectName(QStringLiteral("dialLabel"));
    m_label->setAccessibleName(tr("Label"));
    m_label->setToolTip(tr("Shown as the holder of the connections"));

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("dialError"));
    m_error->setStyleSheet(
        QStringLiteral("color: %1")
            .arg(colourName(readableText(QColor(0xb0, 0x3a, 0x2e), palette(),
                                         QPalette::Window)))); // a dark palette lightens it
    m_error->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(QString(), m_tls);
    form->addRow(tr("T&imeout:"), m_timeout);
    form->addRow(tr("&Connections:"), m_count);
    form->addRow(QString(), m_trustLab);
    form->addRow(tr("L&abel:"), m_label);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Dial"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("dialOk"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &DialDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &DialDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_host, &QComboBox::textActivated, this, &DialDialog::recentChosen);
    if (!recent.isEmpty())
        recentChosen(recent.first()); // start from the last target
    connect(m_host, &QComboBox::editTextChanged, this, [this] { revalidate(); });
    connect(m_tls, &QCheckBox::toggled, this, [this](bool on) {
        if (on && m_port->value() == 80)
            m_port->setValue(443);
        else if (!on && m_port->value() == 443)
            m_port->setValue(80);
    });
    revalidate();
}

void DialDialog::recentChosen(const QString& text)
{
    const DialTargetParse parsed = parseDialTarget(text);
    if (!parsed.spec)
        return;
    const QSignalBlocker block(m_tls);
    m_host->setEditText(parsed.spec->host);
    m_port->setValue(parsed.spec->port);
    m_tls->setChecked(parsed.spec->tls);
}

QString DialDialog::validationError() const
{
    DialSpec s = spec();
    if (s.host.isEmpty())
        return tr("Enter a host name or address.");
    // Reuse the command-line rules for the host part.
    const DialTargetParse parsed = parseDialTarget(s.toText());
    return parsed.spec ? QString() : parsed.error;
}

void DialDialog::revalidate()
{
    const QString error = validationError();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(error.isEmpty());
}

DialSpec DialDialog::spec() const
{
    DialSpec s;
    QString host = m_host->currentText().trimmed();
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    s.host = host;
    s.port = static_cast<quint16>(m_port->value());
    s.tls = m_tls->isChecked();
    s.timeout = std::chrono::milliseconds(m_timeout->value());
    s.count = m_count->value();
    s.trustLabCa = m_trustLab->isEnabled() && m_trustLab->isChecked();
    s.label = m_label->text().trimmed();
    return s;
}

void DialDialog::setSpec(const DialSpec& s)
{
    const QSignalBlocker block(m_tls);
    m_host->setEditText(s.host);
    m_port->setValue(s.port);
    m_tls->setChecked(s.tls);
    m_timeout->setValue(static_cast<int>(s.timeout.count()));
    m_count->setValue(s.count);
    m_trustLab->setChecked(s.trustLabCa);
    if (!s.label.isEmpty())
        m_label->setText(s.label);
    revalidate();
}

void DialDialog::accept()
{
    if (!validationError().isEmpty())
        return;
    AppSettings::addRecentHost(spec().toText());
    QDialog::accept();
}

} // namespace poolscope::ui
