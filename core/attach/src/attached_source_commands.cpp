// AttachedSource: the commands a monitor sends to the app (when the app allowed them).

#include "attach_handoff.h"
#include "attach_log.h"
#include "attach_reader.h"
#include "poolscope/attach/attached_source.h"

namespace poolscope {

namespace wire = trace::attach;

qint64 AttachedSource::send(wire::Command command)
{
    if (m_status != Status::Attached || !m_reader || !allows(command.action))
        return -1;
    command.id = ++m_nextCommand;
    std::string frame;
    wire::encodeFrame(frame, wire::Message{command}, Clock::time_point{});
    // The socket is the reader thread's: the frame goes there, queued.
    detail::postAttachCall(m_reader, [reader = m_reader, frame = std::move(frame)] { reader->write(frame); });
    m_pending.insert(command.id);
    qCDebug(lcAttach) << "command" << command.id
                      << QLatin1String(wire::actionName(command.action).data(),
                                       static_cast<qsizetype>(wire::actionName(command.action).size()));
    return command.id;
}

qint64 AttachedSource::requestForceClose(const QList<ConnectionId>& ids)
{
    if (ids.isEmpty())
        return -1;
    wire::Command c;
    c.action = wire::Action::ForceClose;
    c.ids.assign(ids.begin(), ids.end());
    return send(std::move(c));
}

qint64 AttachedSource::requestCloseIdle()
{
    wire::Command c;
    c.action = wire::Action::CloseIdle;
    return send(std::move(c));
}

qint64 AttachedSource::requestShutdown(bool forced)
{
    wire::Command c;
    c.action = wire::Action::Shutdown;
    c.forced = forced;
    return send(std::move(c));
}

qint64 AttachedSource::requestReopen()
{
    wire::Command c;
    c.action = wire::Action::Reopen;
    return send(std::move(c));
}

} // namespace poolscope
