#include "engine/nodeipam/cidr_set.h"

#include <algorithm>

// Source: pkg/controller/nodeipam/ipam/cidrset/cidr_set.go (the same in
// v1.29.15, v1.33.13 and v1.37.2). Index arithmetic is done on 128-bit
// integers: for IPv6, Go's two 64-bit halves with the carry into the left
// half give the same numbers.

namespace kdual::nodeipam {
namespace {

constexpr int kClusterSubnetMaxDiff = 16;

int Bits(const net::Cidr& c) { return c.address_bits(); }

// x >> n and x << n as Go computes them on unsigned integers of `bits`
// width: a shift of the whole width or more gives 0.
net::Uint128 Shr(net::Uint128 x, int n, int bits) { return n < 0 || n >= bits ? 0 : x >> n; }
net::Uint128 Shl(net::Uint128 x, int n, int bits) {
  if (n < 0 || n >= bits) return 0;
  net::Uint128 v = x << n;
  return bits == 128 ? v : v & ((net::Uint128{1} << bits) - 1);
}
net::Uint128 MaskOf(int len, int bits) {
  if (len <= 0) return 0;
  net::Uint128 all = bits == 128 ? ~net::Uint128{0} : (net::Uint128{1} << bits) - 1;
  if (len >= bits) return all;
  return all & ~((net::Uint128{1} << (bits - len)) - 1);
}
net::IPAddress Make(net::Uint128 v, net::Family f) {
  return f == net::Family::kIPv4 ? net::IPAddress::V4(static_cast<uint32_t>(v))
                                 : net::IPAddress::V6(v);
}

}  // namespace

Result<CidrSet> CidrSet::Create(const net::Cidr& cluster, int node_mask_size) {
  int cluster_mask = cluster.prefix_length();
  if (cluster.family() == net::Family::kIPv6 &&
      node_mask_size - cluster_mask > kClusterSubnetMaxDiff) {
    return InvalidArgument("New CIDR set failed; the node CIDR size is too big");
  }
  int diff = std::max(0, node_mask_size - cluster_mask);
  uint64_t max = diff >= 63 ? (uint64_t{1} << 62) : (uint64_t{1} << diff);  // getMaxCIDRs
  return CidrSet(cluster, node_mask_size, max);
}

net::Cidr CidrSet::IndexToCidr(uint64_t index) const {
  const int bits = Bits(cluster_);
  net::Uint128 idx = cluster_.family() == net::Family::kIPv4 ? static_cast<uint32_t>(index) : index;
  net::Uint128 ip = cluster_.network().ToUint128() | Shl(idx, bits - node_mask_size_, bits);
  // A node mask longer than the address (accepted at start-up) is cut to it.
  return net::Cidr(Make(ip, cluster_.family()), std::min(node_mask_size_, bits));
}

Result<uint64_t> CidrSet::IndexForIP(const net::IPAddress& ip) const {
  const int bits = Bits(cluster_);
  net::Uint128 index =
      Shr(cluster_.network().ToUint128() ^ ip.ToUint128(), bits - node_mask_size_, bits);
  if (index >= max_cidrs_) {
    return InvalidArgument("CIDR: " + ip.ToString() + "/" + std::to_string(node_mask_size_) +
                           " is out of the range of CIDR allocator");
  }
  return static_cast<uint64_t>(index);
}

Result<std::pair<uint64_t, uint64_t>> CidrSet::Indices(const net::Cidr& cidr) const {
  const int bits = Bits(cluster_);
  // The two networks overlap (the cluster contains the CIDR's start masked
  // to the cluster, or the CIDR contains the cluster's masked to it).
  bool overlap = cidr.family() == cluster_.family() &&
                 (cluster_.Contains(cidr.network()) || cidr.Contains(cluster_.network()));
  if (!overlap) {
    return InvalidArgument("cidr " + cidr.ToString() + " is out the range of cluster cidr " +
                           cluster_.ToString());
  }
  uint64_t begin = 0, end = max_cidrs_ - 1;
  if (cluster_.prefix_length() < cidr.prefix_length()) {
    net::Uint128 node_mask = MaskOf(node_mask_size_, bits);
    net::Uint128 start = cidr.network().ToUint128();
    net::Uint128 last = start | (~MaskOf(cidr.prefix_length(), bits) & MaskOf(bits, bits));
    KDUAL_ASSIGN_OR_RETURN(begin, IndexForIP(Make(start & node_mask, cluster_.family())));
    KDUAL_ASSIGN_OR_RETURN(end, IndexForIP(Make(last & node_mask, cluster_.family())));
  }
  return std::make_pair(begin, end);
}

Result<net::Cidr> CidrSet::AllocateNext() {
  if (allocated_ == max_cidrs_) {
    return FailedPrecondition(
        "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
  }
  uint64_t candidate = next_candidate_;
  for (uint64_t i = 0; i < max_cidrs_; ++i) {
    if (!used_.count(candidate)) break;
    candidate = (candidate + 1) % max_cidrs_;
  }
  next_candidate_ = (candidate + 1) % max_cidrs_;
  used_.insert(candidate);
  ++allocated_;
  return IndexToCidr(candidate);
}

Status CidrSet::Occupy(const net::Cidr& cidr) {
  KDUAL_ASSIGN_OR_RETURN(auto range, Indices(cidr));
  for (uint64_t i = range.first; i <= range.second; ++i) {
    if (used_.insert(i).second) ++allocated_;
    if (i == UINT64_MAX) break;
  }
  return Status::Ok();
}

Status CidrSet::Release(const net::Cidr& cidr) {
  KDUAL_ASSIGN_OR_RETURN(auto range, Indices(cidr));
  auto it = used_.lower_bound(range.first);
  while (it != used_.end() && *it <= range.second) {
    it = used_.erase(it);
    --allocated_;
  }
  return Status::Ok();
}

}  // namespace kdual::nodeipam
