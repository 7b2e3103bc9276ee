<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>poolscope::ui::AttachDialog</name>
    <message numerus="yes">
        <source>%n pool(s)</source>
        <translation>
            <numerusform>%n pool</numerusform>
            <numerusform>%n pools</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ConnectionWaterfall</name>
    <message numerus="yes">
        <source>%n use(s), last by %1</source>
        <translation>
            <numerusform>%n use, last by %1</numerusform>
            <numerusform>%n uses, last by %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::ConnectionsPanel</name>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connection</numerusform>
            <numerusform>%n connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n shown</source>
        <translation>
            <numerusform>%1 of %n shown</numerusform>
            <numerusform>%1 of %n shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::DetailsPane</name>
    <message numerus="yes">
        <source>%n connections selected. Close and Return act on all of them.</source>
        <translation>
            <numerusform>%n connection selected.</numerusform>
            <numerusform>%n connections selected. Close and Return act on all of them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n time(s)</source>
        <translation>
            <numerusform>%n time</numerusform>
            <numerusform>%n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>no: made despite %n accepted problem(s)</source>
        <translation>
            <numerusform>no: made despite %n accepted problem</numerusform>
            <numerusform>no: made despite %n accepted problems</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::HandshakeLadder</name>
    <message numerus="yes">
        <source>Only the first %n message(s) were recorded.</source>
        <translation>
            <numerusform>Only the first message was recorded.</numerusform>
            <numerusform>Only the first %n messages were recorded.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::HistoryChart</name>
    <message numerus="yes">
        <source>In use, idle and waiting — last %n minute(s)</source>
        <translation>
            <numerusform>In use, idle and waiting — last %n minute</numerusform>
            <numerusform>In use, idle and waiting — last %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>In use, idle and waiting — last %n second(s)</source>
        <translation>
            <numerusform>In use, idle and waiting — last %n second</numerusform>
            <numerusform>In use, idle and waiting — last %n seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::MainWindow</name>
    <message numerus="yes">
        <source>Draining: %n in use</source>
        <translation>
            <numerusform>Draining: %n in use</numerusform>
            <numerusform>Draining: %n in use</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dial(s) in flight</source>
        <translation>
            <numerusform>%n dial in flight</numerusform>
            <numerusform>%n dials in flight</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Force-close %n connection(s)? Holders of connections in use will see their socket shut down.</source>
        <translation>
            <numerusform>Force-close %n connection? Holders of connections in use will see their socket shut down.</numerusform>
            <numerusform>Force-close %n connections? Holders of connections in use will see their socket shut down.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Export All Events (%n event(s))</source>
        <translation>
            <numerusform>Export All Events (%n event)</numerusform>
            <numerusform>Export All Events (%n events)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Export Shown Events (%n event(s))</source>
        <translation>
            <numerusform>Export Shown Events (%n event)</numerusform>
            <numerusform>Export Shown Events (%n events)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) exported to %1</source>
        <translation>
            <numerusform>%n event exported to %1</numerusform>
            <numerusform>%n events exported to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Trace written to %1 (%n event(s))</source>
        <translation>
            <numerusform>Trace written to %1 (%n event)</numerusform>
            <numerusform>Trace written to %1 (%n events)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) in use would be closed under their holders. Quit anyway?</source>
        <translation>
            <numerusform>%n connection in use would be closed under its holder. Quit anyway?</numerusform>
            <numerusform>%n connections in use would be closed under their holders. Quit anyway?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::PhaseChart</name>
    <message numerus="yes">
        <source>%1 (average of %n connection(s))</source>
        <translation>
            <numerusform>%1 (average of %n connection)</numerusform>
            <numerusform>%1 (average of %n connections)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>poolscope::ui::PoolController</name>
    <message numerus="yes">
        <source>Dialling %1 (%n connection(s))…</source>
        <translation>
            <numerusform>Dialling %1 (%n connection)…</numerusform>
            <numerusform>Dialling %1 (%n connections)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Closed %n connection(s)</source>
        <translation>
            <numerusform>Closed %n connection</numerusform>
            <numerusform>Closed %n connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Closed %n idle connection(s)</source>
        <translation>
            <numerusform>Closed %n idle connection</numerusform>
            <numerusform>Closed %n idle connections</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Graceful shutdown ended with %n connection(s) in use</source>
        <translation>
            <numerusform>Graceful shutdown ended with %n connection in use</numerusform>
            <numerusform>Graceful shutdown ended with %n connections in use</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Forced shutdown: every socket closed (%n were in use)</source>
        <translation>
            <numerusform>Forced shutdown: every socket closed (%n was in use)</numerusform>
            <numerusform>Forced shutdown: every socket closed (%n were in use)</numerusform>
        </translation>
    </message>
</context>
</TS>
