#include "dialogs/settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace poolscope::ui {

namespace {

using std::chrono::milliseconds;

QSpinBox* spin(QWidget* parent, const char* name, const QString& accessible, int min, int max, int value,
               const QString& suffix = QString(), const QString& special = QString())
{
    auto* box = new QSpinBox(parent);
    box->setObjectName(QString::fromLatin1(name));
    box->setAccessibleName(accessible);
    box->setRange(min, max);
    box->setValue(value);
    box->setSuffix(suffix);
    if (!special.isEmpty())
        box->setSpecialValueText(special);
    box->setMinimumWidth(140);
    return box;
}

int clampInt(qint64 v, int min, int max)
{
    return static_cast<int>(std::clamp<qint64>(v, min, max));
}

QStringList toStringList(const std::vector<std::string>& servers)
{
    QStringList out;
    for (const std::string& s : servers)
        out.append(QString::fromStdString(s));
    return out;
}

} // namespace

SettingsDialog::SettingsDialog(const PoolParams& current, bool confirmDestructive, QWidget* parent,
                               const QList<Resolver>& labResolvers)
    : QDialog(parent), m_base(current)
{
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Pool Settings"));

    m_maxConnections =
        spin(this, "settingsMaxConnections", tr("Maximum connections"), 1, 65535, current.maxConnections);
    m_maxPerHost = spin(this, "settingsMaxPerHost", tr("Maximum connections per host"), 0, 65535,
                        current.maxPerHost, QString(), tr("no per-host cap"));
    m_keepAlive = spin(this, "settingsKeepAlive", tr("Keep-alive in seconds"), 0, 86400,
                       clampInt(current.maxKeepAlive.count() / 1000, 0, 86400), tr(" s"));
    m_lifetime = spin(this, "settingsLifetime", tr("Maximum lifetime in seconds"), 0, 86400 * 7,
                      clampInt(current.maxLifetime.count() / 1000, 0, 86400 * 7), tr(" s"), tr("unlimited"));
    m_connectTimeout =
        spin(this, "settingsConnectTimeout", tr("Connect timeout in milliseconds"), 0, 600'000,
             clampInt(current.connectTimeout.count(), 0, 600'000), tr(" ms"), tr("dial timeout only"));
    m_handshakeTimeout =
        spin(this, "settingsHandshakeTimeout", tr("TLS handshake timeout in milliseconds"), 0, 600'000,
             clampInt(current.handshakeTimeout.count(), 0, 600'000), tr(" ms"), tr("dial timeout only"));
    // The per-host cap can never exceed the pool's size.
    m_maxPerHost->setMaximum(m_maxConnections->value());
    connect(m_maxConnections, &QSpinBox::valueChanged, m_maxPerHost, &QSpinBox::setMaximum);
    m_connectTimeout->setSingleStep(500);
    m_handshakeTimeout->setSingleStep(500);

    // The resolver: the system's, a lab DNS server, or servers set some other way (kept as they are).
    m_resolver = new QComboBox(this);
    m_resolver->setObjectName(QStringLiteral("settingsResolver"));
    m_resolver->setAccessibleName(tr("Resolver"));
    m_resolver->setToolTip(tr("Where the pool looks up the names it dials. A lab DNS server knows only "
                              "names under .lab.test; a new dial of any other name fails to resolve."));
    m_resolver->addItem(tr("System resolver"), QStringList());
    for (const Resolver& r : labResolvers)
        m_resolver->addItem(tr("Lab DNS server %1 (%2)").arg(r.name, QString::fromStdString(r.server)),
                            QStringList{QString::fromStdString(r.server)});
    const QStringList servers = toStringList(current.dnsServers);
    int index = m_resolver->findData(servers);
    if (index < 0) {
        m_resolver->addItem(servers.join(QStringLiteral(", ")), servers);
        index = m_resolver->count() - 1;
    }
    m_resolver->setCurrentIndex(index);

    auto* pool = new QGroupBox(tr("Pool (applied live)"), this);
    auto* form = new QFormLayout(pool);
    form->addRow(tr("Max &connections:"), m_maxConnections);
    form->addRow(tr("Max per &host:"), m_maxPerHost);
    form->addRow(tr("&Keep-alive:"), m_keepAlive);
    form->addRow(tr("Max &lifetime:"), m_lifetime);
    form->addRow(tr("C&onnect timeout:"), m_connectTimeout);
    form->addRow(tr("&TLS handshake timeout:"), m_handshakeTimeout);
    form->addRow(tr("&Resolver:"), m_resolver);
    auto* note =
        new QLabel(tr("Lowering the maximum closes idle connections above it; connections in use stay "
                      "until they are returned."),
                   pool);
    note->setWordWrap(true);
    note->setStyleSheet(QStringLiteral("color: palette(dark)"));
    form->addRow(note);

    m_confirm = new QCheckBox(tr("&Ask before closing connections or shutting the pool down"), this);
    m_confirm->setObjectName(QStringLiteral("settingsConfirm"));
    m_confirm->setChecked(confirmDestructive);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Apply"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("settingsOk"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(pool);
    layout->addWidget(m_confirm);
    layout->addWidget(m_buttons);
}

PoolParams SettingsDialog::params() const
{
    PoolParams p = m_base;
    p.maxConnections = m_maxConnections->value();
    p.maxPerHost = m_maxPerHost->value();
    p.maxKeepAlive = milliseconds(qint64(m_keepAlive->value()) * 1000);
    p.maxLifetime = milliseconds(qint64(m_lifetime->value()) * 1000);
    p.connectTimeout = milliseconds(m_connectTimeout->value());
    p.handshakeTimeout = milliseconds(m_handshakeTimeout->value());
    p.dnsServers.clear();
    for (const QString& server : m_resolver->currentData().toStringList())
        p.dnsServers.push_back(server.toStdString());
    return p;
}

bool SettingsDialog::confirmDestructive() const
{
    return m_confirm->isChecked();
}

} // namespace poolscope::ui
