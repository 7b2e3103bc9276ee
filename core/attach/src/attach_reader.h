#pragma once
// AttachReader: an AttachedSource's connection, on the source's reader thread. It owns the
// QLocalSocket (created, used and destroyed on that thread only), reads the publisher's frames,
// checks their order, decodes them and converts snapshots and events into the service's types
// there, and hands the results to the source through an AttachMailbox. It touches nothing of the
// source's: what it needs comes in its constructor, what it sends goes through the mailbox and the
// wake-up function (which posts to the source's thread).

#include "attach_mailbox.h"

#include <QLocalSocket>
#include <QObject>
#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace poolscope::detail {

class AttachReader : public QObject
{
    Q_OBJECT
public:
    /// `sequence` numbers the snapshots (shared by a source's successive connections; outlives
    /// this); `wake` is called on this thread when the mailbox went from taken to not.
    AttachReader(QString serverName, std::string client, std::shared_ptr<AttachMailbox> mailbox,
                 std::atomic<quint64>* sequence, std::function<void()> wake);
    ~AttachReader() override;

    /// On the reader's thread: connects.
    void open();
    /// On the reader's thread: sends a whole frame (a command).
    void write(const std::string& frame);
    /// On the reader's thread: reads again after the mailbox was full.
    void resume();

private:
    void onConnected();
    void onReadyRead();
    /// Reads and decodes what the socket has (while the mailbox has room, unless `evenWhenFull`).
    void readAvailable(bool evenWhenFull);
    void onDisconnected();
    void onSocketError(QLocalSocket::LocalSocketError error);
    /// Handles one decoded message; false after it dropped the connection.
    bool handle(trace::attach::Message& message);
    bool handleHello(const trace::attach::Hello& hello);
    void handleSnapshot(trace::attach::Snapshot& snapshot);
    void handleEvents(const trace::attach::Events& events);
    void post(AttachItem item);
    /// Drops the connection and tells the source why; nothing is read or sent after.
    void lose(const QString& why);
    [[nodiscard]] bool stopping() const;

    QString m_serverName;
    std::string m_client;
    std::shared_ptr<AttachMailbox> m_mailbox;
    std::atomic<quint64>* m_sequence;
    std::function<void()> m_wake;
    QLocalSocket* m_socket = nullptr;
    trace::attach::FrameDecoder m_decoder;
    trace::TraceHeader m_header;
    bool m_done = false;
    bool m_helloSeen = false;
    bool m_needSnapshot = false; ///< after a gap: events wait for the snapshot that follows
    std::int64_t m_lastSeq = 0;
};

} // namespace poolscope::detail
