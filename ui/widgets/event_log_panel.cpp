#include "widgets/event_log_panel.h"

#include "models/event_log_export.h"
#include "models/event_log_filter_proxy.h"
#include "models/event_log_model.h"
#include "util/compact_combo.h"
#include "widgets/cell_tool_tip_delegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QResizeEvent>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace poolscope::ui {

namespace {
constexpr int kEndpointWidth = 104;
constexpr int kConnectionWidth = 44;
} // namespace

EventLogPanel::EventLogPanel(EventLogModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(new EventLogFilterProxy(this)), m_view(new QTableView(this)),
      m_search(new QLineEdit(this)), m_severity(new QComboBox(this)),
      m_onlySelected(new QCheckBox(tr("&Selected only"), this))
{
    m_proxy->setSourceModel(model);

    m_search->setObjectName(QStringLiteral("eventSearch"));
    m_search->setPlaceholderText(tr("Filter events…"));
    m_search->setAccessibleName(tr("Filter events"));
    m_search->setClearButtonEnabled(true);
    m_severity->setObjectName(QStringLiteral("eventSeverity"));
    m_severity->setAccessibleName(tr("Event severity filter"));
    m_severity->addItem(tr("All events"), 0);
    m_severity->addItem(tr("Warnings and errors"), 1);
    m_severity->addItem(tr("Errors only"), 2);
    makeCompact(m_severity, 10); // "All events" whole
    m_onlySelected->setObjectName(QStringLiteral("eventOnlySelected"));
    m_onlySelected->setToolTip(tr("Show only the events of the connection selected in the table"));
    m_onlySelected->setAccessibleName(tr("Selected connection only"));

    m_bar = new QGridLayout;
    m_bar->setContentsMargins(0, 0, 0, 0);
    m_bar->setVerticalSpacing(4);

    m_view->setObjectName(QStringLiteral("eventLog"));
    m_view->setAccessibleName(tr("Event log"));
    m_view->setAccessibleDescription(
        tr("What the pool did, newest last: time, event, connection and message; choosing an event "
           "shows its connection"));
    m_view->setTabKeyNavigation(false); // Tab leaves the table; the arrow keys move in it
    m_view->setModel(m_proxy);
    CellToolTipDelegate::install(m_view);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 6);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);
    QHeaderView* header = m_view->horizontalHeader();
    header->setStretchLastSection(false);
    header->setHighlightSections(false);
    header->setMinimumSectionSize(36);
    header->resizeSection(EventLogModel::Time,
                          m_view->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00.000")) + 16);
    header->resizeSection(EventLogModel::Kind, 94);
    header->resizeSection(EventLogModel::Connection, kConnectionWidth);
    header->resizeSection(EventLogModel::Endpoint, kEndpointWidth);
    header->setSectionResizeMode(EventLogModel::Message, QHeaderView::Stretch); // the "why" gets the room

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(m_bar);
    layout->addWidget(m_view, 1);
    arrange();

    connect(m_search, &QLineEdit::textChanged, m_proxy, &EventLogFilterProxy::setSearchText);
    const auto choose = [this](const QModelIndex& index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid())
            Q_EMIT eventChosen(m_model->event(source.row()));
    };
    connect(m_view, &QTableView::clicked, this, choose);
    connect(m_view, &QTableView::activated, this, choose);
    connect(m_severity, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setMinimumSeverity(m_severity->currentData().toInt()); });
    connect(m_onlySelected, &QCheckBox::toggled, this,
            [this](bool on) { m_proxy->setConnectionFilter(on ? m_selected : 0); });
    // Follow new events while the view is at the bottom; stay put when the user scrolled up.
    QScrollBar* scroll = m_view->verticalScrollBar();
    connect(scroll, &QScrollBar::valueChanged, this,
            [this, scroll](int value) { m_stickToBottom = value >= scroll->maximum() - 2; });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_stickToBottom)
            QTimer::singleShot(0, m_view, [this] { m_view->scrollToBottom(); });
    });
}

void EventLogPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    arrange();
}

void EventLogPanel::arrange()
{
    constexpr int kMessageRoom = 140; // a reason's first words
    const int spacing = std::max(0, m_bar->horizontalSpacing());
    const int searchNeeds =
        m_search->fontMetrics().horizontalAdvance(m_search->placeholderText()) + 48; // icon, clear button
    const int oneRowNeeds =
        searchNeeds + m_severity->sizeHint().width() + m_onlySelected->sizeHint().width() + 2 * spacing;
    const int rows = width() < oneRowNeeds ? 2 : 1;
    if (rows != m_barRows) {
        m_barRows = rows;
        for (QWidget* w : {static_cast<QWidget*>(m_search), static_cast<QWidget*>(m_severity),
                           static_cast<QWidget*>(m_onlySelected)})
            m_bar->removeWidget(w);
        if (rows == 1) {
            m_bar->addWidget(m_search, 0, 0);
            m_bar->addWidget(m_severity, 0, 1);
            m_bar->addWidget(m_onlySelected, 0, 2);
            m_bar->setColumnStretch(0, 1);
            m_bar->setColumnStretch(1, 0);
        } else {
            m_bar->addWidget(m_search, 0, 0, 1, 2);
            m_bar->addWidget(m_severity, 1, 0);
            m_bar->addWidget(m_onlySelected, 1, 1);
            m_bar->setColumnStretch(0, 1);
            m_bar->setColumnStretch(1, 0);
        }
    }
    const QHeaderView* header = m_view->horizontalHeader();
    const int fixed = header->sectionSize(EventLogModel::Time) + header->sectionSize(EventLogModel::Kind);
    // The view's frame and vertical scroll bar, whether shown yet or not.
    const int room = width() - 2 * m_view->frameWidth() - m_view->verticalScrollBar()->sizeHint().width();
    // Widths as set, not sectionSize(), which says 0 while a column is hidden. The endpoint goes
    // first, then the connection number: both are in the details pane an event opens.
    const bool withEndpoint = room >= fixed + kConnectionWidth + kEndpointWidth + kMessageRoom;
    const bool withConnection = room >= fixed + kConnectionWidth + kMessageRoom;
    m_view->setColumnHidden(EventLogModel::Endpoint, !withEndpoint);
    m_view->setColumnHidden(EventLogModel::Connection, !withConnection);
}

void EventLogPanel::setSelectedConnection(ConnectionId id)
{
    m_selected = id;
    if (m_onlySelected->isChecked())
        m_proxy->setConnectionFilter(id);
}

QList<int> EventLogPanel::visibleSourceRows() const
{
    QList<int> rows;
    rows.reserve(m_proxy->rowCount());
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        rows.append(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

bool EventLogPanel::exportTo(const QString& fileName, ExportFormat format, ExportScope scope, QString* error,
                             int* written) const
{
    QList<ServiceEvent> events;
    if (scope == ExportScope::All) {
        events = m_model->events();
    } else {
        for (int row : visibleSourceRows())
            events.append(m_model->event(row));
    }
    if (written)
        *written = static_cast<int>(events.size());
    return exportEvents(fileName, events, format, error);
}

int EventLogPanel::eventCount(ExportScope scope) const
{
    return scope == ExportScope::All ? m_model->rowCount() : m_proxy->rowCount();
}

} // namespace poolscope::ui
