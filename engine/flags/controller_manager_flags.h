// kube-controller-manager's dual-stack flags, parsed and checked as the
// component does at start-up: pflag, then the options' Validate, then the
// node IPAM controller's construction (cmd/kube-controller-manager/app/
// core.go startNodeIpamController / newNodeIpamController,
// pkg/controller/nodeipam/node_ipam_controller.go NewNodeIpamController,
// pkg/controller/nodeipam/ipam/cidrset NewCIDRSet). The answer is either the
// node IPAM configuration the controller runs with or the component's own
// error text.
#ifndef KDUAL_ENGINE_FLAGS_CONTROLLER_MANAGER_FLAGS_H_
#define KDUAL_ENGINE_FLAGS_CONTROLLER_MANAGER_FLAGS_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/net/cidr.h"
#include "engine/version/profile.h"

namespace kdual::flags {

// One `--cluster-cidr` entry as the range allocator holds it.
struct ClusterCidr {
  net::Cidr cidr;
  // net.IPMask.Size() of what ParseCIDRSloppy returned: an IPv4-mapped IPv6
  // network ("::ffff:10.0.0.0/104") keeps its 128-bit mask there while its
  // address is IPv4 (To4 != nil), so the node IPAM compares 104 with the
  // IPv4 node mask.
  int go_mask_size = 0;
  int node_mask_size = 0;  // --node-cidr-mask-size[-ipv4|-ipv6] or 24 / 64
};

struct NodeIpamConfig {
  // --allocate-node-cidrs: false means the controller is not started and
  // no other node IPAM check runs.
  bool allocate_node_cidrs = false;
  std::string allocator_type = "RangeAllocator";
  std::vector<ClusterCidr> cluster_cidrs;  // --cluster-cidr order
  // --service-cluster-ip-range entries the controller carves out of the
  // cluster CIDRs; an entry that does not parse is only logged and absent.
  std::optional<net::Cidr> service_cidr;
  std::optional<net::Cidr> secondary_service_cidr;
};

// The node IPAM configuration of a kube-controller-manager started with
// the `kube-controller-manager` flags of `flags` on `profile`, or the
// component's fatal message.
// An error node IPAM's start returns, as kube-controller-manager reports it:
// itself from 1.27, "error starting controllers: ..." before
// (Profile::kcm_start_errors_structured).
Status ControllerStartError(const std::string& message, const version::Profile& profile);

Result<NodeIpamConfig> ParseNodeIpamConfig(const FlagMap& kcm_flags,
                                           const version::Profile& profile);

// The flags kube-controller-manager runs with when a cluster is launched
// from a golden case's `cluster` (scripts/local-cluster, as kubeadm does):
// its own flags, plus kube-apiserver's --service-cluster-ip-range and
// --feature-gates where it gives none, plus --allocate-node-cidrs=true when
// a non-empty --cluster-cidr is given without it.
FlagMap LaunchedControllerManagerFlags(const ComponentFlags& flags);

}  // namespace kdual::flags

#endif  // KDUAL_ENGINE_FLAGS_CONTROLLER_MANAGER_FLAGS_H_
