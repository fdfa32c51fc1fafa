#include "conformance/cli/capture_existing_cluster.h"

#include <chrono>
#include <iostream>

#include "conformance/live/context_guard.h"
#include "conformance/live/kubeconfig.h"

namespace kdual::cli {

Result<ExistingCluster> OpenExistingCluster(const ExistingClusterOptions& options,
                                            const std::optional<version::Release>& wanted) {
  live::KubeconfigOptions kubeconfig = live::KubeconfigOptions::FromEnvironment();
  kubeconfig.kubeconfig = options.kubeconfig;
  kubeconfig.context = options.context;
  auto access = live::LoadKubeconfig(kubeconfig);
  if (!access.ok()) return access.status();
  KDUAL_RETURN_IF_ERROR(live::CheckContextAllowed(*access, options.allow_context));
  ExistingCluster cluster;
  if (live::IsKindContext(*access)) cluster.source = golden::Source::kKind;
  auto connected = live::LiveTarget::Connect(*access);
  if (!connected.ok()) return connected.status();
  cluster.target = std::move(connected).value();
  auto v = cluster.target->ServerVersion();
  if (!v.ok()) return v.status().WithPrefix("cannot read the server's /version");
  cluster.server_version = *v;
  auto release = version::ParseRelease(cluster.server_version);
  if (!release.ok()) {
    return Unavailable("the server's version \"" + cluster.server_version +
                       "\" is not a release (vX.Y.Z)");
  }
  if (wanted && (wanted->major != release->major || wanted->minor != release->minor)) {
    return FailedPrecondition("--version " + wanted->ToString() + " but context \"" +
                              access->context + "\" runs " + cluster.server_version);
  }
  cluster.release = *release;

  live::SweepPolicy policy;
  policy.max_age_seconds = options.sweep_after_minutes * 60;
  auto swept = cluster.target->SweepLeftovers(policy);
  if (!swept.ok()) {
    std::cerr << "kdual capture: sweeping leftovers of earlier runs: " << swept.status().message()
              << "\n";
  } else {
    for (const auto& line : *swept)
      std::cerr << "kdual capture: swept leftover namespace " << line << "\n";
  }
  if (!options.quiet) {
    const std::string& id = cluster.target->run().id;
    std::cerr << "kdual capture: context \"" << access->context << "\" (" << cluster.server_version
              << "), run " << id << ", namespaces kdual-" << id << "-*\n";
  }
  return cluster;
}

Status CloseExistingCluster(ExistingCluster& cluster, bool quiet) {
  // Services first, then the namespaces; the cluster stays.
  Status finished = cluster.target->Finish(std::chrono::seconds(60));
  if (!quiet) {
    const auto& times = cluster.target->namespace_times();
    std::cerr << "kdual capture: run namespaces: " << times.created << " created in "
              << times.create_seconds << " s, " << times.deleted << " deleted in "
              << times.delete_seconds << " s\n";
  }
  return finished;
}

}  // namespace kdual::cli
