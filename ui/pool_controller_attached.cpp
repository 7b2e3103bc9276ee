// PoolController on another app's published pool (AttachedSource): Close, Close idle, Shutdown and
// Reopen go to the app as commands; its answer comes back as a status line.

#include "pool_controller.h"
#include "util/source_text.h"

namespace poolscope::ui {

void PoolController::watchAppReplies()
{
    connect(m_attached, &AttachedSource::commandFinished, this,
            [this](qint64 id, bool ok, const QString& error) {
                const auto it = m_commands.constFind(id);
                if (it == m_commands.cend())
                    return;
                const auto [done, failed] = *it;
                m_commands.erase(it);
                if (ok)
                    done();
                else
                    Q_EMIT status(failed.arg(error));
            });
}

void PoolController::expectReply(qint64 id, std::function<void()> done, const QString& failed,
                                 MonitorSource::Capability capability)
{
    if (id < 0) {
        // The capability, but not this action of it (the app allowed Close idle, not Close).
        Q_EMIT status(tr("%1 is not allowed: %2 did not allow this one.")
                          .arg(SourceText::action(capability), m_source->name()));
        return;
    }
    m_commands.insert(id, {std::move(done), failed});
}

void PoolController::closeOnApp(const QList<ConnectionId>& ids)
{
    const auto count = static_cast<int>(ids.size());
    expectReply(
        m_attached->requestForceClose(ids),
        [this, count] { Q_EMIT status(tr("Closed %n connection(s)", nullptr, count)); },
        tr("Close failed: %1"), MonitorSource::Capability::Close);
}

void PoolController::closeIdleOnApp()
{
    expectReply(
        m_attached->requestCloseIdle(),
        [this] { Q_EMIT status(tr("%1 closed its idle connections").arg(m_source->name())); },
        tr("Close idle failed: %1"), MonitorSource::Capability::Close);
}

void PoolController::shutdownOnApp(ShutdownMode mode)
{
    // The app's snapshots show the draining and the shut-down pool; the answer says it is done.
    expectReply(
        m_attached->requestShutdown(mode == ShutdownMode::Forced),
        [this, mode] {
            setShutDown(true);
            Q_EMIT status(mode == ShutdownMode::Graceful
                              ? tr("%1 shut its pool down gracefully").arg(m_source->name())
                              : tr("%1 shut its pool down, closing every socket").arg(m_source->name()));
        },
        tr("Shutdown failed: %1"), MonitorSource::Capability::Shutdown);
}

void PoolController::reopenOnApp()
{
    expectReply(
        m_attached->requestReopen(),
        [this] {
            setDraining(std::nullopt);
            setShutDown(false);
            Q_EMIT status(tr("Pool reopened: dials are allowed again"));
        },
        tr("Reopen failed: %1"), MonitorSource::Capability::Shutdown);
}

} // namespace poolscope::ui
