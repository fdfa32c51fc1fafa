// Which cases fit a cluster kdual did not start (a kind cluster): it can
// neither restart it nor start it with other flags, so a case fits only when
// its kube-apiserver flags are the cluster's.
#ifndef KDUAL_CONFORMANCE_LIVE_EXISTING_CLUSTER_H_
#define KDUAL_CONFORMANCE_LIVE_EXISTING_CLUSTER_H_

#include <optional>
#include <string>

#include "conformance/golden/golden_case.h"
#include "engine/flags/component_flags.h"

namespace kdual::live {

// Why `c` cannot run on an existing cluster whose kube-apiserver runs with
// `declared` (the flags known of it), or nothing when it can. A case that
// refuses its start, restarts, requires a fresh cluster, sets flags of
// another component, or wants a kube-apiserver flag other than declared
// does not fit; a flag the case leaves out must be at its default.
std::optional<std::string> ExistingClusterMismatch(const golden::GoldenCase& c,
                                                   const flags::FlagMap& declared);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_EXISTING_CLUSTER_H_
