#include "models/snapshot_diff.h"

#include <QSet>
#include <algorithm>
#include <cstring>

namespace poolscope::ui {

namespace {

/// std::string's == is an out-of-line call in this build, made ~13 times per unchanged row; most
/// of these strings are empty or a few bytes long, so the length decides before any call.
[[gnu::always_inline]] inline bool sameText(const std::string& a, const std::string& b) noexcept
{
    const std::size_t n = a.size();
    return n == b.size() && (n == 0 || std::memcmp(a.data(), b.data(), n) == 0);
}

bool sameTls(const TlsDetails& a, const TlsDetails& b)
{
    return sameText(a.version, b.version) && sameText(a.cipher, b.cipher) && sameText(a.alpn, b.alpn) &&
           sameText(a.serverName, b.serverName) && a.resumed == b.resumed && a.verified == b.verified &&
           sameText(a.peerSubject, b.peerSubject) && sameText(a.peerIssuer, b.peerIssuer) &&
           a.peerNotAfter == b.peerNotAfter && sameText(a.verifyResult, b.verifyResult) &&
           a.acceptedProblems == b.acceptedProblems;
}

bool sameError(const Error& a, const Error& b)
{
    return a.code == b.code && a.phase == b.phase && a.systemError == b.systemError &&
           a.tlsVerifyResult == b.tlsVerifyResult && sameText(a.tlsAlert, b.tlsAlert) &&
           sameText(a.message, b.message) && a.certificateProblems == b.certificateProblems;
}

/// Asks for the cache lines of an object a few rows ahead: comparing a 10,000-row snapshot reads
/// ~1.4 MB of rows on each side, and the wait for memory, not the comparisons, is most of its time.
template <class T> void prefetchObject(const T* object) noexcept
{
#if defined(__GNUC__)
    const char* bytes = reinterpret_cast<const char*>(object);
    for (std::size_t offset = 0; offset < sizeof(T); offset += 64)
        __builtin_prefetch(bytes + offset);
#else
    (void)object;
#endif
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
           a.keepAliveLimit == b.keepAliveLimit && a.serverKeepAliveDeadline == b.serverKeepAliveDeadline &&
           a.localPort == b.localPort && a.timings.resolveUs == b.timings.resolveUs &&
           a.timings.connectUs == b.timings.connectUs && a.timings.tlsUs == b.timings.tlsUs &&
           a.timings.proxyUs == b.timings.proxyUs && a.lastError.code == b.lastError.code &&
           a.tlsDetails.resumed == b.tlsDetails.resumed &&
           // A wire log only grows (bounded): its length and byte counts say whether it changed.
           a.wire.events.size() == b.wire.events.size() && a.wire.bytesSent == b.wire.bytesSent &&
           a.wire.bytesReceived == b.wire.bytesReceived && a.wire.truncated == b.wire.truncated &&
           a.tlsDetails.verified == b.tlsDetails.verified && sameText(a.remoteAddress, b.remoteAddress) &&
           sameText(a.label, b.label) && sameError(a.lastError, b.lastError) &&
           sameTls(a.tlsDetails, b.tlsDetails) && a.port == b.port && a.tls == b.tls &&
           a.created == b.created && sameText(a.host, b.host) && sameText(a.key, b.key);
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
                          const DiffOptions& options, const QHash<ConnectionId, int>* currentIndex)
{
    QHash<ConnectionId, int> built;
    if (!currentIndex) {
        built.reserve(static_cast<qsizetype>(current.size()));
        for (std::size_t i = 0; i < current.size(); ++i)
            built.insert(current[i]->info.id, static_cast<int>(i));
        currentIndex = &built;
    }

    // Which entry of `next` each current row matches. A snapshot mostly lists connections in the
    // order of the previous one, so the row after the last match is tried before the index.
    std::vector<int> matchOf(current.size(), -1);
    std::vector<int> fresh; // entries of `next` whose id no current row has, in `next` order
    std::size_t hint = 0;
    for (std::size_t j = 0; j < next.size(); ++j) {
        const ConnectionId id = next[j].id;
        int r = -1;
        if (hint < current.size() && current[hint]->info.id == id)
            r = static_cast<int>(hint);
        else
            r = currentIndex->value(id, -1);
        if (r < 0) {
            fresh.push_back(static_cast<int>(j));
            continue;
        }
        int& match = matchOf[static_cast<std::size_t>(r)];
        if (match < 0) // else a duplicate: the first one wins
            match = static_cast<int>(j);
        hint = static_cast<std::size_t>(r) + 1;
    }

    SnapshotDiff diff;
    int removed = 0;
    constexpr std::size_t kAhead = 4;
    for (std::size_t i = 0; i < current.size(); ++i) {
        if (i + kAhead < current.size()) {
            prefetchObject(current[i + kAhead]);
            if (const int ahead = matchOf[i + kAhead]; ahead >= 0)
                prefetchObject(&next[static_cast<std::size_t>(ahead)]);
        }
        const ConnectionRow& row = *current[i];
        const int oldRow = static_cast<int>(i);
        if (const int j = matchOf[i]; j >= 0) {
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

    if (fresh.size() > 1) { // a new id listed twice: the first one wins
        QSet<ConnectionId> seen;
        seen.reserve(static_cast<qsizetype>(fresh.size()));
        for (const int j : fresh) {
            const ConnectionId id = next[static_cast<std::size_t>(j)].id;
            if (!seen.contains(id)) {
                seen.insert(id);
                diff.inserts.push_back({id, j});
            }
        }
    } else if (fresh.size() == 1) {
        diff.inserts.push_back({next[static_cast<std::size_t>(fresh.front())].id, fresh.front()});
    }
    return diff;
}

} // namespace poolscope::ui
