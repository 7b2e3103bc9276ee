// The clipped-text walker of tests/ui/widget_walk.h on widgets given too little room on purpose:
// each kind it checks (label, wrapped label, push button, check box, group box title, tab, status
// bar message, a child outside its parent) is named when cut and not when whole, so that
// ui_fits_screens passing means something. The status bar case also checks
// ui/util/status_message_fit: a long message, elided with the whole text in a tool tip, passes.

#include "util/status_message_fit.h"
#include "widget_walk.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QGroupBox>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QTabBar>
#include <QTest>

using namespace poolscope::ui;

namespace {

/// The layouts done and queued calls run.
void settle()
{
    for (int i = 0; i < 3; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QCoreApplication::processEvents();
    }
}

} // namespace

class TestWidgetWalk : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void walkerFindsWhatIsCut_data();
    void walkerFindsWhatIsCut();
};

void TestWidgetWalk::walkerFindsWhatIsCut_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("cut");
    for (const char* kind :
         {"label", "wrapped label", "button", "check box", "group box", "tab", "status bar", "child"}) {
        QTest::addRow("%s cut", kind) << QString::fromLatin1(kind) << true;
        QTest::addRow("%s whole", kind) << QString::fromLatin1(kind) << false;
    }
}

void TestWidgetWalk::walkerFindsWhatIsCut()
{
    // Each kind of widget given too little room (a fixed size a layout would never give it) is
    // named; given its hint, it is not.
    QFETCH(QString, kind);
    QFETCH(bool, cut);
    const QString text = QStringLiteral("A text that needs far more room than forty pixels");
    QWidget window;
    window.resize(600, 400);
    QWidget* probe = nullptr;
    if (kind == QLatin1String("label")) {
        probe = new QLabel(text, &window);
    } else if (kind == QLatin1String("wrapped label")) {
        auto* label = new QLabel(text + QLatin1Char(' ') + text, &window);
        label->setWordWrap(true);
        probe = label;
    } else if (kind == QLatin1String("button")) {
        probe = new QPushButton(text, &window);
    } else if (kind == QLatin1String("check box")) {
        probe = new QCheckBox(text, &window);
    } else if (kind == QLatin1String("group box")) {
        probe = new QGroupBox(text, &window);
    } else if (kind == QLatin1String("tab")) {
        auto* bar = new QTabBar(&window);
        bar->addTab(text);
        bar->setElideMode(Qt::ElideRight);
        probe = bar;
    } else if (kind == QLatin1String("status bar")) {
        auto* bar = new QStatusBar(&window);
        bar->addPermanentWidget(new QLabel(QStringLiteral("Pool open"), bar));
        if (!cut)
            fitStatusMessages(bar); // elides the message, whole in the tool tip
        bar->setGeometry(0, 0, 300, 30);
        bar->showMessage(text + QLatin1Char(' ') + text);
        probe = bar;
    } else {
        probe = new QWidget(&window);
        probe->setObjectName(QStringLiteral("probeChild"));
    }
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QSize hint = probe->sizeHint().isValid() ? probe->sizeHint() : QSize(50, 50);
    if (kind == QLatin1String("child"))
        probe->setGeometry(cut ? QRect(580, 10, 50, 50) : QRect(10, 10, 50, 50));
    else if (kind == QLatin1String("wrapped label"))
        probe->setGeometry(0, 0, 200, cut ? probe->fontMetrics().height() : probe->heightForWidth(200));
    else if (kind == QLatin1String("status bar"))
        settle(); // the fitter follows the message and the bar's size on the next turn
    else if (kind == QLatin1String("group box")) // an empty box's hint ignores its title
        probe->setGeometry(0, 0, cut ? 40 : probe->fontMetrics().horizontalAdvance(text) + 40, 50);
    else if (kind == QLatin1String("tab")) // room for the elided tab, not for its whole text
        probe->setGeometry(QRect(QPoint(0, 0), cut ? QSize(hint.width() / 2, hint.height()) : hint));
    else
        probe->setGeometry(QRect(QPoint(0, 0), cut ? QSize(40, hint.height()) : hint));
    const QStringList found = kind == QLatin1String("child") ? poolscope::test::widgetsOutsideParents(&window)
                                                             : poolscope::test::clippedTexts(&window);
    QVERIFY2(found.isEmpty() != cut, qPrintable(found.join(QStringLiteral("; "))));
    if (cut) {
        QVERIFY2(found.join(QLatin1Char(' ')).contains(QLatin1String(probe->metaObject()->className())),
                 qPrintable(found.join(QStringLiteral("; "))));
        // Elided with the whole text in a tool tip is what a cut tab may do.
        if (auto* bar = qobject_cast<QTabBar*>(probe)) {
            bar->setTabToolTip(0, text);
            QVERIFY(poolscope::test::clippedTexts(&window).isEmpty());
        }
    }
}

QTEST_MAIN(TestWidgetWalk)
#include "tst_ui_widget_walk.moc"
