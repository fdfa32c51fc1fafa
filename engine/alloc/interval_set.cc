#include "engine/alloc/interval_set.h"

#include <iterator>

namespace kdual::alloc {

std::map<IntervalSet::Value, IntervalSet::Value>::const_iterator IntervalSet::Find(Value v) const {
  auto it = starts_.upper_bound(v);
  if (it == starts_.begin()) return starts_.end();
  --it;
  return it->second >= v ? it : starts_.end();
}

bool IntervalSet::Contains(Value v) const { return Find(v) != starts_.end(); }

bool IntervalSet::Insert(Value v) {
  auto next = starts_.upper_bound(v);  // the first interval starting above v
  auto prev = next == starts_.begin() ? starts_.end() : std::prev(next);
  if (prev != starts_.end() && prev->second >= v) return false;
  const bool joins_prev = prev != starts_.end() && prev->second + 1 == v;
  const bool joins_next = next != starts_.end() && v + 1 == next->first && v + 1 != 0;
  if (joins_prev && joins_next) {
    prev->second = next->second;
    starts_.erase(next);
  } else if (joins_prev) {
    prev->second = v;
  } else if (joins_next) {
    Value last = next->second;
    starts_.erase(next);
    starts_.emplace(v, last);
  } else {
    starts_.emplace(v, v);
  }
  ++size_;
  return true;
}

bool IntervalSet::Erase(Value v) {
  auto it = Find(v);
  if (it == starts_.end()) return false;
  const Value first = it->first, last = it->second;
  starts_.erase(it);
  if (first < v) starts_.emplace(first, v - 1);
  if (v < last) starts_.emplace(v + 1, last);
  --size_;
  return true;
}

bool IntervalSet::HighestFreeIn(Value lo, Value hi, Value* out) const {
  if (lo > hi) return false;
  auto it = Find(hi);
  if (it == starts_.end()) {
    *out = hi;
    return true;
  }
  // Intervals never touch, so the value just below this one is free.
  if (it->first <= lo) return false;
  *out = it->first - 1;
  return true;
}

}  // namespace kdual::alloc
