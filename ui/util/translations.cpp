#include "util/translations.h"

#include "util/logging.h"
#include "util/resources.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QTranslator>

namespace poolscope::ui {

namespace {

const QString kCompiledIn = QStringLiteral(":/i18n");

/// Loads and installs one translator from the first directory that has the file; false (and
/// nothing installed) when none has it.
bool install(QCoreApplication& app, const QLocale& locale, const QString& name,
             const QStringList& directories, QString* loaded = nullptr)
{
    auto* translator = new QTranslator(&app);
    for (const QString& directory : directories) {
        if (!translator->load(locale, name, QStringLiteral("_"), directory))
            continue;
        QCoreApplication::installTranslator(translator);
        qCDebug(lcUi) << "translation loaded from" << translator->filePath();
        if (loaded)
            *loaded = translator->filePath();
        return true;
    }
    delete translator;
    return false;
}

} // namespace

QStringList translationDirectories()
{
    const QDir bin(QCoreApplication::applicationDirPath());
    QStringList directories;
    for (const QString& relative :
         {QStringLiteral("../share/poolscope/translations"), QStringLiteral("translations"),
          QStringLiteral("../Resources/translations")}) {
        const QFileInfo folder(bin.filePath(relative));
        if (folder.isDir())
            directories << folder.canonicalFilePath();
    }
    directories << kCompiledIn;
    return directories;
}

QString installTranslations(QCoreApplication& app, const QLocale& locale, const QStringList& directories)
{
    initResources();
    // Installed first, searched last: every other translation takes precedence over it.
    if (!install(app, QLocale(QLocale::English), QStringLiteral("poolscope"), directories))
        qCWarning(lcUi) << "the English plural forms (poolscope_en.qm) are missing from the build and from"
                        << directories;
    (void)install(app, locale, QStringLiteral("qtbase"),
                  {QLibraryInfo::path(QLibraryInfo::TranslationsPath)});
    QString loaded;
    if (locale.language() != QLocale::English)
        (void)install(app, locale, QStringLiteral("poolscope"), directories, &loaded);
    return loaded;
}

} // namespace poolscope::ui
