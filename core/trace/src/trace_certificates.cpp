#include "field_reader.h"
#include "trace_records.h"

namespace poolscope::trace::detail {

namespace {
// A chain has a handful of certificates; a file claiming more is bad input, not a reason to
// allocate without bound.
constexpr std::size_t kMaxProblems = 64;
constexpr int kMaxDepth = 100;
} // namespace

void encodeCertificateProblems(JsonObjectWriter& w, std::string_view key,
                               const std::vector<CertificateProblem>& problems)
{
    if (problems.empty())
        return;
    w.beginArray(key);
    for (const CertificateProblem& p : problems) {
        w.beginElement()
            .field("code", std::int64_t{p.code})
            .field("depth", p.depth)
            .field("sha256", p.sha256)
            .field("description", p.description)
            .end();
    }
    w.endArray();
}

std::string decodeCertificateProblems(const JsonValue* array, std::string_view key,
                                      std::vector<CertificateProblem>& out)
{
    out.clear();
    if (array == nullptr || array->isNull())
        return {};
    const std::string what = "field \"" + std::string(key) + "\"";
    if (!array->isArray())
        return what + " must be an array";
    if (array->items().size() > kMaxProblems)
        return what + " has more than " + std::to_string(kMaxProblems) + " entries";
    for (const JsonValue& item : array->items()) {
        CertificateProblem p;
        FieldReader r(item, std::string(key) + " entry");
        r.integer("code", p.code, true);
        r.integer("depth", p.depth);
        r.string("sha256", p.sha256);
        r.string("description", p.description);
        if (r.ok() && (p.depth < 0 || p.depth > kMaxDepth))
            r.fail("depth", "must be from 0 to " + std::to_string(kMaxDepth));
        if (!r.ok())
            return r.error();
        out.push_back(std::move(p));
    }
    return {};
}

} // namespace poolscope::trace::detail
