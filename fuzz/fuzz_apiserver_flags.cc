// The kube-apiserver's Service flags: the input is up to four lines, the
// values of --service-cluster-ip-range, --service-node-port-range,
// --kubernetes-service-node-port and --advertise-address (a missing line is a
// flag not given). On every pinned profile a flag set is refused with a
// message or gives a well-formed Service network; port ranges print and read
// back.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/flags/apiserver_flags.h"
#include "engine/version/profile.h"
#include "fuzz/fuzz_check.h"

namespace {

const std::vector<kdual::version::Profile>& Profiles() {
  static const auto* profiles = [] {
    auto* out = new std::vector<kdual::version::Profile>;
    for (const auto& r : kdual::version::PinnedReleases()) {
      auto p = kdual::version::ProfileFor(r);
      if (p.ok()) out->push_back(*p);
    }
    return out;
  }();
  return *profiles;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  static const char* kFlags[] = {"service-cluster-ip-range", "service-node-port-range",
                                 "kubernetes-service-node-port", "advertise-address"};
  kdual::flags::ComponentFlags flags;
  size_t start = 0;
  for (const char* flag : kFlags) {
    if (start > text.size()) break;
    size_t nl = text.find('\n', start);
    std::string value =
        text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (value != "-") flags.components[kdual::flags::kApiserver][flag] = value;  // "-": not given
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  for (const auto& profile : Profiles()) {
    auto network = kdual::flags::ParseServiceNetwork(flags, profile);
    if (!network.ok()) {
      KDUAL_FUZZ_CHECK(!network.status().message().empty(), "refused without a message");
      continue;
    }
    const auto& cidrs = network->service_cidrs;
    KDUAL_FUZZ_CHECK(cidrs.size() == 1 || cidrs.size() == 2, "one or two ranges");
    if (cidrs.size() == 2)
      KDUAL_FUZZ_CHECK(cidrs[0].family() != cidrs[1].family(), "two ranges of one family");
    for (const auto& c : cidrs) {
      if (profile.service_cidr_max_20_host_bits)
        KDUAL_FUZZ_CHECK(c.host_bits() <= 20, "range too large accepted");
    }
    KDUAL_FUZZ_CHECK(network->kubernetes_service_ip == kdual::net::AddOffset(cidrs[0].network(), 1),
                     "kubernetes Service address is not the first of the range");
    KDUAL_FUZZ_CHECK(network->node_ports.size >= 0, "negative node-port range");
  }
  if (auto v = flags.Get(kdual::flags::kApiserver, "service-node-port-range")) {
    auto range = kdual::flags::ParsePortRange(*v);
    if (range.ok() && range->size > 0) {
      auto again = kdual::flags::ParsePortRange(range->ToString());
      KDUAL_FUZZ_CHECK(again.ok() && again->base == range->base && again->size == range->size,
                       "port range does not read back: " + range->ToString());
    }
  }
  return 0;
}
