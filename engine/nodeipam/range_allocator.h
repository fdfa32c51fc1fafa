// kube-controller-manager's range allocator (pkg/controller/nodeipam/ipam/
// range_allocator.go): one CidrSet per cluster CIDR, the service ranges
// carved out, existing Nodes' pod CIDRs occupied at start (a failure stops
// the controller manager), then for each Node without pod CIDRs one node
// CIDR per cluster CIDR, in --cluster-cidr order; a Node that brings its
// own pod CIDRs has them occupied, matched by index, not by family.
//
// The real controller works from a queue and retries a failed Node with
// backoff (1.30+); every retry allocates again from the first cluster CIDR,
// so when only a later family is exhausted the earlier one leaks a CIDR per
// retry, as many as time allows. The engine makes one attempt (the leak of
// one), which is what 1.29 (no retry without a Node update) does.
#ifndef KDUAL_ENGINE_NODEIPAM_RANGE_ALLOCATOR_H_
#define KDUAL_ENGINE_NODEIPAM_RANGE_ALLOCATOR_H_

#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/flags/controller_manager_flags.h"
#include "engine/nodeipam/cidr_set.h"

namespace kdual::nodeipam {

// What the allocator sees of a Node.
struct NodePodCidrs {
  std::string name;
  std::string pod_cidr;                // spec.podCIDR
  std::vector<std::string> pod_cidrs;  // spec.podCIDRs
};

// The controller's answer to one Node.
struct SyncResult {
  std::vector<std::string> assigned;  // the pod CIDRs it patches in (empty: none)
  std::string event_reason;           // "CIDRNotAvailable" when allocation failed
  std::string error;                  // what it logs (and, on a server, retries)
};

class RangeAllocator {
 public:
  // NewCIDRRangeAllocator with the nodes that exist when it starts.
  static Result<RangeAllocator> Create(const flags::NodeIpamConfig& config,
                                       const std::vector<NodePodCidrs>& existing);

  // AllocateOrOccupyCIDR for a Node created or updated.
  SyncResult Sync(const NodePodCidrs& node);
  // ReleaseCIDR for a deleted Node.
  Status Release(const NodePodCidrs& node);

 private:
  Status OccupyCidrs(const NodePodCidrs& node);
  std::vector<CidrSet> sets_;
};

}  // namespace kdual::nodeipam

#endif  // KDUAL_ENGINE_NODEIPAM_RANGE_ALLOCATOR_H_
