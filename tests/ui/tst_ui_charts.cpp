// The monitor's charts, drawn with QPainter on qtbase alone: the data they keep, the axes they
// choose, what lands where in a rendered image (at 1× and at a 1.5 device pixel ratio), and the
// tool tips under the mouse.

#include "charts/chart_painting.h"
#include "charts/history_chart.h"
#include "charts/phase_chart.h"
#include "fd_guard.h"
#include "painted_text.h"
#include "ui_test_support.h"
#include "util/presentation.h"
#include "util/translations.h"

#include <QImage>
#include <QPainter>
#include <QTest>
#include <QThreadPool>

using namespace poolscope;
using namespace poolscope::ui;
using poolscope::test::makeConnection;

namespace {

/// How far apart two colours are (the largest channel difference).
int distance(QColor a, QColor b)
{
    return std::max(
        {std::abs(a.red() - b.red()), std::abs(a.green() - b.green()), std::abs(a.blue() - b.blue())});
}

/// The widget rendered into an image at `ratio` device pixels per logical pixel.
QImage render(QWidget& widget, QSize size, qreal ratio)
{
    widget.resize(size);
    QImage image(size * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    widget.render(&painter);
    painter.end();
    return image;
}

/// The device pixel ratios every drawing test runs at: plain and the 1.5 scale factor.
void addRatios()
{
    QTest::addColumn<qreal>("ratio");
    QTest::newRow("1x") << qreal(1.0);
    QTest::newRow("1.5x") << qreal(1.5);
}

/// Rows (top to bottom) of column `x` whose colour is within `tolerance` of `color`.
QList<int> rowsOf(const QImage& image, int x, QColor color, int tolerance = 40)
{
    QList<int> rows;
    for (int y = 0; y < image.height(); ++y) {
        if (distance(image.pixelColor(x, y), color) <= tolerance)
            rows.append(y);
    }
    return rows;
}

/// Pixels of row `y` that have exactly `color`.
int countInRow(const QImage& image, int y, QColor color)
{
    int n = 0;
    for (int x = 0; x < image.width(); ++x)
        n += image.pixelColor(x, y) == color ? 1 : 0;
    return n;
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        (void)installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English));
        // The event dispatcher and the font database open what they keep for the whole run on
        // first use: render once, then count from there.
        HistoryChart chart;
        (void)render(chart, {200, 100}, 1.0);
        QCoreApplication::processEvents();
        m_fds = poolscope::test::FdGuard();
    }
    void cleanup()
    {
        QThreadPool::globalInstance()->waitForDone();
        QVERIFY2(m_fds.settledLeak() <= 0, qPrintable(poolscope::test::openFdList()));
    }

    void niceNumbers_data();
    void niceNumbers();
    void ticksAreEvenAndWhole();
    void historyChartKeepsWindow();
    void historyChartScalesToItsData();
    void historyChartDrawsSeriesAtTheirValues_data();
    void historyChartDrawsSeriesAtTheirValues();
    void historyChartToolTip();
    void historyChartLabelsEveryTickThatFits_data();
    void historyChartLabelsEveryTickThatFits();
    void phaseChartAveragesPerHost();
    void phaseChartKeepsTheBusiestHosts();
    void phaseChartDrawsStackedBars_data();
    void phaseChartDrawsStackedBars();
    void phaseChartToolTip();

private:
    poolscope::test::FdGuard m_fds;
};

void TestCharts::niceNumbers_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("nice");
    QTest::newRow("zero") << 0.0 << 1.0;
    QTest::newRow("negative") << -3.0 << 1.0;
    QTest::newRow("one") << 1.0 << 1.0;
    QTest::newRow("just above one") << 1.01 << 2.0;
    QTest::newRow("three") << 3.0 << 5.0;
    QTest::newRow("0.3 stays 0.5") << 0.3 << 0.5;
    QTest::newRow("0.2 exactly") << 0.2 << 0.2;
    QTest::newRow("seven") << 7.0 << 10.0;
    QTest::newRow("sixty") << 60.0 << 100.0;
    QTest::newRow("1150") << 1150.0 << 2000.0;
}

void TestCharts::niceNumbers()
{
    QFETCH(double, value);
    QFETCH(double, nice);
    QCOMPARE(charts::niceCeiling(value), nice);
}

void TestCharts::ticksAreEvenAndWhole()
{
    QCOMPARE(charts::ticks(4, 5), (QList<double>{0, 1, 2, 3, 4}));
    QCOMPARE(charts::ticks(10, 5), (QList<double>{0, 2, 4, 6, 8, 10}));
    QCOMPARE(charts::ticks(300, 6), (QList<double>{0, 50, 100, 150, 200, 250, 300}));
    const QList<double> small = charts::ticks(0.5, 5);
    QCOMPARE(small.size(), 6);
    QVERIFY(qFuzzyCompare(small.back(), 0.5));
    QCOMPARE(charts::ticks(0, 5), (QList<double>{0}));
}

void TestCharts::historyChartKeepsWindow()
{
    HistoryChart chart;
    chart.setWindowSeconds(60);
    PoolSnapshot s;
    for (int i = 0; i <= 100; ++i) {
        s.stats.inUse = i % 7;
        chart.addSample(s, i * 1000);
    }
    QCOMPARE(chart.sampleCount(), 61);
    const auto inUse = chart.points(HistoryChart::Series::InUse);
    QCOMPARE(inUse.size(), 61);
    QCOMPARE(inUse.at(60).x(), 0.0);
    QCOMPARE(inUse.at(0).x(), -60.0);
    QCOMPARE(inUse.at(60).y(), double(100 % 7));
    QCOMPARE(chart.shownSeconds(), 60);
    QCOMPARE(chart.title(), QStringLiteral("In use, idle and waiting \u2014 last 1 minute"));

    chart.setWindowSeconds(30); // shrinking drops what is now outside the window
    QCOMPARE(chart.sampleCount(), 31);
}

void TestCharts::historyChartScalesToItsData()
{
    HistoryChart chart;
    PoolSnapshot s;
    s.stats.inUse = 1;
    chart.addSample(s, 0);
    QCOMPARE(chart.yTop(), 4);
    QCOMPARE(chart.shownSeconds(), 30);
    // The title names the span the axis shows, not the window it may grow to.
    QCOMPARE(chart.title(), QStringLiteral("In use, idle and waiting \u2014 last 30 seconds"));
    s.stats.idle = 9;
    s.waiters = 17;
    chart.addSample(s, 45'000);
    QCOMPARE(chart.yTop(), 50); // 17 × 1.2 → 20.4 → 50
    QCOMPARE(chart.shownSeconds(), 50);
    QCOMPARE(chart.title(), QStringLiteral("In use, idle and waiting \u2014 last 50 seconds"));
    QCOMPARE(chart.points(HistoryChart::Series::Waiting).back().y(), 17.0);
    QCOMPARE(chart.accessibleDescription(), QStringLiteral("In use 1, idle 9, waiting 17"));
}

void TestCharts::historyChartDrawsSeriesAtTheirValues_data()
{
    addRatios();
}

void TestCharts::historyChartDrawsSeriesAtTheirValues()
{
    QFETCH(qreal, ratio);
    HistoryChart chart;
    PoolSnapshot s;
    s.stats.inUse = 3;
    s.stats.idle = 1;
    for (int i = 0; i <= 30; ++i)
        chart.addSample(s, i * 1000);
    const QImage image = render(chart, {600, 260}, ratio);
    // Down the middle column: the in-use line (3 of 4) sits above the idle line (1 of 4), both
    // inside the image, at about three times the height above the axis.
    const int x = image.width() / 2;
    const QList<int> inUse = rowsOf(image, x, stateColor(ConnectionState::InUse));
    const QList<int> idle = rowsOf(image, x, stateColor(ConnectionState::Idle));
    QVERIFY2(!inUse.isEmpty() && !idle.isEmpty(), "both lines cross the middle column");
    QVERIFY(inUse.back() < idle.front());
    // The waiting line (0) marks the axis; in use (3) is twice as far above idle (1) as idle is
    // above the axis, whatever the y range (within three device pixels).
    const auto waiting = rowsOf(image, x, QColor(0xe0, 0x8e, 0x2b));
    QVERIFY2(!waiting.isEmpty(), "the waiting line (0) runs along the axis");
    const double axis = (waiting.front() + waiting.back()) / 2.0;
    const double idleY = (idle.front() + idle.back()) / 2.0;
    const double inUseY = (inUse.front() + inUse.back()) / 2.0;
    QVERIFY2(std::abs((idleY - inUseY) - 2 * (axis - idleY)) <= 3 * ratio,
             qPrintable(QStringLiteral("axis %1 idle %2 in use %3").arg(axis).arg(idleY).arg(inUseY)));
}

void TestCharts::historyChartToolTip()
{
    HistoryChart chart;
    chart.resize(600, 260);
    PoolSnapshot s;
    for (int i = 0; i <= 30; ++i) {
        s.stats.inUse = i;
        chart.addSample(s, i * 1000);
    }
    QVERIFY(chart.toolTipAt({2, 2}).isEmpty()); // the margin, not the plot
    // The right end of the plot is the newest sample.
    const QString newest = chart.toolTipAt({chart.width() - 20.0, chart.height() / 2.0});
    QVERIFY2(newest.contains(QStringLiteral("in use 30")) || newest.contains(QStringLiteral("in use 29")),
             qPrintable(newest));
}

void TestCharts::historyChartLabelsEveryTickThatFits_data()
{
    QTest::addColumn<int>("width");
    QTest::newRow("narrow") << 260;
    QTest::newRow("wide") << 900;
}

void TestCharts::historyChartLabelsEveryTickThatFits()
{
    // Both ends of the time axis are labelled at any width (the axis used to drop every label
    // after the newest, which it drew first), and no two labels share a pixel.
    QFETCH(int, width);
    HistoryChart chart;
    chart.resize(width, 200);
    PoolSnapshot s;
    for (int i = 0; i <= 30; ++i)
        chart.addSample(s, i * 1000);
    QStringList labels;
    QList<QRectF> rects;
    for (const poolscope::test::PaintedText& t : poolscope::test::paintedTexts(chart)) {
        if (t.text.endsWith(QLatin1String(" s"))) {
            labels << t.text;
            rects << t.rect;
        }
    }
    QVERIFY2(labels.contains(QStringLiteral("-30 s")), qPrintable(labels.join(QLatin1Char(','))));
    QVERIFY2(labels.contains(QStringLiteral("0 s")), qPrintable(labels.join(QLatin1Char(','))));
    if (width > 600)
        QVERIFY2(labels.size() >= 4, qPrintable(labels.join(QLatin1Char(','))));
    for (qsizetype i = 0; i < rects.size(); ++i) {
        QVERIFY(chart.rect().adjusted(-1, -1, 1, 1).contains(rects.at(i).toAlignedRect()));
        for (qsizetype j = i + 1; j < rects.size(); ++j)
            QVERIFY2(!rects.at(i).adjusted(1, 1, -1, -1).intersects(rects.at(j)),
                     qPrintable(labels.at(i) + QLatin1Char('/') + labels.at(j)));
    }
}

void TestCharts::phaseChartAveragesPerHost()
{
    PhaseChart chart;
    PoolSnapshot s;
    ConnectionInfo a = makeConnection(1, ConnectionState::Idle, "a.test", 443, true);
    a.timings = {1000, 2000, 3000};
    ConnectionInfo b = makeConnection(2, ConnectionState::Idle, "a.test", 443, true);
    b.timings = {3000, 4000, 5000};
    ConnectionInfo c = makeConnection(3, ConnectionState::InUse, "b.test", 80, false);
    c.timings = {0, 500, 0};
    ConnectionInfo dialing = makeConnection(4, ConnectionState::Connecting, "c.test", 80, false);
    dialing.timings = {};
    s.connections = {a, b, c, dialing};
    chart.showSnapshot(s);
    QCOMPARE(chart.categories(), (QStringList{QStringLiteral("a.test:443"), QStringLiteral("b.test:80")}));
    QCOMPARE(chart.value(PhaseChart::Resolve, 0), 2.0); // average, ms
    QCOMPARE(chart.value(PhaseChart::Connect, 0), 3.0);
    QCOMPARE(chart.value(PhaseChart::Tls, 0), 4.0);
    QCOMPARE(chart.value(PhaseChart::Connect, 1), 0.5);
    QCOMPARE(chart.value(PhaseChart::Tls, 7), 0.0);
    QCOMPARE(chart.axisTop(), 20.0); // 9 ms with 15 % headroom → 10.35 → 20
    chart.showSnapshot(s);           // the same connections again: not counted twice
    QCOMPARE(chart.value(PhaseChart::Tls, 0), 4.0);

    // a and b close, a new a.test dial comes: the average covers all three dials, not only the
    // connection open now.
    ConnectionInfo d = makeConnection(5, ConnectionState::Idle, "a.test", 443, true);
    d.timings = {5000, 6000, 7000};
    s.connections = {c, d};
    chart.showSnapshot(s);
    QCOMPARE(chart.categories(), (QStringList{QStringLiteral("a.test:443"), QStringLiteral("b.test:80")}));
    QCOMPARE(chart.value(PhaseChart::Resolve, 0), 3.0); // (1 + 3 + 5) / 3
    QCOMPARE(chart.value(PhaseChart::Tls, 0), 5.0);     // (3 + 5 + 7) / 3
    chart.showSnapshot({});                             // everything closed: still the history
    QCOMPARE(chart.categories().size(), 2);
    QCOMPARE(chart.value(PhaseChart::Connect, 1), 0.5);

    QVERIFY(!chart.accessibleDescription().contains(QStringLiteral("proxy")));

    // A host dialled through a proxy: the tunnel is its own phase, in the bar and in the words.
    ConnectionInfo proxied = makeConnection(6, ConnectionState::Idle, "a.test", 443, true);
    proxied.timings = {1000, 2000, 3000, 8000};
    s.connections = {proxied};
    chart.showSnapshot(s);
    QCOMPARE(chart.value(PhaseChart::Proxy, 0), 2.0); // (0 + 0 + 0 + 8) / 4
    QCOMPARE(chart.value(PhaseChart::Proxy, 1), 0.0);
    QVERIFY2(chart.accessibleDescription().contains(QStringLiteral("proxy 2.00 ms")),
             qPrintable(chart.accessibleDescription()));
    QCOMPARE(chart.axisTop(), 20.0); // a.test: 2.5 + 3.5 + 2 + 4.5 = 12.5 ms → 14.4 → 20

    chart.clear(); // a new source
    QVERIFY(chart.categories().isEmpty());
    QCOMPARE(chart.accessibleDescription(), QStringLiteral("No connections yet"));
}

void TestCharts::phaseChartKeepsTheBusiestHosts()
{
    PhaseChart chart;
    PoolSnapshot s;
    ConnectionId id = 1;
    for (int host = 0; host < PhaseChart::kMaxHosts + 2; ++host) {
        for (int n = 0; n <= host; ++n) { // host k has k + 1 connections
            ConnectionInfo c =
                makeConnection(id++, ConnectionState::Idle, "h" + std::to_string(host) + ".test", 80);
            c.timings = {0, 1000, 0};
            s.connections.push_back(c);
        }
    }
    chart.showSnapshot(s);
    QCOMPARE(chart.categories().size(), PhaseChart::kMaxHosts);
    QVERIFY(!chart.categories().contains(QStringLiteral("h0.test:80")));
    QVERIFY(!chart.categories().contains(QStringLiteral("h1.test:80")));
    const QStringList shown = chart.categories();
    QVERIFY(std::is_sorted(shown.begin(), shown.end()));
}

void TestCharts::phaseChartDrawsStackedBars_data()
{
    addRatios();
}

void TestCharts::phaseChartDrawsStackedBars()
{
    QFETCH(qreal, ratio);
    PhaseChart chart;
    PoolSnapshot s;
    ConnectionInfo c = makeConnection(1, ConnectionState::Idle, "a.test", 443, true);
    c.timings = {1000, 2000, 3000}; // 1 + 2 + 3 ms
    s.connections = {c};
    chart.showSnapshot(s);
    const QImage image = render(chart, {600, 260}, ratio);
    // One host: its bar crosses the middle row, resolve, connect and TLS in a 1 : 2 : 3 ratio.
    const int y = image.height() / 2;
    const int resolve = countInRow(image, y, stateColor(ConnectionState::Resolving));
    const int connect = countInRow(image, y, stateColor(ConnectionState::Connecting));
    const int tls = countInRow(image, y, stateColor(ConnectionState::Handshaking));
    const QString counts = QStringLiteral("%1 %2 %3").arg(resolve).arg(connect).arg(tls);
    QVERIFY2(resolve > 10, qPrintable(counts));
    QVERIFY2(std::abs(connect - 2 * resolve) <= 3 && std::abs(tls - 3 * resolve) <= 4, qPrintable(counts));
}

void TestCharts::phaseChartToolTip()
{
    PhaseChart chart;
    chart.resize(600, 260);
    PoolSnapshot s;
    ConnectionInfo c = makeConnection(1, ConnectionState::Idle, "a.test", 443, true);
    c.timings = {1000, 2000, 3000};
    s.connections = {c};
    chart.showSnapshot(s);
    const QString tip = chart.toolTipAt({chart.width() / 2.0, chart.height() / 2.0});
    QVERIFY2(tip.startsWith(QStringLiteral("a.test:443: resolve 1.00 ms, connect 2.00 ms, TLS 3.00 ms")),
             qPrintable(tip));
    QVERIFY(chart.toolTipAt({1, 1}).isEmpty());
}

QTEST_MAIN(TestCharts)
#include "tst_ui_charts.moc"
