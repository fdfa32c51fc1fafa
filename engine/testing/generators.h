// RapidCheck generators for kdual's domain types: addresses (with the awkward
// spellings), CIDRs, cluster flags, Services and request sequences, plus the
// version profiles. Each draws its shape from shapes.h through a chooser
// backed by rc::gen, so the values shrink toward the plainest case. Usable
// from properties, model-based tests and case generators alike: nothing
// here depends on a test framework.
#ifndef KDUAL_ENGINE_TESTING_GENERATORS_H_
#define KDUAL_ENGINE_TESTING_GENERATORS_H_

#include <ostream>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "engine/shapes/shapes.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::test {

// The test helpers draw the shapes of engine/shapes (the same the
// production case generator draws).
using namespace ::kdual::shapes;  // NOLINT(google-build-using-namespace)

// A chooser over rc::gen: must be used inside a generator (rc::gen::exec) or
// a property body, where `*gen` is allowed.
class RcChooser {
 public:
  // Every option is drawn with its own weight whatever the test size (plain
  // inRange would favour 0 in early, small cases); shrinking still goes
  // toward 0, the plainest option.
  uint64_t Below(uint64_t n) {
    return n <= 1 ? 0 : *rc::gen::resize(rc::kNominalSize, rc::gen::inRange<uint64_t>(0, n));
  }
  std::string Text(size_t max_len) {
    size_t len = static_cast<size_t>(*rc::gen::inRange<uint64_t>(0, max_len + 1));
    return *rc::gen::container<std::string>(len, rc::gen::arbitrary<char>());
  }
};

// Lifts a shape drawer into a generator.
template <typename F>
auto FromShape(F draw) {
  return rc::gen::exec([draw]() {
    RcChooser c;
    return draw(c);
  });
}

inline rc::Gen<std::string> GenAddressText() {
  return FromShape([](RcChooser& c) { return DrawAddressText(c); });
}
inline rc::Gen<std::string> GenCidrText() {
  return FromShape([](RcChooser& c) { return DrawCidrText(c); });
}
inline rc::Gen<ClusterShape> GenAcceptedCluster() {
  return FromShape([](RcChooser& c) { return DrawAcceptedCluster(c); });
}
inline rc::Gen<ClusterShape> GenAnyCluster() {
  return FromShape([](RcChooser& c) { return DrawAnyCluster(c); });
}
inline rc::Gen<nlohmann::json> GenService(const ClusterShape& cluster, const std::string& name) {
  return FromShape([cluster, name](RcChooser& c) { return DrawService(c, cluster, name); });
}
inline rc::Gen<Operation> GenOperation(const ClusterShape& cluster, bool allow_restart = true) {
  return FromShape(
      [cluster, allow_restart](RcChooser& c) { return DrawOperation(c, cluster, allow_restart); });
}

// The profile of one of the pinned releases.
inline rc::Gen<version::Profile> GenProfile() {
  std::vector<version::Profile> profiles;
  for (const auto& release : version::PinnedReleases()) {
    auto p = version::ProfileFor(release);
    if (p.ok()) profiles.push_back(*p);
  }
  return rc::gen::elementOf(profiles);
}

inline void showValue(const ClusterShape& s, std::ostream& os) { os << Describe(s); }
inline void showValue(const Operation& op, std::ostream& os) { os << Describe(op); }

}  // namespace kdual::test

// RapidCheck finds printers by argument-dependent lookup.
namespace kdual::net {
inline void showValue(const IPAddress& ip, std::ostream& os) { os << ip.ToString(); }
inline void showValue(const Cidr& cidr, std::ostream& os) { os << cidr.ToString(); }
}  // namespace kdual::net
namespace kdual::version {
inline void showValue(const Profile& p, std::ostream& os) { os << p.release.ToString(); }
}  // namespace kdual::version

// JSON values print as JSON (nlohmann's namespace, for the same lookup).
namespace nlohmann {
inline void showValue(const json& value, std::ostream& os) {
  os << value.dump(-1, ' ', false, json::error_handler_t::replace);
}
}  // namespace nlohmann

namespace rc {

template <>
struct Arbitrary<kdual::net::IPAddress> {
  static Gen<kdual::net::IPAddress> arbitrary() {
    return kdual::test::FromShape([](kdual::test::RcChooser& c) { return kdual::test::DrawIP(c); });
  }
};

template <>
struct Arbitrary<kdual::net::Cidr> {
  static Gen<kdual::net::Cidr> arbitrary() {
    return kdual::test::FromShape([](kdual::test::RcChooser& c) {
      auto ip = kdual::test::DrawIP(c);
      int bits = ip.is_v4() ? 32 : 128;
      return kdual::net::Cidr(ip, static_cast<int>(c.Below(static_cast<uint64_t>(bits) + 1)));
    });
  }
};

template <>
struct Arbitrary<kdual::test::ClusterShape> {
  static Gen<kdual::test::ClusterShape> arbitrary() { return kdual::test::GenAnyCluster(); }
};

template <>
struct Arbitrary<kdual::version::Profile> {
  static Gen<kdual::version::Profile> arbitrary() { return kdual::test::GenProfile(); }
};

}  // namespace rc

#endif  // KDUAL_ENGINE_TESTING_GENERATORS_H_
