// kube-apiserver Service flags over generated flag sets: a refused set says
// why in one message; an accepted one has one or two ranges of different
// families, each accepted by every size rule, and the kubernetes Service's
// address is the first of the primary range. Port ranges print and read back.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "engine/flags/apiserver_flags.h"
#include "engine/testing/generators.h"
#include "engine/testing/seeded_property.h"

namespace kdual::flags {
namespace {

KDUAL_PROP(ApiserverFlags, AcceptedNetworksAreWellFormed, 500, ()) {
  version::Profile profile = *test::GenProfile();
  test::ClusterShape shape = *test::GenAnyCluster();
  auto network = ParseServiceNetwork(shape.Flags(), profile);
  if (!network.ok()) {
    RC_ASSERT(!network.status().message().empty());
    return;
  }
  RC_ASSERT(!network->service_cidrs.empty());
  RC_ASSERT(network->service_cidrs.size() <= 2u);
  if (network->service_cidrs.size() == 2) {
    RC_ASSERT(network->service_cidrs[0].family() != network->service_cidrs[1].family());
  }
  for (const auto& cidr : network->service_cidrs) {
    if (profile.service_cidr_max_20_host_bits) RC_ASSERT(cidr.host_bits() <= 20);
  }
  RC_ASSERT(network->kubernetes_service_ip ==
            net::AddOffset(network->service_cidrs[0].network(), 1));
  RC_ASSERT(network->node_ports.size >= 0);
}

// Every flag set the accepted-cluster generator draws really is accepted by
// every pinned release (the registry properties rely on it).
KDUAL_PROP(ApiserverFlags, AcceptedGeneratorIsAccepted, 300, ()) {
  version::Profile profile = *test::GenProfile();
  test::ClusterShape shape = *test::GenAcceptedCluster();
  auto network = ParseServiceNetwork(shape.Flags(), profile);
  RC_ASSERT(network.ok());
}

KDUAL_PROP(ApiserverFlags, PortRangePrintsAndReadsBack, 500, ()) {
  std::string text = *rc::gen::oneOf(
      rc::gen::element<std::string>("30000-32767", "30000+2767", "1", "", " 80-90 ", "-5-5",
                                    "65535", "0-0"),
      rc::gen::map(rc::gen::pair(rc::gen::inRange(-10, 70000), rc::gen::inRange(-10, 70000)),
                   [](std::pair<int, int> p) {
                     return std::to_string(p.first) + "-" + std::to_string(p.second);
                   }),
      rc::gen::string<std::string>());
  auto range = ParsePortRange(text);
  if (!range.ok()) {
    RC_ASSERT(!range.status().message().empty());
    return;
  }
  RC_ASSERT(range->size >= 0);
  if (range->size == 0) return;
  auto again = ParsePortRange(range->ToString());
  RC_ASSERT(again.ok());
  RC_ASSERT(again->base == range->base);
  RC_ASSERT(again->size == range->size);
}

}  // namespace
}  // namespace kdual::flags
