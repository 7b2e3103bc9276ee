#pragma once
// What a test of the window sets up first: settings of its own (QStandardPaths test mode, cleared,
// no confirmation boxes), the app's resources, and a running lab; and, for the suites that open
// the real window per test, the members and steps they share (LiveWindowFixture).

#include "fd_guard.h"
#include "main_window.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "util/app_settings.h"
#include "util/resources.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QThreadPool>
#include <QtGlobal>
#include <chrono>
#include <memory>
#include <optional>

namespace poolscope::test {

/// Settings isolated from the user's and from every other test (`applicationName` plus the ctest
/// test's name, so suites running side by side never read each other's choices), cleared;
/// confirmation boxes off (the documented switch); the app's resources loaded.
inline void prepareWindowTest(const char* applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("PoolScope"));
    const QString test = qEnvironmentVariable("POOLSCOPE_TEST_NAME");
    QCoreApplication::setApplicationName(QString::fromLatin1(applicationName) +
                                         (test.isEmpty() ? QString() : QLatin1Char('-') + test));
    QSettings().clear();
    ui::AppSettings::setConfirmDestructive(false);
    ui::initResources();
}

/// A started lab; null, with the reason as a warning, when it cannot start (QVERIFY the result).
inline std::unique_ptr<lab::Lab> startTestLab()
{
    auto lab = lab::Lab::start();
    if (!lab) {
        qWarning("the lab did not start: %s", lab.error().message.c_str());
        return nullptr;
    }
    return std::move(lab).value();
}

/// A lab for the suite and, per test, a PoolService and the MainWindow on it, checked for leaked
/// descriptors when the test ends. A suite derives from it next to QObject and calls these from
/// its initTestCase / init / cleanup / cleanupTestCase slots.
class LiveWindowFixture
{
protected:
    /// initTestCase: isolated settings named `applicationName`, and the lab (false: it did not start).
    [[nodiscard]] bool startSuite(const char* applicationName)
    {
        prepareWindowTest(applicationName);
        m_lab = startTestLab();
        return m_lab != nullptr;
    }
    /// init: earlier tests' pool threads done, then the descriptor baseline.
    void beginTest()
    {
        QThreadPool::globalInstance()->waitForDone();
        m_fds.emplace();
    }
    /// A service (snapshots every 50 ms unless `options` say otherwise) and the window on it, shown
    /// and exposed; false when either failed.
    [[nodiscard]] bool openWindow(std::optional<ServiceOptions> options = std::nullopt)
    {
        if (!options) {
            options.emplace();
            options->publishInterval = std::chrono::milliseconds(50);
        }
        auto started = PoolServiceThread::start(*options);
        if (!started.ok())
            return false;
        m_service = std::move(started).value();
        m_window = std::make_unique<ui::MainWindow>(m_service->service(), m_lab.get());
        m_window->show();
        return QTest::qWaitForWindowExposed(m_window.get());
    }
    /// cleanup: the window, then its service; the descriptors the test leaked.
    [[nodiscard]] int endTest()
    {
        m_window.reset();
        m_service.reset();
        QThreadPool::globalInstance()->waitForDone();
        const int leaked = m_fds ? m_fds->settledLeak() : 0;
        m_fds.reset();
        return leaked;
    }
    void endSuite() { m_lab.reset(); } ///< cleanupTestCase

    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<PoolServiceThread> m_service;
    std::unique_ptr<ui::MainWindow> m_window;
    std::optional<FdGuard> m_fds;
};

} // namespace poolscope::test
