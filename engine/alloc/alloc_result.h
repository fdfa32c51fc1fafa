// The one result shape of the Service allocators, ClusterIP
// (ip_allocator.h) and NodePort (port_allocator.h): whether the allocation
// held, why not in the allocator's own words, and what was allocated. The
// failure kinds are the errors pkg/registry/core/service/ipallocator and
// portallocator return (ErrFull, ErrAllocated, ErrNotInRange, ...), which
// the REST layer turns into different answers.
#ifndef KDUAL_ENGINE_ALLOC_ALLOC_RESULT_H_
#define KDUAL_ENGINE_ALLOC_ALLOC_RESULT_H_

#include <string>

#include "engine/net/ip_address.h"

namespace kdual::alloc {

enum class AllocError {
  kNone,
  kFull,               // "range is full"
  kAllocated,          // "provided IP is already allocated", "provided port is ..."
  kNotInRange,         // "the provided IP (ip) is not in the valid range. ...", ports alike
  kMismatchedNetwork,  // "the provided network does not match the current range"
  kNotReady,           // "allocator not ready"
};

template <typename T>
struct AllocResult {
  AllocError error = AllocError::kNone;
  std::string message;  // the allocator's error text; empty on success
  T value{};            // the address or port allocated (dynamic) or asked for

  bool ok() const { return error == AllocError::kNone; }
  bool full() const { return error == AllocError::kFull; }

  static AllocResult Ok(T v) {
    AllocResult r;
    r.value = v;
    return r;
  }
  static AllocResult Fail(AllocError e, std::string msg, T v = T{}) {
    AllocResult r;
    r.error = e;
    r.message = std::move(msg);
    r.value = v;
    return r;
  }
};

using IPAllocResult = AllocResult<net::IPAddress>;
using PortAllocResult = AllocResult<int>;

}  // namespace kdual::alloc

#endif  // KDUAL_ENGINE_ALLOC_ALLOC_RESULT_H_
