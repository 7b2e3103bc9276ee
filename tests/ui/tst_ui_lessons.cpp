// Guided lessons: the loader accepts every shipped lesson and rejects bad files with the line or
// the JSON path of the fault; the runner plays every shipped lesson against a real lab and pool
// service with every step passing, and a check whose event never comes fails; the real poolscope
// binary lists the lessons and plays one headless.

#include "app_process.h"
#include "fd_guard.h"
#include "lessons/lesson_catalog.h"
#include "lessons/lesson_console.h"
#include "lessons/lesson_runner.h"
#include "lessons/lesson_strings.h"
#include "lessons/lessons_dock.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "timing.h"
#include "util/resources.h"
#include "util/translations.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTranslator>
#include <memory>
#include <optional>

using namespace poolscope;
using namespace poolscope::ui::lessons;
using namespace std::chrono_literals;

namespace {

const QString kApp = QStringLiteral(POOLSCOPE_APP_PATH);

/// A valid lesson with `steps` as its steps array (JSON text).
QByteArray lessonWith(const char* steps, const char* settings = "{}")
{
    return QByteArrayLiteral("{\"format\": 1, \"name\": \"t\", \"title\": \"T\", \"settings\": ") + settings +
           QByteArrayLiteral(", \"steps\": ") + steps + QByteArrayLiteral("}");
}

using poolscope::test::AppRun;

AppRun runApp(const QStringList& args, const QString& home)
{
    return poolscope::test::runProgram(kApp, args, poolscope::test::offscreenEnvironment(home), home, 90'000);
}

} // namespace

class TestLessons : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { m_fds.emplace(); }
    void cleanup();
    void cleanupTestCase() { m_lab.reset(); }

    void shippedLessonsLoad();
    void lessonStringsAreUpToDate();
    void shippedLessonsTranslated();
    void rejectsBadFiles_data();
    void rejectsBadFiles();
    void findsByNameOrFile();
    void checksCanFail_data();
    void checksCanFail();
    void playsEveryShippedLesson_data();
    void playsEveryShippedLesson();
    void replaysOnTheSameService_data();
    void replaysOnTheSameService();
    void docsExamplePlays();
    void dockShowsStepsAndResults();
    void appListsAndPlaysHeadless();
    void appPlaysLessonsHeadless_data();
    void appPlaysLessonsHeadless();
    void appRejectsBadLessons_data();
    void appRejectsBadLessons();

private:
    /// Plays `lesson` on a fresh service against the shared lab; false if it did not finish.
    bool play(const Lesson& lesson, LessonRunner*& runner);

    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<LessonRunner> m_runner;
    std::optional<poolscope::test::FdGuard> m_fds;
};

void TestLessons::initTestCase()
{
    ui::initResources();
    QVERIFY2(QFile::exists(kApp), qPrintable(kApp));
    // QProcess keeps one process-wide descriptor (its child-reaper pipe) from its first use on.
    QTemporaryDir dir;
    runApp({QStringLiteral("--version")}, dir.path());
    auto lab = lab::Lab::start();
    QVERIFY2(lab.ok(), lab.ok() ? "" : lab.error().message.c_str());
    m_lab = std::move(lab).value();
}

void TestLessons::cleanup()
{
    m_runner.reset();
    m_service.reset();
    QThreadPool::globalInstance()->waitForDone();
    QCOMPARE(m_fds->settledLeak(), 0);
}

bool TestLessons::play(const Lesson& lesson, LessonRunner*& runner)
{
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    if (!started.ok())
        return false;
    m_service = std::move(started).value();
    m_runner = std::make_unique<LessonRunner>(m_service->service(), m_lab.get());
    runner = m_runner.get();
    QSignalSpy finished(runner, &LessonRunner::finished);
    runner->start(lesson);
    qint64 budgetMs = 5'000;
    for (const LessonStep& step : lesson.steps)
        budgetMs += step.check.timeoutMs + step.action.ms;
    return !finished.isEmpty() || finished.wait(int(budgetMs) * poolscope::test::timeScale());
}

void TestLessons::shippedLessonsLoad()
{
    const QStringList files =
        QDir(QStringLiteral(":/lessons")).entryList({QStringLiteral("*.json")}, QDir::Files);
    QVERIFY2(files.size() >= 4, qPrintable(files.join(QLatin1Char(' '))));
    QStringList names;
    for (const QString& file : files) {
        const LessonLoad load = loadLessonFile(QStringLiteral(":/lessons/") + file);
        QVERIFY2(load.lesson, qPrintable(load.error));
        QVERIFY2(!names.contains(load.lesson->name), qPrintable(load.lesson->name));
        names.append(load.lesson->name);
        for (const LessonStep& step : load.lesson->steps) {
            QVERIFY2(!step.highlights.isEmpty(), qPrintable(file + QStringLiteral(": ") + step.title));
        }
    }
    QCOMPARE(shippedLessons().size(), files.size());
    const QString list = lessonListText();
    for (const QString& name : names)
        QVERIFY2(list.contains(name), qPrintable(list));
}

void TestLessons::lessonStringsAreUpToDate()
{
    // What scripts/gen_lesson_strings.py writes into ui/lessons/lesson_strings.cpp, from the JSON
    // as shipped: if a lesson changed and the script was not run, its text would go untranslated.
    QStringList expected;
    const QStringList files =
        QDir(QStringLiteral(":/lessons")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const LessonLoad load = loadLessonFile(QStringLiteral(":/lessons/") + file);
        QVERIFY2(load.lesson, qPrintable(load.error));
        const Lesson& lesson = *load.lesson;
        QStringList texts{lesson.title, lesson.summary};
        for (const LessonStep& step : lesson.steps)
            texts << step.title << step.text << step.watch;
        for (const QString& text : std::as_const(texts)) {
            if (!text.isEmpty() && !expected.contains(text))
                expected.append(text);
        }
    }
    QStringList generated;
    for (const char* text : shippedLessonStrings())
        generated.append(QString::fromUtf8(text));
    for (const QString& text : std::as_const(expected))
        QVERIFY2(generated.contains(text),
                 qPrintable(QStringLiteral("not in ui/lessons/lesson_strings.cpp (run "
                                           "scripts/gen_lesson_strings.py): ") +
                            text));
    QCOMPARE(generated, expected); // nothing left over from an older lesson, in the lessons' order
}

void TestLessons::shippedLessonsTranslated()
{
    const LessonLoad english = findLesson(QStringLiteral("why-reuse"));
    QVERIFY2(english.lesson, qPrintable(english.error));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString copy = dir.filePath(QStringLiteral("mine.json"));
    QVERIFY(QFile::copy(english.lesson->source, copy));

    QVERIFY(!ui::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::German)).isEmpty());
    const auto removeTranslators = qScopeGuard([] {
        for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
            QCoreApplication::removeTranslator(t);
            delete t;
        }
    });
    // Every shipped string has its translation, and a shipped lesson loads in German.
    for (const char* text : shippedLessonStrings())
        QVERIFY2(lessonText(QString::fromUtf8(text)) != QString::fromUtf8(text), text);
    const LessonLoad german = findLesson(QStringLiteral("why-reuse"));
    QVERIFY2(german.lesson, qPrintable(german.error));
    QCOMPARE(
        german.lesson->title,
        QStringLiteral(
            "Warum wiederverwenden: ein vollständiger TLS-Handshake gegen eine offen gehaltene Verbindung"));
    QCOMPARE(german.lesson->steps.at(0).title, QStringLiteral("Erster Verbindungsaufbau"));
    QCOMPARE(german.lesson->steps.size(), english.lesson->steps.size());
    // A lesson file of the user's keeps its own text.
    const LessonLoad mine = findLesson(copy);
    QVERIFY2(mine.lesson, qPrintable(mine.error));
    QCOMPARE(mine.lesson->title, english.lesson->title);
    QCOMPARE(mine.lesson->steps.at(0).text, english.lesson->steps.at(0).text);
}

void TestLessons::rejectsBadFiles_data()
{
    QTest::addColumn<QByteArray>("json");
    // The error names this line:column or JSON path ('|' separates parts that must all be there).
    QTest::addColumn<QString>("expected");

    const char* dial =
        R"([{"title": "a", "text": "b", "action": {"kind": "dial", "server": "http", "lease": "x"},
                           "check": {"kind": "connected", "lease": "x"}}])";
    QTest::newRow("valid control") << lessonWith(dial) << QString();
    QTest::newRow("not JSON") << QByteArray("hello") << QStringLiteral("x.json:1:|: not valid JSON: ");
    QTest::newRow("truncated") << lessonWith(dial).left(60) << QStringLiteral("x.json:1:|: not valid JSON: ");
    QTest::newRow("error on line 3") << QByteArray("{\n  \"format\": 1,\n  \"name\": nope\n}")
                                     << QStringLiteral("x.json:3:|: not valid JSON: ");
    QTest::newRow("array at top") << QByteArray("[]") << QStringLiteral("top level must be a JSON object");
    QTest::newRow("missing format") << QByteArray(R"({"name": "t", "title": "T", "steps": []})")
                                    << QStringLiteral("format: required field");
    QTest::newRow("format 2") << QByteArray(R"({"format": 2, "name": "t", "title": "T", "steps": []})")
                              << QStringLiteral("format: unsupported format 2");
    QTest::newRow("missing title") << QByteArray(R"({"format": 1, "name": "t", "steps": []})")
                                   << QStringLiteral("title: required field is missing");
    QTest::newRow("bad name") << QByteArray(
                                     R"({"format": 1, "name": "No Spaces", "title": "T", "steps": []})")
                              << QStringLiteral("name: use 1-64");
    QTest::newRow("empty steps") << lessonWith("[]") << QStringLiteral("steps: must not be empty");
    QTest::newRow("steps not array") << lessonWith("{}") << QStringLiteral("steps: expected an array");
    QTest::newRow("unknown top field")
        << QByteArray(R"({"format": 1, "name": "t", "title": "T", "stesp": []})")
        << QStringLiteral("stesp: unknown field");
    QTest::newRow("missing check") << lessonWith(R"([{"title": "a", "text": "b"}])")
                                   << QStringLiteral("steps[0].check: required field");
    QTest::newRow("unknown check kind")
        << lessonWith(R"([{"title": "a", "text": "b", "check": {"kind": "magic"}}])")
        << QStringLiteral("steps[0].check.kind: \"magic\" is not one of");
    QTest::newRow("unknown action kind")
        << lessonWith(
               R"([{"title": "a", "text": "b", "action": {"kind": "explode"}, "check": {"kind": "drained"}}])")
        << QStringLiteral("steps[0].action.kind: \"explode\" is not one of");
    QTest::newRow("wrong type") << lessonWith(R"([{"title": 5, "text": "b", "check": {"kind": "drained"}}])")
                                << QStringLiteral("steps[0].title: expected a string");
    QTest::newRow("unknown server")
        << lessonWith(
               R"([{"title": "a", "text": "b", "action": {"kind": "dial", "server": "gopher", "lease": "x"},
                           "check": {"kind": "connected", "lease": "x"}}])")
        << QStringLiteral("steps[0].action.server: \"gopher\"");
    QTest::newRow("lease never dialled")
        << lessonWith(R"([{"title": "a", "text": "b", "check": {"kind": "closed", "lease": "ghost"}}])")
        << QStringLiteral("steps[0].check.lease: lease \"ghost\" is not dialled");
    QTest::newRow("huge timeout")
        << lessonWith(R"([{"title": "a", "text": "b", "check": {"kind": "drained", "timeoutMs": 1e300}}])")
        << QStringLiteral("steps[0].check.timeoutMs: expected a whole number from 1 to 60000");
    QTest::newRow("fractional hold")
        << lessonWith(
               R"([{"title": "a", "text": "b", "action": {"kind": "hold", "ms": 0.5}, "check": {"kind": "drained"}}])")
        << QStringLiteral("steps[0].action.ms: expected a whole number");
    QTest::newRow("huge setting") << lessonWith(dial, R"({"maxConnections": 4294967297})")
                                  << QStringLiteral(
                                         "settings.maxConnections: expected a whole number from 1 to 65535");
    QTest::newRow("unknown check field")
        << lessonWith(R"([{"title": "a", "text": "b", "check": {"kind": "drained", "resaon": "x"}}])")
        << QStringLiteral("steps[0].check.resaon: unknown field");
    QTest::newRow("bad highlight")
        << lessonWith(
               R"([{"title": "a", "text": "b", "highlight": ["counter:dials", "sparkle"], "check": {"kind": "drained"}}])")
        << QStringLiteral("steps[0].highlight[1]: expected \"TYPE:NAME\"");
    QTest::newRow("empty set")
        << lessonWith(
               R"([{"title": "a", "text": "b", "action": {"kind": "set", "settings": {}}, "check": {"kind": "drained"}}])")
        << QStringLiteral("steps[0].action.settings: must not be empty");
    QTest::newRow("too big") << QByteArray(kMaxLessonBytes + 1, ' ') << QStringLiteral("larger than");

    // The fields of the DNS, resumption and time-out lessons (08-10).
    const char* newFields = R"([
        {"title": "a", "text": "b", "action": {"kind": "dial", "server": "silent", "lease": "x", "host": "www.lab.test",
                                                 "tls": true, "sessionResumption": false},
         "check": {"kind": "dialing", "lease": "x", "state": "handshaking"}},
        {"title": "a", "text": "b", "action": {"kind": "cancel", "lease": "x"}, "check": {"kind": "dialFailed", "lease": "x"}},
        {"title": "a", "text": "b", "action": {"kind": "dial", "server": "https", "lease": "y"},
         "check": {"kind": "handshake", "lease": "y", "resumed": true, "compareWith": "x"}},
        {"title": "a", "text": "b", "action": {"kind": "dial", "server": "http", "lease": "z", "host": "::1"},
         "check": {"kind": "connected", "lease": "z", "family": "ipv6"}},
        {"title": "a", "text": "b", "action": {"kind": "set", "settings": {"dnsServer": "dns-silent"}},
         "check": {"kind": "settingsApplied"}}])";
    QTest::newRow("valid new fields")
        << lessonWith(newFields,
                      R"({"dnsServer": "dns", "connectTimeoutMs": 0, "handshakeTimeoutMs": 60000})")
        << QString();
    const auto dialWith = [](const char* fields) {
        return lessonWith(
            QByteArrayLiteral(
                R"([{"title": "a", "text": "b", "action": {"kind": "dial", "server": "http", "lease": "x", )") +
            fields + QByteArrayLiteral(R"(}, "check": {"kind": "connected", "lease": "x"}}])"));
    };
    QTest::newRow("bad host") << dialWith(R"("host": "two words")")
                              << QStringLiteral(
                                     "steps[0].action.host: expected a host name or an IP address");
    QTest::newRow("empty host") << dialWith(R"("host": "")")
                                << QStringLiteral("steps[0].action.host: expected a host name");
    QTest::newRow("host too long")
        << dialWith(QByteArray(R"("host": ")" + QByteArray(254, 'a') + R"(")").constData())
        << QStringLiteral("steps[0].action.host: expected a host name");
    QTest::newRow("tls not bool") << dialWith(R"("tls": "yes")")
                                  << QStringLiteral("steps[0].action.tls: expected true or false");
    QTest::newRow("sessionResumption not bool")
        << dialWith(R"("sessionResumption": 0)")
        << QStringLiteral("steps[0].action.sessionResumption: expected true or false");
    QTest::newRow("cancel unknown lease")
        << lessonWith(
               R"([{"title": "a", "text": "b", "action": {"kind": "cancel", "lease": "ghost"}, "check": {"kind": "drained"}}])")
        << QStringLiteral("steps[0].action.lease: lease \"ghost\" is not dialled");
    QTest::newRow("cancel without lease")
        << lessonWith(
               R"([{"title": "a", "text": "b", "action": {"kind": "cancel"}, "check": {"kind": "drained"}}])")
        << QStringLiteral("steps[0].action.lease: required field is missing");
    const auto checkWith = [](const char* check) {
        return lessonWith(
            QByteArrayLiteral(
                R"([{"title": "a", "text": "b", "action": {"kind": "dial", "server": "https", "lease": "x"}, "check": )") +
            check + QByteArrayLiteral("}]"));
    };
    QTest::newRow("bad family") << checkWith(R"({"kind": "connected", "lease": "x", "family": "ipv5"})")
                                << QStringLiteral(
                                       "steps[0].check.family: \"ipv5\" is not one of: ipv4, ipv6");
    QTest::newRow("family on another check")
        << checkWith(R"({"kind": "reused", "lease": "x", "family": "ipv4"})")
        << QStringLiteral("steps[0].check.family: unknown field");
    QTest::newRow("handshake without resumed")
        << checkWith(R"({"kind": "handshake", "lease": "x"})")
        << QStringLiteral("steps[0].check.resumed: required field is missing");
    QTest::newRow("resumed not bool") << checkWith(R"({"kind": "handshake", "lease": "x", "resumed": "yes"})")
                                      << QStringLiteral("steps[0].check.resumed: expected true or false");
    QTest::newRow("compareWith unknown lease")
        << checkWith(R"({"kind": "handshake", "lease": "x", "resumed": true, "compareWith": "ghost"})")
        << QStringLiteral("steps[0].check.compareWith: lease \"ghost\" is not dialled");
    QTest::newRow("bad dialing state")
        << checkWith(R"({"kind": "dialing", "lease": "x", "state": "waiting"})")
        << QStringLiteral(
               "steps[0].check.state: \"waiting\" is not one of: resolving, connecting, handshaking");
    QTest::newRow("dialing without lease")
        << checkWith(R"({"kind": "dialing"})")
        << QStringLiteral("steps[0].check.lease: required field is missing");
    QTest::newRow("settingsApplied without set")
        << checkWith(R"({"kind": "settingsApplied"})")
        << QStringLiteral("steps[0].check.kind: \"settingsApplied\" needs a \"set\" action");
    QTest::newRow("settingsApplied with lease") << checkWith(R"({"kind": "settingsApplied", "lease": "x"})")
                                                << QStringLiteral("steps[0].check.lease: unknown field");
    QTest::newRow("bad dnsServer")
        << lessonWith(dial, R"({"dnsServer": "office-dns"})")
        << QStringLiteral("settings.dnsServer: \"office-dns\" is not one of: system, dns, dns-silent");
    QTest::newRow("dnsServer not string") << lessonWith(dial, R"({"dnsServer": 53})")
                                          << QStringLiteral("settings.dnsServer: expected a string");
    QTest::newRow("handshake time-out too long")
        << lessonWith(dial, R"({"handshakeTimeoutMs": 60001})")
        << QStringLiteral("settings.handshakeTimeoutMs: expected a whole number from 0 to 60000");
    QTest::newRow("negative connect time-out")
        << lessonWith(dial, R"({"connectTimeoutMs": -1})")
        << QStringLiteral("settings.connectTimeoutMs: expected a whole number from 0 to 60000");
}

void TestLessons::rejectsBadFiles()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const LessonLoad load = parseLesson(json, QStringLiteral("x.json"));
    if (expected.isEmpty()) {
        QVERIFY2(load.lesson, qPrintable(load.error));
        return;
    }
    QVERIFY(!load.lesson);
    for (const QString& part : expected.split(QLatin1Char('|')))
        QVERIFY2(load.error.contains(part), qPrintable(load.error));
    QVERIFY2(load.error.startsWith(QStringLiteral("x.json")), qPrintable(load.error));
}

void TestLessons::findsByNameOrFile()
{
    LessonLoad load = findLesson(QStringLiteral("why-reuse"));
    QVERIFY2(load.lesson, qPrintable(load.error));
    QCOMPARE(load.lesson->name, QStringLiteral("why-reuse"));

    load = findLesson(QStringLiteral("no-such-lesson"));
    QVERIFY(!load.lesson);
    QVERIFY2(load.error.contains(QStringLiteral("no lesson named \"no-such-lesson\"")),
             qPrintable(load.error));
    QVERIFY2(load.error.contains(QStringLiteral("why-reuse")), qPrintable(load.error));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("mine.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(lessonWith(R"([{"title": "a", "text": "b", "check": {"kind": "drained"}}])"));
    file.close();
    load = findLesson(path);
    QVERIFY2(load.lesson, qPrintable(load.error));
    QCOMPARE(load.lesson->source, path);

    load = findLesson(dir.filePath(QStringLiteral("missing.json")));
    QVERIFY(!load.lesson);
    QVERIFY2(load.error.contains(QStringLiteral("cannot read")), qPrintable(load.error));
}

void TestLessons::checksCanFail_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("failingStep");
    QTest::addColumn<QString>("why");

    // keep-alive 0: a returned connection is closed, so the second dial cannot reuse it.
    QTest::newRow("reuse that never happens") << lessonWith(R"([
            {"title": "dial", "text": "t", "action": {"kind": "dial", "server": "http", "lease": "a"},
             "check": {"kind": "connected", "lease": "a"}},
            {"title": "return", "text": "t", "action": {"kind": "return", "lease": "a"},
             "check": {"kind": "closed", "lease": "a"}},
            {"title": "again", "text": "t", "action": {"kind": "dial", "server": "http", "lease": "b"},
             "check": {"kind": "reused", "lease": "b", "sameAs": "a"}},
            {"title": "never", "text": "t", "check": {"kind": "drained"}}])",
                                                            R"({"keepAliveMs": 0})")
                                              << 2 << QStringLiteral("nothing idle was reused");
    // keep-alive 60 s: the expiry this check waits for cannot come within its 400 ms.
    QTest::newRow("expiry that never comes") << lessonWith(R"([
            {"title": "dial", "text": "t", "action": {"kind": "dial", "server": "http", "lease": "a"},
             "check": {"kind": "connected", "lease": "a"}},
            {"title": "return", "text": "t", "action": {"kind": "return", "lease": "a"},
             "check": {"kind": "closed", "lease": "a", "reason": "expired", "timeoutMs": 400}}])",
                                                           R"({"keepAliveMs": 60000})")
                                             << 1 << QStringLiteral("no \"closed\" for a within 0.40 s");
    QTest::newRow("failure that does not happen")
        << lessonWith(
               R"([{"title": "dial", "text": "t", "action": {"kind": "dial", "server": "https", "lease": "a"},
                           "check": {"kind": "dialFailed", "lease": "a"}}])")
        << 0 << QStringLiteral("the dial did not fail");
    QTest::newRow("wrong failure reason")
        << lessonWith(
               R"([{"title": "dial", "text": "t", "action": {"kind": "dial", "server": "refused", "lease": "a"},
                           "check": {"kind": "dialFailed", "lease": "a", "error": "handshakeFailed"}}])")
        << 0 << QStringLiteral("failed with connectionRefused, expected handshakeFailed");
    // A fresh pool has no TLS session to resume.
    QTest::newRow("resumption without a ticket")
        << lessonWith(
               R"([{"title": "dial", "text": "t", "action": {"kind": "dial", "server": "https", "lease": "a"},
                           "check": {"kind": "handshake", "lease": "a", "resumed": true}}])")
        << 0 << QStringLiteral("#1 made a full TLS handshake: there was no session to resume");
    // checkOnReturn takes in the first connection's tickets: the second one resumes.
    QTest::newRow("full handshake that resumes")
        << lessonWith(R"([
            {"title": "dial", "text": "t", "action": {"kind": "dial", "server": "https", "lease": "a"},
             "check": {"kind": "handshake", "lease": "a", "resumed": false}},
            {"title": "return", "text": "t", "action": {"kind": "return", "lease": "a"},
             "check": {"kind": "idle", "lease": "a"}},
            {"title": "again", "text": "t", "action": {"kind": "dial", "server": "https", "lease": "b", "allowReuse": false},
             "check": {"kind": "handshake", "lease": "b", "resumed": false}}])",
                      R"({"checkOnReturn": true})")
        << 2 << QStringLiteral("resumed a TLS session; a full handshake was expected");
    QTest::newRow("handshake of a plain connection")
        << lessonWith(
               R"([{"title": "dial", "text": "t", "action": {"kind": "dial", "server": "http", "lease": "a"},
                           "check": {"kind": "handshake", "lease": "a", "resumed": false}}])")
        << 0 << QStringLiteral("#1 is not a TLS connection");
    QTest::newRow("wrong address family")
        << lessonWith(
               R"([{"title": "dial", "text": "t", "action": {"kind": "dial", "server": "http", "lease": "a", "host": "www.lab.test"},
                           "check": {"kind": "connected", "lease": "a", "family": "ipv6"}}])",
               R"({"dnsServer": "dns"})")
        << 0 << QStringLiteral(", not over IPv6");
    QTest::newRow("dialing after the dial ended") << lessonWith(R"([
            {"title": "dial", "text": "t", "action": {"kind": "dial", "server": "http", "lease": "a"},
             "check": {"kind": "connected", "lease": "a"}},
            {"title": "dialing", "text": "t", "check": {"kind": "dialing", "lease": "a"}}])")
                                                  << 1 << QStringLiteral("the dial already ended with #1");
    QTest::newRow("cancel after the dial ended")
        << lessonWith(R"([
            {"title": "dial", "text": "t", "action": {"kind": "dial", "server": "refused", "lease": "a"},
             "check": {"kind": "dialFailed", "lease": "a"}},
            {"title": "cancel", "text": "t", "action": {"kind": "cancel", "lease": "a"},
             "check": {"kind": "dialFailed", "lease": "a"}}])")
        << 1 << QStringLiteral("lease \"a\" has no dial to cancel: it failed already");
    // Cancelled, not timed out: the cancel comes long before the 30 s budget.
    QTest::newRow("cancel is not a time-out")
        << lessonWith(R"([
            {"title": "dial", "text": "t", "action": {"kind": "dial", "server": "silent", "lease": "a", "tls": true, "timeoutMs": 30000},
             "check": {"kind": "dialing", "lease": "a"}},
            {"title": "cancel", "text": "t", "action": {"kind": "cancel", "lease": "a"},
             "check": {"kind": "dialFailed", "lease": "a", "error": "timedOut"}}])")
        << 1 << QStringLiteral("failed with cancelled, expected timedOut");
    // The lab's silent DNS server never answers: the name's dial times out instead of connecting.
    QTest::newRow("resolver that never answers")
        << lessonWith(
               R"([{"title": "dial", "text": "t", "action": {"kind": "dial", "server": "http", "lease": "a", "host": "www.lab.test", "timeoutMs": 500},
                           "check": {"kind": "connected", "lease": "a"}}])",
               R"({"dnsServer": "dns-silent"})")
        << 0 << QStringLiteral("the dial failed: timed out");
    QTest::newRow("dial never in that state") << lessonWith(R"([
            {"title": "dial", "text": "t", "action": {"kind": "dial", "server": "silent", "lease": "a", "tls": true, "timeoutMs": 600},
             "check": {"kind": "dialing", "lease": "a", "state": "resolving"}}])")
                                              << 0 << QStringLiteral("the dial already ended: timed out");
}

void TestLessons::checksCanFail()
{
    QFETCH(QByteArray, json);
    QFETCH(int, failingStep);
    QFETCH(QString, why);
    const LessonLoad load = parseLesson(json, QStringLiteral("fail.json"));
    QVERIFY2(load.lesson, qPrintable(load.error));
    LessonRunner* runner = nullptr;
    QVERIFY(play(*load.lesson, runner));
    QVERIFY(!runner->allPassed());
    const QList<StepResult>& results = runner->results();
    for (int i = 0; i < results.size(); ++i) {
        const auto expected = i < failingStep    ? StepResult::Outcome::Passed
                              : i == failingStep ? StepResult::Outcome::Failed
                                                 : StepResult::Outcome::NotRun;
        QVERIFY2(results.at(i).outcome == expected, qPrintable(runner->resultLine(i)));
    }
    QVERIFY2(results.at(failingStep).line.contains(why), qPrintable(runner->resultLine(failingStep)));
    QVERIFY2(runner->resultLine(failingStep).contains(QStringLiteral("FAILED")),
             qPrintable(runner->resultLine(failingStep)));
}

void TestLessons::playsEveryShippedLesson_data()
{
    QTest::addColumn<QString>("name");
    for (const Lesson& lesson : shippedLessons())
        QTest::newRow(qPrintable(lesson.name)) << lesson.name;
}

void TestLessons::playsEveryShippedLesson()
{
    QFETCH(QString, name);
    const LessonLoad load = findLesson(name);
    QVERIFY2(load.lesson, qPrintable(load.error));
    LessonRunner* runner = nullptr;
    QVERIFY(play(*load.lesson, runner));
    QStringList lines;
    for (int i = 0; i < runner->results().size(); ++i)
        lines.append(runner->resultLine(i));
    qInfo().noquote() << lines.join(QLatin1Char('\n'));
    QVERIFY2(runner->allPassed(), qPrintable(lines.join(QLatin1Char('\n'))));
    QVERIFY(!runner->isRunning());
    // The lesson gave back everything it held and left the pool open.
    QTRY_COMPARE_WITH_TIMEOUT(m_service->service()->stats().inUse, 0, 5000);
    // The runner's reopen() is asynchronous (a QFuture on the service's thread).
    QTRY_VERIFY_WITH_TIMEOUT(!m_service->service()->stats().shutDown, 5000);
}

void TestLessons::replaysOnTheSameService_data()
{
    QTest::addColumn<QString>("name");
    // Restart in the dock plays a lesson again on the same pool: what the first run left behind
    // (idle connections, TLS session tickets) must not fail the second.
    for (const char* name : {"tls-resumption", "dns-happy-eyeballs", "dial-timeouts"})
        QTest::newRow(name) << QString::fromLatin1(name);
}

void TestLessons::replaysOnTheSameService()
{
    QFETCH(QString, name);
    const LessonLoad load = findLesson(name);
    QVERIFY2(load.lesson, qPrintable(load.error));
    LessonRunner* runner = nullptr;
    QVERIFY(play(*load.lesson, runner));
    QStringList lines;
    for (int i = 0; i < runner->results().size(); ++i)
        lines.append(runner->resultLine(i));
    QVERIFY2(runner->allPassed(), qPrintable(lines.join(QLatin1Char('\n'))));
    QSignalSpy finished(runner, &LessonRunner::finished);
    runner->start(*load.lesson);
    QVERIFY(finished.wait(30'000 * poolscope::test::timeScale()));
    lines.clear();
    for (int i = 0; i < runner->results().size(); ++i)
        lines.append(runner->resultLine(i));
    qInfo().noquote() << lines.join(QLatin1Char('\n'));
    QVERIFY2(runner->allPassed(), qPrintable(lines.join(QLatin1Char('\n'))));
    QTRY_COMPARE_WITH_TIMEOUT(m_service->service()->stats().inUse, 0, 5000);
}

void TestLessons::docsExamplePlays()
{
    // docs/LESSONS.md's example is meant to be copied: it must load and pass.
    QFile doc(QStringLiteral(POOLSCOPE_SOURCE_DIR "/docs/LESSONS.md"));
    QVERIFY(doc.open(QIODevice::ReadOnly));
    const QByteArray text = doc.readAll();
    const qsizetype begin = text.indexOf("```json\n");
    QVERIFY(begin >= 0);
    const qsizetype end = text.indexOf("```", begin + 8);
    QVERIFY(end > begin);
    const LessonLoad load = parseLesson(text.mid(begin + 8, end - begin - 8), QStringLiteral("LESSONS.md"));
    QVERIFY2(load.lesson, qPrintable(load.error));
    LessonRunner* runner = nullptr;
    QVERIFY(play(*load.lesson, runner));
    QStringList lines;
    for (int i = 0; i < runner->results().size(); ++i)
        lines.append(runner->resultLine(i));
    QVERIFY2(runner->allPassed(), qPrintable(lines.join(QLatin1Char('\n'))));
}

void TestLessons::dockShowsStepsAndResults()
{
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    m_service = std::move(started).value();
    const LessonLoad load = findLesson(QStringLiteral("why-reuse"));
    QVERIFY(load.lesson);
    {
        LessonsDock dock(m_service->service(), m_lab.get());
        dock.resize(260, 600);
        dock.show();
        auto* steps = dock.findChild<QListWidget*>(QStringLiteral("lessonSteps"));
        auto* result = dock.findChild<QLabel*>(QStringLiteral("lessonStepResult"));
        auto* text = dock.findChild<QLabel*>(QStringLiteral("lessonStepText"));
        QVERIFY(steps && result && text);
        QSignalSpy finished(dock.runner(), &LessonRunner::finished);
        dock.start(*load.lesson);
        QCOMPARE(steps->count(), load.lesson->steps.size());
        QVERIFY(finished.wait(20'000 * poolscope::test::timeScale()));
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        for (int i = 0; i < steps->count(); ++i)
            QVERIFY2(steps->item(i)->text().startsWith(QStringLiteral("✓")),
                     qPrintable(steps->item(i)->text()));
        // The shown step followed the lesson to its last step; Back shows the reuse step.
        QCOMPARE(dock.shownStep(), steps->count() - 1);
        QPushButton* back = nullptr;
        QPushButton* next = nullptr;
        for (QPushButton* b : dock.findChildren<QPushButton*>()) {
            if (b->text() == QStringLiteral("&Back"))
                back = b;
            if (b->text() == QStringLiteral("&Next"))
                next = b;
        }
        QVERIFY(back && next);
        QVERIFY(!next->isEnabled());
        back->click();
        QCOMPARE(dock.shownStep(), 2);
        QVERIFY2(result->text().contains(QStringLiteral("no connect, no handshake")),
                 qPrintable(result->text()));
        QVERIFY2(text->text().contains(load.lesson->steps.at(2).text), qPrintable(text->text()));
        QVERIFY(next->isEnabled());
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_service->service()->stats().inUse, 0, 5000);
}

void TestLessons::appListsAndPlaysHeadless()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AppRun run = runApp({QStringLiteral("--lesson"), QStringLiteral("list")}, dir.path());
    QCOMPARE(run.exitCode, 0);
    const QList<Lesson> lessons = shippedLessons();
    QCOMPARE(run.out.trimmed().split(QLatin1Char('\n')).size(), lessons.size());
    for (const Lesson& lesson : lessons)
        QVERIFY2(run.out.contains(lesson.name) && run.out.contains(lesson.title), qPrintable(run.out));

    const LessonLoad load = findLesson(QStringLiteral("why-reuse"));
    QVERIFY(load.lesson);
    run = runApp({QStringLiteral("--lesson"), QStringLiteral("why-reuse"), QStringLiteral("--auto")},
                 dir.path());
    QVERIFY2(run.status == QProcess::NormalExit && run.exitCode == 0,
             qPrintable(QStringLiteral("%1, exit code %2\n%3%4")
                            .arg(run.status == QProcess::NormalExit ? QStringLiteral("exited")
                                                                    : QStringLiteral("crashed"))
                            .arg(run.exitCode)
                            .arg(run.out, run.err)));
    static const QRegularExpression stepLine(QStringLiteral("^\\[(\\d+)/(\\d+)\\] passed  "),
                                             QRegularExpression::MultilineOption);
    int steps = 0;
    for (auto it = stepLine.globalMatch(run.out); it.hasNext(); it.next())
        ++steps;
    QCOMPARE(steps, load.lesson->steps.size());
    QVERIFY2(run.out.contains(QStringLiteral("no connect, no handshake")), qPrintable(run.out));
}

void TestLessons::appPlaysLessonsHeadless_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("measured"); // a line of the output says this
    QTest::newRow("tls-resumption") << QStringLiteral("tls-resumption")
                                    << QStringLiteral("resumed a TLS session: handshake");
    QTest::newRow("dns-happy-eyeballs")
        << QStringLiteral("dns-happy-eyeballs") << QStringLiteral("www.lab.test resolved in");
    QTest::newRow("dial-timeouts") << QStringLiteral("dial-timeouts")
                                   << QStringLiteral("after the lesson asked");
}

void TestLessons::appPlaysLessonsHeadless()
{
    QFETCH(QString, name);
    QFETCH(QString, measured);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const LessonLoad load = findLesson(name);
    QVERIFY(load.lesson);
    QElapsedTimer clock;
    clock.start();
    const AppRun run = runApp({QStringLiteral("--lesson"), name, QStringLiteral("--auto")}, dir.path());
    qInfo().noquote() << run.out << clock.elapsed() << "ms";
    QVERIFY2(run.status == QProcess::NormalExit && run.exitCode == 0,
             qPrintable(QStringLiteral("%1, exit code %2\n%3%4")
                            .arg(run.status == QProcess::NormalExit ? QStringLiteral("exited")
                                                                    : QStringLiteral("crashed"))
                            .arg(run.exitCode)
                            .arg(run.out, run.err)));
    static const QRegularExpression stepLine(QStringLiteral("^\\[(\\d+)/(\\d+)\\] passed  "),
                                             QRegularExpression::MultilineOption);
    int steps = 0;
    for (auto it = stepLine.globalMatch(run.out); it.hasNext(); it.next())
        ++steps;
    QCOMPARE(steps, load.lesson->steps.size());
    QVERIFY2(run.out.contains(measured), qPrintable(run.out));
}

void TestLessons::appRejectsBadLessons_data()
{
    QTest::addColumn<QByteArray>("fileContent"); // empty: no file, the name is used as is
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown name") << QByteArray() << QStringLiteral("no-such-lesson") << 2
                                  << QStringLiteral("no lesson named \"no-such-lesson\"");
    QTest::newRow("bad file") << QByteArray("{\n  \"format\": 1,\n  oops\n}") << QStringLiteral("bad.json")
                              << 2 << QStringLiteral("bad.json:3:");
    QTest::newRow("failing lesson")
        << lessonWith(
               R"([{"title": "dial", "text": "t", "action": {"kind": "dial", "server": "https", "lease": "a"},
                           "check": {"kind": "dialFailed", "lease": "a"}}])")
        << QStringLiteral("fails.json") << 1 << QStringLiteral("FAILED");
}

void TestLessons::appRejectsBadLessons()
{
    QFETCH(QByteArray, fileContent);
    QFETCH(QString, name);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString arg = name;
    if (!fileContent.isEmpty()) {
        arg = dir.filePath(name);
        QFile file(arg);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(fileContent);
    }
    const AppRun run = runApp({QStringLiteral("--lesson"), arg, QStringLiteral("--auto")}, dir.path());
    QCOMPARE(run.status, QProcess::NormalExit);
    QCOMPARE(run.exitCode, exitCode);
    QVERIFY2((run.err + run.out).contains(message), qPrintable(run.out + run.err));
}

QTEST_MAIN(TestLessons)
#include "tst_ui_lessons.moc"
