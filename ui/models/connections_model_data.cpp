// ConnectionsModel: what each cell shows — text, sort keys, colours, icons, tooltips, roles.
// (connections_model.cpp applies snapshots; this file only reads rows.)

#include "help/glossary.h"
#include "models/connections_model.h"
#include "util/palette_colours.h"
#include "util/presentation.h"

#include <QColor>
#include <QGuiApplication>
#include <QIcon>
#include <algorithm>

namespace poolscope::ui {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

qint64 msBetween(Clock::time_point from, Clock::time_point to)
{
    return duration_cast<milliseconds>(to - from).count();
}

bool isActive(ConnectionState s)
{
    return s == ConnectionState::InUse || s == ConnectionState::Resolving ||
           s == ConnectionState::Connecting || s == ConnectionState::Handshaking;
}

bool isIdle(const ConnectionRow& row)
{
    return !row.gone() && row.info.state == ConnectionState::Idle;
}

} // namespace

QHash<int, QByteArray> ConnectionsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(SortRole, "sortValue");
    names.insert(StateRole, "state");
    names.insert(IdRole, "connectionId");
    names.insert(HostKeyRole, "hostKey");
    names.insert(ActiveRole, "active");
    names.insert(GoneRole, "gone");
    names.insert(KeepAliveFractionRole, "keepAliveFraction");
    names.insert(KeepAliveRemainingRole, "keepAliveRemaining");
    names.insert(FlashRole, "flash");
    names.insert(SearchTextRole, "searchText");
    names.insert(LabelRole, "label");
    return names;
}

QVariant ConnectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Id:
            return tr("ID");
        case Endpoint:
            return tr("Host:port");
        case Address:
            return tr("Address");
        case Tls:
            return tr("TLS");
        case State:
            return tr("State");
        case KeepAlive:
            return tr("Keep-alive");
        case Age:
            return tr("Age");
        case Idle:
            return tr("Idle");
        case Reuses:
            return tr("Reuses");
        case LastError:
            return tr("Last error");
        default:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case Id:
            return tr("Connection id, unique for the pool's lifetime");
        case Endpoint:
            return help::withDefinition(tr("The host and port as dialled (the reuse key)"),
                                        help::Term::ReuseKey);
        case Address:
            return help::withDefinition(tr("The address the name resolved to and the connection reached"),
                                        help::Term::DnsResolution);
        case Tls:
            return help::withDefinition(
                tr("Protocol version, cipher suite and whether the session was resumed"),
                help::Term::SessionResumption);
        case State:
            return tr("Where the connection is in its lifecycle");
        case KeepAlive:
            return help::withDefinition(tr("Time left before an idle connection is closed"),
                                        help::Term::KeepAlive);
        case Age:
            return help::withDefinition(tr("Time since the connection was dialled"), help::Term::Lifetime);
        case Idle:
            return help::withDefinition(tr("Time since an idle connection was last returned"),
                                        help::Term::Idle);
        case Reuses:
            return tr("How many times the pool handed this connection out again");
        case LastError:
            return tr("The most recent error on this connection");
        default:
            break;
        }
    } else if (role == Qt::TextAlignmentRole) {
        return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

QVariant ConnectionsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConnectionRow& row = *m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    const ConnectionInfo& info = row.info;
    switch (role) {
    case Qt::DisplayRole:
        return displayData(row, column);
    case SortRole:
        return sortData(row, column);
    case Qt::ToolTipRole:
        return toolTipData(row, column);
    case Qt::BackgroundRole:
        return backgroundData(row);
    case Qt::DecorationRole:
        if (column == State)
            return row.gone() ? closedIcon() : stateIcon(info.state);
        return {};
    case Qt::ForegroundRole:
        return foregroundData(row, column);
    case Qt::TextAlignmentRole:
        switch (column) {
        case Id:
        case KeepAlive:
        case Age:
        case Idle:
        case Reuses:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
        default:
            return QVariant::fromValue(Qt::Alignment(Qt::AlignLeft | Qt::AlignVCenter));
        }
    case StateRole:
        return row.gone() ? -1 : static_cast<int>(info.state);
    case IdRole:
        return QVariant::fromValue<qulonglong>(info.id);
    case HostKeyRole:
        return qs(info.key);
    case ActiveRole:
        return !row.gone() && isActive(info.state);
    case GoneRole:
        return row.gone();
    case KeepAliveFractionRole: {
        if (!isIdle(row))
            return -1.0;
        const qint64 total = msBetween(info.lastUsed, info.keepAliveDeadline);
        const qint64 left = msBetween(m_now, info.keepAliveDeadline);
        return total <= 0 ? 0.0
                          : std::clamp(static_cast<double>(left) / static_cast<double>(total), 0.0, 1.0);
    }
    case KeepAliveRemainingRole:
        return isIdle(row) ? std::max<qint64>(0, msBetween(m_now, info.keepAliveDeadline)) : qint64(-1);
    case FlashRole:
        return flashOf(row);
    case SearchTextRole:
        if (row.searchText.isEmpty())
            row.searchText = searchText(row);
        return row.searchText;
    case LabelRole:
        return qs(info.label);
    default:
        return {};
    }
}

QVariant ConnectionsModel::displayData(const ConnectionRow& row, int column) const
{
    const ConnectionInfo& info = row.info;
    switch (column) {
    case Id:
        return QVariant::fromValue<qulonglong>(info.id);
    case Endpoint:
        return endpointText(info.host, info.port);
    case Address:
        return info.remoteAddress.empty() ? dash() : qs(info.remoteAddress);
    case Tls:
        return tlsSummary(info);
    case State:
        return row.gone() ? departedText(row.failed) : stateText(info.state);
    case KeepAlive:
        return isIdle(row) ? formatDuration(
                                 milliseconds(std::max<qint64>(0, msBetween(m_now, info.keepAliveDeadline))))
                           : QString();
    case Age:
        return formatDuration(milliseconds(msBetween(info.created, row.gone() ? row.goneSince : m_now)));
    case Idle:
        return isIdle(row) ? formatDuration(milliseconds(msBetween(info.lastUsed, m_now))) : QString();
    case Reuses:
        return info.reuseCount;
    case LastError:
        if (row.gone() && !row.departure.isEmpty())
            return row.departure;
        if (!info.lastError.message.empty())
            return qs(info.lastError.message);
        return info.lastError.ok() ? QString() : errorCodeText(info.lastError.code);
    default:
        return {};
    }
}

QVariant ConnectionsModel::sortData(const ConnectionRow& row, int column) const
{
    const ConnectionInfo& info = row.info;
    switch (column) {
    case Id:
        return QVariant::fromValue<qulonglong>(info.id);
    case Endpoint:
        return endpointText(info.host, info.port);
    case Address:
        return qs(info.remoteAddress);
    case Tls:
        return tlsSummary(info);
    case State:
    case KeepAlive:
    case Age:
    case Idle:
    case Reuses:
        return sortKey(row, column);
    case LastError:
        return row.gone() && !row.departure.isEmpty() ? row.departure : qs(info.lastError.message);
    default:
        return {};
    }
}

qint64 ConnectionsModel::sortKey(const ConnectionRow& row, int column) const
{
    // SortRole of the numeric columns (sortData) and the keys the proxy compares (sortKeys).
    const ConnectionInfo& info = row.info;
    switch (column) {
    case Id:
        return static_cast<qint64>(info.id);
    case State:
        return row.gone() ? 100 : static_cast<int>(info.state);
    case KeepAlive:
        return isIdle(row) ? msBetween(m_now, info.keepAliveDeadline) : qint64(-1);
    case Age:
        return msBetween(info.created, m_now);
    case Idle:
        return isIdle(row) ? msBetween(info.lastUsed, m_now) : qint64(-1);
    case Reuses:
        return info.reuseCount;
    default:
        return 0;
    }
}

const qint64* ConnectionsModel::fillSortKeys(int column) const
{
    switch (column) {
    case Id:
    case State:
    case KeepAlive:
    case Age:
    case Idle:
    case Reuses:
        break;
    default:
        return nullptr;
    }
    m_sortKeys.resize(m_rows.size());
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        m_sortKeys[i] = sortKey(*m_rows[i], column);
    m_sortKeysColumn = column;
    return m_sortKeys.data();
}

QVariant ConnectionsModel::toolTipData(const ConnectionRow& row, int column) const
{
    const ConnectionInfo& info = row.info;
    switch (column) {
    case Endpoint:
        return info.label.empty() ? qs(info.key) : tr("%1\nheld by: %2").arg(qs(info.key), qs(info.label));
    case Address:
        return info.localPort ? tr("%1 from local port %2").arg(qs(info.remoteAddress)).arg(info.localPort)
                              : QVariant();
    case Tls:
        if (!info.tls || info.tlsDetails.version.empty())
            return {};
        return tr("%1\nverify: %2\nsubject: %3")
            .arg(tlsSummary(info), qs(info.tlsDetails.verifyResult), qs(info.tlsDetails.peerSubject));
    case State:
        if (!row.gone())
            return stateExplanation(info.state);
        if (row.departure.isEmpty())
            return tr("This connection has left the pool.");
        return row.failed ? tr("This dial failed: %1").arg(row.departure)
                          : tr("This connection has left the pool: %1").arg(row.departure);
    case KeepAlive:
        if (!isIdle(row))
            return {};
        return tr("Closed in %1 unless reused: %2")
            .arg(formatDuration(milliseconds(std::max<qint64>(0, msBetween(m_now, info.keepAliveDeadline)))),
                 keepAliveLimitText(info.keepAliveLimit));
    case LastError:
        if (row.gone() && !row.departure.isEmpty() && info.lastError.ok())
            return row.departure;
        if (info.lastError.ok())
            return {};
        return tr("%1 (%2)").arg(qs(info.lastError.message), errorCodeText(info.lastError.code));
    default:
        return {};
    }
}

double ConnectionsModel::flashOf(const ConnectionRow& row) const
{
    // Red while closing and for the flash time after it left; greyed text alone after that, so a
    // long linger reads as history rather than as an alarm.
    if (row.gone())
        return msBetween(row.goneSince, m_now) < m_flash.count() ? -1.0 : 0.0;
    if (row.info.state == ConnectionState::Closing)
        return -1.0;
    if (row.firstSeen == Clock::time_point{} || m_flash.count() <= 0)
        return 0.0;
    const qint64 age = msBetween(row.firstSeen, m_now);
    if (age < 0 || age >= m_flash.count())
        return 0.0;
    return 1.0 - static_cast<double>(age) / static_cast<double>(m_flash.count());
}

QVariant ConnectionsModel::backgroundData(const ConnectionRow& row) const
{
    // Green fading as it arrives, red while it leaves; opaque, from the palette in use now.
    const QColor fill = flashFill(flashOf(row), QGuiApplication::palette());
    return fill.isValid() ? QVariant(fill) : QVariant();
}

QVariant ConnectionsModel::foregroundData(const ConnectionRow& row, int column) const
{
    QColor hue;
    if (column == State)
        hue = row.gone() ? closedColor() : stateColor(row.info.state);
    else if (row.gone())
        hue = toneHue(Tone::Muted);
    else if (column == LastError)
        hue = toneHue(Tone::Bad);
    else
        return {};
    // Readable on what the row is drawn on: its flash, or the table's base colours.
    const QPalette palette = QGuiApplication::palette();
    const QColor fill = flashFill(flashOf(row), palette);
    if (fill.isValid())
        return withContrast(hue, {fill}, kTextContrast);
    return readableText(hue, palette);
}

QString ConnectionsModel::searchText(const ConnectionRow& row) const
{
    const ConnectionInfo& info = row.info;
    QString text = QString::number(info.id) + QLatin1Char(' ') + endpointText(info.host, info.port) +
                   QLatin1Char(' ') + qs(info.key) + QLatin1Char(' ') + qs(info.remoteAddress) +
                   QLatin1Char(' ') + qs(info.label) + QLatin1Char(' ') + qs(info.lastError.message) +
                   QLatin1Char(' ') + (row.gone() ? departedText(row.failed) : stateText(info.state)) +
                   QLatin1Char(' ') + row.departure + QLatin1Char(' ') + tlsSummary(info);
    return text.toLower();
}

} // namespace poolscope::ui
