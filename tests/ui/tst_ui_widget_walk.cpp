// The clipped-text walker of tests/ui/widget_walk.h on widgets given too little room on purpose:
// each kind it checks (label, wrapped label, push button, check box, group box title, tab, status
// bar message, a child outside its parent) is named when cut and not when whole, so that
// ui_fits_screens passing means something. The status bar case also checks
// ui/util/status_message_fit: a long message, elided with the whole text in a tool tip, passes.
// Table cells, header sections and the text our own widgets paint are checked the same way.

#include "util/status_message_fit.h"
#include "widget_walk.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
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

/// The walker names `expected` in what it finds under `window`, or (empty) finds nothing.
bool walkFinds(QWidget* window, const QString& expected)
{
    const QStringList found = poolscope::test::clippedTexts(window);
    const bool ok = expected.isEmpty() ? found.isEmpty() : found.join(QLatin1Char(' ')).contains(expected);
    if (!ok)
        qWarning("expected %s, found: %s", expected.isEmpty() ? "nothing" : qPrintable(expected),
                 qPrintable(found.join(QStringLiteral("; "))));
    return ok;
}

} // namespace

namespace poolscope::test {

/// Draws its text where the test says: inside, past its right edge, over a second text, or elided.
class PaintsText : public QWidget
{
    Q_OBJECT
public:
    enum class Way
    {
        Whole,
        Outside,
        Overlapping,
        Elided,
        ElidedWithToolTip
    };
    Q_ENUM(Way)
    PaintsText(Way way, QString text, QWidget* parent) : QWidget(parent), m_way(way), m_text(std::move(text))
    {
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        const QFontMetrics fm = fontMetrics();
        switch (m_way) {
        case Way::Whole:
            painter.drawText(QPoint(2, fm.ascent() + 2), m_text.left(4));
            break;
        case Way::Outside:
            painter.drawText(QPoint(width() - 10, fm.ascent() + 2), m_text);
            break;
        case Way::Overlapping:
            painter.drawText(QPoint(2, fm.ascent() + 2), m_text.left(4));
            painter.drawText(QPoint(6, fm.ascent() + 4), m_text.left(4));
            break;
        case Way::Elided:
        case Way::ElidedWithToolTip:
            painter.drawText(QPoint(2, fm.ascent() + 2), fm.elidedText(m_text, Qt::ElideRight, width() - 4));
            break;
        }
    }
    bool event(QEvent* e) override
    {
        if (e->type() == QEvent::ToolTip && m_way == Way::ElidedWithToolTip) {
            QToolTip::showText(static_cast<QHelpEvent*>(e)->globalPos(), m_text, this);
            return true;
        }
        return QWidget::event(e);
    }

private:
    Way m_way;
    QString m_text;
};

} // namespace poolscope::test

class TestWidgetWalk : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void walkerFindsWhatIsCut_data();
    void walkerFindsWhatIsCut();
    void cellsAndSections_data();
    void cellsAndSections();
    void paintedText_data();
    void paintedText();
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

void TestWidgetWalk::cellsAndSections_data()
{
    QTest::addColumn<int>("columnWidth");
    QTest::addColumn<bool>("cellToolTip");
    QTest::addColumn<bool>("headerToolTip");
    QTest::addColumn<bool>("elide");
    QTest::addColumn<QString>("expected"); // what the walker names; empty: nothing

    QTest::newRow("whole") << 0 << false << false << true << QString();
    QTest::newRow("cell cut, no tool tip") << 40 << false << true << true << "elided without its text";
    QTest::newRow("cell cut, tool tip") << 40 << true << true << true << QString();
    QTest::newRow("cell cut, no ellipsis") << 40 << true << true << false << "cut without an ellipsis";
    QTest::newRow("section cut, no tool tip") << 40 << true << false << true << "section";
}

void TestWidgetWalk::cellsAndSections()
{
    QFETCH(int, columnWidth);
    QFETCH(bool, cellToolTip);
    QFETCH(bool, headerToolTip);
    QFETCH(bool, elide);
    QFETCH(QString, expected);
    const QString text = QStringLiteral("tls://a-rather-long-host-name.lab.test:443");
    const QString header = QStringLiteral("Endpoint of the connection");
    QStandardItemModel model(3, 2);
    for (int row = 0; row < 3; ++row) {
        auto* item = new QStandardItem(text);
        if (cellToolTip)
            item->setToolTip(text);
        model.setItem(row, 0, item);
        model.setItem(row, 1, new QStandardItem(QStringLiteral("x")));
    }
    model.setHorizontalHeaderLabels({header, QStringLiteral("Other")});
    if (headerToolTip)
        model.setHeaderData(0, Qt::Horizontal, header, Qt::ToolTipRole);
    QWidget window; // the walker looks at a window's children
    window.resize(700, 200);
    auto* view = new QTableView(&window);
    view->setModel(&model);
    view->setTextElideMode(elide ? Qt::ElideRight : Qt::ElideNone);
    view->setGeometry(0, 0, 700, 200);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    if (columnWidth > 0)
        view->setColumnWidth(0, columnWidth);
    else
        view->resizeColumnsToContents();
    QVERIFY(walkFinds(&window, expected));
}

void TestWidgetWalk::paintedText_data()
{
    using Way = poolscope::test::PaintsText::Way;
    QTest::addColumn<Way>("way");
    QTest::addColumn<QString>("expected");
    QTest::newRow("whole") << Way::Whole << QString();
    QTest::newRow("outside") << Way::Outside << "outside it";
    QTest::newRow("overlapping") << Way::Overlapping << "on top of";
    QTest::newRow("elided, no tool tip") << Way::Elided << "no tool tip";
    QTest::newRow("elided, tool tip") << Way::ElidedWithToolTip << QString();
}

void TestWidgetWalk::paintedText()
{
    using Way = poolscope::test::PaintsText::Way;
    QFETCH(Way, way);
    QFETCH(QString, expected);
    QWidget window;
    window.resize(300, 100);
    auto* painter = new poolscope::test::PaintsText(
        way, QStringLiteral("A text that needs far more room than eighty pixels"), &window);
    painter->setGeometry(10, 10, 80, 40);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(walkFinds(&window, expected));
}

QTEST_MAIN(TestWidgetWalk)
#include "tst_ui_widget_walk.moc"
