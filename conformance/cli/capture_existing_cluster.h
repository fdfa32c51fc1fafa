// `kdual capture --kubeconfig`: opening an existing cluster for a capture
// (context check, /version, sweep of earlier runs' leftovers) and closing
// it (deleting what the run created).
#ifndef KDUAL_CONFORMANCE_CLI_CAPTURE_EXISTING_CLUSTER_H_
#define KDUAL_CONFORMANCE_CLI_CAPTURE_EXISTING_CLUSTER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "conformance/golden/golden_case.h"
#include "conformance/live/live_target.h"
#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/version/release.h"

namespace kdual::cli {

struct ExistingClusterOptions {
  std::string kubeconfig;
  std::string context;
  std::string allow_context;
  flags::FlagMap declared;  // the cluster's kube-apiserver flags, as given
  int64_t sweep_after_minutes = 60;
  bool quiet = false;
};

struct ExistingCluster {
  std::unique_ptr<live::LiveTarget> target;
  golden::Source source = golden::Source::kApiserver;  // kKind for kind
  std::string server_version;                          // "v1.33.1"
  version::Release release;
};

// Loads the kubeconfig, refuses a context that is neither kind nor
// local-cluster (unless allowed), reads /version (which must be of
// `wanted`'s minor when given) and sweeps leftovers of earlier runs,
// printing what it swept.
Result<ExistingCluster> OpenExistingCluster(const ExistingClusterOptions& options,
                                            const std::optional<version::Release>& wanted);

// Deletes the run's Services and then its namespaces, and reports the time
// the namespaces took unless quiet.
Status CloseExistingCluster(ExistingCluster& cluster, bool quiet);

}  // namespace kdual::cli

#endif  // KDUAL_CONFORMANCE_CLI_CAPTURE_EXISTING_CLUSTER_H_
