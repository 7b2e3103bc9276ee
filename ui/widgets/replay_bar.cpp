#include "widgets/replay_bar.h"

#include "poolscope/service/replay_source.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QShortcut>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <algorithm>
#include <array>
#include <climits>

namespace poolscope::ui {

namespace {

/// The slider counts milliseconds (an int holds 24 days of trace).
int sliderValue(qint64 us)
{
    return static_cast<int>(std::clamp<qint64>(us / 1000, 0, INT_MAX));
}

constexpr std::array kSpeeds{0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0};

} // namespace

QString ReplayBar::formatPosition(qint64 us)
{
    const qint64 tenths = std::max<qint64>(0, us) / 100'000;
    const qint64 seconds = tenths / 10;
    const QString fraction = QLocale().decimalPoint() + QString::number(tenths % 10);
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3%4")
            .arg(seconds / 3600)
            .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'))
            .arg(fraction);
    return QStringLiteral("%1:%2%3")
        .arg(seconds / 60)
        .arg(seconds % 60, 2, 10, QLatin1Char('0'))
        .arg(fraction);
}

ReplayBar::ReplayBar(ReplaySource* source, QWidget* parent) : QWidget(parent), m_source(source)
{
    setObjectName(QStringLiteral("replayBar"));
    setAccessibleName(tr("Replay controls"));

    m_start = new QToolButton(this);
    m_start->setObjectName(QStringLiteral("replayStart"));
    m_start->setIcon(style()->standardIcon(QStyle::SP_MediaSkipBackward));
    m_start->setToolTip(tr("Back to the start (Home on the slider)"));
    m_start->setAccessibleName(tr("Back to the start"));
    connect(m_start, &QToolButton::clicked, this, [this] { m_source->seek(0); });

    m_play = new QToolButton(this);
    m_play->setObjectName(QStringLiteral("replayPlay"));
    m_play->setCheckable(true);
    // Space only while the bar has the focus: elsewhere it belongs to the table and the buttons.
    auto* space =
        new QShortcut(QKeySequence(Qt::Key_Space), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
    connect(space, &QShortcut::activated, m_play, &QToolButton::toggle);
    connect(m_play, &QToolButton::toggled, this, [this](bool on) {
        if (!m_updating)
            m_source->setPlaying(on);
    });

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setObjectName(QStringLiteral("replaySlider"));
    m_slider->setAccessibleName(tr("Replay position"));
    m_slider->setToolTip(
        tr("The moment every view shows; drag, or use the arrow keys (1 s) and Page Up/Down (10 s)"));
    m_slider->setRange(0, sliderValue(source->durationUs()));
    m_slider->setSingleStep(1000);
    m_slider->setPageStep(10'000);
    connect(m_slider, &QSlider::valueChanged, this, [this](int ms) {
        if (!m_updating)
            m_source->seek(qint64(ms) * 1000);
    });

    m_position = new QLabel(this);
    m_position->setObjectName(QStringLiteral("replayPosition"));
    m_position->setAccessibleName(tr("Replay position and length"));
    // Wide enough for the longest text, so the slider does not jump while playing.
    m_position->setMinimumWidth(m_position->fontMetrics().horizontalAdvance(
        tr("%1 of %2").arg(formatPosition(source->durationUs()), formatPosition(source->durationUs()))));

    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("replaySpeed"));
    m_speed->setAccessibleName(tr("Replay speed"));
    m_speed->setToolTip(tr("How fast the recording plays"));
    for (double speed : kSpeeds)
        m_speed->addItem(tr("%1\u00d7").arg(QLocale().toString(speed)), speed);
    m_speed->setCurrentIndex(m_speed->findData(source->speed()));
    connect(m_speed, &QComboBox::currentIndexChanged, this,
            [this](int index) { m_source->setSpeed(m_speed->itemData(index).toDouble()); });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_start);
    layout->addWidget(m_play);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_position);
    layout->addWidget(m_speed);

    connect(source, &ReplaySource::positionChanged, this, &ReplayBar::showPosition);
    connect(source, &ReplaySource::playingChanged, this, &ReplayBar::showPlaying);
    connect(source, &ReplaySource::speedChanged, this, [this](double speed) {
        const int index = m_speed->findData(speed);
        if (index >= 0) {
            const QSignalBlocker block(m_speed);
            m_speed->setCurrentIndex(index);
        }
    });
    showPosition(source->positionUs());
    showPlaying(source->isPlaying());
}

void ReplayBar::showPosition(qint64 us)
{
    m_updating = true;
    m_slider->setValue(sliderValue(us));
    m_updating = false;
    m_position->setText(tr("%1 of %2").arg(formatPosition(us), formatPosition(m_source->durationUs())));
}

void ReplayBar::showPlaying(bool playing)
{
    m_updating = true;
    m_play->setChecked(playing);
    m_updating = false;
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setToolTip(playing ? tr("Pause the replay (Space on the slider)")
                               : tr("Play the recording (Space on the slider)"));
    m_play->setAccessibleName(playing ? tr("Pause") : tr("Play"));
}

} // namespace poolscope::ui
