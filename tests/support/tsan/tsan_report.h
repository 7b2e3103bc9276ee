#pragma once
// Reads ThreadSanitizer's reports from a test's stderr and tells which of them concern PoolScope's
// own code.
//
// Why: the distribution's Qt, glib and libc are not built with TSan. Their own synchronisation
// (futex-based QMutex, QWaitCondition, glib's eventfd wake-ups, glibc's internal locks) is invisible
// to it, so TSan reports races *between two pieces of their code*, depending on timing: a test
// that passes on one machine fails on the next. The rule below is exact and deterministic:
//
//   A report is *ignored* when, in every access stack it shows, the first frame outside TSan's own
//   runtime is in a shared library that is not ours (libQt6*, libglib, libc, ...) or in one of the
//   few Qt headers that implement Qt's thread hand-offs (kQtHandoffHeaders). Anything else is a
//   *project* report and fails the test: an access made by our code, by a Qt container or any other
//   header inlined into our code, an access whose stack TSan could not restore, and any report
//   with no access stack (thread leaks, ...).
//
// Both sides of a real race in our code are accesses our instrumented code made, so it is always a
// project report (the canaries in tests/service prove it). What this cannot see is a race whose
// both accesses happen inside Qt's uninstrumented libraries; that needs a TSan-built Qt.

#include <QList>
#include <QString>
#include <QStringList>

namespace poolscope::test::tsan {

struct Frame
{
    QString function;
    QString file;   ///< source file, or empty where TSan printed <null>
    QString module; ///< binary or shared library name, e.g. "libQt6Core.so.6"
};

struct Report
{
    QString kind;             ///< "data race", "thread leak", ...
    QString text;             ///< the whole report, as printed
    QStringList accessHeads;  ///< e.g. "Write of size 8 at 0x7b04 by thread T4:"
    QList<Frame> firstFrames; ///< per access stack, the first frame outside the TSan runtime
    bool ours = true;         ///< a project report (see above)
    QString why;              ///< one line: why it is ours, or where it was ignored
};

/// The Qt headers whose inline code hands values between threads under Qt's own locks.
extern const QStringList kQtHandoffHeaders;

/// Parses one frame line ("    #3 func file:line (module+0x1234)"); false if it is not one.
bool parseFrame(const QString& line, Frame* frame);

/// Splits `log` into reports and classifies each. `projectDirs` are path prefixes of our sources
/// and generated files (source and build directories): a frame there is always ours.
QList<Report> classify(const QString& log, const QStringList& projectDirs);

} // namespace poolscope::test::tsan
