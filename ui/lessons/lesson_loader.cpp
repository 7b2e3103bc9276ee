// Reads a lesson file (docs/LESSONS.md): JSON syntax errors name the line and column, schema
// errors the JSON path ("steps[2].check.kind"). Strict: unknown fields are errors (a typo would
// otherwise silently change a lesson), numbers have ranges, leases must be dialled before use.

#include "lessons/lesson.h"
#include "lessons/lesson_reader.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace poolscope::ui::lessons {

namespace {

using detail::kMaxHourMs;
using detail::kMaxTimeoutMs;
using detail::Reader;
using detail::Text;

LessonSettings readSettings(Reader& r, const QJsonObject& o, const QString& path)
{
    r.onlyKnown(o, path,
                {QStringLiteral("maxConnections"), QStringLiteral("maxPerHost"),
                 QStringLiteral("keepAliveMs"), QStringLiteral("leakThresholdMs"),
                 QStringLiteral("labIdleCloseMs"), QStringLiteral("checkOnReturn"),
                 QStringLiteral("connectTimeoutMs"), QStringLiteral("handshakeTimeoutMs"),
                 QStringLiteral("dnsServer")});
    LessonSettings s;
    if (const auto v = r.number(o, path, QStringLiteral("maxConnections"), 1, 65535))
        s.maxConnections = int(*v);
    if (const auto v = r.number(o, path, QStringLiteral("maxPerHost"), 0, 65535))
        s.maxPerHost = int(*v);
    s.keepAliveMs = r.number(o, path, QStringLiteral("keepAliveMs"), 0, kMaxHourMs);
    s.leakThresholdMs = r.number(o, path, QStringLiteral("leakThresholdMs"), 0, kMaxHourMs);
    s.labIdleCloseMs = r.number(o, path, QStringLiteral("labIdleCloseMs"), 10, kMaxTimeoutMs);
    s.checkOnReturn = r.boolean(o, path, QStringLiteral("checkOnReturn"));
    s.connectTimeoutMs = r.number(o, path, QStringLiteral("connectTimeoutMs"), 0, kMaxTimeoutMs);
    s.handshakeTimeoutMs = r.number(o, path, QStringLiteral("handshakeTimeoutMs"), 0, kMaxTimeoutMs);
    if (o.contains(QStringLiteral("dnsServer")))
        s.dnsServer = r.oneOf(o, path, QStringLiteral("dnsServer"), dnsServerNames(), true);
    return s;
}

LessonAction readAction(Reader& r, const QJsonObject& o, const QString& path, QSet<QString>& leases)
{
    LessonAction a;
    const QString kind = r.oneOf(o, path, QStringLiteral("kind"), actionNames(), true);
    if (r.failed())
        return a;
    a.kind = static_cast<ActionKind>(actionNames().indexOf(kind));
    const QString kindKey = QStringLiteral("kind");
    switch (a.kind) {
    case ActionKind::Dial: {
        r.onlyKnown(o, path,
                    {kindKey, QStringLiteral("server"), QStringLiteral("lease"), QStringLiteral("label"),
                     QStringLiteral("timeoutMs"), QStringLiteral("allowReuse"), QStringLiteral("leakCheck"),
                     QStringLiteral("minTls"), QStringLiteral("host"), QStringLiteral("tls"),
                     QStringLiteral("sessionResumption")});
        a.server = r.oneOf(o, path, QStringLiteral("server"), labServerNames(), true);
        a.lease = r.string(o, path, QStringLiteral("lease"), true);
        a.label = r.string(o, path, QStringLiteral("label"), false, QStringLiteral("lesson"));
        a.timeoutMs = r.number(o, path, QStringLiteral("timeoutMs"), 1, kMaxTimeoutMs).value_or(5000);
        a.allowReuse = r.boolean(o, path, QStringLiteral("allowReuse")).value_or(true);
        a.leakCheck = r.boolean(o, path, QStringLiteral("leakCheck")).value_or(true);
        a.minTls = r.oneOf(o, path, QStringLiteral("minTls"), {QStringLiteral("1.2"), QStringLiteral("1.3")},
                           false, QStringLiteral("1.2"));
        a.host = r.string(o, path, QStringLiteral("host"), false);
        static const QRegularExpression hostSyntax(QStringLiteral("^[A-Za-z0-9:][A-Za-z0-9.:-]{0,252}$"));
        if (!r.failed() && o.contains(QStringLiteral("host")) && !hostSyntax.match(a.host).hasMatch())
            r.fail(Reader::join(path, QStringLiteral("host")),
                   Text::tr("expected a host name or an IP address (letters, digits, '.', '-', ':'; "
                            "at most 253)"));
        a.tls = r.boolean(o, path, QStringLiteral("tls"));
        a.sessionResumption = r.boolean(o, path, QStringLiteral("sessionResumption")).value_or(true);
        if (!r.failed() && leases.contains(a.lease))
            r.fail(Reader::join(path, QStringLiteral("lease")),
                   Text::tr("lease \"%1\" is already dialled by an earlier step").arg(a.lease));
        leases.insert(a.lease);
        break;
    }
    case ActionKind::Return:
    case ActionKind::Close:
    case ActionKind::Cancel:
        r.onlyKnown(o, path, {kindKey, QStringLiteral("lease")});
        a.lease = r.string(o, path, QStringLiteral("lease"), true);
        if (!r.failed() && !leases.contains(a.lease))
            r.fail(Reader::join(path, QStringLiteral("lease")),
                   Text::tr("lease \"%1\" is not dialled by an earlier step").arg(a.lease));
        break;
    case ActionKind::Hold:
        r.onlyKnown(o, path, {kindKey, QStringLiteral("ms")});
        if (!o.contains(QStringLiteral("ms")))
            r.fail(Reader::join(path, QStringLiteral("ms")), Text::tr("required field is missing"));
        a.ms = r.number(o, path, QStringLiteral("ms"), 0, kMaxTimeoutMs).value_or(0);
        break;
    case ActionKind::Shutdown:
        r.onlyKnown(o, path, {kindKey, QStringLiteral("mode")});
        a.mode = r.oneOf(o, path, QStringLiteral("mode"),
                         {QStringLiteral("graceful"), QStringLiteral("forced")}, true);
        break;
    case ActionKind::Set:
        r.onlyKnown(o, path, {kindKey, QStringLiteral("settings")});
        a.settings = readSettings(r, r.object(o, path, QStringLiteral("settings"), true),
                                  Reader::join(path, QStringLiteral("settings")));
        if (!r.failed() && a.settings.isEmpty())
            r.fail(Reader::join(path, QStringLiteral("settings")), Text::tr("must not be empty"));
        break;
    case ActionKind::None:
    case ActionKind::CloseIdle:
    case ActionKind::Reopen:
        r.onlyKnown(o, path, {kindKey});
        break;
    }
    return a;
}

LessonCheck readCheck(Reader& r, const QJsonObject& o, const QString& path, const QSet<QString>& leases)
{
    LessonCheck c;
    const QString kind = r.oneOf(o, path, QStringLiteral("kind"), checkNames(), true);
    if (r.failed())
        return c;
    c.kind = static_cast<CheckKind>(checkNames().indexOf(kind));
    QStringList known{QStringLiteral("kind"), QStringLiteral("timeoutMs")};
    const bool poolWide = c.kind == CheckKind::ShutdownStarted || c.kind == CheckKind::Drained ||
                          c.kind == CheckKind::Reopened || c.kind == CheckKind::SettingsApplied;
    const QString resumedKey = QStringLiteral("resumed");
    if (!poolWide)
        known << QStringLiteral("lease");
    if (c.kind == CheckKind::Reused)
        known << QStringLiteral("sameAs");
    if (c.kind == CheckKind::Closed)
        known << QStringLiteral("reason");
    if (c.kind == CheckKind::DialFailed)
        known << QStringLiteral("error") << QStringLiteral("contains");
    if (c.kind == CheckKind::Connected)
        known << QStringLiteral("family");
    if (c.kind == CheckKind::Handshake)
        known << resumedKey << QStringLiteral("compareWith");
    if (c.kind == CheckKind::Dialing)
        known << QStringLiteral("state");
    r.onlyKnown(o, path, known);
    c.timeoutMs = r.number(o, path, QStringLiteral("timeoutMs"), 1, kMaxTimeoutMs).value_or(5000);
    auto leaseRef = [&](const QString& key, bool required) {
        const QString name = r.string(o, path, key, required);
        if (!r.failed() && !name.isEmpty() && !leases.contains(name))
            r.fail(Reader::join(path, key),
                   Text::tr("lease \"%1\" is not dialled by an earlier step").arg(name));
        return name;
    };
    if (!poolWide)
        c.lease = leaseRef(QStringLiteral("lease"), true);
    if (c.kind == CheckKind::Reused)
        c.sameAs = leaseRef(QStringLiteral("sameAs"), false);
    if (c.kind == CheckKind::Closed)
        c.reason = r.oneOf(o, path, QStringLiteral("reason"), closeReasonNames(), false);
    if (c.kind == CheckKind::DialFailed) {
        c.error = r.oneOf(o, path, QStringLiteral("error"), errorCodeNames(), false);
        c.contains = r.string(o, path, QStringLiteral("contains"), false);
    }
    if (c.kind == CheckKind::Connected)
        c.family = r.oneOf(o, path, QStringLiteral("family"),
                           {QStringLiteral("ipv4"), QStringLiteral("ipv6")}, false);
    if (c.kind == CheckKind::Dialing)
        c.state = r.oneOf(
            o, path, QStringLiteral("state"),
            {QStringLiteral("resolving"), QStringLiteral("connecting"), QStringLiteral("handshaking")},
            false);
    if (c.kind == CheckKind::Handshake) {
        if (!r.failed() && !o.contains(resumedKey))
            r.fail(Reader::join(path, resumedKey), Text::tr("required field is missing"));
        c.resumed = r.boolean(o, path, resumedKey).value_or(false);
        c.compareWith = leaseRef(QStringLiteral("compareWith"), false);
    }
    return c;
}

/// Reads "highlight" (after the step's action: a row may name the lease it dials).
QStringList readHighlights(Reader& r, const QJsonObject& o, const QString& path, const QSet<QString>& leases)
{
    QStringList out;
    const QJsonValue v = o.value(QStringLiteral("highlight"));
    if (v.isUndefined())
        return out;
    const QString here = Reader::join(path, QStringLiteral("highlight"));
    if (!v.isArray()) {
        r.fail(here, Text::tr("expected an array"));
        return out;
    }
    const QJsonArray a = v.toArray();
    for (qsizetype i = 0; i < a.size() && !r.failed(); ++i) {
        const QString item = QStringLiteral("%1[%2]").arg(here).arg(i);
        const QString s = a.at(i).toString();
        const qsizetype colon = s.indexOf(QLatin1Char(':'));
        if (!a.at(i).isString() || colon <= 0 || colon == s.size() - 1 ||
            !highlightTypes().contains(s.left(colon)) || s.size() > 200) {
            r.fail(item, Text::tr("expected \"TYPE:NAME\" with TYPE one of: %1")
                             .arg(highlightTypes().join(QStringLiteral(", "))));
            break;
        }
        const QString type = s.left(colon);
        const QString name = s.mid(colon + 1);
        if (type == QLatin1String("row") && !leases.contains(name)) {
            r.fail(item, Text::tr("\"%1\" names no lease dialled by this or an earlier step").arg(s));
            break;
        }
        const QStringList names = highlightNames(type);
        if (type != QLatin1String("row") && !names.contains(name)) {
            r.fail(item, Text::tr("\"%1\": unknown %2 (expected one of: %3)")
                             .arg(s, type, names.join(QStringLiteral(", "))));
            break;
        }
        out.append(s);
    }
    return out;
}

} // namespace

QString lineColumn(const QByteArray& text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    qsizetype line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (text.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return QStringLiteral("%1:%2").arg(line).arg(offset - lineStart + 1);
}

LessonLoad parseLesson(const QByteArray& json, const QString& source)
{
    LessonLoad out;
    if (json.size() > kMaxLessonBytes) {
        out.error = Text::tr("%1: the file is larger than %2 bytes").arg(source).arg(kMaxLessonBytes);
        return out;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        out.error = Text::tr("%1:%2: not valid JSON: %3")
                        .arg(source, lineColumn(json, parseError.offset), parseError.errorString());
        return out;
    }
    if (!doc.isObject()) {
        out.error = Text::tr("%1: the top level must be a JSON object").arg(source);
        return out;
    }
    const QJsonObject root = doc.object();
    Reader r(source);
    r.onlyKnown(root, {},
                {QStringLiteral("format"), QStringLiteral("name"), QStringLiteral("title"),
                 QStringLiteral("summary"), QStringLiteral("settings"), QStringLiteral("steps")});
    Lesson lesson;
    lesson.source = source;
    const auto format = r.number(root, {}, QStringLiteral("format"), 1, 1'000'000);
    if (!r.failed() && !format)
        r.fail(QStringLiteral("format"), Text::tr("required field is missing"));
    if (!r.failed() && *format != kLessonFormat)
        r.fail(QStringLiteral("format"), Text::tr("unsupported format %1 (this PoolScope reads format %2)")
                                             .arg(*format)
                                             .arg(kLessonFormat));
    lesson.name = r.string(root, {}, QStringLiteral("name"), true);
    static const QRegularExpression nameSyntax(QStringLiteral("^[a-z0-9][a-z0-9-]{0,63}$"));
    if (!r.failed() && !nameSyntax.match(lesson.name).hasMatch())
        r.fail(QStringLiteral("name"), Text::tr("use 1-64 lower-case letters, digits and dashes"));
    lesson.title = r.string(root, {}, QStringLiteral("title"), true);
    lesson.summary = r.string(root, {}, QStringLiteral("summary"), false);
    lesson.settings =
        readSettings(r, r.object(root, {}, QStringLiteral("settings"), false), QStringLiteral("settings"));

    const QJsonValue steps = root.value(QStringLiteral("steps"));
    if (!r.failed()) {
        if (steps.isUndefined())
            r.fail(QStringLiteral("steps"), Text::tr("required field is missing"));
        else if (!steps.isArray())
            r.fail(QStringLiteral("steps"), Text::tr("expected an array"));
        else if (steps.toArray().isEmpty())
            r.fail(QStringLiteral("steps"), Text::tr("must not be empty"));
        else if (steps.toArray().size() > kMaxLessonSteps)
            r.fail(QStringLiteral("steps"), Text::tr("at most %1 steps").arg(kMaxLessonSteps));
    }
    QSet<QString> leases;
    const QJsonArray stepArray = steps.toArray();
    for (qsizetype i = 0; i < stepArray.size() && !r.failed(); ++i) {
        const QString path = QStringLiteral("steps[%1]").arg(i);
        if (!stepArray.at(i).isObject()) {
            r.fail(path, Text::tr("expected an object"));
            break;
        }
        const QJsonObject o = stepArray.at(i).toObject();
        r.onlyKnown(o, path,
                    {QStringLiteral("title"), QStringLiteral("text"), QStringLiteral("watch"),
                     QStringLiteral("highlight"), QStringLiteral("action"), QStringLiteral("check")});
        LessonStep step;
        step.title = r.string(o, path, QStringLiteral("title"), true);
        step.text = r.string(o, path, QStringLiteral("text"), true);
        step.watch = r.string(o, path, QStringLiteral("watch"), false);
        if (!r.failed() && o.contains(QStringLiteral("action")))
            step.action = readAction(r, r.object(o, path, QStringLiteral("action"), true),
                                     Reader::join(path, QStringLiteral("action")), leases);
        if (!r.failed())
            step.highlights = readHighlights(r, o, path, leases);
        if (!r.failed())
            step.check = readCheck(r, r.object(o, path, QStringLiteral("check"), true),
                                   Reader::join(path, QStringLiteral("check")), leases);
        if (!r.failed() && step.check.kind == CheckKind::SettingsApplied &&
            step.action.kind != ActionKind::Set)
            r.fail(Reader::join(path, QStringLiteral("check.kind")),
                   Text::tr("\"settingsApplied\" needs a \"set\" action in the same step"));
        lesson.steps.append(step);
    }
    if (r.failed()) {
        out.error = r.error();
        return out;
    }
    out.lesson = std::move(lesson);
    return out;
}

LessonLoad loadLessonFile(const QString& path)
{
    QFile file(path);
    LessonLoad out;
    if (!file.open(QIODevice::ReadOnly)) {
        out.error = Text::tr("%1: cannot read: %2").arg(path, file.errorString());
        return out;
    }
    const QByteArray data = file.read(kMaxLessonBytes + 1);
    return parseLesson(data, path);
}

} // namespace poolscope::ui::lessons
