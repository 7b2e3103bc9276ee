// The monitor in German: the real window against a real lab and service, and its dialogs, built
// once in English and once with the German translation installed. Every visible string of the
// German build (widget texts, actions and menus, tool tips, tabs, docks, headers and cells of the
// tables, combo items, dialog texts) that also appears in the English build is untranslated,
// unless it is only technical tokens (TLS, Host, Port, numbers, addresses, lab server names …).
// Also: the German plural forms, and that the translation is found through the locale.

#include "dialogs/about_dialog.h"
#include "dialogs/dial_dialog.h"
#include "dialogs/help_dialog.h"
#include "dialogs/settings_dialog.h"
#include "lab/lab_dock.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"
#include "util/presentation.h"
#include "util/translations.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QTextEdit>
#include <QTranslator>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using A = MainWindow::Action;

namespace {

struct Seen
{
    QString where;
    QString text;
};

/// Plain text of a label or tool tip that may be rich text, one entry per line.
QStringList plainLines(const QString& text)
{
    const QString plain =
        Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
    QStringList lines;
    for (const QString& line : plain.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        if (!line.trimmed().isEmpty())
            lines.append(line.trimmed());
    }
    return lines;
}

/// Undoes installTranslations(): its translators are children of the application.
void removeTranslators()
{
    for (QTranslator* t : QCoreApplication::instance()->findChildren<QTranslator*>()) {
        QCoreApplication::removeTranslator(t);
        delete t;
    }
}

void add(QList<Seen>& out, const QString& where, const QString& text)
{
    for (const QString& line : plainLines(text))
        out.append({where, line});
}

QString nameOf(const QObject* o)
{
    const QString name = o->objectName();
    return QString::fromLatin1(o->metaObject()->className()) +
           (name.isEmpty() ? QString() : QLatin1Char('#') + name);
}

void walkModel(QList<Seen>& out, const QString& where, const QAbstractItemModel* model)
{
    if (!model)
        return;
    for (int c = 0; c < model->columnCount(); ++c) {
        for (int role : {Qt::DisplayRole, Qt::ToolTipRole})
            add(out, where + QStringLiteral(" header"),
                model->headerData(c, Qt::Horizontal, role).toString());
        for (int r = 0; r < std::min(model->rowCount(), 50); ++r) {
            for (int role : {Qt::DisplayRole, Qt::ToolTipRole})
                add(out, where + QStringLiteral(" cell"), model->index(r, c).data(role).toString());
        }
    }
}

/// Every string a user can see in `top` and its children, shown or not yet shown.
void walk(QList<Seen>& out, QWidget* top)
{
    QList<QWidget*> widgets = top->findChildren<QWidget*>();
    widgets.prepend(top);
    for (QWidget* w : std::as_const(widgets)) {
        // Qt's own parts (dock and tool bar buttons …) carry Qt's translation, optional at run time.
        if (w->objectName().startsWith(QLatin1String("qt_")) || qobject_cast<QTabBar*>(w->parentWidget()))
            continue;
        const QString where = nameOf(top) + QStringLiteral(" > ") + nameOf(w);
        if (w->isWindow())
            add(out, where + QStringLiteral(" title"), w->windowTitle());
        add(out, where + QStringLiteral(" tooltip"), w->toolTip());
        add(out, where + QStringLiteral(" accessible"), w->accessibleName());
        if (auto* label = qobject_cast<QLabel*>(w)) {
            add(out, where, label->text());
        } else if (auto* button = qobject_cast<QAbstractButton*>(w)) {
            // Standard dialog buttons carry Qt's own translation (qtbase_de), optional at run time.
            auto* box = qobject_cast<QDialogButtonBox*>(button->parentWidget());
            if (!box || box->standardButton(button) == QDialogButtonBox::NoButton)
                add(out, where, button->text());
        } else if (auto* group = qobject_cast<QGroupBox*>(w)) {
            add(out, where, group->title());
        } else if (auto* tabs = qobject_cast<QTabBar*>(w)) {
            for (int i = 0; i < tabs->count(); ++i) {
                add(out, where, tabs->tabText(i));
                add(out, where, tabs->tabToolTip(i));
            }
        } else if (auto* dock = qobject_cast<QDockWidget*>(w)) {
            add(out, where, dock->windowTitle());
        } else if (auto* combo = qobject_cast<QComboBox*>(w)) {
            for (int i = 0; i < combo->count(); ++i)
                add(out, where, combo->itemText(i));
        } else if (auto* edit = qobject_cast<QLineEdit*>(w)) {
            add(out, where, edit->placeholderText());
        } else if (auto* spin = qobject_cast<QSpinBox*>(w)) {
            add(out, where, spin->specialValueText());
            add(out, where, spin->suffix());
        } else if (auto* text = qobject_cast<QTextEdit*>(w)) {
            add(out, where, text->toPlainText());
        } else if (auto* menu = qobject_cast<QMenu*>(w)) {
            add(out, where, menu->title());
        } else if (auto* view = qobject_cast<QAbstractItemView*>(w)) {
            walkModel(out, where, view->model());
        }
    }
    for (QAction* action : top->findChildren<QAction*>()) {
        if (action->isSeparator())
            continue;
        add(out, nameOf(top) + QStringLiteral(" action ") + nameOf(action), action->text());
        add(out, nameOf(top) + QStringLiteral(" action ") + nameOf(action), action->toolTip());
    }
}

} // namespace

class TestUiGerman : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void translationFoundForTheLocale();
    void installedTranslationComesFirst_data();
    void installedTranslationComesFirst();
    void translationDirectoriesExist();
    void pluralForms();
    void everyStateExplained();
    void noVisibleStringUntranslated();

private:
    /// The window with one lab connection in use, its dialogs open, and everything they show.
    QList<Seen> collect();
    /// Whether `text` is made only of technical tokens that read the same in German.
    bool technical(const QString& text) const;

    std::unique_ptr<lab::Lab> m_lab;
    QSet<QString> m_allowed;
};

void TestUiGerman::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeUiGermanTest");
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
    // Words that are German too, protocol and file names, and the lab's server names (data).
    for (const char* word :
         {"PoolScope", "Pool", "Host", "Hosts", "Port", "TLS", "TCP", "UDP",       "IPv",  "HTTP",   "HTTPS",
          "DNS",       "CA",   "ID",   "OK",    "ALPN", "SNI", "Qt",  "OpenSSL",   "CSV",  "JSON",   "csv",
          "json",      "tcp",  "tls",  "ms",    "s",    "min", "h",   "localhost", "TLSv", "Version"})
        m_allowed.insert(QString::fromLatin1(word));
    for (const lab::ServerInfo& server : m_lab->servers()) {
        for (const QString& part : QString::fromStdString(server.name).split(QLatin1Char('-')))
            m_allowed.insert(part);
    }
}

void TestUiGerman::cleanupTestCase()
{
    m_lab.reset();
}

bool TestUiGerman::technical(const QString& text) const
{
    // Key names ("Ctrl+Shift+P") are Qt's translation, and the OpenSSL banner is a version string.
    static const QRegularExpression data(
        QStringLiteral("^(((Ctrl|Shift|Alt|Meta)\\+)*([A-Z0-9,.]|F\\d+|Del|Esc)|OpenSSL .*)$"));
    if (data.match(text).hasMatch())
        return true;
    static const QRegularExpression words(QStringLiteral("[^\\W\\d_]+"));
    for (auto it = words.globalMatch(text); it.hasNext();) {
        if (!m_allowed.contains(it.next().captured()))
            return false;
    }
    return true;
}

QList<Seen> TestUiGerman::collect()
{
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    if (!started.ok())
        return {};
    std::unique_ptr<PoolServiceThread> service = std::move(started).value();
    QList<Seen> seen;
    {
        MainWindow window(service->service(), m_lab.get());
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            return {};
        // A connection in use fills the table, the host summary, the details and the event log.
        QSignalSpy leases(window.controller(), &PoolController::leaseAcquired);
        QTest::mouseClick(window.labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return !leases.isEmpty(); }, 10000))
            return {};
        const ConnectionId id = leases.at(0).at(0).value<Lease>().id;
        leases.clear();
        if (!QTest::qWaitFor([&] {
                const ConnectionRow* row = window.connectionsModel()->rowById(id);
                return row && row->info.state == ConnectionState::InUse;
            }))
            return {};
        window.selectConnections({id});
        for (A dialog : {A::Dial, A::Settings, A::About, A::Help})
            window.action(dialog)->trigger();
        QTest::qWait(200);   // a few snapshots: counters, status bar, charts
        walk(seen, &window); // the dialogs are its children
        window.action(A::Return)->trigger();
        // Handed back, so the service does not stop with a connection still leased.
        (void)QTest::qWaitFor([&] {
            const ConnectionRow* row = window.connectionsModel()->rowById(id);
            return !row || row->info.state == ConnectionState::Idle;
        });
    }
    return seen;
}

void TestUiGerman::translationFoundForTheLocale()
{
    // As the app does it: the translation is chosen from the locale alone.
    QCoreApplication* app = QCoreApplication::instance();
    QCOMPARE(installTranslations(*app, QLocale(QLocale::English, QLocale::UnitedStates)), QString());
    const QString loaded = installTranslations(*app, QLocale(QLocale::German, QLocale::Germany));
    QVERIFY2(loaded.endsWith(QLatin1String("poolscope_de.qm")), qPrintable(loaded));
    QCOMPARE(installTranslations(*app, QLocale(QLocale::German, QLocale::Austria)), loaded);
    removeTranslators(); // the next tests compare English with German
}

void TestUiGerman::installedTranslationComesFirst_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("installedName"); // the file put in the installed folder; empty: none
    QTest::addColumn<bool>("fromInstalled");    // loaded from there rather than compiled in
    QTest::addColumn<bool>("german");           // a German text is then shown

    // An installed file replaces the compiled-in one of its language (an update without a rebuild).
    QTest::newRow("installed replaces compiled in")
        << QLocale(QLocale::German) << "poolscope_de.qm" << true << true;
    // A language the build does not have is picked up from the installed folder alone.
    QTest::newRow("language only installed") << QLocale(QLocale::French) << "poolscope_fr.qm" << true << true;
    QTest::newRow("nothing installed: compiled in") << QLocale(QLocale::German) << QString() << false << true;
    QTest::newRow("another language installed")
        << QLocale(QLocale::German) << "poolscope_fr.qm" << false << true;
    QTest::newRow("no translation anywhere") << QLocale(QLocale::French) << QString() << false << false;
}

void TestUiGerman::installedTranslationComesFirst()
{
    QFETCH(QLocale, locale);
    QFETCH(QString, installedName);
    QFETCH(bool, fromInstalled);
    QFETCH(bool, german);

    // The German file stands in for any installed translation: its text shows which file loaded.
    QTemporaryDir installed;
    QVERIFY(installed.isValid());
    if (!installedName.isEmpty())
        QVERIFY(QFile::copy(QStringLiteral(":/i18n/poolscope_de.qm"), installed.filePath(installedName)));

    QCoreApplication* app = QCoreApplication::instance();
    const QString loaded = installTranslations(*app, locale, {installed.path(), QStringLiteral(":/i18n")});
    const QString file =
        QCoreApplication::translate("poolscope::ui::ConnectionsPanel", "%n connection(s)", nullptr, 2);
    removeTranslators();

    if (fromInstalled)
        QCOMPARE(loaded, installed.filePath(installedName));
    else if (german)
        QCOMPARE(loaded, QStringLiteral(":/i18n/poolscope_de.qm"));
    else
        QCOMPARE(loaded, QString());
    QCOMPARE(file, german ? QStringLiteral("2 Verbindungen") : QStringLiteral("2 connections"));
}

void TestUiGerman::translationDirectoriesExist()
{
    // Only folders that exist, the compiled-in files last so an installed file always wins.
    const QStringList directories = translationDirectories();
    QVERIFY(!directories.isEmpty());
    QCOMPARE(directories.last(), QStringLiteral(":/i18n"));
    for (const QString& directory : directories)
        QVERIFY2(QFileInfo(directory).isDir(), qPrintable(directory));
}

void TestUiGerman::pluralForms()
{
    QCoreApplication* app = QCoreApplication::instance();
    installTranslations(*app, QLocale(QLocale::German));
    const auto tr = [](const char* context, const char* text, int n) {
        return QCoreApplication::translate(context, text, nullptr, n);
    };
    const char* panel = "poolscope::ui::ConnectionsPanel";
    QCOMPARE(tr(panel, "%n connection(s)", 1), QStringLiteral("1 Verbindung"));
    QCOMPARE(tr(panel, "%n connection(s)", 2), QStringLiteral("2 Verbindungen"));
    QCOMPARE(tr(panel, "%n connection(s)", 0), QStringLiteral("0 Verbindungen"));
    const char* window = "poolscope::ui::MainWindow";
    QCOMPARE(tr(window, "%n event(s) exported to %1", 1), QStringLiteral("1 Ereignis nach %1 exportiert"));
    QCOMPARE(tr(window, "%n event(s) exported to %1", 5), QStringLiteral("5 Ereignisse nach %1 exportiert"));
    removeTranslators();
}

void TestUiGerman::everyStateExplained()
{
    // The engine's sentences are translated by their English text: each must still match.
    QCoreApplication* app = QCoreApplication::instance();
    QStringList english;
    for (int s = 0; s <= static_cast<int>(ConnectionState::Closing); ++s)
        english.append(stateExplanation(static_cast<ConnectionState>(s)));
    installTranslations(*app, QLocale(QLocale::German));
    for (int s = 0; s <= static_cast<int>(ConnectionState::Closing); ++s) {
        const QString german = stateExplanation(static_cast<ConnectionState>(s));
        QVERIFY2(german != english.at(s), qPrintable(english.at(s)));
    }
    removeTranslators();
}

void TestUiGerman::noVisibleStringUntranslated()
{
    QCoreApplication* app = QCoreApplication::instance();
    // English first (with its plural forms, as the app has them), then German on top of it.
    installTranslations(*app, QLocale(QLocale::English));
    const QList<Seen> english = collect();
    QVERIFY(english.size() > 200);
    QSet<QString> englishTexts;
    for (const Seen& s : english)
        englishTexts.insert(s.text);

    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QVERIFY(installTranslations(*app, QLocale(QLocale::German, QLocale::Germany))
                .endsWith(QLatin1String("_de.qm")));
    const QList<Seen> german = collect();
    QLocale::setDefault(QLocale::c());
    QVERIFY(german.size() > 200);

    QStringList untranslated;
    QSet<QString> reported;
    for (const Seen& s : german) {
        if (englishTexts.contains(s.text) && !technical(s.text) && !reported.contains(s.text)) {
            reported.insert(s.text);
            untranslated.append(s.where + QStringLiteral(": \"") + s.text + QLatin1Char('"'));
        }
    }
    // Guards against a walk that saw nothing German at all (a translation that did not load).
    bool sawGerman = false;
    for (const Seen& s : german)
        sawGerman = sawGerman || s.text == QLatin1String("&Datei");
    QVERIFY(sawGerman);
    for (const QString& line : std::as_const(untranslated))
        qWarning("untranslated: %s", qPrintable(line)); // the failure message below is cut short
    QVERIFY2(untranslated.isEmpty(),
             qPrintable(QStringLiteral("%1 untranslated:\n  ").arg(untranslated.size()) +
                        untranslated.join(QStringLiteral("\n  "))));
}

QTEST_MAIN(TestUiGerman)
#include "tst_ui_german.moc"
