// A live API server as a runner::Target: requests go over HTTPS as REST
// calls on Services. Either a cluster given by a kubeconfig (used as it is),
// or local reference control planes that scripts/local-cluster starts,
// restarts and stops with exactly a case's component flags.
//
// On either, every request runs in a namespace the target created for the
// run (run_namespaces.h) and every answer is mapped back, so the cases see
// their own namespaces. Writes anywhere else are refused before they are
// sent. No message of the target carries a token, key or certificate.
#ifndef KDUAL_CONFORMANCE_LIVE_LIVE_TARGET_H_
#define KDUAL_CONFORMANCE_LIVE_LIVE_TARGET_H_

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "conformance/live/http_client.h"
#include "conformance/live/kubeconfig.h"
#include "conformance/live/local_control_plane.h"
#include "conformance/live/rest_mapping.h"
#include "conformance/live/run_namespaces.h"
#include "conformance/live/sweep.h"
#include "conformance/runner/target.h"

namespace kdual::live {

class LiveTarget : public runner::Target {
 public:
  // A cluster that is already running. Start only cleans up; Restart is
  // refused.
  static Result<std::unique_ptr<LiveTarget>> Connect(const ClusterAccess& access);
  // Local control planes, started on demand.
  explicit LiveTarget(LocalClusterSpec local);
  // Stops a local control plane it started.
  ~LiveTarget() override;

  std::string Describe() const override;
  // Local: reuses the running control plane when `flags` are the ones it
  // runs with (after deleting what the last case created), else starts a
  // new one. A refused flag set gives the component's fatal message.
  Status Start(const flags::ComponentFlags& flags) override;
  Status Restart(const flags::ComponentFlags& flags) override;
  registry::Answer Send(const registry::Request& request) override;

  // The next Start gets a control plane of its own (requires: fresh-cluster).
  void RequireFreshStart() { fresh_required_ = true; }
  // Whether this target starts its own control planes (a cluster given by
  // kubeconfig is used as it is, and RequireFreshStart does nothing).
  bool StartsControlPlanes() const { return local_.has_value(); }
  // Deletes the Services created through this target that still exist.
  Status Cleanup();
  // Stops and removes the local control plane, if any.
  Status Down();
  // The server's /version gitVersion ("v1.37.2").
  Result<std::string> ServerVersion();

  // The run this target works for (a random id unless set before the
  // first request).
  const RunIdentity& run() const { return mapper_.run(); }
  void SetRun(RunIdentity run) { mapper_ = NamespaceMapper(std::move(run)); }

  // Deletes what earlier runs left behind (sweep.h): the Services in each
  // leftover namespace, then the namespace. Returns one line per namespace
  // deleted. Namespaces already terminating are left to the server.
  Result<std::vector<std::string>> SweepLeftovers(const SweepPolicy& policy);

  // Local control planes: stops those that earlier runs of kdual capture
  // left running when they were killed (named <prefix><pid>, the default
  // name, whose pid no longer runs kdual). Returns the names stopped.
  Result<std::vector<std::string>> SweepLocalLeftovers(const std::string& prefix,
                                                       const SweepPolicy& policy);

  // The end of a run on a cluster that stays: deletes the Services this
  // target created, then its namespaces, and waits up to `wait` for them to
  // be gone (namespace deletion finishes asynchronously).
  Status Finish(std::chrono::milliseconds wait);

  // The Service (any namespace, "namespace/name") whose spec holds `value`:
  // a cluster IP, or (is_port) a node port or health-check node port; ""
  // when none does. Lists every Service, page by page.
  Result<std::string> ServiceHolding(const std::string& value, bool is_port);

  // Time spent creating and deleting run namespaces, for reports.
  struct NamespaceTimes {
    int created = 0;
    double create_seconds = 0;
    int deleted = 0;
    double delete_seconds = 0;  // until the server no longer had them
  };
  const NamespaceTimes& namespace_times() const { return namespace_times_; }

 private:
  LiveTarget();
  Status Up(const flags::ComponentFlags& flags);
  // kube-proxy runs offline (local-cluster kube-proxy-config) once the
  // control plane is up: its refusal is the start's answer.
  Status CheckKubeProxy(const flags::ComponentFlags& flags);
  // Node requests: only on a control plane kdual started (they write
  // cluster-scoped objects); op wait polls until its condition holds.
  registry::Answer SendNode(const registry::Request& request);
  // ServiceCIDRs (cluster-scoped, like Nodes): only on a control plane
  // kdual starts; each one a case creates is deleted after it.
  registry::Answer SendServiceCIDR(const registry::Request& request);
  // IPAddresses likewise; each one a case creates is deleted after it.
  registry::Answer SendIPAddress(const registry::Request& request);
  registry::Answer WaitForServiceCIDR(const registry::Request& request);
  registry::Answer WaitForNode(const registry::Request& request);
  Status Connect(const std::string& kubeconfig_path);
  void UseAccess(const ClusterAccess& access);
  Result<HttpResponse> Call(const RestCall& call, const std::string& body);
  registry::Answer SendToServer(const registry::Request& request);
  Status EnsureNamespace(const std::string& run_namespace);
  std::string Redact(const std::string& text) const;

  std::optional<LocalClusterSpec> local_;
  std::unique_ptr<HttpClient> client_;
  std::string server_;
  bool exists_ = false;   // a local control plane (at least etcd) is up
  bool running_ = false;  // its API server answers
  bool fresh_required_ = false;
  std::optional<flags::ComponentFlags> flags_;
  std::set<std::pair<std::string, std::string>> created_;  // case namespace, name
  std::set<std::string> created_service_cidrs_;            // ServiceCIDRs a case created
  std::set<std::string> created_ip_addresses_;             // IPAddresses a case created
  std::set<std::string> created_nodes_;                    // Nodes a case created, deleted after it
  NamespaceMapper mapper_;
  // Run namespaces that exist on the current control plane.
  std::set<std::string> namespaces_;
  // Leftovers being swept: writes there are allowed too.
  std::set<std::string> sweeping_;
  std::vector<std::string> secrets_;
  NamespaceTimes namespace_times_;
};

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_LIVE_TARGET_H_
