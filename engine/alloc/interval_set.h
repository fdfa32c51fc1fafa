// A set of 128-bit integers held as merged closed intervals: the allocated
// addresses of one ClusterIPAllocator. Membership, insert, erase and "the
// highest value not in the set inside [lo, hi]" each cost O(log intervals),
// whatever the range's size and however full it is; addresses handed out
// one after another merge into one interval, so memory grows with the
// number of gaps, never with the range (an IPv6 /64 costs what a /24 does).
#ifndef KDUAL_ENGINE_ALLOC_INTERVAL_SET_H_
#define KDUAL_ENGINE_ALLOC_INTERVAL_SET_H_

#include <cstddef>
#include <map>

#include "engine/net/ip_address.h"

namespace kdual::alloc {

class IntervalSet {
 public:
  using Value = net::Uint128;

  bool Contains(Value v) const;
  // False when `v` was already in the set.
  bool Insert(Value v);
  // False when `v` was not in the set.
  bool Erase(Value v);
  // The highest value of [lo, hi] not in the set; false when all are.
  bool HighestFreeIn(Value lo, Value hi, Value* out) const;

  size_t size() const { return size_; }
  size_t intervals() const { return starts_.size(); }

 private:
  // The interval holding `v`, or end().
  std::map<Value, Value>::const_iterator Find(Value v) const;

  std::map<Value, Value> starts_;  // first -> last, disjoint, never adjacent
  size_t size_ = 0;
};

}  // namespace kdual::alloc

#endif  // KDUAL_ENGINE_ALLOC_INTERVAL_SET_H_
