#include "util/translations.h"

#include "util/logging.h"
#include "util/resources.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace poolscope::ui {

namespace {

/// Loads and installs one translator; false (and nothing installed) when the file is missing.
bool install(QCoreApplication& app, const QLocale& locale, const QString& name, const QString& directory,
             QString* loaded = nullptr)
{
    auto* translator = new QTranslator(&app);
    if (!translator->load(locale, name, QStringLiteral("_"), directory)) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    if (loaded)
        *loaded = translator->filePath();
    return true;
}

} // namespace

QString installTranslations(QCoreApplication& app, const QLocale& locale)
{
    initResources();
    const QString own = QStringLiteral(":/i18n");
    // Installed first, searched last: every other translation takes precedence over it.
    if (!install(app, QLocale(QLocale::English), QStringLiteral("poolscope"), own))
        qCWarning(lcUi) << "the English plural forms (:/i18n/poolscope_en.qm) are missing from the build";
    (void)install(app, locale, QStringLiteral("qtbase"), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    QString loaded;
    if (locale.language() != QLocale::English)
        (void)install(app, locale, QStringLiteral("poolscope"), own, &loaded);
    return loaded;
}

} // namespace poolscope::ui
