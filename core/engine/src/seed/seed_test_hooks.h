#pragma once
// Internal hooks for tests of the seed API's handle numbering: 2^32 hand-outs take hours, so a
// test starts the sequence near its wrap instead.

#include <cstddef>
#include <dmsdk/dlib/connection_pool.h>

namespace dmConnectionPool::detail {

/// The next Dial hands out `next` (or the first number after it that is neither 0 nor held).
void setNextSeedHandle(HPool pool, HConnection next);
/// Seed handles held out (dialled, not yet returned or closed).
std::size_t heldSeedHandles(HPool pool);

} // namespace dmConnectionPool::detail
