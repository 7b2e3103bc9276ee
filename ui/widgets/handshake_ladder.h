#pragma once
// The TLS handshake of the selected connection as a ladder diagram: a client and a server column,
// one arrow per message in the order it went over the wire, labelled with its name, size and
// time since the handshake began; the tooltip says in one line what the message does. Alerts are
// red with their reason; a resumed handshake says what it skipped. Fed from
// TlsDetails::handshake (or a failed dial's ServiceEvent::handshake).

#include "poolscope/handshake.h"

#include <QList>
#include <QString>
#include <QWidget>

namespace poolscope::ui {

class HandshakeLadder : public QWidget
{
    Q_OBJECT
public:
    /// One arrow of the ladder.
    struct Row
    {
        bool fromClient = true; ///< arrow points client → server
        bool alert = false;     ///< drawn red
        QString label;          ///< "ServerHello", "Alert: unknown_ca (fatal)"
        QString detail;         ///< "122 B · +1.4 ms"
        QString toolTip;        ///< the one-line explanation
    };

    /// What the widget shows instead of arrows, or Rows.
    enum class Mode
    {
        Empty,       ///< no TLS connection selected: one line saying what would show here
        CaptureOff,  ///< capture is off: one line on how to turn it on
        NotCaptured, ///< capture is on, but this connection's handshake ran before it was
        Rows,
    };

    explicit HandshakeLadder(QWidget* parent = nullptr);

    /// Whether capture is on (what the CaptureOff line depends on).
    void setCaptureOn(bool on);
    /// Where no handshake can ever be shown (a replayed trace holds none): this sentence replaces
    /// the capture hint. Empty (the default) shows the hint.
    void setUnavailableReason(const QString& reason);
    [[nodiscard]] bool captureOn() const { return m_captureOn; }
    /// Shows `transcript` (empty: NotCaptured or CaptureOff); `resumed` adds the skipped line;
    /// `caption`, when given, is a line above the ladder (e.g. which failed dial it was).
    void showTranscript(const HandshakeTranscript& transcript, bool resumed, const QString& caption = {});
    /// No TLS connection selected.
    void clear();

    [[nodiscard]] Mode mode() const { return m_mode; }
    [[nodiscard]] const QList<Row>& rows() const { return m_rows; }
    /// The line under the arrows: what a resumed handshake skipped, or that the list was cut
    /// short; empty otherwise.
    [[nodiscard]] QString footer() const { return m_footer; }
    [[nodiscard]] QString caption() const { return m_caption; }
    /// The one line shown instead of arrows (every mode but Rows). With capture off it is always
    /// how to turn it on.
    [[nodiscard]] QString message() const;

    /// The rows for a transcript (pure; used by showTranscript and by tests).
    [[nodiscard]] static QList<Row> buildRows(const HandshakeTranscript& transcript);
    /// "Resumed: the server skipped Certificate, CertificateVerify …", or empty.
    [[nodiscard]] static QString skippedText(const HandshakeTranscript& transcript, bool resumed);
    /// Translated one-line explanations (handshake_ladder_texts.cpp).
    [[nodiscard]] static QString explanation(HandshakeType type);
    [[nodiscard]] static QString alertExplanation(std::uint8_t description);

    /// The height message() wraps to at `width`, margins included (0 in Rows mode).
    [[nodiscard]] int messageHeight(int width) const;
    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;
    /// Tall enough for every line of the wrapped message at `width` (the scroll area asks).
    [[nodiscard]] int heightForWidth(int width) const override;
    /// The row under `pos` (widget coordinates), or -1.
    [[nodiscard]] int rowAt(QPoint pos) const;

Q_SIGNALS:
    /// mode() or the width changed: the height the ladder wants may differ (the window gives the
    /// arrows room, and a message only the lines it wraps to).
    void preferredHeightChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    void setMode(Mode mode);
    [[nodiscard]] int rowHeight() const;
    [[nodiscard]] int headerHeight() const;

    Mode m_mode = Mode::Empty;
    bool m_captureOn = false;
    QString m_unavailable;
    QList<Row> m_rows;
    QString m_footer;
    QString m_caption;
};

} // namespace poolscope::ui
