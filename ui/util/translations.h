#pragma once
// The monitor's translations, from the resources compiled into the UI (:/i18n/).

#include <QLocale>

class QCoreApplication;

namespace poolscope::ui {

/// Installs on `app`, for `locale`: PoolScope's English plural forms (always, beneath the rest, so
/// "%n connection(s)" reads "1 connection" in a language without a translation), Qt's own
/// translation (qtbase) and PoolScope's translation for the locale when one exists. The
/// translators are children of `app`. Calls initResources(). Returns the locale's PoolScope
/// translation file that was loaded, or an empty string when there is none.
QString installTranslations(QCoreApplication& app, const QLocale& locale = QLocale());

} // namespace poolscope::ui
