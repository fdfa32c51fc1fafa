// Registry invariants (engine/testing/registry_invariants.h) over generated
// clusters and request sequences, on every pinned profile.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "engine/testing/generators.h"
#include "engine/testing/registry_invariants.h"
#include "engine/testing/seeded_property.h"

namespace kdual::registry {
namespace {

using test::ClusterShape;
using test::Operation;
using test::RegistryRun;

void Hold(const std::string& failure) {
  if (!failure.empty()) RC_FAIL(failure);
}

RegistryRun StartRun() {
  RegistryRun r;
  r.profile = *test::GenProfile();
  r.cluster = *test::GenAcceptedCluster();
  auto c = ServiceCluster::Create(r.cluster.Flags(), r.profile);
  RC_ASSERT(c.ok());
  r.sut = std::move(*c);
  RC_TAG(r.profile.release.MinorString());
  return r;
}

KDUAL_PROP(RegistryInvariants, RequestSequencesKeepInvariants, 150, ()) {
  RegistryRun r = StartRun();
  RC_LOG() << "cluster " << test::Describe(r.cluster) << " on " << r.profile.release.ToString()
           << "\n";
  Hold(test::CheckAccounting(*r.sut, test::Take(*r.sut), true, "start"));
  int n = *rc::gen::inRange(1, 16);
  for (int i = 0; i < n; ++i) {
    Operation op = *test::GenOperation(r.cluster);
    RC_LOG() << i << ": " << test::Describe(op) << "\n";
    Hold(test::Step(r, op, i));
  }
}

// Any flags: a start either fails with the component's message or gives a
// cluster whose kubernetes Service holds the first address of the range.
void AnyFlagsStartOrSayWhy(bool allow_known_failure) {
  version::Profile profile = *test::GenProfile();
  ClusterShape shape = *test::GenAnyCluster();
  auto c = ServiceCluster::Create(shape.Flags(), profile);
  if (!c.ok()) {
    RC_ASSERT(!c.status().message().empty());
    RC_ASSERT(c.status().code() == StatusCode::kInvalidArgument);
    return;
  }
  test::Snapshot s = test::Take(**c);
  if (allow_known_failure && !s.objects.count("kubernetes")) {
    // Known: with the IPAddress allocator an IPv6 primary range shorter
    // than /64 makes the real server fail its kubernetes Service bootstrap
    // at start-up (golden/1.37/flags/ipv6-range-slash-48, in
    // KNOWN_FAILURES); the engine starts without that Service.
    const auto* a = (*c)->ip_allocator(net::Family::kIPv6);
    RC_ASSERT(a != nullptr);
    RC_ASSERT(!a->usable());
    RC_ASSERT((*c)->ip_allocator(net::Family::kIPv4) == nullptr ||
              test::SplitRanges(shape.service_cluster_ip_range)[0].find(':') != std::string::npos);
    return;
  }
  RC_ASSERT(s.objects.count("kubernetes") == 1u);
  Hold(test::CheckServiceShape(s.objects["kubernetes"], "start"));
  Hold(test::CheckAccounting(**c, s, true, "start"));
}

KDUAL_PROP(RegistryInvariants, AnyFlagsStartOrSayWhy, 150, ()) { AnyFlagsStartOrSayWhy(true); }

// Every accepted flag set starts with the kubernetes Service (an IPv6
// primary range shorter than /64 on 1.37 is refused at start, as the real
// server refuses it: golden/1.37/flags/ipv6-range-slash-48).
KDUAL_PROP(RegistryInvariants, AnyFlagsStartWithKubernetesService, 150, ()) {
  AnyFlagsStartOrSayWhy(false);
}

}  // namespace
}  // namespace kdual::registry
