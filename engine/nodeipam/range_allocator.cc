#include "engine/nodeipam/range_allocator.h"

// Source: pkg/controller/nodeipam/ipam/range_allocator.go
// (NewCIDRRangeAllocator, filterOutServiceRange, occupyCIDRs,
// AllocateOrOccupyCIDR, ReleaseCIDR); the messages are the same in every
// pinned release from v1.29.15 to v1.37.2 (golden/*/nodeipam captures them).

namespace kdual::nodeipam {

Result<RangeAllocator> RangeAllocator::Create(const flags::NodeIpamConfig& config,
                                              const std::vector<NodePodCidrs>& existing) {
  RangeAllocator ra;
  for (const auto& cc : config.cluster_cidrs) {
    KDUAL_ASSIGN_OR_RETURN(CidrSet set, CidrSet::Create(cc.cidr, cc.node_mask_size));
    ra.sets_.push_back(std::move(set));
  }
  // filterOutServiceRange: a service range that overlaps a cluster CIDR is
  // occupied in it (an error is only logged).
  for (const auto& service : {config.service_cidr, config.secondary_service_cidr}) {
    if (!service) continue;
    for (auto& set : ra.sets_) {
      const net::Cidr& cluster = set.cluster();
      bool overlap = cluster.family() == service->family() &&
                     (cluster.Contains(service->network()) || service->Contains(cluster.network()));
      if (overlap) (void)set.Occupy(*service);
    }
  }
  for (const auto& node : existing) {
    if (node.pod_cidrs.empty()) continue;
    KDUAL_RETURN_IF_ERROR(ra.OccupyCidrs(node));
  }
  return ra;
}

Status RangeAllocator::OccupyCidrs(const NodePodCidrs& node) {
  for (size_t idx = 0; idx < node.pod_cidrs.size(); ++idx) {
    auto cidr = net::ParseCIDRSloppy(node.pod_cidrs[idx]);
    if (!cidr.ok()) {
      // The message names spec.podCIDR, not the entry that failed.
      return InvalidArgument("failed to parse node " + node.name + ", CIDR " + node.pod_cidr);
    }
    if (idx >= sets_.size()) {
      return InvalidArgument("node:" + node.name + " has an allocated cidr: " +
                             node.pod_cidrs[idx] + " at index:" + std::to_string(idx) +
                             " that does not exist in cluster cidrs configuration");
    }
    Status s = sets_[idx].Occupy(*cidr);
    if (!s.ok()) {
      return InvalidArgument("failed to mark cidr[" + cidr->ToString() + "] at idx [" +
                             std::to_string(idx) + "] as occupied for node: " + node.name + ": " +
                             s.message());
    }
  }
  return Status::Ok();
}

SyncResult RangeAllocator::Sync(const NodePodCidrs& node) {
  SyncResult r;
  if (!node.pod_cidrs.empty()) {
    Status s = OccupyCidrs(node);
    if (!s.ok()) r.error = s.message();
    return r;
  }
  std::vector<std::string> allocated;
  for (size_t idx = 0; idx < sets_.size(); ++idx) {
    auto cidr = sets_[idx].AllocateNext();
    if (!cidr.ok()) {
      // The CIDRs taken for lower indexes are not released.
      r.event_reason = "CIDRNotAvailable";
      r.error = "failed to allocate cidr from cluster cidr at idx:" + std::to_string(idx) + ": " +
                cidr.status().message();
      return r;
    }
    allocated.push_back(cidr->ToString());
  }
  r.assigned = allocated;
  return r;
}

Status RangeAllocator::Release(const NodePodCidrs& node) {
  for (size_t idx = 0; idx < node.pod_cidrs.size(); ++idx) {
    auto cidr = net::ParseCIDRSloppy(node.pod_cidrs[idx]);
    if (!cidr.ok()) {
      return InvalidArgument("failed to parse CIDR " + node.pod_cidrs[idx] + " on Node " +
                             node.name + ": " + cidr.status().message());
    }
    if (idx >= sets_.size()) {
      return InvalidArgument("node:" + node.name + " has an allocated cidr: " +
                             node.pod_cidrs[idx] + " at index:" + std::to_string(idx) +
                             " that does not exist in cluster cidrs configuration");
    }
    Status s = sets_[idx].Release(*cidr);
    if (!s.ok())
      return InvalidArgument("error when releasing CIDR " + node.pod_cidrs[idx] + ": " +
                             s.message());
  }
  return Status::Ok();
}

}  // namespace kdual::nodeipam
