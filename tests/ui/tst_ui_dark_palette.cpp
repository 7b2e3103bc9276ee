// The colour coding in a light and in a dark (Fusion-style) palette: the contrast-ratio helper
// itself; the real window against the lab, its table's and event log's foreground / background
// colours for rows that arrived (green flash), failed, were closed (red flash) and are greyed,
// checked cell by cell for WCAG 4.5:1; the keep-alive bars painted into an image, 3:1 against the
// cell and the track; the lab dock's and the status bar's text; the toolbar's icons (3:1 under the
// dark palette, as drawn under the light one). Each palette is set after the window was built in
// the other one, so what is checked is what a palette change shows. The window (and the toolbar)
// in each palette is saved as a PNG to look at.

#include "fd_guard.h"
#include "lab/lab_dock.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "pool_controller.h"
#include "poolscope/lab/lab.h"
#include "poolscope/service/pool_service.h"
#include "ui_window_fixture.h"
#include "util/app_settings.h"
#include "util/palette_colours.h"
#include "widgets/counters_panel.h"
#include "widgets/details_pane.h"
#include "widgets/keep_alive_delegate.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>
#include <QTextDocument>
#include <QThreadPool>
#include <QToolBar>
#include <memory>

using namespace poolscope;
using namespace poolscope::ui;
using namespace std::chrono_literals;
using A = MainWindow::Action;

namespace {

QPalette lightPalette()
{
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    return fusion ? fusion->standardPalette() : QPalette();
}

/// The dark palette Fusion users set (Window #353535, Base #2a2a2a, white text, Highlight #2a82da).
QPalette darkPalette()
{
    QPalette p = lightPalette();
    const QColor window(0x35, 0x35, 0x35);
    const QColor white(Qt::white);
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::Window, window);
        p.setColor(group, QPalette::WindowText, white);
        p.setColor(group, QPalette::Base, QColor(0x2a, 0x2a, 0x2a));
        p.setColor(group, QPalette::AlternateBase, QColor(0x42, 0x42, 0x42));
        p.setColor(group, QPalette::ToolTipBase, window);
        p.setColor(group, QPalette::ToolTipText, white);
        p.setColor(group, QPalette::Text, white);
        p.setColor(group, QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
        p.setColor(group, QPalette::Button, window);
        p.setColor(group, QPalette::ButtonText, white);
        p.setColor(group, QPalette::BrightText, Qt::red);
        p.setColor(group, QPalette::Light, QColor(0x4a, 0x4a, 0x4a));
        p.setColor(group, QPalette::Midlight, QColor(0x40, 0x40, 0x40));
        p.setColor(group, QPalette::Mid, QColor(0x24, 0x24, 0x24));
        p.setColor(group, QPalette::Dark, QColor(0x23, 0x23, 0x23));
        p.setColor(group, QPalette::Shadow, QColor(0x14, 0x14, 0x14));
        p.setColor(group, QPalette::Link, QColor(0x2a, 0x82, 0xda));
        p.setColor(group, QPalette::Highlight, QColor(0x2a, 0x82, 0xda));
        p.setColor(group, QPalette::HighlightedText, Qt::black);
    }
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x7f, 0x7f, 0x7f));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x7f, 0x7f, 0x7f));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x7f, 0x7f, 0x7f));
    return p;
}

QPalette paletteNamed(const QString& name)
{
    return name == QLatin1String("dark") ? darkPalette() : lightPalette();
}

QString describe(const QColor& c)
{
    return c.name(QColor::HexArgb);
}

/// Every cell's text against what it is drawn on: its BackgroundRole (over Base), else Base and
/// AlternateBase. Empty when all reach `minRatio`, else the first cell that does not.
QString lowContrastCell(const QAbstractItemModel& model, const QPalette& palette, double minRatio)
{
    const QColor base = palette.color(QPalette::Base);
    for (int r = 0; r < model.rowCount(); ++r) {
        for (int c = 0; c < model.columnCount(); ++c) {
            const QModelIndex index = model.index(r, c);
            const QVariant fgData = index.data(Qt::ForegroundRole);
            const QColor fg = fgData.isValid() ? fgData.value<QColor>() : palette.color(QPalette::Text);
            const QVariant bgData = index.data(Qt::BackgroundRole);
            QList<QColor> backgrounds;
            if (bgData.isValid())
                backgrounds.append(composite(bgData.value<QColor>(), base));
            else
                backgrounds = {base, palette.color(QPalette::AlternateBase)};
            for (const QColor& bg : std::as_const(backgrounds)) {
                const double ratio = contrastRatio(fg, bg);
                if (ratio < minRatio)
                    return QStringLiteral("row %1 column %2 (%3): %4 on %5 is %6:1")
                        .arg(r)
                        .arg(c)
                        .arg(index.data().toString(), describe(fg), describe(bg))
                        .arg(ratio, 0, 'f', 2);
            }
        }
    }
    return {};
}

/// The colour of the first `color:#rrggbb` in a label's rich text.
QColor spanColour(const QLabel* label)
{
    static const QRegularExpression colour(QStringLiteral("color:\\s*(#[0-9a-fA-F]{6})"));
    const QRegularExpressionMatch m = colour.match(label->text());
    return m.hasMatch() ? QColor(m.captured(1)) : QColor();
}

} // namespace

class TestDarkPalette : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init() { m_fds = std::make_unique<poolscope::test::FdGuard>(); }
    void cleanup();
    void cleanupTestCase() { m_lab.reset(); }

    void contrastRatioIsWcags_data();
    void contrastRatioIsWcags();
    void tonesAreReadable_data();
    void tonesAreReadable();
    void keepAliveBarsStandOut_data();
    void keepAliveBarsStandOut();
    void labDockTextIsReadable_data();
    void labDockTextIsReadable();
    void windowColoursFollowThePalette_data();
    void windowColoursFollowThePalette();
    void toolbarIconsStandOut_data();
    void toolbarIconsStandOut();

private:
    std::unique_ptr<lab::Lab> m_lab;
    std::unique_ptr<poolscope::test::FdGuard> m_fds;
    QPalette m_original;
};

void TestDarkPalette::initTestCase()
{
    poolscope::test::prepareWindowTest("PoolScopeDarkPaletteTest");
    m_original = QApplication::palette();
    m_lab = poolscope::test::startTestLab();
    QVERIFY(m_lab);
}

void TestDarkPalette::cleanup()
{
    QApplication::setPalette(m_original);
    QThreadPool::globalInstance()->waitForDone();
    QCOMPARE(m_fds->settledLeak(), 0);
}

void TestDarkPalette::contrastRatioIsWcags_data()
{
    QTest::addColumn<QColor>("a");
    QTest::addColumn<QColor>("b");
    QTest::addColumn<double>("ratio");
    QTest::newRow("black on white") << QColor(Qt::black) << QColor(Qt::white) << 21.0;
    QTest::newRow("white on black") << QColor(Qt::white) << QColor(Qt::black) << 21.0;
    QTest::newRow("same") << QColor(0x35, 0x35, 0x35) << QColor(0x35, 0x35, 0x35) << 1.0;
    QTest::newRow("#767676 on white") << QColor(0x76, 0x76, 0x76) << QColor(Qt::white) << 4.54; // AA's edge
    QTest::newRow("#808080 on white") << QColor(0x80, 0x80, 0x80) << QColor(Qt::white) << 3.95;
    QTest::newRow("white on #2a2a2a") << QColor(Qt::white) << QColor(0x2a, 0x2a, 0x2a) << 14.35;
}

void TestDarkPalette::contrastRatioIsWcags()
{
    QFETCH(QColor, a);
    QFETCH(QColor, b);
    QFETCH(double, ratio);
    QVERIFY2(std::abs(contrastRatio(a, b) - ratio) < 0.01, qPrintable(QString::number(contrastRatio(a, b))));
}

void TestDarkPalette::tonesAreReadable_data()
{
    QTest::addColumn<QString>("palette");
    QTest::newRow("light") << QStringLiteral("light");
    QTest::newRow("dark") << QStringLiteral("dark");
}

void TestDarkPalette::tonesAreReadable()
{
    QFETCH(QString, palette);
    const QPalette pal = paletteNamed(palette);
    const QColor base = pal.color(QPalette::Base);
    for (Tone tone : {Tone::Good, Tone::Bad, Tone::Warning, Tone::Muted}) {
        const QColor text = toneText(tone, pal);
        QVERIFY2(contrastRatio(text, base) >= kTextContrast, qPrintable(describe(text)));
        QVERIFY(contrastRatio(text, pal.color(QPalette::AlternateBase)) >= kTextContrast);
        QVERIFY(contrastRatio(toneText(tone, pal, QPalette::Window), pal.color(QPalette::Window)) >=
                kTextContrast);
        // The hue stays (a grey stays grey): only the lightness moves.
        const QColor hue = toneHue(tone);
        if (hue.hslSaturation() > 0) {
            const int turn = std::abs(text.toHsl().hslHue() - hue.toHsl().hslHue());
            QVERIFY2(std::min(turn, 360 - turn) <= 4,
                     qPrintable(describe(text) + QLatin1Char(' ') + describe(hue)));
        }
    }
    // Colours that already read well are left as they are (the light palette's look).
    if (palette == QLatin1String("light")) {
        QCOMPARE(toneText(Tone::Bad, pal), toneHue(Tone::Bad));
        QCOMPARE(toneText(Tone::Good, pal), toneHue(Tone::Good));
        QCOMPARE(toneText(Tone::Warning, pal), toneHue(Tone::Warning));
    }
    // The flash fills show on Base and keep the palette's Text readable on them.
    for (double strength : {1.0, 0.5, 0.01, -1.0}) {
        const QColor fill = flashFill(strength, pal);
        QVERIFY(fill.isValid());
        QVERIFY2(contrastRatio(pal.color(QPalette::Text), fill) >= kTextContrast, qPrintable(describe(fill)));
        QVERIFY2(fill != base, qPrintable(describe(fill)));
        const bool green = fill.green() > fill.red();
        QCOMPARE(green, strength > 0.0);
    }
    QVERIFY(!flashFill(0.0, pal).isValid());
}

void TestDarkPalette::keepAliveBarsStandOut_data()
{
    QTest::addColumn<QString>("palette");
    QTest::addColumn<double>("fraction");
    for (const char* name : {"light", "dark"}) {
        for (double fraction : {0.9, 0.4, 0.1})
            QTest::addRow("%s %.1f", name, fraction) << QString::fromLatin1(name) << fraction;
    }
}

void TestDarkPalette::keepAliveBarsStandOut()
{
    QFETCH(QString, palette);
    QFETCH(double, fraction);
    const QPalette pal = paletteNamed(palette);
    QStandardItemModel model(1, 1);
    model.setData(model.index(0, 0), QStringLiteral("12 s"));
    model.setData(model.index(0, 0), fraction, ConnectionsModel::KeepAliveFractionRole);
    KeepAliveDelegate delegate;
    QStyleOptionViewItem option;
    option.rect = QRect(0, 0, 160, 24);
    option.palette = pal;
    option.state = QStyle::State_Enabled;
    QImage image(option.rect.size(), QImage::Format_RGB32);
    image.fill(pal.color(QPalette::Base));
    {
        QPainter painter(&image);
        delegate.paint(&painter, option, model.index(0, 0));
    }
    const QString where = QStringLiteral("(%1)").arg(palette);
    image.save(QDir(QDir::tempPath())
                   .filePath(QStringLiteral("poolscope-keepalive-%1-%2.png").arg(palette).arg(fraction)));
    // The track runs from x 4 to 156; the bar from its left end for `fraction` of it; the time is
    // right-aligned on it. Pixels on the middle line, clear of the rounded ends.
    const int y = option.rect.height() / 2;
    const QColor cell = image.pixelColor(1, y);
    const QColor bar = image.pixelColor(8, y);
    QCOMPARE(cell, pal.color(QPalette::Base));
    QVERIFY2(contrastRatio(bar, cell) >= kFillContrast,
             qPrintable(where + describe(bar) + QStringLiteral(" on ") + describe(cell)));
    if (fraction < 0.5) {
        const QColor track = image.pixelColor(static_cast<int>(4 + 152 * fraction) + 10, y);
        QVERIFY2(contrastRatio(bar, track) >= kFillContrast,
                 qPrintable(where + describe(bar) + QStringLiteral(" on track ") + describe(track)));
    } else {
        // The time is drawn over the bar: still readable there.
        const double ratio = contrastRatio(pal.color(QPalette::Text), bar);
        QVERIFY2(ratio >= kTextContrast, qPrintable(where + QString::number(ratio)));
    }
    // The hue says how much is left: green, amber, red.
    const int hue = bar.toHsv().hsvHue();
    if (fraction > 0.5)
        QVERIFY2(hue > 90 && hue < 180, qPrintable(QString::number(hue)));
    else if (fraction > 0.2)
        QVERIFY2(hue > 25 && hue < 60, qPrintable(QString::number(hue)));
    else
        QVERIFY2(hue < 15 || hue > 345, qPrintable(QString::number(hue)));
}

void TestDarkPalette::labDockTextIsReadable_data()
{
    tonesAreReadable_data();
}

void TestDarkPalette::labDockTextIsReadable()
{
    QFETCH(QString, palette);
    const QPalette pal = paletteNamed(palette);
    // Built in the other palette, then switched: the change recolours it.
    QApplication::setPalette(
        paletteNamed(palette == QLatin1String("dark") ? QStringLiteral("light") : QStringLiteral("dark")));
    LabDock dock(m_lab.get());
    dock.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dock));
    QApplication::setPalette(pal);
    QTRY_COMPARE(dock.palette().color(QPalette::Base), pal.color(QPalette::Base));

    const QColor base = pal.color(QPalette::Base);
    auto* intro = dock.findChild<QLabel*>(QStringLiteral("labIntro"));
    QVERIFY(intro);
    intro->ensurePolished();
    const QColor introText = intro->palette().color(QPalette::WindowText);
    QVERIFY2(contrastRatio(introText, pal.color(QPalette::Window)) >= kTextContrast,
             qPrintable(describe(introText)));
    int cards = 0;
    for (const lab::ServerInfo& server : m_lab->servers()) {
        const QString name = QString::fromStdString(server.name);
        auto* title = dock.findChild<QLabel*>(QStringLiteral("labTitle_") + name);
        auto* explanation = dock.findChild<QLabel*>(QStringLiteral("labExplanation_") + name);
        QVERIFY2(title && explanation, qPrintable(name));
        const QColor port = spanColour(title);
        QVERIFY2(port.isValid(), qPrintable(title->text()));
        QVERIFY2(contrastRatio(port, base) >= kTextContrast, qPrintable(name + describe(port)));
        QVERIFY2(contrastRatio(title->palette().color(QPalette::WindowText), base) >= kTextContrast,
                 qPrintable(name));
        explanation->ensurePolished();
        const QColor text = explanation->palette().color(QPalette::WindowText);
        QVERIFY2(contrastRatio(text, base) >= kTextContrast, qPrintable(name + describe(text)));
        ++cards;
    }
    QVERIFY(cards > 5);
}

void TestDarkPalette::windowColoursFollowThePalette_data()
{
    tonesAreReadable_data();
}

void TestDarkPalette::windowColoursFollowThePalette()
{
    QFETCH(QString, palette);
    const QPalette pal = paletteNamed(palette);
    QApplication::setPalette(
        paletteNamed(palette == QLatin1String("dark") ? QStringLiteral("light") : QStringLiteral("dark")));
    AppSettings::setClosedLinger(600s);
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    std::unique_ptr<PoolServiceThread> service = std::move(started).value();
    auto window = std::make_unique<MainWindow>(service->service(), m_lab.get());
    window->resize(1024, 640);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QApplication::setPalette(pal);
    QTRY_COMPARE(window->palette().color(QPalette::Base), pal.color(QPalette::Base));
    ConnectionsModel* model = window->connectionsModel();
    model->setFlashDuration(60s); // every row flashes until the test turns it off

    // Two dials of the lab's HTTP server (one is then closed) and one its untrusted server fails.
    QSignalSpy leases(window->controller(), &PoolController::leaseAcquired);
    QTest::mouseClick(window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(leases.size(), 1, 10000);
    QTest::mouseClick(window->labDock()->dialButton(lab::ServerKind::Http), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(leases.size(), 2, 10000);
    QTest::mouseClick(window->labDock()->dialButton(lab::ServerKind::Untrusted), Qt::LeftButton);
    const ConnectionId kept = leases.at(0).at(0).value<Lease>().id;
    const ConnectionId closed = leases.at(1).at(0).value<Lease>().id;
    leases.clear(); // the window's own copies hold the leases
    QTRY_VERIFY(model->rowById(closed) && model->rowById(closed)->info.state == ConnectionState::InUse);
    window->selectConnections({closed});
    window->action(A::Close)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowById(closed) && model->rowById(closed)->gone(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 for (int r = 0; r < model->rowCount(); ++r) {
                                     if (model->rowAt(r).failed)
                                         return true;
                                 }
                                 return false;
                             }()),
                             10000);
    window->selectConnections({});

    // While they flash: green for the one that came, red for those that left.
    const QModelIndex keptIndex = model->index(model->rowOf(kept), ConnectionsModel::Endpoint);
    const QModelIndex closedIndex = model->index(model->rowOf(closed), ConnectionsModel::Endpoint);
    QVERIFY(keptIndex.data(ConnectionsModel::FlashRole).toDouble() > 0.0);
    QCOMPARE(closedIndex.data(ConnectionsModel::FlashRole).toDouble(), -1.0);
    const QColor green = keptIndex.data(Qt::BackgroundRole).value<QColor>();
    const QColor red = closedIndex.data(Qt::BackgroundRole).value<QColor>();
    QVERIFY2(green.isValid() && green.green() > green.red(), qPrintable(describe(green)));
    QVERIFY2(red.isValid() && red.red() > red.green(), qPrintable(describe(red)));
    QString low = lowContrastCell(*model, pal, kTextContrast);
    QVERIFY2(low.isEmpty(), qPrintable(low));
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    const QString file =
        QDir(QDir::tempPath()).filePath(QStringLiteral("poolscope-palette-%1.png").arg(palette));
    QVERIFY(window->grab().save(file));
    qInfo("window in the %s palette saved to %s", qPrintable(palette), qPrintable(file));

    // After the flash: the rows that left are greyed, still readable.
    model->setFlashDuration(0ms);
    model->tick();
    QVERIFY(!closedIndex.data(Qt::BackgroundRole).isValid());
    const QColor grey = closedIndex.data(Qt::ForegroundRole).value<QColor>();
    QCOMPARE(grey, toneText(Tone::Muted, pal));
    QVERIFY(grey.toHsl().hslSaturation() == 0); // still grey
    low = lowContrastCell(*model, pal, kTextContrast);
    QVERIFY2(low.isEmpty(), qPrintable(low));

    // The event log: the failure in red, the rest as the palette's text; all readable.
    const EventLogModel* log = window->eventLogModel();
    bool severe = false;
    for (int r = 0; r < log->rowCount(); ++r)
        severe |= log->index(r, 0).data(Qt::ForegroundRole).isValid();
    QVERIFY(severe);
    low = lowContrastCell(*log, pal, kTextContrast);
    QVERIFY2(low.isEmpty(), qPrintable(low));

    // The status bar's coloured state follows the palette too.
    auto* poolState = window->findChild<QLabel*>(QStringLiteral("statusPoolState"));
    QVERIFY(poolState);
    poolState->ensurePolished();
    const QColor stateText = poolState->palette().color(QPalette::WindowText);
    QVERIFY2(contrastRatio(stateText, pal.color(QPalette::Window)) >= kTextContrast,
             qPrintable(describe(stateText)));
    QVERIFY2(stateText.green() > stateText.red(), qPrintable(describe(stateText))); // "Pool open"

    // The details pane's HTML colours: each rule's text on its own background, else on Base.
    static const QRegularExpression colourOf(QStringLiteral("(?<!-)color:\\s*(#[0-9a-fA-F]{6})"));
    static const QRegularExpression backgroundOf(QStringLiteral("background:\\s*(#[0-9a-fA-F]{6})"));
    int rules = 0;
    for (const QString& rule :
         window->detailsPane()->document()->defaultStyleSheet().split(QLatin1Char('}'), Qt::SkipEmptyParts)) {
        const QRegularExpressionMatch fg = colourOf.match(rule);
        if (!fg.hasMatch())
            continue;
        const QRegularExpressionMatch bg = backgroundOf.match(rule);
        const QColor background = bg.hasMatch() ? QColor(bg.captured(1)) : pal.color(QPalette::Base);
        QVERIFY2(contrastRatio(QColor(fg.captured(1)), background) >= kTextContrast, qPrintable(rule));
        ++rules;
    }
    QVERIFY(rules >= 5);

    // The counters' titles, on their tiles (Base).
    int titles = 0;
    for (QLabel* label : window->counters()->findChildren<QLabel*>()) {
        if (label->property("role").toString() != QLatin1String("title"))
            continue;
        label->ensurePolished();
        const QColor text = label->palette().color(QPalette::WindowText);
        QVERIFY2(contrastRatio(text, pal.color(QPalette::Base)) >= kTextContrast,
                 qPrintable(label->text() + describe(text)));
        ++titles;
    }
    QVERIFY(titles > 5);

    window.reset();
    service.reset();
    QSettings().remove(QStringLiteral("ui/closedLingerSeconds"));
}

void TestDarkPalette::toolbarIconsStandOut_data()
{
    QTest::addColumn<QString>("palette");
    QTest::newRow("light") << QStringLiteral("light");
    QTest::newRow("dark") << QStringLiteral("dark");
}

void TestDarkPalette::toolbarIconsStandOut()
{
    // Reproduced: under the dark palette the Settings icon (dark grey sliders) was dark on dark,
    // and so were Return, Use, Close Idle … Built in one palette, checked in the other; the light
    // palette keeps the icons as drawn.
    QFETCH(QString, palette);
    const QPalette pal = paletteNamed(palette);
    QApplication::setPalette(
        paletteNamed(palette == QLatin1String("dark") ? QStringLiteral("light") : QStringLiteral("dark")));
    ServiceOptions options;
    options.publishInterval = 50ms;
    auto started = PoolServiceThread::start(options);
    QVERIFY(started.ok());
    std::unique_ptr<PoolServiceThread> service = std::move(started).value();
    auto window = std::make_unique<MainWindow>(service->service(), m_lab.get());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    QApplication::setPalette(pal);
    QTRY_COMPARE(window->palette().color(QPalette::Window), pal.color(QPalette::Window));

    auto* bar = window->findChild<QToolBar*>(QStringLiteral("poolToolBar"));
    QVERIFY(bar);
    const QColor background = pal.color(QPalette::Window);
    int icons = 0;
    for (QAction* a : bar->actions()) {
        if (a->isSeparator() || a->icon().isNull())
            continue;
        ++icons;
        const QImage image = a->icon().pixmap(QSize(24, 24)).toImage().convertToFormat(QImage::Format_ARGB32);
        const QString name = a->property("poolscopeIconName").toString();
        QVERIFY2(!name.isEmpty(), qPrintable(a->objectName()));
        if (palette == QLatin1String("light")) {
            // As drawn: the light palette's icons are not touched.
            const QImage drawn = QIcon(QStringLiteral(":/icons/actions/%1.png").arg(name))
                                     .pixmap(QSize(24, 24))
                                     .toImage()
                                     .convertToFormat(QImage::Format_ARGB32);
            QCOMPARE(image, drawn);
            continue;
        }
        // The pixels an icon is drawn with (not its anti-aliased rims), on the toolbar.
        int drawn = 0;
        int standOut = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = QColor::fromRgba(image.pixel(x, y));
                if (c.alpha() < 255)
                    continue;
                ++drawn;
                if (contrastRatio(c, background) >= kFillContrast - 0.01)
                    ++standOut;
            }
        }
        QVERIFY2(drawn > 0, qPrintable(name));
        // What is drawn stands out 3:1 (all of it, but for a rare blend between two colours).
        QVERIFY2(standOut * 100 >= drawn * 95,
                 qPrintable(QStringLiteral("%1: %2 of %3 pixels stand out on %4")
                                .arg(name)
                                .arg(standOut)
                                .arg(drawn)
                                .arg(describe(background))));
    }
    QVERIFY(icons >= 8);
    // To look at: the toolbar as drawn in this palette.
    QVERIFY(bar->grab().save(
        QDir(QDir::tempPath()).filePath(QStringLiteral("poolscope-toolbar-%1.png").arg(palette))));
    window.reset();
    service.reset();
}

QTEST_MAIN(TestDarkPalette)
#include "tst_ui_dark_palette.moc"
