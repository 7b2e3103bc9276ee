#pragma once
// What a test of the window sets up first: settings of its own (QStandardPaths test mode, cleared,
// no confirmation boxes), the app's resources, and a running lab.

#include "poolscope/lab/lab.h"
#include "util/app_settings.h"
#include "util/resources.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>
#include <QtGlobal>
#include <memory>

namespace poolscope::test {

/// Settings isolated from the user's and from other suites (`applicationName` names this suite's
/// file), cleared; confirmation boxes off (the documented switch); the app's resources loaded.
inline void prepareWindowTest(const char* applicationName)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("PoolScope"));
    QCoreApplication::setApplicationName(QString::fromLatin1(applicationName));
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

} // namespace poolscope::test
