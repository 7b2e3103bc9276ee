<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Lesson</name>
    <message>
        <source>Why reuse: a full TLS handshake vs. a kept-alive connection</source>
        <translation>Warum wiederverwenden: ein vollständiger TLS-Handshake gegen eine offen gehaltene Verbindung</translation>
    </message>
    <message>
        <source>Dial the lab&apos;s HTTPS server twice. The first dial pays for TCP connect and a full TLS handshake; the second gets the same connection back from the pool and pays for neither.</source>
        <translation>Verbinden Sie sich zweimal mit dem HTTPS-Server des Labors. Der erste Verbindungsaufbau bezahlt für den TCP-Verbindungsaufbau und einen vollständigen TLS-Handshake; der zweite bekommt dieselbe Verbindung aus dem Pool zurück und bezahlt für keines von beiden.</translation>
    </message>
    <message>
        <source>First dial</source>
        <translation>Erster Verbindungsaufbau</translation>
    </message>
    <message>
        <source>The pool has nothing idle for https, so it opens a new connection: TCP connect, then a full TLS handshake.</source>
        <translation>Der Pool hat für https nichts im Leerlauf, also öffnet er eine neue Verbindung: TCP-Verbindungsaufbau, dann ein vollständiger TLS-Handshake.</translation>
    </message>
    <message>
        <source>A new row appears; the phase chart shows the connect and TLS times.</source>
        <translation>Eine neue Zeile erscheint; das Phasendiagramm zeigt die Verbindungs- und TLS-Zeiten.</translation>
    </message>
    <message>
        <source>Give it back</source>
        <translation>Zurückgeben</translation>
    </message>
    <message>
        <source>Returning the connection does not close it: it goes idle, kept alive for the next dial to the same host.</source>
        <translation>Das Zurückgeben schließt die Verbindung nicht: Sie geht in den Leerlauf und wird für den nächsten Verbindungsaufbau zum selben Host offen gehalten.</translation>
    </message>
    <message>
        <source>The row turns idle and its keep-alive countdown starts.</source>
        <translation>Die Zeile wechselt in den Leerlauf, und ihr Keep-Alive-Countdown beginnt.</translation>
    </message>
    <message>
        <source>Second dial</source>
        <translation>Zweiter Verbindungsaufbau</translation>
    </message>
    <message>
        <source>Same host, same port, same TLS options: the pool checks the idle connection is alive and hands it out again.</source>
        <translation>Gleicher Host, gleicher Port, gleiche TLS-Optionen: Der Pool prüft, ob die Verbindung im Leerlauf noch lebt, und gibt sie erneut aus.</translation>
    </message>
    <message>
        <source>No new row; the reuse counter goes up; no handshake in the log.</source>
        <translation>Keine neue Zeile; der Zähler „Wiederverw.“ steigt; kein Handshake im Protokoll.</translation>
    </message>
    <message>
        <source>Forced fresh dial</source>
        <translation>Erzwungen neuer Verbindungsaufbau</translation>
    </message>
    <message>
        <source>A dial that refuses reuse (allowReuse false) pays for the full handshake again, even though a connection sits idle.</source>
        <translation>Ein Verbindungsaufbau, der Wiederverwendung ablehnt (allowReuse false), bezahlt erneut für den vollständigen Handshake, obwohl eine Verbindung im Leerlauf bereitsteht.</translation>
    </message>
    <message>
        <source>A second row appears with its own TLS time.</source>
        <translation>Eine zweite Zeile erscheint, mit ihrer eigenen TLS-Zeit.</translation>
    </message>
    <message>
        <source>Keep-alive: the idle countdown reaches 0</source>
        <translation>Keep-Alive: Der Leerlauf-Countdown erreicht 0</translation>
    </message>
    <message>
        <source>An idle connection is kept only for the pool&apos;s keep-alive time. Here it is 1.5 s, so you can watch the countdown run out and the pool close the connection.</source>
        <translation>Eine Verbindung im Leerlauf wird nur für die Keep-Alive-Zeit des Pools behalten. Hier sind es 1,5 s, sodass Sie zusehen können, wie der Countdown abläuft und der Pool die Verbindung schließt.</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Open a connection to the plain HTTP server.</source>
        <translation>Öffnen Sie eine Verbindung zum einfachen HTTP-Server.</translation>
    </message>
    <message>
        <source>Return: the countdown starts</source>
        <translation>Zurückgeben: Der Countdown beginnt</translation>
    </message>
    <message>
        <source>Returned, the connection is idle. The pool will keep it for 1.5 s (keep-alive), refreshed on every return.</source>
        <translation>Zurückgegeben ist die Verbindung im Leerlauf. Der Pool behält sie 1,5 s lang (Keep-Alive); bei jeder Rückgabe beginnt die Frist neu.</translation>
    </message>
    <message>
        <source>The keep-alive column counts down from 1.5 s.</source>
        <translation>Die Keep-Alive-Spalte zählt von 1,5 s herunter.</translation>
    </message>
    <message>
        <source>Countdown at 0</source>
        <translation>Countdown bei 0</translation>
    </message>
    <message>
        <source>Nobody dialled this host again in time: at 0 the pool&apos;s reaper closes the connection as expired, freeing its slot and the server&apos;s resources.</source>
        <translation>Niemand hat sich rechtzeitig wieder mit diesem Host verbunden: Bei 0 schließt der Aufräumer des Pools die Verbindung als abgelaufen und gibt ihren Platz und die Ressourcen des Servers frei.</translation>
    </message>
    <message>
        <source>The row goes red and disappears; the expired counter goes up.</source>
        <translation>Die Zeile wird rot und verschwindet; der Zähler „Abgelaufen“ steigt.</translation>
    </message>
    <message>
        <source>Next dial is new</source>
        <translation>Der nächste Verbindungsaufbau ist neu</translation>
    </message>
    <message>
        <source>The connection is gone, so the next dial must connect again.</source>
        <translation>Die Verbindung ist weg, also muss der nächste Verbindungsaufbau neu verbinden.</translation>
    </message>
    <message>
        <source>The server closes first: stale connections are never handed out</source>
        <translation>Der Server schließt zuerst: Veraltete Verbindungen werden nie ausgegeben</translation>
    </message>
    <message>
        <source>The lab&apos;s idle-closer server hangs up on connections idle for 1 s, long before the pool&apos;s 10 s keep-alive. The pool notices (its idle watcher, and the liveness check before every reuse) and never hands the dead connection out.</source>
        <translation>Der Idle-Closer-Server des Labors legt bei Verbindungen auf, die 1 s im Leerlauf waren, lange vor dem Keep-Alive des Pools von 10 s. Der Pool bemerkt das (sein Leerlaufwächter und die Lebendprüfung vor jeder Wiederverwendung) und gibt die tote Verbindung nie aus.</translation>
    </message>
    <message>
        <source>Dial the idle-closer</source>
        <translation>Mit dem Idle-Closer verbinden</translation>
    </message>
    <message>
        <source>Open a connection to the idle-closer server.</source>
        <translation>Öffnen Sie eine Verbindung zum Idle-Closer-Server.</translation>
    </message>
    <message>
        <source>Return it</source>
        <translation>Zurückgeben</translation>
    </message>
    <message>
        <source>The pool would keep it for 10 s, but the server will hang up after 1 s.</source>
        <translation>Der Pool würde sie 10 s lang behalten, aber der Server legt nach 1 s auf.</translation>
    </message>
    <message>
        <source>The server hangs up</source>
        <translation>Der Server legt auf</translation>
    </message>
    <message>
        <source>The server closes its end. A pool that did not check would hand this connection out and the next request would fail. PoolScope&apos;s idle watcher sees the FIN and closes it as stale.</source>
        <translation>Der Server schließt seine Seite. Ein Pool ohne Prüfung würde diese Verbindung ausgeben, und die nächste Anfrage würde scheitern. Der Leerlaufwächter von PoolScope sieht das FIN und schließt die Verbindung als veraltet.</translation>
    </message>
    <message>
        <source>The stale counter goes up; the log says the peer closed it.</source>
        <translation>Der Zähler „Veraltet“ steigt; das Protokoll meldet, dass die Gegenseite sie geschlossen hat.</translation>
    </message>
    <message>
        <source>Dial again</source>
        <translation>Erneut verbinden</translation>
    </message>
    <message>
        <source>The next dial gets a fresh, working connection instead of the dead one.</source>
        <translation>Der nächste Verbindungsaufbau bekommt statt der toten eine frische, funktionierende Verbindung.</translation>
    </message>
    <message>
        <source>TLS failures one by one, and how to read the reason</source>
        <translation>TLS-Fehler einer nach dem anderen, und wie man den Grund liest</translation>
    </message>
    <message>
        <source>Each lab server below breaks TLS in a different way. The pool refuses every one of them and says why: read the reason in each line.</source>
        <translation>Jeder der folgenden Laborserver macht TLS auf eine andere Weise kaputt. Der Pool lehnt jeden davon ab und sagt, warum: Lesen Sie den Grund in jeder Zeile.</translation>
    </message>
    <message>
        <source>Untrusted certificate</source>
        <translation>Nicht vertrauenswürdiges Zertifikat</translation>
    </message>
    <message>
        <source>The server presents a self-signed certificate that no trusted CA issued.</source>
        <translation>Der Server legt ein selbst signiertes Zertifikat vor, das keine vertrauenswürdige CA ausgestellt hat.</translation>
    </message>
    <message>
        <source>The log line says which verification failed.</source>
        <translation>Die Protokollzeile sagt, welche Prüfung fehlgeschlagen ist.</translation>
    </message>
    <message>
        <source>Expired certificate</source>
        <translation>Abgelaufenes Zertifikat</translation>
    </message>
    <message>
        <source>The certificate comes from the trusted lab CA, but its validity ended yesterday.</source>
        <translation>Das Zertifikat stammt von der vertrauenswürdigen Labor-CA, aber seine Gültigkeit endete gestern.</translation>
    </message>
    <message>
        <source>Wrong host name</source>
        <translation>Falscher Hostname</translation>
    </message>
    <message>
        <source>A valid certificate, for wrong.host.invalid: the chain is fine, the name does not match what was dialled.</source>
        <translation>Ein gültiges Zertifikat, ausgestellt für wrong.host.invalid: Die Kette ist in Ordnung, aber der Name passt nicht zu dem, womit verbunden wurde.</translation>
    </message>
    <message>
        <source>Protocol version</source>
        <translation>Protokollversion</translation>
    </message>
    <message>
        <source>This dial requires TLS 1.3; the server speaks at most TLS 1.2. They share no version.</source>
        <translation>Dieser Verbindungsaufbau verlangt TLS 1.3; der Server spricht höchstens TLS 1.2. Sie haben keine gemeinsame Version.</translation>
    </message>
    <message>
        <source>Plain HTTP on a TLS port</source>
        <translation>Klartext-HTTP auf einem TLS-Port</translation>
    </message>
    <message>
        <source>The server answers the TLS hello with plain HTTP text, which is not a TLS record.</source>
        <translation>Der Server beantwortet das TLS-Hello mit HTTP-Klartext, der kein TLS-Record ist.</translation>
    </message>
    <message>
        <source>Pool limits: max connections, the wait queue, time-outs</source>
        <translation>Pool-Grenzen: maximale Verbindungen, die Warteschlange, Zeitlimits</translation>
    </message>
    <message>
        <source>With max connections at 2, a third dial cannot connect: it waits in a FIFO queue until a connection comes back, or gives up at its time-out.</source>
        <translation>Bei höchstens 2 Verbindungen kann ein dritter Verbindungsaufbau nicht verbinden: Er wartet in einer FIFO-Warteschlange, bis eine Verbindung zurückkommt, oder gibt bei seinem Zeitlimit auf.</translation>
    </message>
    <message>
        <source>Fill the pool</source>
        <translation>Den Pool füllen</translation>
    </message>
    <message>
        <source>Two dials take both slots.</source>
        <translation>Zwei Verbindungsaufbauten belegen beide Plätze.</translation>
    </message>
    <message>
        <source>Second slot</source>
        <translation>Zweiter Platz</translation>
    </message>
    <message>
        <source>The second and last slot.</source>
        <translation>Der zweite und letzte Platz.</translation>
    </message>
    <message>
        <source>A third dial waits</source>
        <translation>Ein dritter Verbindungsaufbau wartet</translation>
    </message>
    <message>
        <source>No slot is free, so the third dial joins the wait queue (it may wait up to 10 s).</source>
        <translation>Kein Platz ist frei, also reiht sich der dritte Verbindungsaufbau in die Warteschlange ein (er darf bis zu 10 s warten).</translation>
    </message>
    <message>
        <source>The waiters counter shows 1.</source>
        <translation>Der Zähler „Wartende“ zeigt 1.</translation>
    </message>
    <message>
        <source>Return one: the waiter is served</source>
        <translation>Eine zurückgeben: Der Wartende wird bedient</translation>
    </message>
    <message>
        <source>Returning a connection serves the oldest waiter at once, with that same connection, already connected.</source>
        <translation>Die Rückgabe einer Verbindung bedient sofort den ältesten Wartenden, mit genau dieser Verbindung, die bereits verbunden ist.</translation>
    </message>
    <message>
        <source>The waiter reused it</source>
        <translation>Der Wartende hat sie wiederverwendet</translation>
    </message>
    <message>
        <source>The waiter got a&apos;s connection: no new dial.</source>
        <translation>Der Wartende hat die Verbindung von a bekommen: kein neuer Verbindungsaufbau.</translation>
    </message>
    <message>
        <source>A waiter that gives up</source>
        <translation>Ein Wartender, der aufgibt</translation>
    </message>
    <message>
        <source>The pool is full again. This dial allows only 400 ms in total, and nobody returns a connection.</source>
        <translation>Der Pool ist wieder voll. Dieser Verbindungsaufbau erlaubt insgesamt nur 400 ms, und niemand gibt eine Verbindung zurück.</translation>
    </message>
    <message>
        <source>The time-outs counter goes up; the log says how long it waited.</source>
        <translation>Der Zähler „Zeitlimits“ steigt; das Protokoll sagt, wie lange gewartet wurde.</translation>
    </message>
    <message>
        <source>Leaks: a holder that never gives its connection back</source>
        <translation>Lecks: ein Halter, der seine Verbindung nie zurückgibt</translation>
    </message>
    <message>
        <source>Code that forgets to return a connection slowly starves the pool. The service flags any lease held longer than the leak threshold (here 800 ms) and names its holder.</source>
        <translation>Code, der vergisst, eine Verbindung zurückzugeben, lässt den Pool langsam verhungern. Der Dienst markiert jede Ausleihe, die länger als die Leck-Schwelle (hier 800 ms) gehalten wird, und nennt ihren Halter.</translation>
    </message>
    <message>
        <source>A job takes a connection</source>
        <translation>Ein Job nimmt sich eine Verbindung</translation>
    </message>
    <message>
        <source>The &quot;report-job&quot; dials and then forgets to return its connection.</source>
        <translation>Der „report-job“ verbindet sich und vergisst dann, seine Verbindung zurückzugeben.</translation>
    </message>
    <message>
        <source>Flagged as a leak</source>
        <translation>Als Leck markiert</translation>
    </message>
    <message>
        <source>After 800 ms in use the service flags it as a possible leak, with the holder&apos;s label.</source>
        <translation>Nach 800 ms in Benutzung markiert der Dienst sie als mögliches Leck, mit der Bezeichnung des Halters.</translation>
    </message>
    <message>
        <source>The warning in the log names report-job.</source>
        <translation>Die Warnung im Protokoll nennt report-job.</translation>
    </message>
    <message>
        <source>Returning the connection ends the suspicion; the connection goes idle.</source>
        <translation>Die Rückgabe der Verbindung beendet den Verdacht; die Verbindung geht in den Leerlauf.</translation>
    </message>
    <message>
        <source>Graceful vs. forced shutdown</source>
        <translation>Geordnetes gegen erzwungenes Herunterfahren</translation>
    </message>
    <message>
        <source>A graceful shutdown refuses new work and waits for every connection in use to come back; a forced one ends them at once.</source>
        <translation>Ein geordnetes Herunterfahren lehnt neue Arbeit ab und wartet, bis jede belegte Verbindung zurückkommt; ein erzwungenes beendet sie sofort.</translation>
    </message>
    <message>
        <source>Two connections in use</source>
        <translation>Zwei belegte Verbindungen</translation>
    </message>
    <message>
        <source>Two holders each have a connection.</source>
        <translation>Zwei Halter haben je eine Verbindung.</translation>
    </message>
    <message>
        <source>Second holder</source>
        <translation>Zweiter Halter</translation>
    </message>
    <message>
        <source>The second one.</source>
        <translation>Der zweite.</translation>
    </message>
    <message>
        <source>Graceful shutdown</source>
        <translation>Geordnetes Herunterfahren</translation>
    </message>
    <message>
        <source>New dials are refused from now on, but the holders may finish: the pool waits for them.</source>
        <translation>Neue Verbindungsaufbauten werden ab jetzt abgelehnt, aber die Halter dürfen zu Ende arbeiten: Der Pool wartet auf sie.</translation>
    </message>
    <message>
        <source>The in-use count is shown draining.</source>
        <translation>Die Zahl der belegten Verbindungen wird als auslaufend angezeigt.</translation>
    </message>
    <message>
        <source>Refused while draining</source>
        <translation>Abgelehnt während des Auslaufens</translation>
    </message>
    <message>
        <source>A dial during the shutdown fails at once.</source>
        <translation>Ein Verbindungsaufbau während des Herunterfahrens scheitert sofort.</translation>
    </message>
    <message>
        <source>First holder returns</source>
        <translation>Der erste Halter gibt zurück</translation>
    </message>
    <message>
        <source>One connection back; one still in use.</source>
        <translation>Eine Verbindung ist zurück; eine ist noch belegt.</translation>
    </message>
    <message>
        <source>Drained</source>
        <translation>Ausgelaufen</translation>
    </message>
    <message>
        <source>The last connection comes back: the shutdown is complete.</source>
        <translation>Die letzte Verbindung kommt zurück: Das Herunterfahren ist abgeschlossen.</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <source>The drained pool closed every connection as it came back. Reopening allows dials again.</source>
        <translation>Der ausgelaufene Pool hat jede Verbindung geschlossen, als sie zurückkam. Das Wiederöffnen erlaubt wieder Verbindungsaufbauten.</translation>
    </message>
    <message>
        <source>Dial after reopening</source>
        <translation>Verbinden nach dem Wiederöffnen</translation>
    </message>
    <message>
        <source>Dials work again.</source>
        <translation>Verbindungsaufbauten funktionieren wieder.</translation>
    </message>
    <message>
        <source>Forced shutdown</source>
        <translation>Erzwungenes Herunterfahren</translation>
    </message>
    <message>
        <source>A forced shutdown does not wait: the socket of the connection in use is shut down under its holder at once, so the holder&apos;s next read or write fails instead of hanging.</source>
        <translation>Ein erzwungenes Herunterfahren wartet nicht: Der Socket der belegten Verbindung wird sofort unter ihrem Halter geschlossen, sodass dessen nächstes Lesen oder Schreiben scheitert, statt zu hängen.</translation>
    </message>
    <message>
        <source>The holder lets go</source>
        <translation>Der Halter lässt los</translation>
    </message>
    <message>
        <source>The descriptor is freed only when the holder lets go, so its number is never reused under anyone; then the row closes.</source>
        <translation>Der Deskriptor wird erst freigegeben, wenn der Halter loslässt, damit seine Nummer nie unter jemandem wiederverwendet wird; dann wird die Zeile geschlossen.</translation>
    </message>
    <message>
        <source>The row closes with the reason shutdown.</source>
        <translation>Die Zeile wird mit dem Grund „Herunterfahren“ geschlossen.</translation>
    </message>
    <message>
        <source>TLS session resumption: a full handshake vs. a resumed one</source>
        <translation>TLS-Sitzungsfortsetzung: ein vollständiger gegen einen fortgesetzten Handshake</translation>
    </message>
    <message>
        <source>A new TLS connection to a server the pool has talked to before can skip the certificate: the server gave the pool session tickets, and the next handshake presents one. Measured live on the lab&apos;s HTTPS server with TLS 1.3.</source>
        <translation>Eine neue TLS-Verbindung zu einem Server, mit dem der Pool schon gesprochen hat, kann das Zertifikat überspringen: Der Server hat dem Pool Session-Tickets gegeben, und der nächste Handshake legt eines davon vor. Live gemessen am HTTPS-Server des Labors mit TLS 1.3.</translation>
    </message>
    <message>
        <source>The first TLS dial</source>
        <translation>Der erste TLS-Verbindungsaufbau</translation>
    </message>
    <message>
        <source>A TLS 1.3 dial with session resumption turned off. The first dial with a set of TLS options also loads the trust store before its handshake, and that time is counted in its handshake time.</source>
        <translation>Ein Verbindungsaufbau mit TLS 1.3 und ausgeschalteter Sitzungsfortsetzung. Der erste Verbindungsaufbau mit einem Satz TLS-Optionen lädt vor seinem Handshake außerdem den Zertifikatsspeicher, und diese Zeit zählt zu seiner Handshake-Zeit.</translation>
    </message>
    <message>
        <source>A new row; a long TLS bar in the phase chart.</source>
        <translation>Eine neue Zeile; ein langer TLS-Balken im Phasendiagramm.</translation>
    </message>
    <message>
        <source>Full handshake</source>
        <translation>Vollständiger Handshake</translation>
    </message>
    <message>
        <source>The same dial again: now the trust store is loaded, and what is left is the full handshake itself. The server sends its certificate and signs the handshake; the pool verifies the chain and the host name.</source>
        <translation>Derselbe Verbindungsaufbau noch einmal: Jetzt ist der Zertifikatsspeicher geladen, und übrig bleibt der vollständige Handshake selbst. Der Server sendet sein Zertifikat und signiert den Handshake; der Pool prüft die Kette und den Hostnamen.</translation>
    </message>
    <message>
        <source>A new row; its TLS column does not say &quot;resumed&quot;; the phase chart shows the handshake time.</source>
        <translation>Eine neue Zeile; ihre TLS-Spalte sagt nicht „fortgesetzt“; das Phasendiagramm zeigt die Handshake-Zeit.</translation>
    </message>
    <message>
        <source>Resumption on</source>
        <translation>Sitzungsfortsetzung an</translation>
    </message>
    <message>
        <source>A dial with session resumption on (the default). It is the first with these TLS options, so it loads the trust store too, and there is no ticket yet: a full handshake (unless an earlier lesson run in this window left a ticket).</source>
        <translation>Ein Verbindungsaufbau mit eingeschalteter Sitzungsfortsetzung (die Voreinstellung). Er ist der erste mit diesen TLS-Optionen, lädt also auch den Zertifikatsspeicher, und es gibt noch kein Ticket: ein vollständiger Handshake (es sei denn, ein früherer Lauf der Lektion in diesem Fenster hat ein Ticket hinterlassen).</translation>
    </message>
    <message>
        <source>Another new row.</source>
        <translation>Noch eine neue Zeile.</translation>
    </message>
    <message>
        <source>Take in the tickets</source>
        <translation>Die Tickets annehmen</translation>
    </message>
    <message>
        <source>After a TLS 1.3 handshake the server sends session tickets. The pool reads them when the connection comes back (this lesson turns on the check on return) and keeps them for this server and these TLS options.</source>
        <translation>Nach einem TLS-1.3-Handshake sendet der Server Session-Tickets. Der Pool liest sie, wenn die Verbindung zurückkommt (diese Lektion schaltet die Prüfung bei Rückgabe ein), und bewahrt sie für diesen Server und diese TLS-Optionen auf.</translation>
    </message>
    <message>
        <source>The row turns idle.</source>
        <translation>Die Zeile wechselt in den Leerlauf.</translation>
    </message>
    <message>
        <source>Resumed handshake</source>
        <translation>Fortgesetzter Handshake</translation>
    </message>
    <message>
        <source>A dial that refuses reuse makes one more connection. Its handshake presents a ticket: no certificate is sent or verified, no signature is checked.</source>
        <translation>Ein Verbindungsaufbau, der Wiederverwendung ablehnt, öffnet eine weitere Verbindung. Sein Handshake legt ein Ticket vor: Es wird kein Zertifikat gesendet oder geprüft, keine Signatur kontrolliert.</translation>
    </message>
    <message>
        <source>A new row with &quot;resumed&quot; in its TLS column and a shorter TLS bar in the phase chart.</source>
        <translation>Eine neue Zeile mit „fortgesetzt“ in ihrer TLS-Spalte und einem kürzeren TLS-Balken im Phasendiagramm.</translation>
    </message>
    <message>
        <source>Reuse beats resumption</source>
        <translation>Wiederverwendung schlägt Fortsetzung</translation>
    </message>
    <message>
        <source>A resumed handshake still costs a TCP connect and a round trip. Reusing an idle connection costs neither.</source>
        <translation>Ein fortgesetzter Handshake kostet immer noch einen TCP-Verbindungsaufbau und einen Round-Trip. Die Wiederverwendung einer Verbindung im Leerlauf kostet keines von beiden.</translation>
    </message>
    <message>
        <source>No new row; the reuse counter goes up.</source>
        <translation>Keine neue Zeile; der Zähler „Wiederverw.“ steigt.</translation>
    </message>
    <message>
        <source>DNS and Happy Eyeballs: a name, two address families, a resolver that never answers</source>
        <translation>DNS und Happy Eyeballs: ein Name, zwei Adressfamilien, ein Resolver, der nie antwortet</translation>
    </message>
    <message>
        <source>The pool turns a name into addresses before it connects. The lab&apos;s DNS server answers every name under .lab.test with ::1 and 127.0.0.1; a server that listens on only one of them at the dialled port leaves the other family dead, and the connect moves on to the next address. Then a name that does not exist, and a DNS server that never answers.</source>
        <translation>Der Pool macht aus einem Namen Adressen, bevor er verbindet. Der DNS-Server des Labors beantwortet jeden Namen unter .lab.test mit ::1 und 127.0.0.1; ein Server, der am gewählten Port nur auf einer davon lauscht, lässt die andere Familie tot, und der Verbindungsaufbau geht zur nächsten Adresse weiter. Dann ein Name, den es nicht gibt, und ein DNS-Server, der nie antwortet.</translation>
    </message>
    <message>
        <source>Dial by name</source>
        <translation>Über den Namen verbinden</translation>
    </message>
    <message>
        <source>www.lab.test is resolved by the lab&apos;s DNS server to ::1 and 127.0.0.1. The HTTP server listens on 127.0.0.1 at this port; at this port nothing listens on ::1, so an IPv6 attempt is refused at once and the connect goes on to IPv4 without waiting.</source>
        <translation>www.lab.test wird vom DNS-Server des Labors zu ::1 und 127.0.0.1 aufgelöst. Der HTTP-Server lauscht an diesem Port auf 127.0.0.1; auf ::1 lauscht an diesem Port niemand, also wird ein IPv6-Versuch sofort abgewiesen, und der Verbindungsaufbau geht ohne Warten zu IPv4 weiter.</translation>
    </message>
    <message>
        <source>The row&apos;s address column shows 127.0.0.1; the phase chart has a DNS part.</source>
        <translation>Die Adressspalte der Zeile zeigt 127.0.0.1; das Phasendiagramm hat einen DNS-Anteil.</translation>
    </message>
    <message>
        <source>Both families dead</source>
        <translation>Beide Familien tot</translation>
    </message>
    <message>
        <source>The same name at the port of the refused server: every address is tried, each family refuses, and the reason lists what was tried in Happy Eyeballs order.</source>
        <translation>Derselbe Name am Port des abweisenden Servers: Jede Adresse wird versucht, jede Familie weist ab, und der Grund listet in Happy-Eyeballs-Reihenfolge auf, was versucht wurde.</translation>
    </message>
    <message>
        <source>The log line names both addresses.</source>
        <translation>Die Protokollzeile nennt beide Adressen.</translation>
    </message>
    <message>
        <source>A name that does not exist</source>
        <translation>Ein Name, den es nicht gibt</translation>
    </message>
    <message>
        <source>The lab&apos;s DNS server answers NXDOMAIN for names outside .lab.test. The dial fails before any connect and counts as a DNS failure.</source>
        <translation>Der DNS-Server des Labors antwortet NXDOMAIN für Namen außerhalb von .lab.test. Der Verbindungsaufbau scheitert vor jedem Verbindungsversuch und zählt als DNS-Fehler.</translation>
    </message>
    <message>
        <source>The DNS failures counter goes up.</source>
        <translation>Der Zähler „DNS-Fehler“ steigt.</translation>
    </message>
    <message>
        <source>The connection goes idle. Its reuse key holds the name as dialled, www.lab.test, not the address it resolved to.</source>
        <translation>Die Verbindung geht in den Leerlauf. Ihr Wiederverwendungsschlüssel enthält den Namen, wie er gewählt wurde, www.lab.test, nicht die Adresse, zu der er aufgelöst wurde.</translation>
    </message>
    <message>
        <source>Switch to a DNS server that never answers</source>
        <translation>Zu einem DNS-Server wechseln, der nie antwortet</translation>
    </message>
    <message>
        <source>From now on the pool asks the lab&apos;s silent DNS server, which never replies. Open connections are not touched by that.</source>
        <translation>Ab jetzt fragt der Pool den stummen DNS-Server des Labors, der nie antwortet. Offene Verbindungen berührt das nicht.</translation>
    </message>
    <message>
        <source>The row stays idle.</source>
        <translation>Die Zeile bleibt im Leerlauf.</translation>
    </message>
    <message>
        <source>Reuse needs no DNS</source>
        <translation>Wiederverwendung braucht kein DNS</translation>
    </message>
    <message>
        <source>Dial www.lab.test again: an idle connection is handed out, so nothing is resolved and the dead resolver does not matter.</source>
        <translation>Verbinden Sie sich erneut mit www.lab.test: Eine Verbindung im Leerlauf wird ausgegeben, also wird nichts aufgelöst, und der tote Resolver spielt keine Rolle.</translation>
    </message>
    <message>
        <source>The reuse counter goes up; no Resolved line in the log.</source>
        <translation>Der Zähler „Wiederverw.“ steigt; keine Resolved-Zeile im Protokoll.</translation>
    </message>
    <message>
        <source>A new dial waits for DNS</source>
        <translation>Ein neuer Verbindungsaufbau wartet auf DNS</translation>
    </message>
    <message>
        <source>A dial that refuses reuse must resolve the name, and the silent DNS server never answers: the dial stays in its resolve phase, before any connect.</source>
        <translation>Ein Verbindungsaufbau, der Wiederverwendung ablehnt, muss den Namen auflösen, und der stumme DNS-Server antwortet nie: Der Verbindungsaufbau bleibt in seiner Auflösungsphase, vor jedem Verbindungsversuch.</translation>
    </message>
    <message>
        <source>A new row in the resolving state.</source>
        <translation>Eine neue Zeile im Zustand „Löst auf“.</translation>
    </message>
    <message>
        <source>The budget runs out while resolving</source>
        <translation>Das Budget läuft während der Auflösung ab</translation>
    </message>
    <message>
        <source>After the dial&apos;s 1.5 s budget the caller gets a time-out. The pool counts it as a time-out, not as a DNS failure (those are names that do not exist, and resolver errors).</source>
        <translation>Nach dem Budget des Verbindungsaufbaus von 1,5 s bekommt der Aufrufer ein Zeitlimit gemeldet. Der Pool zählt es als Zeitlimit, nicht als DNS-Fehler (das sind Namen, die es nicht gibt, und Fehler des Resolvers).</translation>
    </message>
    <message>
        <source>The time-outs counter goes up; the row goes.</source>
        <translation>Der Zähler „Zeitlimits“ steigt; die Zeile verschwindet.</translation>
    </message>
    <message>
        <source>Dial time-outs and cancellation against a silent server</source>
        <translation>Zeitlimits beim Verbindungsaufbau und Abbruch gegen einen stummen Server</translation>
    </message>
    <message>
        <source>The lab&apos;s silent server accepts TCP connections and never sends a byte. A TLS dial to it connects at once and then waits for the server&apos;s half of the handshake, which never comes: only a time-out or a cancel ends the wait.</source>
        <translation>Der stumme Server des Labors nimmt TCP-Verbindungen an und sendet nie ein Byte. Ein TLS-Verbindungsaufbau zu ihm verbindet sofort und wartet dann auf die Hälfte des Handshakes, die vom Server kommen müsste und nie kommt: Nur ein Zeitlimit oder ein Abbruch beendet das Warten.</translation>
    </message>
    <message>
        <source>Connected, then nothing</source>
        <translation>Verbunden, dann nichts</translation>
    </message>
    <message>
        <source>A TLS dial to the silent server with a 1 s budget for the whole dial (resolve, connect, handshake). The TCP connect succeeds at once; the pool sends its ClientHello and waits for the server&apos;s reply, which never comes.</source>
        <translation>Ein TLS-Verbindungsaufbau zum stummen Server mit einem Budget von 1 s für den ganzen Aufbau (Auflösen, Verbinden, Handshake). Der TCP-Verbindungsaufbau gelingt sofort; der Pool sendet sein ClientHello und wartet auf die Antwort des Servers, die nie kommt.</translation>
    </message>
    <message>
        <source>A row in the TLS handshake state; the connecting counter shows 1.</source>
        <translation>Eine Zeile im Zustand TLS-Handshake; der Zähler „Im Aufbau“ zeigt 1.</translation>
    </message>
    <message>
        <source>The dial&apos;s own budget</source>
        <translation>Das eigene Budget des Verbindungsaufbaus</translation>
    </message>
    <message>
        <source>After 1 s the budget is spent and the caller gets a time-out; the pool closes the half-made connection.</source>
        <translation>Nach 1 s ist das Budget verbraucht, und der Aufrufer bekommt ein Zeitlimit gemeldet; der Pool schließt die halb aufgebaute Verbindung.</translation>
    </message>
    <message>
        <source>A handshake time-out</source>
        <translation>Ein Handshake-Zeitlimit</translation>
    </message>
    <message>
        <source>The pool can bound each phase on its own. Set the handshake time-out to 300 ms.</source>
        <translation>Der Pool kann jede Phase einzeln begrenzen. Setzen Sie das Handshake-Zeitlimit auf 300 ms.</translation>
    </message>
    <message>
        <source>The phase gives up first</source>
        <translation>Die Phase gibt zuerst auf</translation>
    </message>
    <message>
        <source>The same dial with a 5 s budget now gives up after 300 ms: the handshake&apos;s own bound ends it long before the dial&apos;s.</source>
        <translation>Derselbe Verbindungsaufbau mit einem Budget von 5 s gibt jetzt nach 300 ms auf: Die eigene Grenze des Handshakes beendet ihn lange vor der des Verbindungsaufbaus.</translation>
    </message>
    <message>
        <source>The dial fails after about 0.3 s, not 5 s.</source>
        <translation>Der Verbindungsaufbau scheitert nach etwa 0,3 s, nicht nach 5 s.</translation>
    </message>
    <message>
        <source>No handshake time-out</source>
        <translation>Kein Handshake-Zeitlimit</translation>
    </message>
    <message>
        <source>Back to no handshake time-out: only a dial&apos;s own budget (here 30 s) bounds the wait.</source>
        <translation>Zurück zu keinem Handshake-Zeitlimit: Nur das eigene Budget eines Verbindungsaufbaus (hier 30 s) begrenzt das Warten.</translation>
    </message>
    <message>
        <source>A dial that waits</source>
        <translation>Ein Verbindungsaufbau, der wartet</translation>
    </message>
    <message>
        <source>A TLS dial to the silent server with a 30 s budget. It connects, sends its ClientHello and waits.</source>
        <translation>Ein TLS-Verbindungsaufbau zum stummen Server mit einem Budget von 30 s. Er verbindet, sendet sein ClientHello und wartet.</translation>
    </message>
    <message>
        <source>A row in the connecting state; the connecting counter shows 1.</source>
        <translation>Eine Zeile im Zustand „Im Aufbau“; der Zähler „Im Aufbau“ zeigt 1.</translation>
    </message>
    <message>
        <source>Cancel it</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>The caller does not want to wait any longer and cancels. It gets its answer at once; the pool stops the half-made dial in the background within a few tens of milliseconds, whatever phase it is in, and frees its slot.</source>
        <translation>Der Aufrufer will nicht länger warten und bricht ab. Er bekommt sofort seine Antwort; der Pool beendet den halb fertigen Verbindungsaufbau im Hintergrund innerhalb weniger Dutzend Millisekunden, in welcher Phase er auch ist, und gibt seinen Platz frei.</translation>
    </message>
    <message>
        <source>The row goes; the log says cancelled.</source>
        <translation>Die Zeile verschwindet; das Protokoll meldet den Abbruch.</translation>
    </message>
    <message>
        <source>Plain TCP is not the problem</source>
        <translation>Klartext-TCP ist nicht das Problem</translation>
    </message>
    <message>
        <source>A plain dial to the same silent server succeeds at once: accepting the connection is all a dial needs from it. A holder reading from it would wait, which is why reads have their own time-out (ioTimeout).</source>
        <translation>Ein Klartext-Verbindungsaufbau zum selben stummen Server gelingt sofort: Die Verbindung anzunehmen ist alles, was ein Verbindungsaufbau von ihm braucht. Ein Halter, der von ihr liest, würde warten; deshalb haben Lesevorgänge ihr eigenes Zeitlimit (ioTimeout).</translation>
    </message>
    <message>
        <source>A new row, in use.</source>
        <translation>Eine neue Zeile, belegt.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>unknown failure</source>
        <translation>unbekannter Fehler</translation>
    </message>
</context>
<context>
    <name>SourceText</name>
    <message>
        <source>replay of %1</source>
        <translation>Wiedergabe von %1</translation>
    </message>
    <message>
        <source>attached to %1</source>
        <translation>verbunden mit %1</translation>
    </message>
    <message>
        <source>Dialling</source>
        <translation>Verbindungsaufbau</translation>
    </message>
    <message>
        <source>Using or returning a connection</source>
        <translation>Nutzen oder Zurückgeben einer Verbindung</translation>
    </message>
    <message>
        <source>Closing connections</source>
        <translation>Schließen von Verbindungen</translation>
    </message>
    <message>
        <source>Shutting down or reopening the pool</source>
        <translation>Herunterfahren oder Wiederöffnen des Pools</translation>
    </message>
    <message>
        <source>Changing the pool&apos;s settings</source>
        <translation>Ändern der Pool-Einstellungen</translation>
    </message>
    <message>
        <source>Capturing TLS handshakes</source>
        <translation>Mitschneiden von TLS-Handshakes</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>Aufzeichnen</translation>
    </message>
    <message>
        <source>%1 is not possible in a replay: %2 shows what was recorded and cannot be changed.</source>
        <translation>%1 ist in einer Wiedergabe nicht möglich: %2 zeigt, was aufgezeichnet wurde, und lässt sich nicht ändern.</translation>
    </message>
    <message>
        <source>%1 is not allowed: %2 published its pool for watching only.</source>
        <translation>%1 ist nicht erlaubt: %2 hat seinen Pool nur zum Beobachten freigegeben.</translation>
    </message>
    <message>
        <source>%1 is not possible: the pool has stopped.</source>
        <translation>%1 ist nicht möglich: Der Pool wurde beendet.</translation>
    </message>
    <message>
        <source>%1 is not possible on an attached app: PoolScope watches %2 and can only ask it to close connections or shut down, when it allows that.</source>
        <translation>%1 ist bei einer verbundenen App nicht möglich: PoolScope beobachtet %2 und kann sie nur bitten, Verbindungen zu schließen oder herunterzufahren, wenn sie das erlaubt.</translation>
    </message>
    <message>
        <source>%1 is not allowed: %2 did not allow it.</source>
        <translation>%1 ist nicht erlaubt: %2 hat es nicht freigegeben.</translation>
    </message>
    <message>
        <source>%1 is not possible: %2</source>
        <translation>%1 ist nicht möglich: %2</translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1 (PID %2)</translation>
    </message>
    <message>
        <source>Detached from %1</source>
        <translation>Getrennt von %1</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1 …</translation>
    </message>
    <message>
        <source>Attached to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <source>Lost %1: %2</source>
        <translation>%1 verloren: %2</translation>
    </message>
</context>
<context>
    <name>WireLogHtml</name>
    <message>
        <source>seen by the check before hand-out</source>
        <translation>erkannt von der Prüfung vor der Herausgabe</translation>
    </message>
    <message>
        <source>seen by the check on return</source>
        <translation>erkannt von der Prüfung bei der Rückgabe</translation>
    </message>
    <message>
        <source>seen by the idle watcher</source>
        <translation>erkannt von der Leerlaufüberwachung</translation>
    </message>
    <message>
        <source>seen by a write</source>
        <translation>erkannt beim Schreiben</translation>
    </message>
    <message>
        <source>seen by a read</source>
        <translation>erkannt beim Lesen</translation>
    </message>
    <message>
        <source>write side: a half-close</source>
        <translation>Schreibseite: ein Half-Close</translation>
    </message>
    <message>
        <source>read side</source>
        <translation>Leseseite</translation>
    </message>
    <message>
        <source>both directions</source>
        <translation>beide Richtungen</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>connected to %1</source>
        <translation>verbunden mit %1</translation>
    </message>
    <message>
        <source>use %1 begins (reused)</source>
        <translation>Nutzung %1 beginnt (wiederverwendet)</translation>
    </message>
    <message>
        <source>use %1 begins</source>
        <translation>Nutzung %1 beginnt</translation>
    </message>
    <message>
        <source>response head: %1</source>
        <translation>Antwortkopf: %1</translation>
    </message>
    <message>
        <source>FIN from the peer (%1)</source>
        <translation>FIN von der Gegenstelle (%1)</translation>
    </message>
    <message>
        <source>RST from the peer (%1)</source>
        <translation>RST von der Gegenstelle (%1)</translation>
    </message>
    <message>
        <source>unread bytes while idle (%1)</source>
        <translation>ungelesene Bytes im Leerlauf (%1)</translation>
    </message>
    <message>
        <source>shut down: %1</source>
        <translation>heruntergefahren: %1</translation>
    </message>
    <message>
        <source>closed by the pool: %1</source>
        <translation>vom Pool geschlossen: %1</translation>
    </message>
    <message>
        <source>FIN is an orderly close: the peer sends nothing more (it may still read, which is a half-close). RST aborts the connection at once and loses what was in flight. After either, the pool never hands the connection out again.</source>
        <translation>FIN ist ein geordnetes Schließen: Die Gegenstelle sendet nichts mehr (lesen kann sie noch – ein Half-Close). RST bricht die Verbindung sofort ab, und was noch unterwegs war, geht verloren. Nach beidem gibt der Pool die Verbindung nie wieder heraus.</translation>
    </message>
    <message>
        <source>What went over the wire (TCP)</source>
        <translation>Was über die Leitung ging (TCP)</translation>
    </message>
    <message>
        <source>In total</source>
        <translation>Insgesamt</translation>
    </message>
    <message>
        <source>%1 B sent, %2 B received</source>
        <translation>%1 B gesendet, %2 B empfangen</translation>
    </message>
    <message>
        <source>Only the first %1 events are kept.</source>
        <translation>Nur die ersten %1 Ereignisse werden behalten.</translation>
    </message>
</context>
<context>
    <name>poolscope::app::CommandLine</name>
    <message>
        <source>Drive steady demo traffic against the lab.</source>
        <translation>Gleichmäßigen Demo-Verkehr gegen das Labor erzeugen.</translation>
    </message>
    <message>
        <source>Do not start the built-in lab servers.</source>
        <translation>Die eingebauten Laborserver nicht starten.</translation>
    </message>
    <message>
        <source>Dial a target at start (repeatable). IPv6 in brackets: [::1]:443:tls.</source>
        <translation>Beim Start ein Ziel verbinden (wiederholbar). IPv6 in Klammern: [::1]:443:tls.</translation>
    </message>
    <message>
        <source>Pool size limit, 1-65535.</source>
        <translation>Größenlimit des Pools, 1–65535.</translation>
    </message>
    <message>
        <source>Idle keep-alive in seconds, 0-86400.</source>
        <translation>Keep-Alive im Leerlauf in Sekunden, 0–86400.</translation>
    </message>
    <message>
        <source>Render the main window to a PNG file, then quit.</source>
        <translation>Das Hauptfenster als PNG-Datei speichern, dann beenden.</translation>
    </message>
    <message>
        <source>Quit after this many seconds (the screenshot is taken then).</source>
        <translation>Nach so vielen Sekunden beenden (dann wird der Screenshot erstellt).</translation>
    </message>
    <message>
        <source>Window size in logical pixels, e.g. 1024x640 (also for --screenshot).</source>
        <translation>Fenstergröße in logischen Pixeln, z. B. 1024x640 (auch für --screenshot).</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>Version ausgeben und beenden.</translation>
    </message>
    <message>
        <source>Print this help and exit.</source>
        <translation>Diese Hilfe ausgeben und beenden.</translation>
    </message>
    <message>
        <source>PoolScope: a live monitor for a TCP/TLS connection pool, with a built-in lab of loopback servers.
Without a display it runs the demo offscreen, writes %1 and prints a pool summary.</source>
        <translation>PoolScope: ein Live-Monitor für einen TCP/TLS-Verbindungspool, mit eingebautem Labor aus Loopback-Servern.
Ohne Bildschirm läuft die Demo offscreen, schreibt %1 und gibt eine Pool-Übersicht aus.</translation>
    </message>
    <message>
        <source>unexpected argument &quot;%1&quot;</source>
        <translation>unerwartetes Argument „%1“</translation>
    </message>
    <message>
        <source>--demo drives traffic against the lab; it cannot be combined with --no-lab</source>
        <translation>--demo erzeugt Verkehr gegen das Labor und kann nicht mit --no-lab kombiniert werden</translation>
    </message>
    <message>
        <source>--dial: %1</source>
        <translation>--dial: %1</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>Befehlszeile</translation>
    </message>
    <message>
        <source>--max-connections: expected a whole number from 1 to 65535, got &quot;%1&quot;</source>
        <translation>--max-connections: ganze Zahl von 1 bis 65535 erwartet, erhalten: „%1“</translation>
    </message>
    <message>
        <source>--keep-alive: expected whole seconds from 0 to 86400, got &quot;%1&quot;</source>
        <translation>--keep-alive: ganze Sekunden von 0 bis 86400 erwartet, erhalten: „%1“</translation>
    </message>
    <message>
        <source>--screenshot: expected a file name</source>
        <translation>--screenshot: Dateiname erwartet</translation>
    </message>
    <message>
        <source>--quit-after: expected seconds greater than 0 (at most 86400), got &quot;%1&quot;</source>
        <translation>--quit-after: Sekunden größer als 0 (höchstens 86400) erwartet, erhalten: „%1“</translation>
    </message>
    <message>
        <source>--window-size: expected WIDTHxHEIGHT from 640x400 to 7680x4320, got &quot;%1&quot;</source>
        <translation>--window-size: BREITExHÖHE von 640x400 bis 7680x4320 erwartet, erhalten: „%1“</translation>
    </message>
    <message>
        <source>Open a guided lesson: a shipped one&apos;s name or a lesson file; &quot;list&quot; prints the shipped lessons.</source>
        <translation>Eine geführte Lektion öffnen: Name einer mitgelieferten Lektion oder eine Lektionsdatei; „list“ listet die mitgelieferten Lektionen auf.</translation>
    </message>
    <message>
        <source>With --lesson: play it without a window, print one line per step, exit with 1 if a step failed.</source>
        <translation>Mit --lesson: die Lektion ohne Fenster abspielen, eine Zeile pro Schritt ausgeben, mit 1 beenden, wenn ein Schritt fehlschlug.</translation>
    </message>
    <message>
        <source>--auto plays a lesson: give --lesson NAME|FILE too</source>
        <translation>--auto spielt eine Lektion ab: auch --lesson NAME|DATEI angeben</translation>
    </message>
    <message>
        <source>--lesson: expected a lesson name, a lesson file or &quot;list&quot;</source>
        <translation>--lesson: Lektionsname, Lektionsdatei oder „list“ erwartet</translation>
    </message>
    <message>
        <source>--lesson drives the lab itself; it cannot be combined with --demo, --no-lab or --dial</source>
        <translation>--lesson steuert das Labor selbst und kann nicht mit --demo, --no-lab oder --dial kombiniert werden</translation>
    </message>
    <message>
        <source>--lesson list prints the lessons; it takes no --auto or --screenshot</source>
        <translation>--lesson list listet die Lektionen auf und nimmt kein --auto oder --screenshot</translation>
    </message>
    <message>
        <source>Record the pool (events and snapshots) from start to exit to a trace file (docs/TRACE_FORMAT.md).</source>
        <translation>Den Pool (Ereignisse und Momentaufnahmen) vom Start bis zum Ende in eine Trace-Datei aufzeichnen (docs/TRACE_FORMAT.md).</translation>
    </message>
    <message>
        <source>--record: expected a file name</source>
        <translation>--record: Dateiname erwartet</translation>
    </message>
    <message>
        <source>Replay a recorded trace (from --record or File &gt; Record Trace) instead of watching the live pool; no lab is started.</source>
        <translation>Einen aufgezeichneten Trace (von --record oder Datei &gt; Trace aufzeichnen) wiedergeben statt den laufenden Pool zu beobachten; es wird kein Labor gestartet.</translation>
    </message>
    <message>
        <source>With --open: start at this many seconds into the trace, or &quot;end&quot;.</source>
        <translation>Mit --open: so viele Sekunden nach Beginn des Trace starten, oder „end“.</translation>
    </message>
    <message>
        <source>With --open: start playing at once.</source>
        <translation>Mit --open: sofort abspielen.</translation>
    </message>
    <message>
        <source>--at and --play move a replay: give --open FILE too</source>
        <translation>--at und --play steuern eine Wiedergabe: auch --open DATEI angeben</translation>
    </message>
    <message>
        <source>--open: expected a trace file</source>
        <translation>--open: Trace-Datei erwartet</translation>
    </message>
    <message>
        <source>--open shows a recorded trace; it cannot be combined with --demo, --dial, --lesson, --record, --max-connections or --keep-alive</source>
        <translation>--open zeigt einen aufgezeichneten Trace und kann nicht mit --demo, --dial, --lesson, --record, --max-connections oder --keep-alive kombiniert werden</translation>
    </message>
    <message>
        <source>--at: expected seconds from 0 or &quot;end&quot;, got &quot;%1&quot;</source>
        <translation>--at: Sekunden ab 0 oder „end“ erwartet, erhalten: „%1“</translation>
    </message>
    <message>
        <source>Watch the pool another app on this computer publishes (PoolPublisher), by its name or pid, instead of the live pool; no lab is started.</source>
        <translation>Den Pool beobachten, den eine andere App auf diesem Computer veröffentlicht (PoolPublisher), nach Name oder PID, statt den laufenden Pool; es wird kein Labor gestartet.</translation>
    </message>
    <message>
        <source>Print the apps that publish their pool, one per line, and exit.</source>
        <translation>Die Apps ausgeben, die ihren Pool veröffentlichen, eine pro Zeile, und beenden.</translation>
    </message>
    <message>
        <source>--attach: expected an app&apos;s name or pid (see --list-apps)</source>
        <translation>--attach: Name oder PID einer App erwartet (siehe --list-apps)</translation>
    </message>
    <message>
        <source>--list-apps prints the published apps and exits; it takes no other option</source>
        <translation>--list-apps gibt die veröffentlichenden Apps aus und beendet sich; es nimmt keine andere Option</translation>
    </message>
    <message>
        <source>--attach shows another app&apos;s pool; it cannot be combined with --demo, --dial, --lesson, --open, --max-connections or --keep-alive</source>
        <translation>--attach zeigt den Pool einer anderen App und kann nicht mit --demo, --dial, --lesson, --open, --max-connections oder --keep-alive kombiniert werden</translation>
    </message>
    <message>
        <source>Usage: poolscope [options]</source>
        <translation>Aufruf: poolscope [Optionen]</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::AboutDialog</name>
    <message>
        <source>About PoolScope</source>
        <translation>Über PoolScope</translation>
    </message>
    <message>
        <source>&lt;h2&gt;PoolScope %1&lt;/h2&gt;&lt;p&gt;A monitor for a TCP/TLS connection pool: watch connections being dialled, reused, kept alive, expired and closed, and see why failures happen.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;br&gt;%4&lt;/p&gt;</source>
        <translation>&lt;h2&gt;PoolScope %1&lt;/h2&gt;&lt;p&gt;Ein Monitor für einen TCP/TLS-Verbindungspool: Sehen Sie zu, wie Verbindungen aufgebaut, wiederverwendet, offen gehalten, abgelaufen und geschlossen werden – und warum Fehler auftreten.&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %2, läuft mit Qt %3.&lt;br&gt;%4&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::AttachDialog</name>
    <message>
        <source>Attach to App</source>
        <translation>Mit App verbinden</translation>
    </message>
    <message>
        <source>Apps on this computer that publish their pool (PoolPublisher). PoolScope shows the one you choose live, in a window of its own; what you may do to it is what the app allows.</source>
        <translation>Apps auf diesem Computer, die ihren Pool veröffentlichen (PoolPublisher). PoolScope zeigt die gewählte live in einem eigenen Fenster; was Sie dort tun dürfen, bestimmt die App.</translation>
    </message>
    <message>
        <source>App</source>
        <translation>App</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Allows</source>
        <translation>Erlaubt</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>No app is publishing its pool right now.</source>
        <translation>Gerade veröffentlicht keine App ihren Pool.</translation>
    </message>
    <message>
        <source>&amp;Attach</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>watching only</source>
        <translation>nur Beobachten</translation>
    </message>
    <message numerus="yes">
        <source>%n pool(s)</source>
        <translation>
            <numerusform>%n Pool</numerusform>
            <numerusform>%n Pools</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ConnectionTimeline</name>
    <message>
        <source>Queued</source>
        <translation>In der Warteschlange</translation>
    </message>
    <message>
        <source>DNS</source>
        <translation>DNS</translation>
    </message>
    <message>
        <source>TCP connect</source>
        <translation>TCP-Aufbau</translation>
    </message>
    <message>
        <source>TLS handshake</source>
        <translation>TLS-Handshake</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>&lt; 1 ms</source>
        <translation>&lt; 1 ms</translation>
    </message>
    <message>
        <source>≈ %1 ms</source>
        <translation>≈ %1 ms</translation>
    </message>
    <message>
        <source>Dial failed at %1</source>
        <translation>Verbindungsaufbau fehlgeschlagen um %1</translation>
    </message>
    <message>
        <source>Closed at %1</source>
        <translation>Geschlossen um %1</translation>
    </message>
    <message>
        <source>(no close event seen: it left the pool&apos;s snapshots then)</source>
        <translation>(kein Schließ-Ereignis gesehen: zu diesem Zeitpunkt verschwand sie aus den Momentaufnahmen des Pools)</translation>
    </message>
    <message>
        <source>Why: %1</source>
        <translation>Warum: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>Nutzung %1</translation>
    </message>
    <message>
        <source>%1 (failed)</source>
        <translation>%1 (fehlgeschlagen)</translation>
    </message>
    <message>
        <source>From %1, still running</source>
        <translation>Ab %1, läuft noch</translation>
    </message>
    <message>
        <source>From %1 to %2</source>
        <translation>Von %1 bis %2</translation>
    </message>
    <message>
        <source>Duration: %1</source>
        <translation>Dauer: %1</translation>
    </message>
    <message>
        <source>(from event times, to the millisecond)</source>
        <translation>(aus den Ereigniszeiten, auf die Millisekunde)</translation>
    </message>
    <message>
        <source>Held by: %1</source>
        <translation>Gehalten von: %1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Reused an idle connection</source>
        <translation>Eine ruhende Verbindung wiederverwendet</translation>
    </message>
    <message>
        <source>A new connection</source>
        <translation>Eine neue Verbindung</translation>
    </message>
    <message>
        <source>Keep-alive deadline: %1 (in %2)</source>
        <translation>Keep-alive-Frist: %1 (in %2)</translation>
    </message>
    <message>
        <source>Keep-alive deadline: %1</source>
        <translation>Keep-alive-Frist: %1</translation>
    </message>
    <message>
        <source>+%1 ms</source>
        <translation>+%1 ms</translation>
    </message>
    <message>
        <source>+%1 s</source>
        <translation>+%1 s</translation>
    </message>
    <message>
        <source>+%1 min</source>
        <translation>+%1 min</translation>
    </message>
    <message>
        <source>Proxy tunnel</source>
        <translation>Proxy-Tunnel</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ConnectionWaterfall</name>
    <message>
        <source>Connection timeline</source>
        <translation>Zeitleiste der Verbindung</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>unknown holder</source>
        <translation>unbekannter Halter</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message numerus="yes">
        <source>%n use(s), last by %1</source>
        <translation>
            <numerusform>%n Nutzung, zuletzt von %1</numerusform>
            <numerusform>%n Nutzungen, zuletzt von %1</numerusform>
        </translation>
    </message>
    <message>
        <source>keep-alive ends in %1</source>
        <translation>Keep-alive endet in %1</translation>
    </message>
    <message>
        <source>%1, failed</source>
        <translation>%1, fehlgeschlagen</translation>
    </message>
    <message>
        <source>Timeline of #%1 · %2</source>
        <translation>Zeitleiste von #%1 · %2</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ConnectionsModel</name>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Host:port</source>
        <translation>Host:Port</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Keep-alive</source>
        <translation>Keep-Alive</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Reuses</source>
        <translation>Wiederverw.</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Connection id, unique for the pool&apos;s lifetime</source>
        <translation>Verbindungs-ID, eindeutig für die Lebensdauer des Pools</translation>
    </message>
    <message>
        <source>The host and port as dialled (the reuse key)</source>
        <translation>Host und Port wie verbunden (der Wiederverwendungsschlüssel)</translation>
    </message>
    <message>
        <source>The address the name resolved to and the connection reached</source>
        <translation>Die Adresse, zu der der Name aufgelöst wurde und die die Verbindung erreicht hat</translation>
    </message>
    <message>
        <source>Protocol version, cipher suite and whether the session was resumed</source>
        <translation>Protokollversion, Cipher-Suite und ob die Sitzung fortgesetzt wurde</translation>
    </message>
    <message>
        <source>Where the connection is in its lifecycle</source>
        <translation>Wo die Verbindung in ihrem Lebenszyklus steht</translation>
    </message>
    <message>
        <source>Time left before an idle connection is closed</source>
        <translation>Restzeit, bis eine Verbindung im Leerlauf geschlossen wird</translation>
    </message>
    <message>
        <source>Time since the connection was dialled</source>
        <translation>Zeit seit dem Verbindungsaufbau</translation>
    </message>
    <message>
        <source>Time since an idle connection was last returned</source>
        <translation>Zeit seit der letzten Rückgabe einer Verbindung im Leerlauf</translation>
    </message>
    <message>
        <source>How many times the pool handed this connection out again</source>
        <translation>Wie oft der Pool diese Verbindung erneut ausgeliehen hat</translation>
    </message>
    <message>
        <source>The most recent error on this connection</source>
        <translation>Der letzte Fehler dieser Verbindung</translation>
    </message>
    <message>
        <source>%1
held by: %2</source>
        <translation>%1
ausgeliehen von: %2</translation>
    </message>
    <message>
        <source>%1 from local port %2</source>
        <translation>%1 von lokalem Port %2</translation>
    </message>
    <message>
        <source>%1
verify: %2
subject: %3</source>
        <translation>%1
Prüfung: %2
Antragsteller: %3</translation>
    </message>
    <message>
        <source>This connection has left the pool.</source>
        <translation>Diese Verbindung hat den Pool verlassen.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>This dial failed: %1</source>
        <translation>Dieser Verbindungsaufbau ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>This connection has left the pool: %1</source>
        <translation>Diese Verbindung hat den Pool verlassen: %1</translation>
    </message>
    <message>
        <source>Closed in %1 unless reused: %2</source>
        <translation>Wird in %1 geschlossen, falls nicht wiederverwendet: %2</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ConnectionsPanel</name>
    <message>
        <source>&amp;Active only</source>
        <translation>Nur a&amp;ktive</translation>
    </message>
    <message>
        <source>Filter: host, address, label, error… (#42 for one id)</source>
        <translation>Host, Adresse, Bezeichnung, Fehler … (#42 = ID)</translation>
    </message>
    <message>
        <source>Filter connections</source>
        <translation>Verbindungen filtern</translation>
    </message>
    <message>
        <source>State filter</source>
        <translation>Statusfilter</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>Dialing</source>
        <translation>Im Aufbau</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Closing / closed</source>
        <translation>Schließend / geschlossen</translation>
    </message>
    <message>
        <source>Host filter</source>
        <translation>Hostfilter</translation>
    </message>
    <message>
        <source>All hosts</source>
        <translation>Alle Hosts</translation>
    </message>
    <message>
        <source>Only connections in use or dialing</source>
        <translation>Nur belegte Verbindungen und solche im Aufbau</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n Verbindung</numerusform>
            <numerusform>%n Verbindungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n shown</source>
        <translation>
            <numerusform>%1 von %n angezeigt</numerusform>
            <numerusform>%1 von %n angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source>One row per connection of the pool: its endpoint, address, TLS, state, keep-alive left, age and dial times; failed and closed connections stay a while, greyed, with the reason</source>
        <translation>Eine Zeile je Verbindung des Pools: Endpunkt, Adresse, TLS, Zustand, verbleibendes Keep-Alive, Alter und Verbindungsaufbauzeiten; fehlgeschlagene und geschlossene Verbindungen bleiben eine Weile ausgegraut mit dem Grund stehen</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::CountersPanel</name>
    <message>
        <source>Pool counters</source>
        <translation>Pool-Zähler</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Connections handed out now</source>
        <translation>Derzeit ausgeliehene Verbindungen</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Open connections waiting to be reused</source>
        <translation>Offene Verbindungen, die auf Wiederverwendung warten</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Im Aufbau</translation>
    </message>
    <message>
        <source>Dials in flight: resolving, connecting or in the TLS handshake</source>
        <translation>Laufende Verbindungsaufbauten: Namensauflösung, Verbinden oder TLS-Handshake</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max.</translation>
    </message>
    <message>
        <source>The pool&apos;s connection limit</source>
        <translation>Verbindungslimit des Pools</translation>
    </message>
    <message>
        <source>Waiters</source>
        <translation>Wartende</translation>
    </message>
    <message>
        <source>Requests waiting for a free slot</source>
        <translation>Anfragen, die auf einen freien Platz warten</translation>
    </message>
    <message>
        <source>Dials</source>
        <translation>Anfragen</translation>
    </message>
    <message>
        <source>Acquire calls since the pool started</source>
        <translation>Anfragen an den Pool seit seinem Start</translation>
    </message>
    <message>
        <source>Reuse ratio</source>
        <translation>Wiederverw.</translation>
    </message>
    <message>
        <source>Share of dials served by an idle connection</source>
        <translation>Anteil der Anfragen, die eine Verbindung im Leerlauf bedient hat</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Veraltet</translation>
    </message>
    <message>
        <source>Idle connections found closed by the peer before reuse</source>
        <translation>Verbindungen im Leerlauf, die vor der Wiederverwendung von der Gegenseite geschlossen wurden</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Abgelaufen</translation>
    </message>
    <message>
        <source>Idle connections closed at their keep-alive or lifetime</source>
        <translation>Verbindungen im Leerlauf, die nach Keep-Alive oder Lebensdauer geschlossen wurden</translation>
    </message>
    <message>
        <source>Evicted</source>
        <translation>Verdrängt</translation>
    </message>
    <message>
        <source>Idle connections closed to make room for another host</source>
        <translation>Verbindungen im Leerlauf, die für einen anderen Host Platz machen mussten</translation>
    </message>
    <message>
        <source>TLS failures</source>
        <translation>TLS-Fehler</translation>
    </message>
    <message>
        <source>TLS handshakes that failed</source>
        <translation>Fehlgeschlagene TLS-Handshakes</translation>
    </message>
    <message>
        <source>Socket errors</source>
        <translation>Socket-Fehler</translation>
    </message>
    <message>
        <source>Timeouts</source>
        <translation>Zeitlimits</translation>
    </message>
    <message>
        <source>Draining</source>
        <translation>Auslaufend</translation>
    </message>
    <message>
        <source>Leases still out during a graceful shutdown</source>
        <translation>Noch ausgeliehene Verbindungen, während der Pool ausläuft</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>DNS failures</source>
        <translation>DNS-Fehler</translation>
    </message>
    <message>
        <source>Refused, unreachable, reset</source>
        <translation>Abgewiesen, nicht erreichbar, zurückgesetzt</translation>
    </message>
    <message>
        <source>Resolve failures: host names the resolver found no address for (no such name, or the DNS server refused or failed); a DNS server that does not answer counts under Timeouts</source>
        <translation>Auflösungsfehler: Hostnamen, für die der Resolver keine Adresse fand (kein solcher Name, oder der DNS-Server lehnte ab oder scheiterte); ein DNS-Server, der nicht antwortet, zählt unter Zeitlimits</translation>
    </message>
    <message>
        <source>Dials and waits that ran out of time, a DNS server that did not answer included</source>
        <translation>Verbindungsaufbauten und Wartezeiten, deren Zeitlimit ablief, auch wenn ein DNS-Server nicht antwortete</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::DemoDriver</name>
    <message>
        <source>demo browser</source>
        <translation>Demo-Browser</translation>
    </message>
    <message>
        <source>demo api</source>
        <translation>Demo-API</translation>
    </message>
    <message>
        <source>demo echo</source>
        <translation>Demo-Echo</translation>
    </message>
    <message>
        <source>demo one-shot</source>
        <translation>Demo-Einzelabruf</translation>
    </message>
    <message>
        <source>demo idle-closer</source>
        <translation>Demo-Leerlaufschließer</translation>
    </message>
    <message>
        <source>demo tls1.2</source>
        <translation>Demo-TLS 1.2</translation>
    </message>
    <message>
        <source>demo failure</source>
        <translation>Demo-Fehlschlag</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::DetailsPane</name>
    <message>
        <source>Connection details</source>
        <translation>Verbindungsdetails</translation>
    </message>
    <message numerus="yes">
        <source>%n connections selected. Close and Return act on all of them.</source>
        <translation>
            <numerusform>%n Verbindung ausgewählt.</numerusform>
            <numerusform>%n Verbindungen ausgewählt. Schließen und Zurückgeben wirken auf alle.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a connection to see its timings, TLS parameters, certificate and what its state means.</source>
        <translation>Wählen Sie eine Verbindung, um ihre Zeiten, TLS-Parameter, ihr Zertifikat und die Bedeutung ihres Status zu sehen.</translation>
    </message>
    <message>
        <source>Connection #%1</source>
        <translation>Verbindung #%1</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Reuse key</source>
        <translation>Poolschlüssel</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>Ausgeliehen von</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>not connected yet</source>
        <translation>noch nicht verbunden</translation>
    </message>
    <message>
        <source>%1 from local port %2</source>
        <translation>%1 von lokalem Port %2</translation>
    </message>
    <message>
        <source>Timings</source>
        <translation>Zeiten</translation>
    </message>
    <message>
        <source>Name resolution</source>
        <translation>Namensauflösung</translation>
    </message>
    <message>
        <source>TCP connect</source>
        <translation>TCP-Aufbau</translation>
    </message>
    <message>
        <source>TLS handshake</source>
        <translation>TLS-Handshake</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>In use for</source>
        <translation>Belegt seit</translation>
    </message>
    <message>
        <source>Idle for</source>
        <translation>Im Leerlauf seit</translation>
    </message>
    <message>
        <source>Keep-alive left</source>
        <translation>Keep-Alive verbleibend</translation>
    </message>
    <message>
        <source>Lifetime left</source>
        <translation>Lebensdauer verbleibend</translation>
    </message>
    <message>
        <source>Reused</source>
        <translation>Wiederverwendet</translation>
    </message>
    <message numerus="yes">
        <source>%n time(s)</source>
        <translation>
            <numerusform>einmal</numerusform>
            <numerusform>%n-mal</numerusform>
        </translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>not established yet</source>
        <translation>noch nicht aufgebaut</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Cipher</source>
        <translation>Cipher-Suite</translation>
    </message>
    <message>
        <source>ALPN</source>
        <translation>ALPN</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Server name (SNI)</source>
        <translation>Servername (SNI)</translation>
    </message>
    <message>
        <source>none (IP address)</source>
        <translation>keiner (IP-Adresse)</translation>
    </message>
    <message>
        <source>Session resumed</source>
        <translation>Sitzung fortgesetzt</translation>
    </message>
    <message>
        <source>yes, abbreviated handshake</source>
        <translation>ja, verkürzter Handshake</translation>
    </message>
    <message>
        <source>no, full handshake</source>
        <translation>nein, vollständiger Handshake</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Antragsteller</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Aussteller</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>Verify result</source>
        <translation>Prüfergebnis</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>During</source>
        <translation>Während</translation>
    </message>
    <message>
        <source>X509 error %1</source>
        <translation>X509-Fehler %1</translation>
    </message>
    <message>
        <source>TLS alert</source>
        <translation>TLS-Alarm</translation>
    </message>
    <message>
        <source>System error</source>
        <translation>Systemfehler</translation>
    </message>
    <message>
        <source>This connection is no longer in the table: it left the pool longer ago than View → Keep Closed Connections keeps rows. This is the event you chose.</source>
        <translation>Diese Verbindung steht nicht mehr in der Tabelle: Sie hat den Pool früher verlassen, als Ansicht → Geschlossene Verbindungen behalten Zeilen aufbewahrt. Dies ist das gewählte Ereignis.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>This dial failed before the connection could be used; its row stays greyed for a while so you can read why.</source>
        <translation>Dieser Verbindungsaufbau ist fehlgeschlagen, bevor die Verbindung genutzt werden konnte; ihre Zeile bleibt eine Weile ausgegraut, damit Sie den Grund lesen können.</translation>
    </message>
    <message>
        <source>This connection has left the pool; its row stays greyed for a while so you can read why.</source>
        <translation>Diese Verbindung hat den Pool verlassen; ihre Zeile bleibt eine Weile ausgegraut, damit Sie den Grund lesen können.</translation>
    </message>
    <message>
        <source>Why it failed</source>
        <translation>Warum fehlgeschlagen</translation>
    </message>
    <message>
        <source>Why it closed</source>
        <translation>Warum geschlossen</translation>
    </message>
    <message>
        <source>Failed handshake of connection #%1 (%2)</source>
        <translation>Gescheiterter Handshake der Verbindung #%1 (%2)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Server closes it in</source>
        <translation>Server schließt sie in</translation>
    </message>
    <message>
        <source>its time is up: the server may have closed it</source>
        <translation>Zeit abgelaufen: der Server hat sie womöglich schon geschlossen</translation>
    </message>
    <message>
        <source>Proxy tunnel</source>
        <translation>Proxy-Tunnel</translation>
    </message>
    <message>
        <source>server certificate</source>
        <translation>Serverzertifikat</translation>
    </message>
    <message>
        <source>chain depth %1</source>
        <translation>Kettentiefe %1</translation>
    </message>
    <message>
        <source>SHA-256 %1</source>
        <translation>SHA-256 %1</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message numerus="yes">
        <source>no: made despite %n accepted problem(s)</source>
        <translation>
            <numerusform>nein: trotz %n akzeptiertem Problem aufgebaut</numerusform>
            <numerusform>nein: trotz %n akzeptierter Probleme aufgebaut</numerusform>
        </translation>
    </message>
    <message>
        <source>Accepted problem</source>
        <translation>Akzeptiertes Problem</translation>
    </message>
    <message>
        <source>Certificate problem</source>
        <translation>Zertifikatsproblem</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::DialDialog</name>
    <message>
        <source>Dial</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>A host name or address; pick a recent target to fill port and TLS</source>
        <translation>Ein Hostname oder eine Adresse; ein zuletzt verwendetes Ziel füllt Port und TLS aus</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Use &amp;TLS</source>
        <translation>&amp;TLS verwenden</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Timeout in milliseconds</source>
        <translation>Zeitlimit in Millisekunden</translation>
    </message>
    <message>
        <source>Whole budget: waiting for a free slot, resolving, connecting and the handshake</source>
        <translation>Gesamtbudget: Warten auf einen freien Platz, Namensauflösung, Verbinden und Handshake</translation>
    </message>
    <message>
        <source>Number of connections</source>
        <translation>Anzahl der Verbindungen</translation>
    </message>
    <message>
        <source>Trust the &amp;lab CA for this dial</source>
        <translation>Der &amp;Labor-CA für diesen Aufbau vertrauen</translation>
    </message>
    <message>
        <source>Adds the lab&apos;s generated CA to the trust store of this dial only</source>
        <translation>Fügt die erzeugte CA des Labors nur für diesen Verbindungsaufbau als vertrauenswürdig hinzu</translation>
    </message>
    <message>
        <source>The lab is not running</source>
        <translation>Das Labor läuft nicht</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Shown as the holder of the connections</source>
        <translation>Wird als Entleiher der Verbindungen angezeigt</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>T&amp;imeout:</source>
        <translation>&amp;Zeitlimit:</translation>
    </message>
    <message>
        <source>&amp;Connections:</source>
        <translation>&amp;Verbindungen:</translation>
    </message>
    <message>
        <source>L&amp;abel:</source>
        <translation>&amp;Bezeichnung:</translation>
    </message>
    <message>
        <source>&amp;Dial</source>
        <translation>Verbin&amp;den</translation>
    </message>
    <message>
        <source>Enter a host name or address.</source>
        <translation>Geben Sie einen Hostnamen oder eine Adresse ein.</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::DialSpec</name>
    <message>
        <source>empty target: expected host:port[:tls]</source>
        <translation>leeres Ziel: host:port[:tls] erwartet</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a host name and port (no URLs, paths or spaces)</source>
        <translation>„%1“ ist kein Hostname mit Port (keine URLs, Pfade oder Leerzeichen)</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: missing &quot;]&quot; after the IPv6 address</source>
        <translation>„%1“: „]“ fehlt nach der IPv6-Adresse</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: expected &quot;:port&quot; after &quot;]&quot;</source>
        <translation>„%1“: „:port“ nach „]“ erwartet</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: missing port, expected host:port[:tls]</source>
        <translation>„%1“: Port fehlt, host:port[:tls] erwartet</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: too many &quot;:&quot; fields, expected host:port[:tls]</source>
        <translation>„%1“: zu viele „:“-Felder, host:port[:tls] erwartet</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: too many &quot;:&quot; fields; write IPv6 addresses in brackets, e.g. [::1]:443</source>
        <translation>„%1“: zu viele „:“-Felder; IPv6-Adressen in Klammern schreiben, z. B. [::1]:443</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: empty host</source>
        <translation>„%1“: leerer Host</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: only an IPv6 address goes in brackets</source>
        <translation>„%1“: nur eine IPv6-Adresse gehört in Klammern</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: a host name cannot contain &quot;[&quot;, &quot;]&quot; or &quot;%&quot;</source>
        <translation>„%1“: ein Hostname darf „[“, „]“ oder „%“ nicht enthalten</translation>
    </message>
    <message>
        <source>host name longer than 253 bytes</source>
        <translation>Hostname länger als 253 Bytes</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: missing port</source>
        <translation>„%1“: Port fehlt</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: port &quot;%2&quot; is not a number</source>
        <translation>„%1“: Port „%2“ ist keine Zahl</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: port %2 is out of range (1-65535)</source>
        <translation>„%1“: Port %2 liegt außerhalb des Bereichs (1–65535)</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: unknown suffix &quot;%2&quot; (use &quot;tls&quot; or nothing)</source>
        <translation>„%1“: unbekanntes Suffix „%2“ („tls“ oder nichts verwenden)</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::EventExport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Conn.</source>
        <translation>Verb.</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Endpunkt</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Grund: %1</translation>
    </message>
    <message>
        <source>Time: when it happened (local time)</source>
        <translation>Zeit: wann es geschah (Ortszeit)</translation>
    </message>
    <message>
        <source>Event: what happened</source>
        <translation>Ereignis: was geschah</translation>
    </message>
    <message>
        <source>Connection: the id of the connection it happened to (none for the whole pool)</source>
        <translation>Verbindung: die ID der betroffenen Verbindung (keine, wenn es den ganzen Pool betrifft)</translation>
    </message>
    <message>
        <source>Endpoint: the host and port (the reuse key)</source>
        <translation>Endpunkt: Host und Port (der Wiederverwendungsschlüssel)</translation>
    </message>
    <message>
        <source>Message: what happened, and for a failure why</source>
        <translation>Meldung: was geschah, bei einem Fehler auch warum</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::EventLogPanel</name>
    <message>
        <source>&amp;Selected only</source>
        <translation>Nur aus&amp;gewählte</translation>
    </message>
    <message>
        <source>Filter events…</source>
        <translation>Filtern …</translation>
    </message>
    <message>
        <source>Filter events</source>
        <translation>Ereignisse filtern</translation>
    </message>
    <message>
        <source>Event severity filter</source>
        <translation>Filter nach Schweregrad</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Warnungen und Fehler</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Nur Fehler</translation>
    </message>
    <message>
        <source>Show only the events of the connection selected in the table</source>
        <translation>Nur die Ereignisse der in der Tabelle ausgewählten Verbindung anzeigen</translation>
    </message>
    <message>
        <source>Selected connection only</source>
        <translation>Nur ausgewählte Verbindung</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <source>What the pool did, newest last: time, event, connection and message; choosing an event shows its connection</source>
        <translation>Was der Pool getan hat, das Neueste zuletzt: Zeit, Ereignis, Verbindung und Meldung; die Auswahl eines Ereignisses zeigt seine Verbindung</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::HandshakeLadder</name>
    <message>
        <source>%1 B · +%2 ms</source>
        <translation>%1 B · +%2 ms</translation>
    </message>
    <message>
        <source>TLS handshake ladder</source>
        <translation>TLS-Handshake-Leiter</translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n message(s) were recorded.</source>
        <translation>
            <numerusform>Nur die erste Nachricht wurde aufgezeichnet.</numerusform>
            <numerusform>Nur die ersten %n Nachrichten wurden aufgezeichnet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Turn on View › Capture TLS Handshakes to see what goes over the wire in the next TLS handshakes.</source>
        <translation>Schalten Sie Ansicht › TLS-Handshakes mitschneiden ein, um zu sehen, was bei den nächsten TLS-Handshakes über die Leitung geht.</translation>
    </message>
    <message>
        <source>This connection&apos;s handshake ran before capture was on; dial a new connection to see its ladder.</source>
        <translation>Der Handshake dieser Verbindung lief, bevor der Mitschnitt an war; bauen Sie eine neue Verbindung auf, um ihre Leiter zu sehen.</translation>
    </message>
    <message>
        <source>Select an established TLS connection to see its handshake.</source>
        <translation>Wählen Sie eine aufgebaute TLS-Verbindung, um ihren Handshake zu sehen.</translation>
    </message>
    <message>
        <source>fatal</source>
        <translation>fatal</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Alert: %1 (%2)</source>
        <translation>Alarm: %1 (%2)</translation>
    </message>
    <message>
        <source>switches to the keys just agreed (in TLS 1.3 only sent so middleboxes see a familiar handshake)</source>
        <translation>wechselt zu den eben vereinbarten Schlüsseln (in TLS 1.3 nur gesendet, damit Middleboxes einen vertrauten Handshake sehen)</translation>
    </message>
    <message>
        <source>Resumed session: no %1 this time; the server proved who it is in the earlier handshake whose ticket the client offered.</source>
        <translation>Fortgesetzte Sitzung: diesmal kein %1; der Server hat seine Identität im früheren Handshake bewiesen, dessen Ticket der Client angeboten hat.</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>the server asks the client to start a new handshake (TLS 1.2 renegotiation)</source>
        <translation>der Server bittet den Client um einen neuen Handshake (TLS-1.2-Neuverhandlung)</translation>
    </message>
    <message>
        <source>the client offers TLS versions, ciphers and its key share, and names the server (SNI)</source>
        <translation>der Client bietet TLS-Versionen, Cipher-Suites und seinen Schlüsselanteil an und nennt den Server (SNI)</translation>
    </message>
    <message>
        <source>the server picks the TLS version and cipher and sends its key share</source>
        <translation>der Server wählt TLS-Version und Cipher-Suite und sendet seinen Schlüsselanteil</translation>
    </message>
    <message>
        <source>the server hands out a ticket the client can use to resume the session later</source>
        <translation>der Server gibt ein Ticket aus, mit dem der Client die Sitzung später fortsetzen kann</translation>
    </message>
    <message>
        <source>the client ends the data it sent before the handshake finished (0-RTT)</source>
        <translation>der Client beendet die Daten, die er vor dem Ende des Handshakes gesendet hat (0-RTT)</translation>
    </message>
    <message>
        <source>the server&apos;s remaining choices (e.g. ALPN), the first message already encrypted</source>
        <translation>die übrigen Entscheidungen des Servers (z. B. ALPN), die erste bereits verschlüsselte Nachricht</translation>
    </message>
    <message>
        <source>the certificate chain that proves who the sender is</source>
        <translation>die Zertifikatskette, die beweist, wer der Absender ist</translation>
    </message>
    <message>
        <source>the server&apos;s key share for the key exchange, signed with its certificate&apos;s key</source>
        <translation>der Schlüsselanteil des Servers für den Schlüsselaustausch, signiert mit dem Schlüssel seines Zertifikats</translation>
    </message>
    <message>
        <source>the server asks the client for a certificate of its own</source>
        <translation>der Server verlangt vom Client ein eigenes Zertifikat</translation>
    </message>
    <message>
        <source>the server has sent all its hello messages; the client&apos;s turn</source>
        <translation>der Server hat alle Hello-Nachrichten gesendet; der Client ist dran</translation>
    </message>
    <message>
        <source>a signature over the handshake so far, proving the sender holds the certificate&apos;s key</source>
        <translation>eine Signatur über den bisherigen Handshake, die beweist, dass der Absender den Schlüssel des Zertifikats besitzt</translation>
    </message>
    <message>
        <source>the client&apos;s key share; both sides can now compute the session keys</source>
        <translation>der Schlüsselanteil des Clients; beide Seiten können nun die Sitzungsschlüssel berechnen</translation>
    </message>
    <message>
        <source>a checksum of the whole handshake under the new keys: nothing was tampered with</source>
        <translation>eine Prüfsumme über den ganzen Handshake mit den neuen Schlüsseln: nichts wurde verfälscht</translation>
    </message>
    <message>
        <source>the server staples an OCSP answer saying its certificate is not revoked</source>
        <translation>der Server legt eine OCSP-Antwort bei, nach der sein Zertifikat nicht widerrufen ist</translation>
    </message>
    <message>
        <source>the sender switches to fresh traffic keys</source>
        <translation>der Absender wechselt zu neuen Verkehrsschlüsseln</translation>
    </message>
    <message>
        <source>stands in for the first ClientHello after a HelloRetryRequest</source>
        <translation>steht nach einem HelloRetryRequest für das erste ClientHello</translation>
    </message>
    <message>
        <source>the sender will send nothing more on this connection</source>
        <translation>der Absender sendet auf dieser Verbindung nichts mehr</translation>
    </message>
    <message>
        <source>a message arrived that does not fit at this point of the protocol</source>
        <translation>eine Nachricht kam, die an dieser Stelle des Protokolls nicht passt</translation>
    </message>
    <message>
        <source>the two sides found no parameters (version, cipher, group) they share</source>
        <translation>die beiden Seiten fanden keine gemeinsamen Parameter (Version, Cipher-Suite, Gruppe)</translation>
    </message>
    <message>
        <source>the certificate was corrupt or its signature did not verify</source>
        <translation>das Zertifikat war beschädigt oder seine Signatur ließ sich nicht prüfen</translation>
    </message>
    <message>
        <source>the certificate has expired or is not valid yet</source>
        <translation>das Zertifikat ist abgelaufen oder noch nicht gültig</translation>
    </message>
    <message>
        <source>the certificate was rejected for another reason (often the host name)</source>
        <translation>das Zertifikat wurde aus einem anderen Grund abgelehnt (oft der Hostname)</translation>
    </message>
    <message>
        <source>the certificate chain ends at a CA the receiver does not trust</source>
        <translation>die Zertifikatskette endet bei einer CA, der der Empfänger nicht vertraut</translation>
    </message>
    <message>
        <source>a message could not be parsed</source>
        <translation>eine Nachricht ließ sich nicht lesen</translation>
    </message>
    <message>
        <source>a signature or the Finished checksum did not verify</source>
        <translation>eine Signatur oder die Finished-Prüfsumme stimmte nicht</translation>
    </message>
    <message>
        <source>the peer offered only TLS versions the receiver refuses</source>
        <translation>die Gegenseite bot nur TLS-Versionen an, die der Empfänger ablehnt</translation>
    </message>
    <message>
        <source>the sender hit an error of its own, not caused by the peer</source>
        <translation>der Absender hatte einen eigenen Fehler, nicht von der Gegenseite verursacht</translation>
    </message>
    <message>
        <source>the server knows no host by the name in SNI</source>
        <translation>der Server kennt keinen Host mit dem Namen aus SNI</translation>
    </message>
    <message>
        <source>the two sides share no application protocol (ALPN)</source>
        <translation>die beiden Seiten haben kein gemeinsames Anwendungsprotokoll (ALPN)</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::HelpDialog</name>
    <message>
        <source>PoolScope Help</source>
        <translation>PoolScope-Hilfe</translation>
    </message>
    <message>
        <source>Help text</source>
        <translation>Hilfetext</translation>
    </message>
    <message>
        <source>Reading the window</source>
        <translation>Das Fenster lesen</translation>
    </message>
    <message>
        <source>The table has one row per connection: its state, TLS parameters, a keep-alive bar counting down to the moment the pool closes it while idle, its age and idle time. New rows flash green; closed ones turn red for a moment, then go.</source>
        <translation>Die Tabelle hat eine Zeile pro Verbindung: Status, TLS-Parameter, einen Keep-Alive-Balken, der bis zu dem Moment herunterzählt, in dem der Pool die Verbindung im Leerlauf schließt, sowie Alter und Leerlaufzeit. Neue Zeilen blinken grün; geschlossene werden kurz rot und verschwinden dann.</translation>
    </message>
    <message>
        <source>The tiles above count what the pool did since it started: dials, how many were served by an idle connection (reuse), connections found stale before reuse, closed at their keep-alive or evicted, and failures.</source>
        <translation>Die Kacheln darüber zählen, was der Pool seit seinem Start getan hat: Anfragen, wie viele davon eine Verbindung im Leerlauf bedient hat (Wiederverwendung), Verbindungen, die vor der Wiederverwendung veraltet waren, nach Keep-Alive geschlossen oder verdrängt wurden, und Fehler.</translation>
    </message>
    <message>
        <source>Below: the event log (every dial, reuse, return and close, with the reason), the selected connection&apos;s details (what its state means, its timings and certificate), and two charts.</source>
        <translation>Darunter: das Ereignisprotokoll (jeder Verbindungsaufbau, jede Wiederverwendung, Rückgabe und Schließung, mit Grund), die Details der ausgewählten Verbindung (was ihr Status bedeutet, ihre Zeiten und ihr Zertifikat) und zwei Diagramme.</translation>
    </message>
    <message>
        <source>The Lab dock lists loopback servers that each show one behaviour (keep-alive, a server that closes idle connections, TLS failures, refusals, time-outs). Dial one and watch.</source>
        <translation>Das Labor-Fenster listet Loopback-Server, die jeweils ein Verhalten zeigen (Keep-Alive, ein Server, der Verbindungen im Leerlauf schließt, TLS-Fehler, Abweisungen, Zeitüberschreitungen). Verbinden Sie sich mit einem und sehen Sie zu.</translation>
    </message>
    <message>
        <source>Actions and keyboard shortcuts</source>
        <translation>Aktionen und Tastenkürzel</translation>
    </message>
    <message>
        <source>(menu only)</source>
        <translation>(nur im Menü)</translation>
    </message>
    <message>
        <source>Tab moves between the table, the filters, the event log and the details; the arrow keys move within them, Shift+F10 or the Menu key opens a row&apos;s context menu.</source>
        <translation>Tab wechselt zwischen Tabelle, Filtern, Ereignisprotokoll und Details; die Pfeiltasten bewegen sich darin, Umschalt+F10 oder die Menütaste öffnet das Kontextmenü einer Zeile.</translation>
    </message>
    <message>
        <source>Glossary</source>
        <translation>Glossar</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Glossary</source>
        <translation>&amp;Glossar</translation>
    </message>
    <message>
        <source>The Glossary tab explains the words the window uses.</source>
        <translation>Der Reiter „Glossar“ erklärt die Begriffe, die das Fenster verwendet.</translation>
    </message>
    <message>
        <source>The words the window uses. &quot;Show me&quot; opens the lesson that shows the word at work in the Lessons dock, against the lab.</source>
        <translation>Die Begriffe, die das Fenster verwendet. „Zeig es mir“ öffnet im Lektionen-Dock die Lektion, die den Begriff am Labor in Aktion zeigt.</translation>
    </message>
    <message>
        <source>Show me: %1</source>
        <translation>Zeig es mir: %1</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::HistoryChart</name>
    <message>
        <source>Pool usage chart</source>
        <translation>Diagramm der Pool-Auslastung</translation>
    </message>
    <message>
        <source>No samples yet</source>
        <translation>Noch keine Messwerte</translation>
    </message>
    <message numerus="yes">
        <source>In use, idle and waiting — last %n minute(s)</source>
        <translation>
            <numerusform>Auslastung – letzte Minute</numerusform>
            <numerusform>Auslastung – letzte %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In use, idle and waiting — last %n second(s)</source>
        <translation>
            <numerusform>Auslastung – letzte Sekunde</numerusform>
            <numerusform>Auslastung – letzte %n Sekunden</numerusform>
        </translation>
    </message>
    <message>
        <source>In use %1, idle %2, waiting %3</source>
        <translation>Belegt %1, Leerlauf %2, wartend %3</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 s: in use %2, idle %3, waiting %4</source>
        <translation>%1 s: belegt %2, Leerlauf %3, wartend %4</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::HostSummaryModel</name>
    <message>
        <source>Host (reuse key)</source>
        <translation>Host (Wiederverwendungsschlüssel)</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Im Aufbau</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Max</source>
        <translation>Max.</translation>
    </message>
    <message>
        <source>Oldest waiter</source>
        <translation>Ältester Wartender</translation>
    </message>
    <message>
        <source>Host (reuse key): connections are shared only between dials with the same key</source>
        <translation>Host (Wiederverwendungsschlüssel): Verbindungen werden nur zwischen Verbindungsaufbauten mit demselben Schlüssel geteilt</translation>
    </message>
    <message>
        <source>Active: connections handed out now</source>
        <translation>Aktiv: gerade ausgegebene Verbindungen</translation>
    </message>
    <message>
        <source>Idle: connections waiting to be reused</source>
        <translation>Leerlauf: Verbindungen, die auf Wiederverwendung warten</translation>
    </message>
    <message>
        <source>Connecting: dials in flight</source>
        <translation>Im Aufbau: laufende Verbindungsaufbauten</translation>
    </message>
    <message>
        <source>Waiting: acquires queued for a free slot</source>
        <translation>Wartend: Anforderungen, die auf einen freien Platz warten</translation>
    </message>
    <message>
        <source>Max: the most connections this host may have</source>
        <translation>Max.: die höchste Zahl an Verbindungen für diesen Host</translation>
    </message>
    <message>
        <source>Oldest waiter: how long the first queued acquire has waited</source>
        <translation>Ältester Wartender: wie lange die erste wartende Anforderung schon wartet</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::KeyboardSplitter</name>
    <message>
        <source>Resize: %1 / %2</source>
        <translation>Größe ändern: %1 / %2</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::KeyboardSplitterHandle</name>
    <message>
        <source>Arrow keys move the divider, Page Up / Page Down by larger steps, Home / End to the ends</source>
        <translation>Pfeiltasten verschieben die Trennlinie, Bild auf / Bild ab in größeren Schritten, Pos1 / Ende bis zum Rand</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::LabDock</name>
    <message>
        <source>Lab servers</source>
        <translation>Laborserver</translation>
    </message>
    <message>
        <source>Loopback servers that show what a pool meets. Lab dials trust the lab&apos;s own CA; nothing else does.</source>
        <translation>Loopback-Server, die zeigen, worauf ein Pool trifft. Laborverbindungen vertrauen der eigenen CA des Labors, sonst niemand.</translation>
    </message>
    <message>
        <source>The lab is not running (started with --no-lab).</source>
        <translation>Das Labor läuft nicht (mit --no-lab gestartet).</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Dial lab server %1</source>
        <translation>Mit Laborserver %1 verbinden</translation>
    </message>
    <message>
        <source>Dial %1 (127.0.0.1:%2%3)</source>
        <translation>Mit %1 verbinden (127.0.0.1:%2%3)</translation>
    </message>
    <message>
        <source>, TLS with the lab CA trusted</source>
        <translation>, TLS mit vertrauenswürdiger Labor-CA</translation>
    </message>
    <message>
        <source>Resolve http.lab.test through %1 and dial it; the pool then resolves every name through %1 until Pool Settings › Resolver changes it</source>
        <translation>http.lab.test über %1 auflösen und verbinden; der Pool löst danach jeden Namen über %1 auf, bis Pool-Einstellungen › Namensauflösung das ändert</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::LabExplanation</name>
    <message>
        <source>Plain HTTP/1.1 with keep-alive: one connection carries many requests and may sit idle up to %1 s between them.</source>
        <translation>Unverschlüsseltes HTTP/1.1 mit Keep-Alive: Eine Verbindung trägt viele Anfragen und darf dazwischen bis zu %1 s im Leerlauf sein.</translation>
    </message>
    <message>
        <source>HTTPS with a lab-CA certificate for localhost, 127.0.0.1 and ::1: it verifies only when the client trusts the lab CA.</source>
        <translation>HTTPS mit einem Zertifikat der Labor-CA für localhost, 127.0.0.1 und ::1: Die Prüfung gelingt nur, wenn der Client der Labor-CA vertraut.</translation>
    </message>
    <message>
        <source>Sends back every byte it receives: the simplest way to watch a connection carry data.</source>
        <translation>Sendet jedes empfangene Byte zurück: So sieht man am einfachsten, wie eine Verbindung Daten trägt.</translation>
    </message>
    <message>
        <source>TLS with a self-signed certificate no one trusts: a verifying client must refuse it.</source>
        <translation>TLS mit einem selbst signierten Zertifikat, dem niemand vertraut: Ein prüfender Client muss es ablehnen.</translation>
    </message>
    <message>
        <source>TLS with a lab-CA certificate that expired yesterday: verification fails with &apos;certificate has expired&apos;.</source>
        <translation>TLS mit einem gestern abgelaufenen Zertifikat der Labor-CA: Die Prüfung scheitert mit „certificate has expired“.</translation>
    </message>
    <message>
        <source>TLS with a lab-CA certificate issued for wrong.host.invalid: the chain is fine, the host name does not match.</source>
        <translation>TLS mit einem Zertifikat der Labor-CA für wrong.host.invalid: Die Kette stimmt, der Hostname nicht.</translation>
    </message>
    <message>
        <source>HTTPS that speaks at most TLS 1.2: shows what a connection negotiates without TLS 1.3.</source>
        <translation>HTTPS mit höchstens TLS 1.2: zeigt, was eine Verbindung ohne TLS 1.3 aushandelt.</translation>
    </message>
    <message>
        <source>Would speak only TLS 1.0/1.1, but this OpenSSL refused to build such a server, so it is not running (port 0).</source>
        <translation>Würde nur TLS 1.0/1.1 sprechen, aber dieses OpenSSL kann einen solchen Server nicht bauen; er läuft daher nicht (Port 0).</translation>
    </message>
    <message>
        <source>Speaks only TLS 1.0/1.1, long deprecated: a client that requires TLS 1.2 or newer must refuse it.</source>
        <translation>Spricht nur das längst veraltete TLS 1.0/1.1: Ein Client, der TLS 1.2 oder neuer verlangt, muss ihn ablehnen.</translation>
    </message>
    <message>
        <source>Plain HTTP on a port presented as TLS: the handshake fails because the answer is plain text.</source>
        <translation>Unverschlüsseltes HTTP auf einem als TLS ausgewiesenen Port: Der Handshake scheitert, weil die Antwort Klartext ist.</translation>
    </message>
    <message>
        <source>Accepts TCP connections and never sends a byte: connecting works, handshakes and requests time out.</source>
        <translation>Nimmt TCP-Verbindungen an und sendet nie ein Byte: Das Verbinden klappt, Handshakes und Anfragen laufen ins Zeitlimit.</translation>
    </message>
    <message>
        <source>HTTP keep-alive that closes a connection idle for more than %1 ms, without warning: an idle pooled connection goes stale.</source>
        <translation>HTTP-Keep-Alive, das eine Verbindung nach mehr als %1 ms Leerlauf ohne Vorwarnung schließt: Eine Verbindung im Leerlauf im Pool veraltet.</translation>
    </message>
    <message>
        <source>Accepts, then resets at once (TCP RST): &apos;connection reset by peer&apos;, either from the dial itself (when the reset arrives before the connect is confirmed) or from the first use.</source>
        <translation>Nimmt an und setzt sofort zurück (TCP RST): „connection reset by peer“, entweder schon beim Aufbau (wenn der Reset vor der Verbindungsbestätigung eintrifft) oder bei der ersten Nutzung.</translation>
    </message>
    <message>
        <source>Nothing listens here (the port is only held so no one takes it): connecting fails with &apos;connection refused&apos;.</source>
        <translation>Hier lauscht niemand (der Port ist nur belegt, damit ihn kein anderer nimmt): Das Verbinden scheitert mit „connection refused“.</translation>
    </message>
    <message>
        <source>DNS over UDP: names ending in .lab.test resolve to 127.0.0.1 and ::1, every other name is NXDOMAIN. Dial resolves http.lab.test through it (the pool&apos;s resolver becomes this server).</source>
        <translation>DNS über UDP: Namen auf .lab.test werden zu 127.0.0.1 und ::1 aufgelöst, alle anderen ergeben NXDOMAIN. Verbinden löst http.lab.test darüber auf (der Resolver des Pools wird dieser Server).</translation>
    </message>
    <message>
        <source>DNS over UDP that never answers: lookups through it time out. Dial resolves http.lab.test through it and times out while resolving (the pool&apos;s resolver becomes this server).</source>
        <translation>DNS über UDP, das nie antwortet: Abfragen darüber laufen ins Zeitlimit. Verbinden löst http.lab.test darüber auf und läuft beim Auflösen ins Zeitlimit (der Resolver des Pools wird dieser Server).</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::MainWindow</name>
    <message>
        <source>PoolScope</source>
        <translation>PoolScope</translation>
    </message>
    <message>
        <source>Per-host summary</source>
        <translation>Übersicht pro Host</translation>
    </message>
    <message>
        <source>lab %1</source>
        <translation>Labor %1</translation>
    </message>
    <message>
        <source>Events and hosts</source>
        <translation>Ereignisse und Hosts</translation>
    </message>
    <message>
        <source>&amp;Event log</source>
        <translation>&amp;Ereignisprotokoll</translation>
    </message>
    <message>
        <source>Per &amp;host</source>
        <translation>Pro H&amp;ost</translation>
    </message>
    <message>
        <source>Updates paused</source>
        <translation>Anzeige angehalten</translation>
    </message>
    <message numerus="yes">
        <source>Draining: %n in use</source>
        <translation>
            <numerusform>Läuft aus: %n belegt</numerusform>
            <numerusform>Läuft aus: %n belegt</numerusform>
        </translation>
    </message>
    <message>
        <source>Pool shut down</source>
        <translation>Pool heruntergefahren</translation>
    </message>
    <message>
        <source>Pool open</source>
        <translation>Pool offen</translation>
    </message>
    <message numerus="yes">
        <source>%n dial(s) in flight</source>
        <translation>
            <numerusform>%n Verbindungsaufbau läuft</numerusform>
            <numerusform>%n Verbindungsaufbauten laufen</numerusform>
        </translation>
    </message>
    <message>
        <source>Snapshot %1 · %2 · %3</source>
        <translation>Stand %1 · %2 · %3</translation>
    </message>
    <message>
        <source>lab on</source>
        <translation>Labor an</translation>
    </message>
    <message>
        <source>lab off</source>
        <translation>Labor aus</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Dial…</source>
        <translation>&amp;Verbinden …</translation>
    </message>
    <message>
        <source>Open connections to a host</source>
        <translation>Verbindungen zu einem Host öffnen</translation>
    </message>
    <message>
        <source>&amp;Use</source>
        <translation>&amp;Nutzen</translation>
    </message>
    <message>
        <source>Send one HTTP request on the selected connections</source>
        <translation>Eine HTTP-Anfrage über die ausgewählten Verbindungen senden</translation>
    </message>
    <message>
        <source>&amp;Return</source>
        <translation>&amp;Zurückgeben</translation>
    </message>
    <message>
        <source>Give the selected connections back to the pool</source>
        <translation>Die ausgewählten Verbindungen an den Pool zurückgeben</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
    <message>
        <source>Force-close the selected connections</source>
        <translation>Die ausgewählten Verbindungen zwangsweise schließen</translation>
    </message>
    <message>
        <source>Close &amp;Idle</source>
        <translation>&amp;Leerlauf schließen</translation>
    </message>
    <message>
        <source>Close every idle connection</source>
        <translation>Alle Verbindungen im Leerlauf schließen</translation>
    </message>
    <message>
        <source>&amp;Graceful Shutdown</source>
        <translation>&amp;Auslaufen lassen</translation>
    </message>
    <message>
        <source>Refuse new work, wait for connections in use to come back, then close everything</source>
        <translation>Neue Arbeit abweisen, auf die Rückgabe belegter Verbindungen warten, dann alles schließen</translation>
    </message>
    <message>
        <source>&amp;Force Shutdown</source>
        <translation>S&amp;ofort stoppen</translation>
    </message>
    <message>
        <source>Shut every socket down now</source>
        <translation>Alle Sockets sofort schließen</translation>
    </message>
    <message>
        <source>Re&amp;open</source>
        <translation>&amp;Wieder öffnen</translation>
    </message>
    <message>
        <source>Pool &amp;Settings…</source>
        <translation>&amp;Pool-Einstellungen …</translation>
    </message>
    <message>
        <source>Maximum connections, per-host cap, keep-alive and lifetime, applied live</source>
        <translation>Maximale Verbindungen, Limit pro Host, Keep-Alive und Lebensdauer, sofort wirksam</translation>
    </message>
    <message>
        <source>&amp;Pause Updates</source>
        <translation>&amp;Anzeige anhalten</translation>
    </message>
    <message>
        <source>Freeze the table, counters and charts (the event log keeps recording)</source>
        <translation>Tabelle, Zähler und Diagramme einfrieren (das Ereignisprotokoll zeichnet weiter auf)</translation>
    </message>
    <message>
        <source>&amp;Demo Mode</source>
        <translation>&amp;Demomodus</translation>
    </message>
    <message>
        <source>Drive steady traffic against the lab: dials, reuse, expiry and the odd failure</source>
        <translation>Gleichmäßigen Verkehr gegen das Labor erzeugen: Verbindungsaufbau, Wiederverwendung, Ablauf und gelegentliche Fehler</translation>
    </message>
    <message>
        <source>&amp;Export Shown Events…</source>
        <translation>&amp;Angezeigte Ereignisse exportieren …</translation>
    </message>
    <message>
        <source>Save the events the log&apos;s filters show, as CSV or JSON</source>
        <translation>Die von den Protokollfiltern angezeigten Ereignisse als CSV oder JSON speichern</translation>
    </message>
    <message>
        <source>Export &amp;All Events…</source>
        <translation>A&amp;lle Ereignisse exportieren …</translation>
    </message>
    <message>
        <source>Save every event in the log, whatever the filters show, as CSV or JSON</source>
        <translation>Alle Ereignisse des Protokolls unabhängig von den Filtern als CSV oder JSON speichern</translation>
    </message>
    <message>
        <source>C&amp;lear Event Log</source>
        <translation>Ereignisprotokoll &amp;leeren</translation>
    </message>
    <message>
        <source>Remove every event from the log</source>
        <translation>Alle Ereignisse aus dem Protokoll entfernen</translation>
    </message>
    <message>
        <source>&amp;Find Connection</source>
        <translation>Verbindung &amp;suchen</translation>
    </message>
    <message>
        <source>Move to the connection filter</source>
        <translation>Zum Verbindungsfilter wechseln</translation>
    </message>
    <message>
        <source>&amp;Lab Servers</source>
        <translation>La&amp;borserver</translation>
    </message>
    <message>
        <source>Show or hide the lab dock</source>
        <translation>Das Laborfenster ein- oder ausblenden</translation>
    </message>
    <message>
        <source>PoolScope &amp;Help</source>
        <translation>PoolScope-&amp;Hilfe</translation>
    </message>
    <message>
        <source>How to read the window, and every action with its shortcut</source>
        <translation>Wie das Fenster zu lesen ist, und jede Aktion mit Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About PoolScope</source>
        <translation>&amp;Über PoolScope</translation>
    </message>
    <message>
        <source>Version, Qt and OpenSSL</source>
        <translation>Version, Qt und OpenSSL</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>About the Qt toolkit</source>
        <translation>Über das Qt-Toolkit</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit PoolScope</source>
        <translation>PoolScope beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Pool</source>
        <translation>&amp;Pool</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Pool</source>
        <translation>Pool</translation>
    </message>
    <message>
        <source>Pool actions</source>
        <translation>Pool-Aktionen</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>Export All Events (%n event(s))</source>
        <translation>
            <numerusform>Alle Ereignisse exportieren (%n Ereignis)</numerusform>
            <numerusform>Alle Ereignisse exportieren (%n Ereignisse)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Export Shown Events (%n event(s))</source>
        <translation>
            <numerusform>Angezeigte Ereignisse exportieren (%n Ereignis)</numerusform>
            <numerusform>Angezeigte Ereignisse exportieren (%n Ereignisse)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 existiert bereits. Ersetzen?</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) exported to %1</source>
        <translation>
            <numerusform>%n Ereignis nach %1 exportiert</numerusform>
            <numerusform>%n Ereignisse nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Close Connections</source>
        <translation>Verbindungen schließen</translation>
    </message>
    <message numerus="yes">
        <source>Force-close %n connection(s)? Holders of connections in use will see their socket shut down.</source>
        <translation>
            <numerusform>%n Verbindung zwangsweise schließen? Entleiher belegter Verbindungen verlieren ihren Socket.</numerusform>
            <numerusform>%n Verbindungen zwangsweise schließen? Entleiher belegter Verbindungen verlieren ihren Socket.</numerusform>
        </translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close Idle Connections</source>
        <translation>Verbindungen im Leerlauf schließen</translation>
    </message>
    <message>
        <source>Close every idle connection in the pool?</source>
        <translation>Alle Verbindungen im Leerlauf im Pool schließen?</translation>
    </message>
    <message>
        <source>Close Idle</source>
        <translation>Leerlauf schließen</translation>
    </message>
    <message>
        <source>Graceful Shutdown</source>
        <translation>Auslaufen lassen</translation>
    </message>
    <message>
        <source>Refuse new work and close every connection once those in use come back?</source>
        <translation>Neue Arbeit abweisen und alle Verbindungen schließen, sobald die belegten zurückgegeben sind?</translation>
    </message>
    <message>
        <source>Shut Down</source>
        <translation>Herunterfahren</translation>
    </message>
    <message>
        <source>Force Shutdown</source>
        <translation>Sofort stoppen</translation>
    </message>
    <message>
        <source>Shut every socket down now, including connections in use?</source>
        <translation>Alle Sockets jetzt schließen, auch die belegter Verbindungen?</translation>
    </message>
    <message>
        <source>&amp;Resume Updates</source>
        <translation>Anzeige &amp;fortsetzen</translation>
    </message>
    <message>
        <source>&amp;Keep Closed Connections</source>
        <translation>Geschlossene Verbindungen &amp;behalten</translation>
    </message>
    <message>
        <source>Remove at Once</source>
        <translation>Sofort entfernen</translation>
    </message>
    <message>
        <source>How long a closed connection or a failed dial stays in the table, greyed, with why it left</source>
        <translation>Wie lange eine geschlossene Verbindung oder ein fehlgeschlagener Verbindungsaufbau ausgegraut mit Grund in der Tabelle bleibt</translation>
    </message>
    <message>
        <source>&amp;Record Trace…</source>
        <translation>&amp;Trace aufzeichnen …</translation>
    </message>
    <message>
        <source>Record the pool&apos;s events and snapshots to a trace file until you stop</source>
        <translation>Ereignisse und Momentaufnahmen des Pools in eine Trace-Datei aufzeichnen, bis Sie anhalten</translation>
    </message>
    <message>
        <source>Recording stopped: %1</source>
        <translation>Aufzeichnung beendet: %1</translation>
    </message>
    <message>
        <source>Recording the pool to %1</source>
        <translation>Der Pool wird nach %1 aufgezeichnet</translation>
    </message>
    <message numerus="yes">
        <source>Trace written to %1 (%n event(s))</source>
        <translation>
            <numerusform>Trace nach %1 geschrieben (%n Ereignis)</numerusform>
            <numerusform>Trace nach %1 geschrieben (%n Ereignisse)</numerusform>
        </translation>
    </message>
    <message>
        <source>Record Trace</source>
        <translation>Trace aufzeichnen</translation>
    </message>
    <message>
        <source>PoolScope traces (*.trace);;All files (*)</source>
        <translation>PoolScope-Traces (*.trace);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Stop &amp;Recording</source>
        <translation>Aufzeichnung &amp;stoppen</translation>
    </message>
    <message>
        <source>Lessons need the lab, which did not start</source>
        <translation>Lektionen brauchen das Labor, das nicht gestartet ist</translation>
    </message>
    <message>
        <source>Capture TLS &amp;Handshakes</source>
        <translation>TLS-&amp;Handshakes mitschneiden</translation>
    </message>
    <message>
        <source>Record what goes over the wire in each new TLS handshake and draw it as a ladder under the connection details</source>
        <translation>Mitschneiden, was bei jedem neuen TLS-Handshake über die Leitung geht, und es als Leiter unter den Verbindungsdetails zeichnen</translation>
    </message>
    <message>
        <source>replay</source>
        <translation>Wiedergabe</translation>
    </message>
    <message>
        <source>&amp;Open Trace…</source>
        <translation>Trace ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Replay a recorded trace in a new window, with a time slider</source>
        <translation>Einen aufgezeichneten Trace in einem neuen Fenster mit Zeitschieber wiedergeben</translation>
    </message>
    <message>
        <source>%1 cannot be replayed: %2</source>
        <translation>%1 kann nicht wiedergegeben werden: %2</translation>
    </message>
    <message>
        <source>Open Trace</source>
        <translation>Trace öffnen</translation>
    </message>
    <message>
        <source>PoolScope — %1</source>
        <translation>PoolScope — %1</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>Wiedergabe</translation>
    </message>
    <message>
        <source>Replay stopped: %1</source>
        <translation>Wiedergabe angehalten: %1</translation>
    </message>
    <message>
        <source>Part of the trace could not be read and is left out: %1</source>
        <translation>Ein Teil des Trace war nicht lesbar und fehlt: %1</translation>
    </message>
    <message>
        <source>A trace does not record TLS handshakes; the live monitor draws them with View › Capture TLS Handshakes on.</source>
        <translation>Ein Trace zeichnet keine TLS-Handshakes auf; der Live-Monitor zeigt sie mit Ansicht › TLS-Handshakes mitschneiden.</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>Zei&amp;tleiste</translation>
    </message>
    <message>
        <source>attached</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>A&amp;ttach to App…</source>
        <translation>Mit App &amp;verbinden …</translation>
    </message>
    <message>
        <source>Watch the pool of another app on this computer that publishes it, in a new window</source>
        <translation>Den Pool einer anderen App auf diesem Computer, die ihn veröffentlicht, in einem neuen Fenster beobachten</translation>
    </message>
    <message>
        <source>&amp;Detach</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Stop watching the attached app; what it showed stays</source>
        <translation>Die verbundene App nicht mehr beobachten; das zuletzt Gezeigte bleibt</translation>
    </message>
    <message>
        <source>Reatta&amp;ch</source>
        <translation>&amp;Neu verbinden</translation>
    </message>
    <message>
        <source>Connect to the attached app again</source>
        <translation>Erneut mit der App verbinden</translation>
    </message>
    <message>
        <source>An attached app&apos;s stream carries no TLS handshakes.</source>
        <translation>Der Datenstrom einer verbundenen App enthält keine TLS-Handshakes.</translation>
    </message>
    <message>
        <source>PoolScope — attached to %1</source>
        <translation>PoolScope — verbunden mit %1</translation>
    </message>
    <message>
        <source>PoolScope — connecting to %1</source>
        <translation>PoolScope — verbinde mit %1</translation>
    </message>
    <message>
        <source>PoolScope — %1 lost</source>
        <translation>PoolScope — %1 verloren</translation>
    </message>
    <message>
        <source>PoolScope — detached from %1</source>
        <translation>PoolScope — getrennt von %1</translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) in use would be closed under their holders. Quit anyway?</source>
        <translation>
            <numerusform>%n Verbindung in Benutzung würde unter ihrem Halter geschlossen. Trotzdem beenden?</numerusform>
            <numerusform>%n Verbindungen in Benutzung würden unter ihren Haltern geschlossen. Trotzdem beenden?</numerusform>
        </translation>
    </message>
    <message>
        <source>Resolve through lab %1?</source>
        <translation>Über Labor-%1 auflösen?</translation>
    </message>
    <message>
        <source>The pool will resolve every name through the lab&apos;s DNS server %1, also the names of your own dials (only names under .lab.test exist there), until you choose another resolver in Pool Settings.</source>
        <translation>Der Pool löst dann jeden Namen über den DNS-Server %1 des Labors auf, auch die Namen Ihrer eigenen Verbindungen (dort gibt es nur Namen unter .lab.test), bis Sie in den Pool-Einstellungen einen anderen Resolver wählen.</translation>
    </message>
    <message>
        <source>&amp;Resolve through %1</source>
        <translation>Über %1 auf&amp;lösen</translation>
    </message>
    <message>
        <source>Allow dials again after a shutdown (a graceful one once it has drained)</source>
        <translation>Nach dem Herunterfahren wieder Verbindungsaufbauten erlauben (nach geordnetem Herunterfahren erst, wenn alles zurück ist)</translation>
    </message>
    <message>
        <source>One row per host the pool has connections to, with their counts</source>
        <translation>Eine Zeile je Host, zu dem der Pool Verbindungen hat, mit ihren Zahlen</translation>
    </message>
    <message>
        <source>&amp;Sort Connections By</source>
        <translation>Verbindungen sor&amp;tieren nach</translation>
    </message>
    <message>
        <source>Sort H&amp;osts By</source>
        <translation>Hosts so&amp;rtieren nach</translation>
    </message>
    <message>
        <source>&amp;Sort By</source>
        <translation>So&amp;rtieren nach</translation>
    </message>
    <message>
        <source>history chart</source>
        <translation>Verlaufsdiagramm</translation>
    </message>
    <message>
        <source>phase chart</source>
        <translation>Phasendiagramm</translation>
    </message>
    <message>
        <source>details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>handshake ladder</source>
        <translation>Handshake-Leiter</translation>
    </message>
    <message>
        <source>events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <source>events and details</source>
        <translation>Ereignisse und Details</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::PhaseChart</name>
    <message>
        <source>Dial phase times chart</source>
        <translation>Diagramm der Aufbauphasen</translation>
    </message>
    <message>
        <source>No connections yet</source>
        <translation>Noch keine Verbindungen</translation>
    </message>
    <message>
        <source>%1: resolve %2 ms, connect %3 ms, TLS %4 ms</source>
        <translation>%1: Auflösen %2 ms, Verbinden %3 ms, TLS %4 ms</translation>
    </message>
    <message>
        <source>no connections yet</source>
        <translation>noch keine Verbindungen</translation>
    </message>
    <message>
        <source>Dial phase times per host (average, ms)</source>
        <translation>Aufbauphasen pro Host (Ø ms)</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Auflösen</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message numerus="yes">
        <source>%1 (average of %n connection(s))</source>
        <translation>
            <numerusform>%1 (Mittelwert aus %n Verbindung)</numerusform>
            <numerusform>%1 (Mittelwert aus %n Verbindungen)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: resolve %2 ms, connect %3 ms, proxy %4 ms, TLS %5 ms</source>
        <translation>%1: Auflösen %2 ms, Verbinden %3 ms, Proxy %4 ms, TLS %5 ms</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::PoolController</name>
    <message>
        <source>manual</source>
        <translation>manuell</translation>
    </message>
    <message>
        <source>lab %1</source>
        <translation>Labor %1</translation>
    </message>
    <message>
        <source>Cannot dial: %1</source>
        <translation>Verbindungsaufbau nicht möglich: %1</translation>
    </message>
    <message numerus="yes">
        <source>Dialling %1 (%n connection(s))…</source>
        <translation>
            <numerusform>Verbinde mit %1 (%n Verbindung) …</numerusform>
            <numerusform>Verbinde mit %1 (%n Verbindungen) …</numerusform>
        </translation>
    </message>
    <message>
        <source>Dialling lab server %1 on port %2…</source>
        <translation>Verbinde mit Laborserver %1 auf Port %2 …</translation>
    </message>
    <message>
        <source>#%1 %2: reused an idle connection</source>
        <translation>#%1 %2: Verbindung im Leerlauf wiederverwendet</translation>
    </message>
    <message>
        <source>#%1 %2: connected</source>
        <translation>#%1 %2: verbunden</translation>
    </message>
    <message>
        <source>Dial %1 failed: %2</source>
        <translation>Verbindungsaufbau zu %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>#%1 is held by &quot;%2&quot;; Use works on connections you dialled or idle ones</source>
        <translation>#%1 ist an „%2“ ausgeliehen; Nutzen wirkt nur auf selbst aufgebaute Verbindungen oder solche im Leerlauf</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
    <message>
        <source>Use %1 failed: %2</source>
        <translation>Nutzen von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>#%1 is %2; only connections in use or idle can be used</source>
        <translation>#%1 ist %2; nur belegte Verbindungen oder solche im Leerlauf können genutzt werden</translation>
    </message>
    <message>
        <source>#%1: %2, %3 body bytes in %4</source>
        <translation>#%1: %2, %3 Body-Bytes in %4</translation>
    </message>
    <message>
        <source>; the server closed the connection</source>
        <translation>; der Server hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>; keep-alive set to %1 from the server&apos;s Keep-Alive</source>
        <translation>; Keep-Alive aus dem Keep-Alive des Servers auf %1 gesetzt</translation>
    </message>
    <message>
        <source>HTTP probe on #%1 (%2) failed: %3</source>
        <translation>HTTP-Test auf #%1 (%2) fehlgeschlagen: %3</translation>
    </message>
    <message>
        <source>#%1 returned to the pool</source>
        <translation>#%1 an den Pool zurückgegeben</translation>
    </message>
    <message>
        <source>Return #%1: %2</source>
        <translation>Rückgabe #%1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Closed %n connection(s)</source>
        <translation>
            <numerusform>%n Verbindung geschlossen</numerusform>
            <numerusform>%n Verbindungen geschlossen</numerusform>
        </translation>
    </message>
    <message>
        <source>Close failed: %1</source>
        <translation>Schließen fehlgeschlagen: %1</translation>
    </message>
    <message numerus="yes">
        <source>Closed %n idle connection(s)</source>
        <translation>
            <numerusform>%n Verbindung im Leerlauf geschlossen</numerusform>
            <numerusform>%n Verbindungen im Leerlauf geschlossen</numerusform>
        </translation>
    </message>
    <message>
        <source>Close idle failed: %1</source>
        <translation>Schließen im Leerlauf fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Graceful shutdown: no new connections; waiting for connections in use to come back…</source>
        <translation>Auslaufen: keine neuen Verbindungen; warte auf die Rückgabe belegter Verbindungen …</translation>
    </message>
    <message>
        <source>Drained: every connection came back; the pool is shut down</source>
        <translation>Ausgelaufen: Alle Verbindungen sind zurück; der Pool ist heruntergefahren</translation>
    </message>
    <message numerus="yes">
        <source>Graceful shutdown ended with %n connection(s) in use</source>
        <translation>
            <numerusform>Auslaufen endete mit %n belegten Verbindung</numerusform>
            <numerusform>Auslaufen endete mit %n belegten Verbindungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Forced shutdown: every socket closed (%n were in use)</source>
        <translation>
            <numerusform>Sofort gestoppt: alle Sockets geschlossen (%n war belegt)</numerusform>
            <numerusform>Sofort gestoppt: alle Sockets geschlossen (%n waren belegt)</numerusform>
        </translation>
    </message>
    <message>
        <source>Shutdown failed: %1</source>
        <translation>Herunterfahren fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Pool reopened: dials are allowed again</source>
        <translation>Pool wieder geöffnet: Verbindungsaufbauten sind wieder erlaubt</translation>
    </message>
    <message>
        <source>Reopen failed: %1</source>
        <translation>Wiederöffnen fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Pool settings</source>
        <translation>Pool-Einstellungen</translation>
    </message>
    <message>
        <source>Pool settings applied: max %1 connections, keep-alive %2</source>
        <translation>Pool-Einstellungen übernommen: max. %1 Verbindungen, Keep-Alive %2</translation>
    </message>
    <message>
        <source>the pool is shut down; use Reopen to allow dials again</source>
        <translation>der Pool ist heruntergefahren; mit „Wieder öffnen“ Verbindungsaufbauten wieder erlauben</translation>
    </message>
    <message>
        <source>Not dialled: %1</source>
        <translation>Nicht verbunden: %1</translation>
    </message>
    <message>
        <source>%1 not dialled: %2</source>
        <translation>%1 nicht verbunden: %2</translation>
    </message>
    <message>
        <source>%1 is not allowed: %2 did not allow this one.</source>
        <translation>%1 ist nicht erlaubt: %2 hat dies nicht freigegeben.</translation>
    </message>
    <message>
        <source>%1 closed its idle connections</source>
        <translation>%1 hat ihre Verbindungen im Leerlauf geschlossen</translation>
    </message>
    <message>
        <source>%1 shut its pool down gracefully</source>
        <translation>%1 hat ihren Pool auslaufen lassen</translation>
    </message>
    <message>
        <source>%1 shut its pool down, closing every socket</source>
        <translation>%1 hat ihren Pool sofort gestoppt und alle Sockets geschlossen</translation>
    </message>
    <message>
        <source>Cannot dial through %1: the lab&apos;s servers are not all running here</source>
        <translation>Verbinden über %1 nicht möglich: hier laufen nicht alle Server des Labors</translation>
    </message>
    <message>
        <source>The pool now resolves every name through lab %1 (Pool Settings › Resolver switches back)</source>
        <translation>Der Pool löst jetzt jeden Namen über Labor-%1 auf (Pool-Einstellungen › Namensauflösung stellt das zurück)</translation>
    </message>
    <message>
        <source>Could not resolve through lab %1: %2</source>
        <translation>Auflösen über Labor-%1 nicht möglich: %2</translation>
    </message>
    <message>
        <source>Dialling %1:%2 through lab DNS server %3…</source>
        <translation>Verbinde mit %1:%2 über den Labor-DNS-Server %3…</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::PoolMonitorWidget</name>
    <message>
        <source>Per-host summary</source>
        <translation>Übersicht pro Host</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>Hosts</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
    <message>
        <source>No pool</source>
        <translation>Kein Pool</translation>
    </message>
    <message>
        <source>The pool is gone: showing its last state</source>
        <translation>Der Pool ist beendet: sein letzter Stand wird gezeigt</translation>
    </message>
    <message>
        <source>This app&apos;s pool, live</source>
        <translation>Der Pool dieser App, live</translation>
    </message>
    <message>
        <source>%1 (shut down)</source>
        <translation>%1 (heruntergefahren)</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::PoolTimelineView</name>
    <message>
        <source>Timeline of every connection</source>
        <translation>Zeitleiste aller Verbindungen</translation>
    </message>
    <message>
        <source>&amp;Follow live</source>
        <translation>Live &amp;folgen</translation>
    </message>
    <message>
        <source>Keep now at the right edge. Scroll back (scroll bar, Shift+wheel) to pause and look at what happened.</source>
        <translation>Hält „jetzt“ am rechten Rand. Zurückscrollen (Bildlaufleiste, Umschalt+Mausrad) hält an, um anzusehen, was passiert ist.</translation>
    </message>
    <message>
        <source>Time shown</source>
        <translation>Gezeigte Zeit</translation>
    </message>
    <message>
        <source>How much time the width shows</source>
        <translation>Wie viel Zeit die Breite zeigt</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ReplayBar</name>
    <message>
        <source>Replay controls</source>
        <translation>Wiedergabesteuerung</translation>
    </message>
    <message>
        <source>Back to the start (Home on the slider)</source>
        <translation>Zurück zum Anfang (Pos1 auf dem Schieber)</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Zurück zum Anfang</translation>
    </message>
    <message>
        <source>Replay position</source>
        <translation>Wiedergabeposition</translation>
    </message>
    <message>
        <source>The moment every view shows; drag, or use the arrow keys (1 s) and Page Up/Down (10 s)</source>
        <translation>Der Zeitpunkt, den alle Ansichten zeigen; ziehen oder die Pfeiltasten (1 s) und Bild auf/ab (10 s) verwenden</translation>
    </message>
    <message>
        <source>Replay position and length</source>
        <translation>Wiedergabeposition und -länge</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Replay speed</source>
        <translation>Wiedergabegeschwindigkeit</translation>
    </message>
    <message>
        <source>How fast the recording plays</source>
        <translation>Wie schnell die Aufzeichnung abgespielt wird</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>Pause the replay (Space on the slider)</source>
        <translation>Wiedergabe anhalten (Leertaste auf dem Schieber)</translation>
    </message>
    <message>
        <source>Play the recording (Space on the slider)</source>
        <translation>Aufzeichnung abspielen (Leertaste auf dem Schieber)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::SettingsDialog</name>
    <message>
        <source>Pool Settings</source>
        <translation>Pool-Einstellungen</translation>
    </message>
    <message>
        <source>Maximum connections</source>
        <translation>Maximale Verbindungen</translation>
    </message>
    <message>
        <source>Maximum connections per host</source>
        <translation>Maximale Verbindungen pro Host</translation>
    </message>
    <message>
        <source>no per-host cap</source>
        <translation>kein Limit pro Host</translation>
    </message>
    <message>
        <source>Keep-alive in seconds</source>
        <translation>Keep-Alive in Sekunden</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Maximum lifetime in seconds</source>
        <translation>Maximale Lebensdauer in Sekunden</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Connect timeout in milliseconds</source>
        <translation>Zeitlimit für den Verbindungsaufbau in Millisekunden</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>dial timeout only</source>
        <translation>nur Aufbau-Zeitlimit</translation>
    </message>
    <message>
        <source>TLS handshake timeout in milliseconds</source>
        <translation>Zeitlimit für den TLS-Handshake in Millisekunden</translation>
    </message>
    <message>
        <source>Pool (applied live)</source>
        <translation>Pool (sofort wirksam)</translation>
    </message>
    <message>
        <source>Max &amp;connections:</source>
        <translation>Max. &amp;Verbindungen:</translation>
    </message>
    <message>
        <source>Max per &amp;host:</source>
        <translation>Max. pro &amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Keep-alive:</source>
        <translation>&amp;Keep-Alive:</translation>
    </message>
    <message>
        <source>Max &amp;lifetime:</source>
        <translation>Max. &amp;Lebensdauer:</translation>
    </message>
    <message>
        <source>C&amp;onnect timeout:</source>
        <translation>&amp;Zeitlimit Verbindung:</translation>
    </message>
    <message>
        <source>&amp;TLS handshake timeout:</source>
        <translation>Zeitlimit &amp;TLS-Handshake:</translation>
    </message>
    <message>
        <source>Lowering the maximum closes idle connections above it; connections in use stay until they are returned.</source>
        <translation>Ein niedrigeres Maximum schließt überzählige Verbindungen im Leerlauf; belegte bleiben bis zu ihrer Rückgabe.</translation>
    </message>
    <message>
        <source>&amp;Ask before closing connections or shutting the pool down</source>
        <translation>Vor dem Schließen von Verbindungen oder Herunterfahren des Pools &amp;nachfragen</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <source>Resolver</source>
        <translation>Namensauflösung</translation>
    </message>
    <message>
        <source>Where the pool looks up the names it dials. A lab DNS server knows only names under .lab.test; a new dial of any other name fails to resolve.</source>
        <translation>Wo der Pool die Namen nachschlägt, mit denen er verbindet. Ein DNS-Server des Labors kennt nur Namen unter .lab.test; ein neuer Verbindungsaufbau zu jedem anderen Namen scheitert beim Auflösen.</translation>
    </message>
    <message>
        <source>System resolver</source>
        <translation>Resolver des Systems</translation>
    </message>
    <message>
        <source>Lab DNS server %1 (%2)</source>
        <translation>Labor-DNS-Server %1 (%2)</translation>
    </message>
    <message>
        <source>&amp;Resolver:</source>
        <translation>&amp;Namensauflösung:</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::SortMenu</name>
    <message>
        <source>&amp;Ascending</source>
        <translation>&amp;Aufsteigend</translation>
    </message>
    <message>
        <source>&amp;Descending</source>
        <translation>A&amp;bsteigend</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::Text</name>
    <message>
        <source>Free</source>
        <translation>Frei</translation>
    </message>
    <message>
        <source>Resolving</source>
        <translation>Löst auf</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindet</translation>
    </message>
    <message>
        <source>TLS handshake</source>
        <translation>TLS-Handshake</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Closing</source>
        <translation>Schließt</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>An empty slot: the pool may open a new connection here.</source>
        <translation>Ein freier Platz: Der Pool kann hier eine neue Verbindung öffnen.</translation>
    </message>
    <message>
        <source>Looking up the host name&apos;s addresses (DNS or /etc/hosts) before connecting.</source>
        <translation>Die Adressen des Hostnamens werden vor dem Verbinden nachgeschlagen (DNS oder /etc/hosts).</translation>
    </message>
    <message>
        <source>The TCP three-way handshake is under way; addresses are raced Happy-Eyeballs style.</source>
        <translation>Der TCP-Drei-Wege-Handshake läuft; die Adressen treten nach Happy Eyeballs gegeneinander an.</translation>
    </message>
    <message>
        <source>TCP is up; client and server are negotiating TLS and checking the certificate.</source>
        <translation>TCP steht; Client und Server handeln TLS aus und prüfen das Zertifikat.</translation>
    </message>
    <message>
        <source>Open and unused: the next dial for the same host, port and TLS settings reuses it instead of paying for a new TCP and TLS handshake, until its keep-alive runs out.</source>
        <translation>Offen und ungenutzt: Der nächste Aufbau zum selben Host, Port und mit denselben TLS-Einstellungen verwendet sie wieder, statt einen neuen TCP- und TLS-Handshake zu bezahlen – bis ihr Keep-Alive abläuft.</translation>
    </message>
    <message>
        <source>Handed out to a caller, who returns it for reuse or closes it when done.</source>
        <translation>An einen Aufrufer ausgeliehen, der sie danach zur Wiederverwendung zurückgibt oder schließt.</translation>
    </message>
    <message>
        <source>Being closed: TLS close_notify is sent and the socket released.</source>
        <translation>Wird geschlossen: TLS-close_notify wird gesendet und der Socket freigegeben.</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Geschlossen</translation>
    </message>
    <message>
        <source>closed by its holder</source>
        <translation>vom Entleiher geschlossen</translation>
    </message>
    <message>
        <source>the dial failed</source>
        <translation>der Verbindungsaufbau ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>stale: the peer closed or wrote to it while idle</source>
        <translation>veraltet: die Gegenseite hat sie im Leerlauf geschlossen oder beschrieben</translation>
    </message>
    <message>
        <source>idle past its keep-alive</source>
        <translation>Leerlauf länger als Keep-Alive</translation>
    </message>
    <message>
        <source>older than the maximum lifetime</source>
        <translation>älter als die maximale Lebensdauer</translation>
    </message>
    <message>
        <source>evicted to make room for another host</source>
        <translation>verdrängt, um Platz für einen anderen Host zu schaffen</translation>
    </message>
    <message>
        <source>pool shutdown or close idle</source>
        <translation>Pool heruntergefahren oder Leerlauf geschlossen</translation>
    </message>
    <message>
        <source>the pool was destroyed</source>
        <translation>der Pool wurde zerstört</translation>
    </message>
    <message>
        <source>an I/O error while in use</source>
        <translation>ein E/A-Fehler während der Nutzung</translation>
    </message>
    <message>
        <source>idle, and the connection limit was lowered below the connections open</source>
        <translation>im Leerlauf, und das Verbindungslimit wurde unter die Zahl offener Verbindungen gesenkt</translation>
    </message>
    <message>
        <source>closed by force while in use (shut down at once, freed when its holder let go)</source>
        <translation>im belegten Zustand zwangsweise geschlossen (sofort beendet, freigegeben, als der Entleiher sie losließ)</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>invalid argument</source>
        <translation>ungültiges Argument</translation>
    </message>
    <message>
        <source>name resolution failed</source>
        <translation>Namensauflösung fehlgeschlagen</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>Verbindung abgewiesen</translation>
    </message>
    <message>
        <source>host unreachable</source>
        <translation>Host nicht erreichbar</translation>
    </message>
    <message>
        <source>network unreachable</source>
        <translation>Netzwerk nicht erreichbar</translation>
    </message>
    <message>
        <source>connection reset</source>
        <translation>Verbindung zurückgesetzt</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>Zeitlimit überschritten</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>TLS handshake failed</source>
        <translation>TLS-Handshake fehlgeschlagen</translation>
    </message>
    <message>
        <source>pool full</source>
        <translation>Pool voll</translation>
    </message>
    <message>
        <source>pool shut down</source>
        <translation>Pool heruntergefahren</translation>
    </message>
    <message>
        <source>not a lease (already returned or closed)</source>
        <translation>keine Ausleihe (bereits zurückgegeben oder geschlossen)</translation>
    </message>
    <message>
        <source>socket error</source>
        <translation>Socket-Fehler</translation>
    </message>
    <message>
        <source>too many open files</source>
        <translation>zu viele offene Dateien</translation>
    </message>
    <message>
        <source>closed without TLS close_notify</source>
        <translation>ohne TLS-close_notify geschlossen</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>name resolution</source>
        <translation>Namensauflösung</translation>
    </message>
    <message>
        <source>TCP connect</source>
        <translation>TCP-Aufbau</translation>
    </message>
    <message>
        <source>I/O</source>
        <translation>E/A</translation>
    </message>
    <message>
        <source>Dial started</source>
        <translation>Aufbau gestartet</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Aufgelöst</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>TLS established</source>
        <translation>TLS aufgebaut</translation>
    </message>
    <message>
        <source>Acquired</source>
        <translation>Ausgeliehen</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Zurückgegeben</translation>
    </message>
    <message>
        <source>Dial failed</source>
        <translation>Aufbau fehlgeschlagen</translation>
    </message>
    <message>
        <source>Shutdown</source>
        <translation>Herunterfahren</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>Wieder geöffnet</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Wait served</source>
        <translation>Wartende bedient</translation>
    </message>
    <message>
        <source>Wait timed out</source>
        <translation>Warten: Zeitlimit</translation>
    </message>
    <message>
        <source>Wait cancelled</source>
        <translation>Warten abgebrochen</translation>
    </message>
    <message>
        <source>Leak suspected</source>
        <translation>Leck vermutet</translation>
    </message>
    <message>
        <source>HTTP probe</source>
        <translation>HTTP-Test</translation>
    </message>
    <message>
        <source>HTTP probe failed</source>
        <translation>HTTP-Test fehlgeschlagen</translation>
    </message>
    <message>
        <source>Warm-up failed</source>
        <translation>Vorwärmen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Settings applied</source>
        <translation>Einstellungen übernommen</translation>
    </message>
    <message>
        <source>Drained</source>
        <translation>Ausgelaufen</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>reused an idle connection</source>
        <translation>Verbindung im Leerlauf wiederverwendet</translation>
    </message>
    <message>
        <source>new connection</source>
        <translation>neue Verbindung</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>[%1]</source>
        <translation>[%1]</translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <translation>%1 [%2]</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>unverschlüsselt</translation>
    </message>
    <message>
        <source>TLS (pending)</source>
        <translation>TLS (ausstehend)</translation>
    </message>
    <message>
        <source>resumed</source>
        <translation>fortgesetzt</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>ungeprüft</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>the pool&apos;s keep-alive</source>
        <translation>Keep-alive des Pools</translation>
    </message>
    <message>
        <source>the keep-alive its holder set</source>
        <translation>vom Halter gesetztes Keep-alive</translation>
    </message>
    <message>
        <source>the server&apos;s Keep-Alive</source>
        <translation>Keep-Alive des Servers</translation>
    </message>
    <message>
        <source>the pool&apos;s maximum lifetime</source>
        <translation>maximale Lebensdauer des Pools</translation>
    </message>
    <message>
        <source>proxy failed</source>
        <translation>Proxy fehlgeschlagen</translation>
    </message>
    <message>
        <source>proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <source>not reusable: upgraded to TLS for another host name (a tunnel), or its holder changed a socket option the pool cannot put back</source>
        <translation>nicht wiederverwendbar: für einen anderen Hostnamen auf TLS umgestellt (Tunnel), oder ihr Entleiher hat eine Socket-Option geändert, die der Pool nicht zurücksetzen kann</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::TimelineCanvas</name>
    <message>
        <source>Connections over time</source>
        <translation>Verbindungen im Zeitverlauf</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>Each connection gets a lane here once it dials: DNS, connect, TLS, its uses and idle stretches, and why it closed.</source>
        <translation>Jede Verbindung bekommt hier eine Spur, sobald sie aufgebaut wird: DNS, Verbindungsaufbau, TLS, ihre Nutzungen und Leerlaufzeiten und warum sie geschlossen wurde.</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Click to select it in the table.</source>
        <translation>Klicken wählt sie in der Tabelle aus.</translation>
    </message>
    <message>
        <source>One lane per connection, newest on top: its phases (queued, DNS, TCP connect, TLS handshake, in use, idle, closed) over time; clicking a lane selects its connection</source>
        <translation>Eine Bahn je Verbindung, die neueste oben: ihre Phasen (wartend, DNS, TCP-Verbindungsaufbau, TLS-Handshake, in Benutzung, im Leerlauf, geschlossen) über die Zeit; ein Klick auf eine Bahn wählt ihre Verbindung aus</translation>
    </message>
    <message>
        <source>%1. At the cursor: %2</source>
        <translation>%1. Am Cursor: %2</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::help::Glossary</name>
    <message>
        <source>Lease</source>
        <translation>Ausleihe (Lease)</translation>
    </message>
    <message>
        <source>A connection handed out by the pool to one user. While it is leased nobody else can use it; giving it back (returning it) lets the pool hand it out again.</source>
        <translation>Eine Verbindung, die der Pool an einen Nutzer ausgeliehen hat. Solange sie ausgeliehen ist, kann niemand sonst sie nutzen; wird sie zurückgegeben, kann der Pool sie erneut ausleihen.</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Leerlauf (idle)</translation>
    </message>
    <message>
        <source>A connection that is open but not leased: it waits in the pool for the next request to the same host, so that request needs no new dial.</source>
        <translation>Eine offene, aber nicht ausgeliehene Verbindung: Sie wartet im Pool auf die nächste Anfrage an denselben Host, die dann keinen neuen Verbindungsaufbau braucht.</translation>
    </message>
    <message>
        <source>Keep-alive</source>
        <translation>Keep-Alive</translation>
    </message>
    <message>
        <source>Lifetime (max lifetime)</source>
        <translation>Lebensdauer (maximale Lebensdauer)</translation>
    </message>
    <message>
        <source>The longest a connection may live, counted from its dial. Once past it, the connection is closed instead of reused, so no connection lives forever.</source>
        <translation>Wie lange eine Verbindung höchstens leben darf, gezählt ab ihrem Aufbau. Danach wird sie geschlossen statt wiederverwendet, sodass keine Verbindung ewig lebt.</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Veraltet (stale)</translation>
    </message>
    <message>
        <source>An idle connection that the server has already closed. The pool checks before it hands one out; a stale one is closed and a fresh dial is made instead.</source>
        <translation>Eine Verbindung im Leerlauf, die der Server schon geschlossen hat. Der Pool prüft vor dem Ausleihen; eine veraltete wird geschlossen und stattdessen eine neue aufgebaut.</translation>
    </message>
    <message>
        <source>Eviction</source>
        <translation>Verdrängung (eviction)</translation>
    </message>
    <message>
        <source>Closing an idle connection early to make room: when the pool is full and a request for another host comes in, the idle connection unused the longest goes.</source>
        <translation>Eine Verbindung im Leerlauf wird vorzeitig geschlossen, um Platz zu schaffen: Ist der Pool voll und kommt eine Anfrage für einen anderen Host, weicht die am längsten ungenutzte.</translation>
    </message>
    <message>
        <source>Reuse key</source>
        <translation>Wiederverwendungsschlüssel</translation>
    </message>
    <message>
        <source>What must match for a connection to be reused: host, port, and whether and how TLS is used. A request with a different key never gets that connection.</source>
        <translation>Was übereinstimmen muss, damit eine Verbindung wiederverwendet wird: Host, Port und ob und wie TLS verwendet wird. Eine Anfrage mit anderem Schlüssel bekommt diese Verbindung nie.</translation>
    </message>
    <message>
        <source>Wait queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>Where requests wait when the pool is at its connection limit. A waiter is served when a connection comes back or a slot frees up, or gives up when its time-out runs out.</source>
        <translation>Hier warten Anfragen, wenn der Pool sein Verbindungslimit erreicht hat. Ein Wartender wird bedient, wenn eine Verbindung zurückkommt oder ein Platz frei wird, oder gibt auf, wenn sein Zeitlimit abläuft.</translation>
    </message>
    <message>
        <source>Leak</source>
        <translation>Leck</translation>
    </message>
    <message>
        <source>A leased connection that is never given back. It holds a slot forever; the pool flags a lease held longer than the leak threshold as a possible leak.</source>
        <translation>Eine ausgeliehene Verbindung, die nie zurückgegeben wird. Sie belegt ihren Platz für immer; der Pool markiert eine Ausleihe, die länger als die Leck-Schwelle gehalten wird, als mögliches Leck.</translation>
    </message>
    <message>
        <source>Graceful and forced shutdown</source>
        <translation>Geordnetes und erzwungenes Herunterfahren</translation>
    </message>
    <message>
        <source>A graceful shutdown refuses new dials and waits for the leased connections to come back (draining); a forced one closes every connection at once, leased or not.</source>
        <translation>Geordnetes Herunterfahren lehnt neue Verbindungsaufbauten ab und wartet, bis die ausgeliehenen Verbindungen zurückkommen (Auslaufen); erzwungenes schließt sofort jede Verbindung, ausgeliehen oder nicht.</translation>
    </message>
    <message>
        <source>TLS handshake</source>
        <translation>TLS-Handshake</translation>
    </message>
    <message>
        <source>The exchange that sets up encryption after the TCP connect: the server proves who it is and both sides agree on keys. It costs round trips and CPU, which is why reuse pays.</source>
        <translation>Der Austausch, der nach dem TCP-Aufbau die Verschlüsselung einrichtet: Der Server weist nach, wer er ist, und beide Seiten einigen sich auf Schlüssel. Er kostet Roundtrips und CPU – deshalb lohnt sich Wiederverwendung.</translation>
    </message>
    <message>
        <source>SNI (Server Name Indication)</source>
        <translation>SNI (Server Name Indication, Angabe des Servernamens)</translation>
    </message>
    <message>
        <source>The host name the client sends at the start of the TLS handshake, so a server with many names can pick the right certificate.</source>
        <translation>Der Hostname, den der Client zu Beginn des TLS-Handshakes sendet, damit ein Server mit vielen Namen das richtige Zertifikat wählen kann.</translation>
    </message>
    <message>
        <source>Session resumption</source>
        <translation>Sitzungsfortsetzung</translation>
    </message>
    <message>
        <source>A shorter TLS handshake that reuses keys from an earlier session with the same server. It saves work on a new connection, but less than reusing an open one.</source>
        <translation>Ein kürzerer TLS-Handshake, der Schlüssel einer früheren Sitzung mit demselben Server wiederverwendet. Er spart Arbeit bei einer neuen Verbindung, aber weniger als die Wiederverwendung einer offenen.</translation>
    </message>
    <message>
        <source>Certificate verification</source>
        <translation>Zertifikatsprüfung</translation>
    </message>
    <message>
        <source>The client checks the server&apos;s certificate: signed by a trusted authority, not expired, and issued for the host name dialled. Any failure stops the handshake.</source>
        <translation>Der Client prüft das Zertifikat des Servers: von einer vertrauenswürdigen Stelle signiert, nicht abgelaufen und für den angewählten Hostnamen ausgestellt. Jeder Fehler bricht den Handshake ab.</translation>
    </message>
    <message>
        <source>Happy Eyeballs</source>
        <translation>Happy Eyeballs (Adressrennen)</translation>
    </message>
    <message>
        <source>When a name has both IPv6 and IPv4 addresses, the client tries them in a staggered race and keeps whichever connects first, so one broken address family does not stall the dial.</source>
        <translation>Hat ein Name IPv6- und IPv4-Adressen, probiert der Client sie in einem gestaffelten Rennen und behält die, die sich zuerst verbindet; so hält eine defekte Adressfamilie den Aufbau nicht auf.</translation>
    </message>
    <message>
        <source>DNS resolution</source>
        <translation>DNS-Auflösung</translation>
    </message>
    <message>
        <source>Turning a host name into IP addresses before the connect. A name that does not exist or a resolver that does not answer fails the dial here.</source>
        <translation>Die Umwandlung eines Hostnamens in IP-Adressen vor dem Verbinden. Ein Name, den es nicht gibt, oder ein Resolver, der nicht antwortet, lässt den Aufbau hier scheitern.</translation>
    </message>
    <message>
        <source>%1

%2: %3</source>
        <translation>%1

%2: %3</translation>
    </message>
    <message>
        <source>Dial time-out</source>
        <translation>Zeitlimit des Verbindungsaufbaus</translation>
    </message>
    <message>
        <source>The longest a dial may take: resolve, connect and TLS handshake together, or one phase on its own. A server that accepts but never answers is given up on only when one runs out, or when the caller cancels.</source>
        <translation>Wie lange ein Verbindungsaufbau höchstens dauern darf: Namensauflösung, Verbinden und TLS-Handshake zusammen, oder eine Phase für sich. Einen Server, der annimmt, aber nie antwortet, gibt der Pool erst auf, wenn eines davon abläuft oder der Aufrufer abbricht.</translation>
    </message>
    <message>
        <source>How long the pool keeps an idle connection open: its own limit counted from the return, or less when the server said it closes idle connections sooner (its Keep-Alive header, counted from its response). When the countdown reaches 0 the pool closes it (&quot;expired&quot;) before the server does, and the next request dials a new one.</source>
        <translation>Wie lange der Pool eine Verbindung im Leerlauf offen hält: sein eigenes Limit ab der Rückgabe, oder kürzer, wenn der Server angekündigt hat, Verbindungen im Leerlauf früher zu schließen (sein Keep-Alive-Header, ab seiner Antwort gezählt). Erreicht der Countdown 0, schließt der Pool sie („abgelaufen“), bevor der Server es tut, und die nächste Anfrage baut eine neue auf.</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::lessons::LessonCatalog</name>
    <message>
        <source>no lesson named &quot;%1&quot; (shipped: %2; or give a lesson file)</source>
        <translation>keine Lektion namens „%1“ (mitgeliefert: %2; oder eine Lektionsdatei angeben)</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::lessons::LessonConsole</name>
    <message>
        <source>the lab did not start: %1</source>
        <translation>das Labor ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>cannot start the pool: %1</source>
        <translation>der Pool kann nicht starten: %1</translation>
    </message>
    <message>
        <source>Lesson %1: %2</source>
        <translation>Lektion %1: %2</translation>
    </message>
    <message>
        <source>the lesson did not finish in time</source>
        <translation>die Lektion wurde nicht rechtzeitig fertig</translation>
    </message>
    <message>
        <source>%1 of %2 steps passed</source>
        <translation>%1 von %2 Schritten bestanden</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::lessons::LessonHighlighter</name>
    <message>
        <source>Marked by the lesson step &quot;%1&quot;</source>
        <translation>Markiert vom Lektionsschritt „%1“</translation>
    </message>
    <message>
        <source>the row of the connection “%1”</source>
        <translation>die Zeile der Verbindung „%1“</translation>
    </message>
    <message>
        <source>the “%1” counter</source>
        <translation>den Zähler „%1“</translation>
    </message>
    <message>
        <source>the “%1” column</source>
        <translation>die Spalte „%1“</translation>
    </message>
    <message>
        <source>the “%1” lines of the event log</source>
        <translation>die Zeilen „%1“ im Ereignisprotokoll</translation>
    </message>
    <message>
        <source>the “%1” tab</source>
        <translation>den Reiter „%1“</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::lessons::LessonLoader</name>
    <message>
        <source>unknown field (expected one of: %1)</source>
        <translation>unbekanntes Feld (erwartet eines von: %1)</translation>
    </message>
    <message>
        <source>required field is missing</source>
        <translation>Pflichtfeld fehlt</translation>
    </message>
    <message>
        <source>expected a string</source>
        <translation>Zeichenkette erwartet</translation>
    </message>
    <message>
        <source>too long (at most %1 characters)</source>
        <translation>zu lang (höchstens %1 Zeichen)</translation>
    </message>
    <message>
        <source>must not be empty</source>
        <translation>darf nicht leer sein</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not one of: %2</source>
        <translation>„%1“ ist keines von: %2</translation>
    </message>
    <message>
        <source>expected a whole number from %1 to %2</source>
        <translation>ganze Zahl von %1 bis %2 erwartet</translation>
    </message>
    <message>
        <source>expected true or false</source>
        <translation>true oder false erwartet</translation>
    </message>
    <message>
        <source>expected an object</source>
        <translation>Objekt erwartet</translation>
    </message>
    <message>
        <source>lease &quot;%1&quot; is already dialled by an earlier step</source>
        <translation>Ausleihe „%1“ wird schon von einem früheren Schritt aufgebaut</translation>
    </message>
    <message>
        <source>lease &quot;%1&quot; is not dialled by an earlier step</source>
        <translation>Ausleihe „%1“ wird von keinem früheren Schritt aufgebaut</translation>
    </message>
    <message>
        <source>expected an array</source>
        <translation>Array erwartet</translation>
    </message>
    <message>
        <source>expected &quot;TYPE:NAME&quot; with TYPE one of: %1</source>
        <translation>„TYP:NAME“ erwartet, TYP eines von: %1</translation>
    </message>
    <message>
        <source>%1: the file is larger than %2 bytes</source>
        <translation>%1: die Datei ist größer als %2 Bytes</translation>
    </message>
    <message>
        <source>%1:%2: not valid JSON: %3</source>
        <translation>%1:%2: kein gültiges JSON: %3</translation>
    </message>
    <message>
        <source>%1: the top level must be a JSON object</source>
        <translation>%1: die oberste Ebene muss ein JSON-Objekt sein</translation>
    </message>
    <message>
        <source>unsupported format %1 (this PoolScope reads format %2)</source>
        <translation>nicht unterstütztes Format %1 (dieses PoolScope liest Format %2)</translation>
    </message>
    <message>
        <source>use 1-64 lower-case letters, digits and dashes</source>
        <translation>1–64 Kleinbuchstaben, Ziffern und Bindestriche verwenden</translation>
    </message>
    <message>
        <source>at most %1 steps</source>
        <translation>höchstens %1 Schritte</translation>
    </message>
    <message>
        <source>%1: cannot read: %2</source>
        <translation>%1: nicht lesbar: %2</translation>
    </message>
    <message>
        <source>expected a host name or an IP address (letters, digits, &apos;.&apos;, &apos;-&apos;, &apos;:&apos;; at most 253)</source>
        <translation>erwartet einen Host-Namen oder eine IP-Adresse (Buchstaben, Ziffern, „.“, „-“, „:“; höchstens 253)</translation>
    </message>
    <message>
        <source>&quot;settingsApplied&quot; needs a &quot;set&quot; action in the same step</source>
        <translation>„settingsApplied“ braucht eine „set“-Aktion im selben Schritt</translation>
    </message>
    <message>
        <source>&quot;%1&quot; names no lease dialled by this or an earlier step</source>
        <translation>„%1“ nennt keine Ausleihe, die dieser oder ein früherer Schritt aufbaut</translation>
    </message>
    <message>
        <source>&quot;%1&quot;: unknown %2 (expected one of: %3)</source>
        <translation>„%1“: unbekannt als %2 (erwartet eines von: %3)</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::lessons::LessonRunner</name>
    <message>
        <source>the pool</source>
        <translation>den Pool</translation>
    </message>
    <message>
        <source>no &quot;%1&quot; for %2 within %3</source>
        <translation>kein „%1“ für %2 innerhalb von %3</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>nicht ausgeführt</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FEHLGESCHLAGEN</translation>
    </message>
    <message>
        <source>lease &quot;%1&quot; has no connection to give back</source>
        <translation>Ausleihe „%1“ hat keine Verbindung zum Zurückgeben</translation>
    </message>
    <message>
        <source>the lab server &quot;%1&quot; is not running here</source>
        <translation>der Laborserver „%1“ läuft hier nicht</translation>
    </message>
    <message>
        <source>the pool refused the lesson&apos;s settings: %1</source>
        <translation>der Pool hat die Einstellungen der Lektion abgelehnt: %1</translation>
    </message>
    <message>
        <source>drained: every connection came back, then the pool closed them</source>
        <translation>ausgelaufen: jede Verbindung kam zurück, dann hat der Pool sie geschlossen</translation>
    </message>
    <message>
        <source>#%1 connected: the dial did not fail</source>
        <translation>#%1 verbunden: der Verbindungsaufbau ist nicht fehlgeschlagen</translation>
    </message>
    <message>
        <source>failed with %1, expected %2: %3</source>
        <translation>fehlgeschlagen mit %1, erwartet %2: %3</translation>
    </message>
    <message>
        <source>the reason does not say &quot;%1&quot;: %2</source>
        <translation>der Grund nennt nicht „%1“: %2</translation>
    </message>
    <message>
        <source>the dial failed: %1</source>
        <translation>der Verbindungsaufbau ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>#%1 was an idle connection reused, not a new one</source>
        <translation>#%1 war eine wiederverwendete Verbindung im Leerlauf, keine neue</translation>
    </message>
    <message>
        <source>#%1 is a new connection: answered in %2 (connect %3, TLS handshake %4, %5)</source>
        <translation>#%1 ist eine neue Verbindung: Antwort nach %2 (Verbinden %3, TLS-Handshake %4, %5)</translation>
    </message>
    <message>
        <source>#%1 is a new connection: answered in %2 (connect %3)</source>
        <translation>#%1 ist eine neue Verbindung: Antwort nach %2 (Verbinden %3)</translation>
    </message>
    <message>
        <source>#%1 is a new connection: nothing idle was reused</source>
        <translation>#%1 ist eine neue Verbindung: nichts im Leerlauf wurde wiederverwendet</translation>
    </message>
    <message>
        <source>reused #%1, not #%2</source>
        <translation>#%1 wiederverwendet, nicht #%2</translation>
    </message>
    <message>
        <source>reused #%1: no connect, no handshake; answered in %2 instead of %3</source>
        <translation>#%1 wiederverwendet: kein Verbinden, kein Handshake; Antwort nach %2 statt %3</translation>
    </message>
    <message>
        <source>reused #%1: no connect, no handshake; answered in %2</source>
        <translation>#%1 wiederverwendet: kein Verbinden, kein Handshake; Antwort nach %2</translation>
    </message>
    <message>
        <source>#%1 is idle; its keep-alive countdown shows %2</source>
        <translation>#%1 ist im Leerlauf; ihr Keep-Alive-Countdown zeigt %2</translation>
    </message>
    <message>
        <source>#%1 flagged as a possible leak: held by &quot;%2&quot; for %3 ms (threshold %4 ms)</source>
        <translation>#%1 als mögliches Leck markiert: von „%2“ seit %3 ms gehalten (Schwelle %4 ms)</translation>
    </message>
    <message>
        <source>#%1 closed for &quot;%2&quot;, expected &quot;%3&quot;</source>
        <translation>#%1 geschlossen wegen „%2“, erwartet „%3“</translation>
    </message>
    <message>
        <source>#%1 closed (%2) after %3 idle</source>
        <translation>#%1 geschlossen (%2) nach %3 Leerlauf</translation>
    </message>
    <message>
        <source>#%1 closed (%2)</source>
        <translation>#%1 geschlossen (%2)</translation>
    </message>
    <message>
        <source>the dial failed without waiting: %1</source>
        <translation>der Verbindungsaufbau ist ohne Warten fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>#%1 was served without waiting</source>
        <translation>#%1 wurde ohne Warten bedient</translation>
    </message>
    <message>
        <source>&quot;%1&quot; waits in the queue: %2 of %3 connections in use</source>
        <translation>„%1“ wartet in der Warteschlange: %2 von %3 Verbindungen belegt</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was served after %2 ms in the queue</source>
        <translation>„%1“ wurde nach %2 ms in der Warteschlange bedient</translation>
    </message>
    <message>
        <source>&quot;%1&quot; gave up after %2 ms in the queue: %3</source>
        <translation>„%1“ gab nach %2 ms in der Warteschlange auf: %3</translation>
    </message>
    <message>
        <source>shutdown started; new dials are refused</source>
        <translation>Herunterfahren begonnen; neue Verbindungsaufbauten werden abgewiesen</translation>
    </message>
    <message>
        <source>shutdown started: %1</source>
        <translation>Herunterfahren begonnen: %1</translation>
    </message>
    <message>
        <source>reopened: the pool accepts dials again</source>
        <translation>wieder geöffnet: der Pool nimmt wieder Verbindungsaufbauten an</translation>
    </message>
    <message>
        <source>cancelled %1 after the lesson asked, %2 into the dial: %3</source>
        <translation>abgebrochen %1 nach der Bitte der Lektion, %2 nach Beginn des Verbindungsaufbaus: %3</translation>
    </message>
    <message>
        <source>failed after %1 (%2): %3</source>
        <translation>fehlgeschlagen nach %1 (%2): %3</translation>
    </message>
    <message>
        <source>#%1 connected to %2, not over %3</source>
        <translation>#%1 ist mit %2 verbunden, nicht über %3</translation>
    </message>
    <message>
        <source>IPv4</source>
        <translation>IPv4</translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation>IPv6</translation>
    </message>
    <message>
        <source>the TLS session was resumed</source>
        <translation>die TLS-Sitzung wurde fortgesetzt</translation>
    </message>
    <message>
        <source>%1 resolved in %2, connected to %3</source>
        <translation>%1 aufgelöst in %2, verbunden mit %3</translation>
    </message>
    <message>
        <source>the dial already ended: %1</source>
        <translation>der Verbindungsaufbau ist schon beendet: %1</translation>
    </message>
    <message>
        <source>the dial already ended with #%1</source>
        <translation>der Verbindungsaufbau ist schon mit #%1 beendet</translation>
    </message>
    <message>
        <source>#%1 is still being dialled after %2: %3</source>
        <translation>#%1 wird nach %2 noch aufgebaut: %3</translation>
    </message>
    <message>
        <source>TCP connected to %1 in %2</source>
        <translation>TCP mit %1 verbunden in %2</translation>
    </message>
    <message>
        <source>#%1 was an idle connection reused: no handshake at all</source>
        <translation>#%1 war eine wiederverwendete ruhende Verbindung: gar kein Handshake</translation>
    </message>
    <message>
        <source>#%1 is not a TLS connection</source>
        <translation>#%1 ist keine TLS-Verbindung</translation>
    </message>
    <message>
        <source>#%1 resumed a TLS session; a full handshake was expected</source>
        <translation>#%1 hat eine TLS-Sitzung fortgesetzt; erwartet war ein vollständiger Handshake</translation>
    </message>
    <message>
        <source>#%1 made a full TLS handshake: there was no session to resume</source>
        <translation>#%1 hat einen vollständigen TLS-Handshake gemacht: es gab keine Sitzung zum Fortsetzen</translation>
    </message>
    <message>
        <source>#%1 resumed a TLS session: handshake %2 (%3)</source>
        <translation>#%1 hat eine TLS-Sitzung fortgesetzt: Handshake %2 (%3)</translation>
    </message>
    <message>
        <source>#%1 made a full TLS handshake: %2 (%3)</source>
        <translation>#%1 hat einen vollständigen TLS-Handshake gemacht: %2 (%3)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has no handshake time to compare with</source>
        <translation>„%1“ hat keine Handshake-Zeit zum Vergleichen</translation>
    </message>
    <message>
        <source>#%1&apos;s %2 handshake took %3, %4 times as long</source>
        <translation>der %2 Handshake von #%1 dauerte %3, %4-mal so lange</translation>
    </message>
    <message>
        <source>resumed</source>
        <translation>fortgesetzte</translation>
    </message>
    <message>
        <source>full</source>
        <translation>vollständige</translation>
    </message>
    <message>
        <source>the pool has %1 %2, not %3</source>
        <translation>der Pool hat %1 %2, nicht %3</translation>
    </message>
    <message>
        <source>the pool asks %1, not %2</source>
        <translation>der Pool fragt %1, nicht %2</translation>
    </message>
    <message>
        <source>the settings are in effect</source>
        <translation>die Einstellungen gelten</translation>
    </message>
    <message>
        <source>in effect: %1</source>
        <translation>in Kraft: %1</translation>
    </message>
    <message>
        <source>lease &quot;%1&quot; has no dial to cancel: it failed already</source>
        <translation>Ausleihe „%1“ hat keinen Verbindungsaufbau zum Abbrechen: er ist schon fehlgeschlagen</translation>
    </message>
    <message>
        <source>lease &quot;%1&quot; has no dial to cancel: it has #%2</source>
        <translation>Ausleihe „%1“ hat keinen Verbindungsaufbau zum Abbrechen: sie hat #%2</translation>
    </message>
</context>
<context>
    <name>poolscope::ui::lessons::LessonsDock</name>
    <message>
        <source>Lesson</source>
        <translation>Lektion</translation>
    </message>
    <message>
        <source>No lesson. Start one with --lesson NAME (poolscope --lesson list names them).</source>
        <translation>Keine Lektion. Starten Sie eine mit --lesson NAME (poolscope --lesson list nennt sie).</translation>
    </message>
    <message>
        <source>Lesson steps</source>
        <translation>Schritte der Lektion</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;Weiter</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>Neu &amp;starten</translation>
    </message>
    <message>
        <source>Watch: %1</source>
        <translation>Beobachten: %1</translation>
    </message>
    <message>
        <source>Look at: %1</source>
        <translation>Ansehen: %1</translation>
    </message>
</context>
</TS>
