#include "tsan_report.h"

#include <QRegularExpression>

namespace poolscope::test::tsan {

const QStringList kQtHandoffHeaders = {
    QStringLiteral("qfutureinterface.h"),
    QStringLiteral("qresultstore.h"),
    QStringLiteral("qpromise.h"),
    QStringLiteral("qfuture.h"),
    QStringLiteral("qfuture_impl.h"),
    QStringLiteral("qtconcurrentrunbase.h"),
    QStringLiteral("qtconcurrentstoredfunctioncall.h"),
    QStringLiteral("qrunnable.h"),
    QStringLiteral("qobjectdefs_impl.h"),
};

namespace {

bool isRuntime(const Frame& f)
{
    return f.module.startsWith(QLatin1String("libtsan")) ||
           f.module.startsWith(QLatin1String("libclang_rt.tsan")) ||
           f.file.contains(QLatin1String("/libsanitizer/")) ||
           f.file.contains(QLatin1String("compiler-rt/lib/"));
}

bool isSharedLibrary(const QString& module)
{
    static const QRegularExpression so(QStringLiteral(R"(\.so(\.\d+)*$|\.dylib$|\.dll$)"),
                                       QRegularExpression::CaseInsensitiveOption);
    return so.match(module).hasMatch();
}

QString baseName(const QString& path)
{
    const auto slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? path : path.mid(slash + 1);
}

/// Where a first frame lies, or an empty string if it is ours.
QString foreignPlace(const Frame& f, const QStringList& projectDirs)
{
    for (const QString& dir : projectDirs) {
        if (!dir.isEmpty() && f.file.startsWith(dir))
            return {};
    }
    if (f.module.startsWith(QLatin1String("libpoolscope")))
        return {};
    if (isSharedLibrary(f.module))
        return f.module;
    const bool qtHeader = f.file.contains(QLatin1String("/qt6/")) || f.file.contains(QLatin1String("/Qt"));
    if (qtHeader && kQtHandoffHeaders.contains(baseName(f.file)))
        return baseName(f.file);
    return {};
}

bool isStackHeading(const QString& line)
{
    // Two spaces, then a heading of a section that holds a stack. Sections that only say where a
    // thing was created (the memory, a mutex, a thread) are context, not accesses.
    if (!line.startsWith(QLatin1String("  ")) || line.startsWith(QLatin1String("   ")))
        return false;
    const QString head = line.trimmed();
    static const QRegularExpression context(QStringLiteral(
        R"(^(Location is|Mutex M\d+|Thread T\d+|Thread \S+ created|As if synchronized|SUMMARY:|And \d+ more))"));
    return head.endsWith(QLatin1Char(':')) && !context.match(head).hasMatch();
}

Report classifyOne(const QString& text, const QStringList& projectDirs)
{
    Report r;
    r.text = text;
    static const QRegularExpression kind(
        QStringLiteral(R"(WARNING: ThreadSanitizer: ([^(\n]+?)\s*(\(pid=|\n|$))"));
    if (const auto m = kind.match(text); m.hasMatch())
        r.kind = m.captured(1);

    const QStringList lines = text.split(QLatin1Char('\n'));
    bool inAccess = false;
    bool haveFirst = false;
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1String("  ")) && !line.startsWith(QLatin1String("   "))) {
            inAccess = isStackHeading(line);
            if (inAccess) {
                r.accessHeads << line.trimmed();
                r.firstFrames << Frame{};
                haveFirst = false;
            }
            continue;
        }
        if (!inAccess || haveFirst)
            continue;
        Frame f;
        if (parseFrame(line, &f)) {
            if (isRuntime(f))
                continue;
            r.firstFrames.last() = f;
            haveFirst = true;
        }
    }

    if (r.accessHeads.isEmpty()) {
        r.why = QStringLiteral("no access stack to attribute (%1)").arg(r.kind);
        return r;
    }
    QStringList places;
    for (qsizetype i = 0; i < r.firstFrames.size(); ++i) {
        const Frame& f = r.firstFrames.at(i);
        if (f.function.isEmpty() && f.module.isEmpty()) {
            r.why = QStringLiteral("TSan could not restore the stack of \"%1\"").arg(r.accessHeads.at(i));
            return r;
        }
        const QString place = foreignPlace(f, projectDirs);
        if (place.isEmpty()) {
            r.why = QStringLiteral("\"%1\" is in our code: %2 %3")
                        .arg(r.accessHeads.at(i), f.function, f.file.isEmpty() ? f.module : f.file);
            return r;
        }
        places << place;
    }
    r.ours = false;
    r.why = QStringLiteral("every access is inside %1").arg(places.join(QLatin1String(", ")));
    return r;
}

} // namespace

bool parseFrame(const QString& line, Frame* frame)
{
    // "    #12 func(args) /path/file.h:83:5 (module+0x1f2e)", where func may hold spaces and
    // the location is "<null>" for code without debug information.
    static const QRegularExpression re(
        QStringLiteral(R"(^\s+#\d+\s+(.*?)\s+(\S+)\s+\(([^()+]+)\+0x[0-9a-fA-F]+\)\s*$)"));
    const auto m = re.match(line);
    if (!m.hasMatch())
        return false;
    frame->function = m.captured(1);
    QString file = m.captured(2);
    if (file == QLatin1String("<null>")) {
        file.clear();
    } else {
        static const QRegularExpression lineSuffix(QStringLiteral(R"((:\d+)+$)"));
        file.remove(lineSuffix);
    }
    frame->file = file;
    frame->module = m.captured(3);
    return true;
}

QList<Report> classify(const QString& log, const QStringList& projectDirs)
{
    QList<Report> reports;
    static const QRegularExpression start(QStringLiteral(R"(^WARNING: ThreadSanitizer: )"),
                                          QRegularExpression::MultilineOption);
    qsizetype pos = log.indexOf(start);
    while (pos >= 0) {
        const qsizetype next = log.indexOf(start, pos + 1);
        QString text = log.mid(pos, next < 0 ? -1 : next - pos);
        // A report ends at its closing line of '='; what follows is the test's own output.
        static const QRegularExpression close(QStringLiteral(R"(^={10,}$)"),
                                              QRegularExpression::MultilineOption);
        if (const auto m = close.match(text); m.hasMatch())
            text.truncate(m.capturedStart());
        reports << classifyOne(text, projectDirs);
        pos = next;
    }
    return reports;
}

} // namespace poolscope::test::tsan
