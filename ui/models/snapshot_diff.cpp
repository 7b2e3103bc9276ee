#include "models/snapshot_diff.h"

#include <QHash>
#include <algorithm>

namespace poolscope::ui {

namespace {

bool sameTls(const TlsDetails& a, const TlsDetails& b)
{
    return a.version == b.version && a.cipher == b.cipher && a.alpn == b.alpn &&
           a.serverName == b.serverName && a.resumed == b.resumed && a.verified == b.verified &&
           a.peerSubject == b.peerSubject && a.peerIssuer == b.peerIssuer &&
           a.peerNotAfter == b.peerNotAfter && a.verifyResult == b.verifyResult;
}

bool sameError(const Error& a, const Error& b)
{
    return a.code == b.code && a.phase == b.phase && a.systemError == b.systemError &&
           a.tlsVerifyResult == b.tlsVerifyResult && a.tlsAlert == b.tlsAlert && a.message == b.message;
}

template <class Op> std::vector<RowRange> runsOf(const std::vector<Op>& ops)
{
    std::vector<RowRange> runs;
    for (const Op& op : ops) {
        if (!runs.empty() && runs.back().last + 1 == op.row)
            runs.back().last = op.row;
        else
            runs.push_back({op.row, op.row});
    }
    return runs;
}

} // namespace

std::vector<RowRange> SnapshotDiff::removalRanges() const
{
    std::vector<RowRange> runs = runsOf(removals);
    std::reverse(runs.begin(), runs.end());
    return runs;
}

std::vector<RowRange> SnapshotDiff::updateRanges() const
{
    return runsOf(updates);
}

bool sameContent(const ConnectionInfo& a, const ConnectionInfo& b)
{
    // Cheap scalars first; host, port, tls, key and created never change for one id, so an id
    // match already covers them. Strings are compared last and only when everything else matched.
    return a.id == b.id && a.state == b.state && a.handle == b.handle && a.reuseCount == b.reuseCount &&
           a.lastUsed == b.lastUsed && a.inUseSince == b.inUseSince &&
           a.keepAliveDeadline == b.keepAliveDeadline && a.lifetimeDeadline == b.lifetimeDeadline &&
           a.localPort == b.localPort && a.timings.resolveUs == b.timings.resolveUs &&
           a.timings.connectUs == b.timings.connectUs && a.timings.tlsUs == b.timings.tlsUs &&
           a.timings.proxyUs == b.timings.proxyUs && a.lastError.code == b.lastError.code &&
           a.tlsDetails.resumed == b.tlsDetails.resumed &&
           // A wire log only grows (bounded): its length and byte counts say whether it changed.
           a.wire.events.size() == b.wire.events.size() && a.wire.bytesSent == b.wire.bytesSent &&
           a.wire.bytesReceived == b.wire.bytesReceived && a.wire.truncated == b.wire.truncated &&
           a.tlsDetails.verified == b.tlsDetails.verified && a.remoteAddress == b.remoteAddress &&
           a.label == b.label && sameError(a.lastError, b.lastError) && sameTls(a.tlsDetails, b.tlsDetails) &&
           a.port == b.port && a.tls == b.tls && a.created == b.created && a.host == b.host && a.key == b.key;
}

SnapshotDiff diffSnapshot(std::span<const ConnectionRow> current, std::span<const ConnectionInfo> next,
                          const DiffOptions& options)
{
    std::vector<const ConnectionRow*> rows;
    rows.reserve(current.size());
    for (const ConnectionRow& row : current)
        rows.push_back(&row);
    return diffSnapshot(std::span<const ConnectionRow* const>(rows), next, options);
}

SnapshotDiff diffSnapshot(std::span<const ConnectionRow* const> current, std::span<const ConnectionInfo> next,
                          const DiffOptions& options)
{
    SnapshotDiff diff;

    QHash<ConnectionId, int> nextIndex;
    nextIndex.reserve(static_cast<qsizetype>(next.size()));
    std::vector<char> consumed(next.size(), 0); // 1 = matched an existing row or a duplicate id
    for (std::size_t j = 0; j < next.size(); ++j) {
        if (nextIndex.contains(next[j].id))
            consumed[j] = 1; // duplicate: the first one wins
        else
            nextIndex.insert(next[j].id, static_cast<int>(j));
    }

    int removed = 0;
    for (std::size_t i = 0; i < current.size(); ++i) {
        const ConnectionRow& row = *current[i];
        const int oldRow = static_cast<int>(i);
        const auto found = nextIndex.constFind(row.info.id);
        if (found != nextIndex.cend()) {
            const int j = found.value();
            consumed[static_cast<std::size_t>(j)] = 1;
            if (row.gone() || !sameContent(row.info, next[static_cast<std::size_t>(j)]))
                diff.updates.push_back({row.info.id, oldRow - removed, j, false});
            continue;
        }
        const bool keep =
            row.gone() ? options.now - row.goneSince < options.linger : options.linger.count() > 0;
        if (!keep) {
            diff.removals.push_back({row.info.id, oldRow});
            ++removed;
        } else if (!row.gone()) {
            diff.updates.push_back({row.info.id, oldRow - removed, -1, true});
        }
    }

    for (std::size_t j = 0; j < next.size(); ++j) {
        if (!consumed[j])
            diff.inserts.push_back({next[j].id, static_cast<int>(j)});
    }
    return diff;
}

} // namespace poolscope::ui
