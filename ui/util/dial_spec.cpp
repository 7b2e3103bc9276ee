#include "util/dial_spec.h"

#include <QCoreApplication>
#include <algorithm>

namespace poolscope::ui {

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(poolscope::ui::DialSpec)
};

DialTargetParse fail(const QString& message)
{
    return {std::nullopt, message};
}

} // namespace

QString DialSpec::toText() const
{
    const QString h = host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]").arg(host) : host;
    // One multi-argument arg(): chained .arg() calls would substitute a "%1" inside the host itself.
    return QStringLiteral("%1:%2%3").arg(h, QString::number(port), tls ? QStringLiteral(":tls") : QString());
}

DialTargetParse parseDialTarget(QStringView text)
{
    const QString input = text.trimmed().toString();
    if (input.isEmpty())
        return fail(Text::tr("empty target: expected host:port[:tls]"));

    for (QChar c : input) {
        if (c.isSpace() || c == QLatin1Char('/') || c == QLatin1Char('\\') || c == QLatin1Char('@'))
            return fail(Text::tr("\"%1\" is not a host name and port (no URLs, paths or spaces)").arg(input));
    }

    QString host;
    QString rest; // ":port[:suffix]"
    if (input.startsWith(QLatin1Char('['))) {
        const qsizetype close = input.indexOf(QLatin1Char(']'));
        if (close < 0)
            return fail(Text::tr("\"%1\": missing \"]\" after the IPv6 address").arg(input));
        host = input.mid(1, close - 1);
        rest = input.mid(close + 1);
        if (!rest.startsWith(QLatin1Char(':')))
            return fail(Text::tr("\"%1\": expected \":port\" after \"]\"").arg(input));
    } else {
        const qsizetype colon = input.indexOf(QLatin1Char(':'));
        if (colon < 0)
            return fail(Text::tr("\"%1\": missing port, expected host:port[:tls]").arg(input));
        host = input.left(colon);
        rest = input.mid(colon);
    }
    const QStringList parts = rest.mid(1).split(QLatin1Char(':'));
    if (parts.size() > 2) {
        return fail(input.startsWith(QLatin1Char('['))
                        ? Text::tr("\"%1\": too many \":\" fields, expected host:port[:tls]").arg(input)
                        : Text::tr("\"%1\": too many \":\" fields; write IPv6 addresses in brackets, "
                                   "e.g. [::1]:443")
                              .arg(input));
    }
    if (host.isEmpty())
        return fail(Text::tr("\"%1\": empty host").arg(input));
    if (input.startsWith(QLatin1Char('['))) {
        // Brackets hold an IPv6 address (optionally with a %zone), nothing else.
        const qsizetype zone = host.indexOf(QLatin1Char('%'));
        const QStringView address = QStringView(host).left(zone < 0 ? host.size() : zone);
        const bool hexAndColons = std::all_of(address.begin(), address.end(), [](QChar c) {
            return c.isDigit() || (c.toLower() >= QLatin1Char('a') && c.toLower() <= QLatin1Char('f')) ||
                   c == QLatin1Char(':') || c == QLatin1Char('.');
        });
        if (!address.contains(QLatin1Char(':')) || !hexAndColons || zone == host.size() - 1)
            return fail(Text::tr("\"%1\": only an IPv6 address goes in brackets").arg(input));
    } else if (host.contains(QLatin1Char('[')) || host.contains(QLatin1Char(']')) ||
               host.contains(QLatin1Char('%'))) {
        return fail(Text::tr("\"%1\": a host name cannot contain \"[\", \"]\" or \"%\"").arg(input));
    }
    if (host.toUtf8().size() > 253)
        return fail(Text::tr("host name longer than 253 bytes"));

    bool ok = false;
    const uint port = parts.at(0).toUInt(&ok);
    if (parts.at(0).isEmpty())
        return fail(Text::tr("\"%1\": missing port").arg(input));
    if (!ok)
        return fail(Text::tr("\"%1\": port \"%2\" is not a number").arg(input, parts.at(0)));
    if (port == 0 || port > 65535)
        return fail(Text::tr("\"%1\": port %2 is out of range (1-65535)").arg(input, parts.at(0)));

    DialSpec spec;
    spec.host = host;
    spec.port = static_cast<quint16>(port);
    if (parts.size() == 2) {
        const QString suffix = parts.at(1).toLower();
        if (suffix == QLatin1String("tls"))
            spec.tls = true;
        else if (suffix != QLatin1String("tcp"))
            return fail(
                Text::tr("\"%1\": unknown suffix \"%2\" (use \"tls\" or nothing)").arg(input, parts.at(1)));
    }
    return {spec, {}};
}

} // namespace poolscope::ui
