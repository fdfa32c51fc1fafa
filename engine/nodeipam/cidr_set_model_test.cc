// Model-based test of node IPAM's CIDR set (cidrset/cidr_set.go) against a
// plain model: a vector of used flags, a candidate that moves past each
// allocation, and Occupy/Release as index ranges computed by plain address
// arithmetic ((start - network) / block size).
#include <optional>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include "engine/nodeipam/cidr_set.h"
#include "engine/testing/seeded_property.h"

namespace kdual::nodeipam {
namespace {

struct SetModel {
  net::Cidr cluster;
  int node_mask = 0;
  std::vector<bool> used;
  size_t next = 0;

  size_t Count() const {
    size_t n = 0;
    for (bool u : used) n += u;
    return n;
  }
  net::Uint128 Block() const { return net::Uint128{1} << (cluster.address_bits() - node_mask); }
  net::Cidr At(size_t i) const {
    return net::Cidr(net::AddOffset(cluster.network(), Block() * i), node_mask);
  }
  // The indexes a CIDR covers, or none when it does not overlap the cluster.
  std::optional<std::pair<size_t, size_t>> Range(const net::Cidr& c) const {
    bool overlap = c.family() == cluster.family() &&
                   (cluster.Contains(c.network()) || c.Contains(cluster.network()));
    if (!overlap) return std::nullopt;
    if (c.prefix_length() <= cluster.prefix_length())
      return std::make_pair(size_t{0}, used.size() - 1);
    net::Uint128 first = net::Distance(cluster.network(), c.network()) / Block();
    net::Uint128 last = net::Distance(cluster.network(), c.Last()) / Block();
    return std::make_pair(static_cast<size_t>(first), static_cast<size_t>(last));
  }
};

using SetCommand = rc::state::Command<SetModel, CidrSet>;

void CheckSame(const SetModel& m, const CidrSet& sut) { RC_ASSERT(sut.allocated() == m.Count()); }

// A CIDR near the cluster: one of its node CIDRs, a wider or narrower
// block around one, the whole cluster, or one just outside it.
net::Cidr Interesting(const SetModel& m) {
  size_t i = *rc::gen::inRange<size_t>(0, m.used.size());
  int delta = *rc::gen::inRange(-2, 3);
  int prefix = std::max(0, std::min(m.cluster.address_bits(), m.node_mask + delta));
  switch (*rc::gen::inRange(0, 4)) {
    case 0: return m.cluster;
    case 1: return net::Cidr(net::AddOffset(m.cluster.Last(), 1), m.node_mask);  // past the end
    default: return net::Cidr(m.At(i).network(), prefix);
  }
}

struct AllocateNextCidr : SetCommand {
  void apply(SetModel& m) const override {
    if (m.Count() == m.used.size()) return;
    size_t c = m.next;
    while (m.used[c]) c = (c + 1) % m.used.size();
    m.used[c] = true;
    m.next = (c + 1) % m.used.size();
  }
  void run(const SetModel& m, CidrSet& sut) const override {
    auto got = sut.AllocateNext();
    if (m.Count() == m.used.size()) {
      RC_ASSERT(!got.ok());
      RC_ASSERT(
          got.status().message() ==
          "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
    } else {
      size_t c = m.next;
      while (m.used[c]) c = (c + 1) % m.used.size();
      RC_ASSERT(got.ok());
      RC_ASSERT(*got == m.At(c));
    }
    CheckSame(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "AllocateNext"; }
};

struct OccupyOrRelease : SetCommand {
  net::Cidr cidr;
  bool occupy;
  explicit OccupyOrRelease(const SetModel& m)
      : cidr(Interesting(m)), occupy(*rc::gen::arbitrary<bool>()) {}
  void apply(SetModel& m) const override {
    auto r = m.Range(cidr);
    if (!r) return;
    for (size_t i = r->first; i <= r->second && i < m.used.size(); ++i) m.used[i] = occupy;
  }
  void run(const SetModel& m, CidrSet& sut) const override {
    Status s = occupy ? sut.Occupy(cidr) : sut.Release(cidr);
    RC_ASSERT(s.ok() == m.Range(cidr).has_value());
    if (!s.ok()) {
      RC_ASSERT(s.message() == "cidr " + cidr.ToString() + " is out the range of cluster cidr " +
                                   m.cluster.ToString());
    }
    CheckSame(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << (occupy ? "Occupy(" : "Release(") << cidr.ToString() << ")";
  }
};

KDUAL_PROP(CidrSetModel, MatchesModel, 300, ()) {
  const bool v6 = *rc::gen::arbitrary<bool>();
  const int bits = v6 ? 128 : 32;
  const int node_mask = *rc::gen::inRange(bits - 12, bits + 1);
  const int diff = *rc::gen::inRange(0, 7);  // at most 64 node CIDRs
  const int cluster_prefix = node_mask - diff;
  net::IPAddress base =
      v6 ? *net::ParseIPSloppy("fd00:10:244::") : *net::ParseIPSloppy("10.244.0.0");
  SetModel model;
  model.cluster = net::Cidr(base, cluster_prefix);
  model.node_mask = node_mask;
  model.used.assign(size_t{1} << diff, false);
  auto sut = CidrSet::Create(model.cluster, node_mask);
  RC_ASSERT(sut.ok());
  rc::state::check(model, *sut,
                   rc::state::gen::execOneOfWithArgs<AllocateNextCidr, OccupyOrRelease>());
}

}  // namespace
}  // namespace kdual::nodeipam
