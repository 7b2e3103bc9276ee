#include "lessons/lesson_highlights.h"

#include "charts/history_chart.h"
#include "charts/phase_chart.h"
#include "lessons/highlight_overlay.h"
#include "lessons/lessons_dock.h"
#include "main_window.h"
#include "models/connections_model.h"
#include "models/event_log_model.h"
#include "util/presentation.h"
#include "widgets/connections_panel.h"
#include "widgets/counters_panel.h"
#include "widgets/event_log_panel.h"
#include "widgets/pool_timeline_view.h"

#include <QHeaderView>
#include <QLabel>
#include <QMetaEnum>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <functional>
#include <optional>

namespace poolscope::ui::lessons {

namespace {

std::optional<int> enumValue(const QMetaEnum& meta, const QString& key)
{
    bool ok = false;
    const int value = meta.keyToValue(key.toLatin1().constData(), &ok);
    return ok ? std::optional<int>(value) : std::nullopt;
}

QString capitalised(const QString& name)
{
    return name.isEmpty() ? name : name.at(0).toUpper() + name.mid(1);
}

std::optional<CountersPanel::Counter> counterOf(const QString& name)
{
    if (!highlightNames(QStringLiteral("counter")).contains(name))
        return std::nullopt;
    if (name == QLatin1String("reuses"))
        return CountersPanel::ReuseRatio;
    const auto v = enumValue(QMetaEnum::fromType<CountersPanel::Counter>(), capitalised(name));
    return v ? std::optional(static_cast<CountersPanel::Counter>(*v)) : std::nullopt;
}

std::optional<int> columnOf(const QString& name)
{
    if (!highlightNames(QStringLiteral("column")).contains(name))
        return std::nullopt;
    if (name == QLatin1String("label")) // the holder's label is in Host:port's tool tip
        return ConnectionsModel::Endpoint;
    return enumValue(QMetaEnum::fromType<ConnectionsModel::Column>(), capitalised(name));
}

std::optional<int> eventKindOf(const QString& name)
{
    if (!highlightNames(QStringLiteral("log")).contains(name))
        return std::nullopt;
    return enumValue(QMetaEnum::fromType<ServiceEvent::Kind>(), name);
}

/// Brings the tab holding `widget` to the front.
void reveal(QWidget* widget)
{
    for (QWidget* w = widget; w && w->parentWidget(); w = w->parentWidget()) {
        auto* stack = qobject_cast<QStackedWidget*>(w->parentWidget());
        if (stack && qobject_cast<QTabWidget*>(stack->parentWidget()))
            static_cast<QTabWidget*>(stack->parentWidget())->setCurrentWidget(w);
    }
}

/// The rows of `view` whose index in column 0 `matches`, as rectangles in the view's coordinates
/// (only the rows on screen are looked at).
QList<QRect> rowRects(QTableView* view, const std::function<bool(const QModelIndex&)>& matches)
{
    QList<QRect> out;
    QAbstractItemModel* model = view->model();
    if (!model)
        return out;
    const QWidget* viewport = view->viewport();
    const int first = std::max(0, view->rowAt(0));
    int last = view->rowAt(viewport->height() - 1);
    if (last < 0)
        last = model->rowCount() - 1;
    const QPoint offset = viewport->mapTo(view, QPoint(0, 0));
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = model->index(row, 0);
        if (!matches(index))
            continue;
        const QRect r(0, view->rowViewportPosition(row), viewport->width(), view->rowHeight(row));
        out.append(r.translated(offset).intersected(viewport->geometry()));
    }
    return out;
}

/// Repaints `overlay` when `view` scrolls or its rows change.
void followView(HighlightOverlay* overlay, QAbstractItemView* view)
{
    const auto repaint = [overlay] { overlay->update(); };
    QObject::connect(view->verticalScrollBar(), &QScrollBar::valueChanged, overlay, repaint);
    QObject::connect(view->horizontalScrollBar(), &QScrollBar::valueChanged, overlay, repaint);
    QAbstractItemModel* model = view->model();
    QObject::connect(model, &QAbstractItemModel::rowsInserted, overlay, repaint);
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, overlay, repaint);
    QObject::connect(model, &QAbstractItemModel::dataChanged, overlay, repaint);
    QObject::connect(model, &QAbstractItemModel::layoutChanged, overlay, repaint);
    QObject::connect(model, &QAbstractItemModel::modelReset, overlay, repaint);
}

} // namespace

LessonHighlighter::LessonHighlighter(MainWindow* window, LessonsDock* dock)
    : QObject(window), m_window(window), m_dock(dock)
{
    setObjectName(QStringLiteral("lessonHighlighter"));
    connect(dock, &LessonsDock::stepShown, this, &LessonHighlighter::showStep);
    dock->setHintWords([this](const QString& hint) { return hintWords(hint); });
    QAbstractItemModel* rows = window->connectionsView()->model();
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(rows, signal, this, &LessonHighlighter::selectRows);
    connect(rows, &QAbstractItemModel::dataChanged, this, &LessonHighlighter::selectRows);
    connect(rows, &QAbstractItemModel::layoutChanged, this, &LessonHighlighter::selectRows);
    connect(rows, &QAbstractItemModel::modelReset, this, &LessonHighlighter::selectRows);
}

LessonHighlighter::~LessonHighlighter()
{
    clear();
}

QList<HighlightOverlay*> LessonHighlighter::overlays() const
{
    QList<HighlightOverlay*> out;
    for (const QPointer<HighlightOverlay>& o : m_overlays) {
        if (o)
            out.append(o);
    }
    return out;
}

void LessonHighlighter::clear()
{
    for (const QPointer<HighlightOverlay>& o : std::as_const(m_overlays))
        delete o.data();
    m_overlays.clear();
    m_rowLeases.clear();
    m_rowsPending.clear();
}

void LessonHighlighter::showStep(int index)
{
    clear();
    const Lesson& lesson = m_dock->runner()->lesson();
    if (index < 0 || index >= lesson.steps.size())
        return;
    const LessonStep& step = lesson.steps.at(index);
    const QString description = tr("Marked by the lesson step \"%1\"").arg(step.title);
    for (const QString& hint : step.highlights) {
        if (HighlightOverlay* overlay = mark(hint, description))
            m_overlays.append(overlay);
    }
    m_rowsPending = m_rowLeases;
    selectRows();
}

QWidget* LessonHighlighter::targetOf(const QString& hint) const
{
    const qsizetype colon = hint.indexOf(QLatin1Char(':'));
    const QString type = hint.left(colon);
    const QString name = hint.mid(colon + 1);
    if (colon <= 0)
        return nullptr;
    if (type == QLatin1String("row"))
        return m_window->connectionsView();
    if (type == QLatin1String("counter")) {
        const auto counter = counterOf(name);
        return counter ? m_window->counters()->valueLabel(*counter)->parentWidget() : nullptr;
    }
    if (type == QLatin1String("chart")) {
        if (name == QLatin1String("history"))
            return m_window->historyChart();
        if (name == QLatin1String("phases"))
            return m_window->phaseChart();
        if (name == QLatin1String("timeline"))
            return m_window->poolTimeline();
        return nullptr;
    }
    if (type == QLatin1String("log"))
        return eventKindOf(name) ? m_window->eventLogPanel()->view() : nullptr;
    if (type == QLatin1String("column"))
        return columnOf(name) ? m_window->connectionsView()->horizontalHeader() : nullptr;
    return nullptr;
}

QString LessonHighlighter::hintWords(const QString& hint) const
{
    QWidget* target = targetOf(hint);
    if (!target)
        return {};
    const QString type = hint.section(QLatin1Char(':'), 0, 0);
    const QString name = hint.section(QLatin1Char(':'), 1);
    if (type == QLatin1String("row")) // the holder column shows the lease's name in its label
        return tr("the row of the connection “%1”").arg(name);
    if (type == QLatin1String("counter"))
        return tr("the “%1” counter").arg(m_window->counters()->title(*counterOf(name)));
    if (type == QLatin1String("column"))
        return tr("the “%1” column")
            .arg(m_window->connectionsModel()->headerData(*columnOf(name), Qt::Horizontal).toString());
    if (type == QLatin1String("log"))
        return tr("the “%1” lines of the event log")
            .arg(eventKindText(static_cast<ServiceEvent::Kind>(*eventKindOf(name))));
    if (type == QLatin1String("chart")) {
        // A chart in a tab is named by the tab; the others by their accessible name.
        for (QWidget* w = target; w && w->parentWidget(); w = w->parentWidget()) {
            auto* stack = qobject_cast<QStackedWidget*>(w->parentWidget());
            if (auto* tabs = stack ? qobject_cast<QTabWidget*>(stack->parentWidget()) : nullptr)
                return tr("the “%1” tab")
                    .arg(QString(tabs->tabText(tabs->indexOf(w))).remove(QLatin1Char('&')));
        }
        return target->accessibleName();
    }
    return {};
}

HighlightOverlay* LessonHighlighter::mark(const QString& hint, const QString& description)
{
    QWidget* target = targetOf(hint);
    if (!target)
        return nullptr; // a lesson file the loader let through names only known widgets
    const QString type = hint.section(QLatin1Char(':'), 0, 0);
    const QString name = hint.section(QLatin1Char(':'), 1);
    reveal(target);
    if (type == QLatin1String("row")) {
        m_rowLeases.append(name);
        QTableView* view = m_window->connectionsView();
        const LessonRunner* runner = m_dock->runner();
        auto* overlay = new HighlightOverlay(target, description, [view, runner, name] {
            const ConnectionId id = runner->leaseConnection(name);
            const QString label = runner->leaseLabel(name);
            return rowRects(view, [id, label](const QModelIndex& index) {
                return (id != 0 && index.data(ConnectionsModel::IdRole).toULongLong() == id) ||
                       (!label.isEmpty() && index.data(ConnectionsModel::LabelRole).toString() == label);
            });
        });
        followView(overlay, view);
        return overlay;
    }
    if (type == QLatin1String("log")) {
        QTableView* view = m_window->eventLogPanel()->view();
        const int kind = *eventKindOf(name);
        auto* overlay = new HighlightOverlay(target, description, [view, kind] {
            return rowRects(view, [kind](const QModelIndex& index) {
                return index.data(EventLogModel::KindRole).toInt() == kind;
            });
        });
        followView(overlay, view);
        return overlay;
    }
    if (type == QLatin1String("column")) {
        auto* header = static_cast<QHeaderView*>(target);
        const int column = *columnOf(name);
        auto* overlay = new HighlightOverlay(target, description, [header, column] {
            if (header->isSectionHidden(column))
                return QList<QRect>{};
            return QList<QRect>{QRect(header->sectionViewportPosition(column), 0, header->sectionSize(column),
                                      header->height())};
        });
        connect(header, &QHeaderView::sectionResized, overlay, [overlay] { overlay->update(); });
        connect(header, &QHeaderView::sectionMoved, overlay, [overlay] { overlay->update(); });
        connect(header, &QHeaderView::geometriesChanged, overlay, [overlay] { overlay->update(); });
        connect(m_window->connectionsView()->horizontalScrollBar(), &QScrollBar::valueChanged, overlay,
                [overlay] { overlay->update(); });
        return overlay;
    }
    return new HighlightOverlay(target, description);
}

void LessonHighlighter::selectRows()
{
    if (m_rowsPending.isEmpty())
        return;
    const LessonRunner* runner = m_dock->runner();
    bool found = false;
    for (qsizetype i = m_rowsPending.size() - 1; i >= 0; --i) {
        const ConnectionId id = runner->leaseConnection(m_rowsPending.at(i));
        if (id != 0 && m_window->connectionsModel()->rowOf(id) >= 0) {
            m_rowsPending.removeAt(i);
            found = true;
        }
    }
    if (!found)
        return;
    QList<ConnectionId> ids;
    for (const QString& lease : std::as_const(m_rowLeases)) {
        if (const ConnectionId id = runner->leaseConnection(lease); id != 0 && !ids.contains(id))
            ids.append(id);
    }
    m_window->selectConnections(ids);
}

} // namespace poolscope::ui::lessons
