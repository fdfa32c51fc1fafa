// Component flags for the live module's tests: kube-apiserver's, and
// kube-controller-manager's when given.
#ifndef KDUAL_CONFORMANCE_LIVE_TEST_FLAGS_H_
#define KDUAL_CONFORMANCE_LIVE_TEST_FLAGS_H_

#include <utility>

#include "engine/flags/component_flags.h"

namespace kdual::live {

inline flags::ComponentFlags Flags(flags::FlagMap apiserver, flags::FlagMap kcm = {}) {
  flags::ComponentFlags f;
  f.components[flags::kApiserver] = std::move(apiserver);
  if (!kcm.empty()) f.components[flags::kControllerManager] = std::move(kcm);
  return f;
}

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_TEST_FLAGS_H_
