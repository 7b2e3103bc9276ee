// The ThreadSanitizer verdict rule (tsan_report.h) on reports shaped as TSan prints them: reports
// inside system libraries are ignored, anything that touches our code counts.
#include "tsan_report.h"

#include <QTest>

using namespace poolscope::test::tsan;

namespace {

const QString kProject = QStringLiteral("/src/poolscope/");

QString frame(int n, const char* function, const char* location, const char* module)
{
    return QStringLiteral("    #%1 %2 %3 (%4+0x1a2b)\n")
        .arg(n)
        .arg(QLatin1String(function), QLatin1String(location), QLatin1String(module));
}

const QString kFree =
    frame(0, "free", "../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:706", "libtsan.so.2");
const QString kCondDestroy =
    frame(0, "pthread_cond_destroy", "../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1283",
          "libtsan.so.2");
const QString kQtLib = frame(1, "QWaitCondition::~QWaitCondition()", "<null>", "libQt6Core.so.6");
const QString kGlib = frame(1, "<null>", "<null>", "libglib-2.0.so.0");
const QString kOurs =
    frame(0, "poolscope::Thing::touch()", "/src/poolscope/core/thing.cpp:42", "service_pool");
const QString kOursMoc = frame(0, "Test::qt_static_metacall()",
                               "/src/poolscope/build/tsan/tests/x_autogen/moc.cpp:9", "service_pool");
const QString kQString = frame(0, "QString::size() const",
                               "/usr/include/x86_64-linux-gnu/qt6/QtCore/qstring.h:212", "service_pool");
const QString kRunBase =
    frame(0, "QtConcurrent::RunFunctionTaskBase<void>::run()",
          "/usr/include/x86_64-linux-gnu/qt6/QtConcurrent/qtconcurrentrunbase.h:83", "service_pool");
const QString kStdAlloc = frame(1, "std::__new_allocator<char>::deallocate()",
                                "/usr/include/c++/12/bits/new_allocator.h:158", "service_pool");
const QString kOurLib = frame(1, "poolscope::detail::x()", "<null>", "libpoolscope-core.so.0");

QString report(const QString& body, const char* kind = "data race")
{
    return QStringLiteral(
               "==================\nWARNING: ThreadSanitizer: %1 (pid=4242)\n%2"
               "  Location is heap block of size 96 at 0x7b18 allocated by main thread:\n%3\n"
               "  Thread T6 'poolscope-pool' (tid=10203, finished) created by main thread at:\n%3\n"
               "SUMMARY: ThreadSanitizer: %1 somewhere\n==================\n")
        .arg(QLatin1String(kind), body, kOurs);
}

QString access(const char* head, const QString& frames)
{
    return QStringLiteral("  %1\n%2\n").arg(QLatin1String(head), frames);
}

} // namespace

class TestTsanReport : public QObject
{
    Q_OBJECT

private slots:
    void parsesFrames_data()
    {
        QTest::addColumn<QString>("line");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("module");
        QTest::newRow("source") << kOurs.chopped(1) << true << QStringLiteral("poolscope::Thing::touch()")
                                << QStringLiteral("/src/poolscope/core/thing.cpp")
                                << QStringLiteral("service_pool");
        QTest::newRow("no debug info")
            << kQtLib.chopped(1) << true << QStringLiteral("QWaitCondition::~QWaitCondition()") << QString()
            << QStringLiteral("libQt6Core.so.6");
        QTest::newRow("function with spaces")
            << QStringLiteral("    #0 operator delete(void*, unsigned long) ../x/tsan_new_delete.cpp:150:3 "
                              "(libtsan.so.2+0x86c3d)")
            << true << QStringLiteral("operator delete(void*, unsigned long)")
            << QStringLiteral("../x/tsan_new_delete.cpp") << QStringLiteral("libtsan.so.2");
        QTest::newRow("heading") << QStringLiteral("  Previous write of size 8 at 0x7b04 by thread T4:")
                                 << false << QString() << QString() << QString();
        QTest::newRow("unrestorable") << QStringLiteral("    [failed to restore the stack]") << false
                                      << QString() << QString() << QString();
    }
    void parsesFrames()
    {
        QFETCH(QString, line);
        QFETCH(bool, ok);
        Frame f;
        QCOMPARE(parseFrame(line, &f), ok);
        if (!ok)
            return;
        QFETCH(QString, function);
        QFETCH(QString, file);
        QFETCH(QString, module);
        QCOMPARE(f.function, function);
        QCOMPARE(f.file, file);
        QCOMPARE(f.module, module);
    }

    void classifies_data()
    {
        QTest::addColumn<QString>("log");
        QTest::addColumn<bool>("ours");
        QTest::addColumn<QString>("why");

        QTest::newRow("both sides in Qt's library")
            << report(access("Write of size 8 at 0x7b18 by main thread:", kCondDestroy + kQtLib) +
                      access("Previous read of size 8 at 0x7b18 by thread T6 (mutexes: write M752):",
                             kCondDestroy + kQtLib))
            << false << QStringLiteral("every access is inside libQt6Core.so.6, libQt6Core.so.6");
        QTest::newRow("a sleep in our code is context, not an access")
            << report(access("Write of size 8 at 0x7b18 by main thread:", kCondDestroy + kQtLib) +
                      access("Previous read of size 8 at 0x7b18 by thread T6:", kCondDestroy + kQtLib) +
                      access("As if synchronized via sleep:", kOurs))
            << false << QStringLiteral("every access is inside libQt6Core.so.6, libQt6Core.so.6");
        QTest::newRow("glib's eventfd")
            << report(
                   access("Read of size 8 at 0x7ba0 by main thread (mutexes: write M597):", kFree + kGlib) +
                   access("Previous write of size 8 at 0x7ba0 by thread T4:", kFree + kGlib))
            << false << QStringLiteral("every access is inside libglib-2.0.so.0, libglib-2.0.so.0");
        QTest::newRow("Qt's thread-pool hand-off header")
            << report(access("Read of size 8 by thread T12:", kRunBase) +
                      access("Previous write of size 8 by thread T11 (mutexes: write M700):", kRunBase))
            << false << QStringLiteral("every access is inside qtconcurrentrunbase.h, qtconcurrentrunbase.h");
        QTest::newRow("one side ours")
            << report(access("Write of size 8 by main thread:", kOurs) +
                      access("Previous read of size 8 by thread T6:", kCondDestroy + kQtLib))
            << true << QStringLiteral("\"Write of size 8 by main thread:\" is in our code");
        QTest::newRow("the other side ours")
            << report(access("Write of size 8 by main thread:", kCondDestroy + kQtLib) +
                      access("Previous read of size 8 by thread T6:", kOurs))
            << true << QStringLiteral("\"Previous read of size 8 by thread T6:\" is in our code");
        QTest::newRow("generated code is ours") << report(access("Write of size 8 by main thread:", kQtLib) +
                                                          access("Previous read by thread T6:", kOursMoc))
                                                << true << QStringLiteral("is in our code");
        QTest::newRow("a Qt container inlined into our code")
            << report(access("Write of size 8 by main thread:", kQString) +
                      access("Previous read of size 8 by thread T6:", kQString))
            << true << QStringLiteral("is in our code: QString::size() const");
        QTest::newRow("a free from a standard-library header")
            << report(access("Write of size 8 by main thread:", kFree + kStdAlloc) +
                      access("Previous read of size 8 by thread T6:", kCondDestroy + kQtLib))
            << true << QStringLiteral("is in our code: std::__new_allocator");
        QTest::newRow("our own shared library")
            << report(access("Write of size 8 by main thread:", kFree + kOurLib) +
                      access("Previous read by thread T6:", kCondDestroy + kQtLib))
            << true << QStringLiteral("is in our code");
        QTest::newRow("a stack TSan could not restore")
            << report(access("Write of size 8 by main thread:", kCondDestroy + kQtLib) +
                      QStringLiteral(
                          "  Previous write of size 8 by thread T11:\n    [failed to restore the stack]\n\n"))
            << true << QStringLiteral("could not restore the stack");
        QTest::newRow("no access stack")
            << QStringLiteral("WARNING: ThreadSanitizer: thread leak (pid=1)\n"
                              "  Thread T1 (tid=2, finished) created by main thread at:\n") +
                   kOurs + QStringLiteral("\nSUMMARY: ThreadSanitizer: thread leak\n")
            << true << QStringLiteral("no access stack to attribute (thread leak)");
        QTest::newRow("only the runtime's frames")
            << report(access("Write of size 8 by main thread:", kFree) +
                      access("Previous read by thread T6:", kFree))
            << true << QStringLiteral("could not restore the stack");
    }
    void classifies()
    {
        QFETCH(QString, log);
        QFETCH(bool, ours);
        QFETCH(QString, why);
        const auto reports = classify(
            QStringLiteral("test output\n") + log + QStringLiteral("PASS   : more output\n"), {kProject});
        QCOMPARE(reports.size(), 1);
        QCOMPARE(reports.first().ours, ours);
        QVERIFY2(reports.first().why.contains(why), qPrintable(reports.first().why));
        QCOMPARE(reports.first().kind, log.contains(QLatin1String("thread leak"))
                                           ? QStringLiteral("thread leak")
                                           : QStringLiteral("data race"));
    }

    void splitsReportsApart()
    {
        const QString ignored = report(access("Write by main thread:", kCondDestroy + kQtLib) +
                                       access("Previous read by thread T6:", kCondDestroy + kQtLib));
        const QString ours =
            report(access("Write by main thread:", kOurs) + access("Previous read by thread T6:", kOurs));
        const auto reports =
            classify(ignored + QStringLiteral("QWARN  : in between\n") + ours + ignored, {kProject});
        QCOMPARE(reports.size(), 3);
        QCOMPARE(reports.at(0).ours, false);
        QCOMPARE(reports.at(1).ours, true);
        QCOMPARE(reports.at(2).ours, false);
        QVERIFY(!reports.at(0).text.contains(QLatin1String("in between")));
        QVERIFY(classify(QStringLiteral("PASS   : all good\nTotals: 3 passed\n"), {kProject}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestTsanReport)
#include "tst_tsan_report.moc"
