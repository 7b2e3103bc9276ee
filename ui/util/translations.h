#pragma once
// The monitor's translations: .qm files installed beside the program, else the ones compiled into
// the UI (:/i18n/), so a packaged translation can be updated or added without rebuilding.

#include <QLocale>
#include <QStringList>

class QCoreApplication;

namespace poolscope::ui {

/// Where installTranslations() looks, first match wins: the folders an installation puts
/// poolscope_<lang>.qm in, relative to the running executable and only when they exist
/// (`<bin>/../share/poolscope/translations` on Linux and Windows, `<bin>/translations` for an
/// unpacked zip, `<bundle>/Contents/Resources/translations` on macOS), then ":/i18n" (the files
/// compiled in). Call after the QCoreApplication exists.
[[nodiscard]] QStringList translationDirectories();

/// Installs on `app`, for `locale`: PoolScope's English plural forms (always, beneath the rest, so
/// "%n connection(s)" reads "1 connection" in a language without a translation), Qt's own
/// translation (qtbase) and PoolScope's translation for the locale when one exists. Each PoolScope
/// file comes from the first of `directories` that has it. The translators are children of `app`.
/// Calls initResources(). Returns the path of the locale's PoolScope translation that was loaded
/// (":/i18n/…" when compiled in), or an empty string when there is none.
QString installTranslations(QCoreApplication& app, const QLocale& locale = QLocale(),
                            const QStringList& directories = translationDirectories());

} // namespace poolscope::ui
