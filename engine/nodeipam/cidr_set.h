// One cluster CIDR cut into node CIDRs, as kube-controller-manager's node
// IPAM keeps it (pkg/controller/nodeipam/ipam/cidrset/cidr_set.go): a
// bitmap of used node CIDRs, handed out round-robin from a candidate that
// moves past each allocation (a released CIDR is reused only when the scan
// wraps around to it), and Occupy/Release of any CIDR that overlaps the
// cluster's, with the same error texts.
#ifndef KDUAL_ENGINE_NODEIPAM_CIDR_SET_H_
#define KDUAL_ENGINE_NODEIPAM_CIDR_SET_H_

#include <cstdint>
#include <set>
#include <string>

#include "engine/base/status.h"
#include "engine/net/cidr.h"

namespace kdual::nodeipam {

class CidrSet {
 public:
  // cidrset.NewCIDRSet: an IPv6 cluster may hold at most 2^16 node CIDRs
  // ("New CIDR set failed; the node CIDR size is too big"); IPv4 has no
  // limit. `node_mask_size` is at least the cluster's prefix length (the
  // caller checks, as NewNodeIpamController does).
  static Result<CidrSet> Create(const net::Cidr& cluster, int node_mask_size);

  // The next free node CIDR from the candidate on, or "CIDR allocation
  // failed; there are no remaining CIDRs left to allocate in the accepted
  // range".
  Result<net::Cidr> AllocateNext();
  // Marks every node CIDR `cidr` covers as used (or free). Fails only when
  // `cidr` lies outside the cluster CIDR.
  Status Occupy(const net::Cidr& cidr);
  Status Release(const net::Cidr& cidr);

  const net::Cidr& cluster() const { return cluster_; }
  int node_mask_size() const { return node_mask_size_; }
  uint64_t max_cidrs() const { return max_cidrs_; }
  uint64_t allocated() const { return allocated_; }

 private:
  CidrSet(const net::Cidr& cluster, int node_mask_size, uint64_t max_cidrs)
      : cluster_(cluster), node_mask_size_(node_mask_size), max_cidrs_(max_cidrs) {}
  Result<std::pair<uint64_t, uint64_t>> Indices(const net::Cidr& cidr) const;
  Result<uint64_t> IndexForIP(const net::IPAddress& ip) const;
  net::Cidr IndexToCidr(uint64_t index) const;

  net::Cidr cluster_;
  int node_mask_size_;
  uint64_t max_cidrs_;
  uint64_t allocated_ = 0;
  uint64_t next_candidate_ = 0;
  std::set<uint64_t> used_;  // sparse: an IPv4 /8 of /32s is 2^24 entries at most when full
};

}  // namespace kdual::nodeipam

#endif  // KDUAL_ENGINE_NODEIPAM_CIDR_SET_H_
