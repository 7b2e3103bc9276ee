#pragma once
// Trace records to and from JSON (docs/TRACE_FORMAT.md), shared by the writer and the reader.

#include "poolscope/trace/json.h"
#include "poolscope/trace/trace_types.h"

#include <string>

namespace poolscope::trace::detail {

void encodeHeader(std::string& out, const TraceHeader& header);
void encodeEvent(std::string& out, const TraceEvent& event);
void encodeSnapshot(std::string& out, std::int64_t offsetUs, const PoolStats& stats,
                    const std::vector<ConnectionInfo>& connections, Clock::time_point origin);
void encodeEnd(std::string& out, std::int64_t offsetUs, std::uint64_t events, std::uint64_t snapshots);

/// `problems` as an array member `key` (nothing when empty). The certificate itself is left out:
/// its SHA-256 names it, and a trace stays small.
void encodeCertificateProblems(JsonObjectWriter& w, std::string_view key,
                               const std::vector<CertificateProblem>& problems);
/// Reads what encodeCertificateProblems() wrote; `array` may be nullptr (absent: none).
[[nodiscard]] std::string decodeCertificateProblems(const JsonValue* array, std::string_view key,
                                                    std::vector<CertificateProblem>& out);

/// Microseconds from `origin` to `t`, saturated to ±2^52 (what the format promises to fit).
[[nodiscard]] std::int64_t offsetUs(Clock::time_point origin, Clock::time_point t) noexcept;

// Decoders return an empty string on success, else what is wrong (without the line number).
[[nodiscard]] std::string decodeHeader(const JsonValue& record, TraceHeader& header);
/// `known` is false for an event kind this reader does not know (the record is then skipped).
[[nodiscard]] std::string decodeEvent(const JsonValue& record, TraceEvent& event, bool& known);
[[nodiscard]] std::string decodeSnapshot(const JsonValue& record, std::int64_t originSteadyNs,
                                         PoolStats& stats, std::vector<ConnectionInfo>& connections);
/// The `t` of any record after the header: a whole number of µs, 0 … 2^52.
[[nodiscard]] std::string decodeOffset(const JsonValue& record, std::int64_t& offsetUs);

} // namespace poolscope::trace::detail
