#include "engine/version/profile.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "engine/version/behaviour_changes.h"

namespace kdual::version {
namespace {

TEST(ProfileFor, PinnedReleases) {
  auto p29 = *ProfileFor(*ParseRelease("v1.29.15"));
  EXPECT_FALSE(p29.multi_cidr_service_allocator);
  EXPECT_FALSE(p29.feature_gate_errors_unwrapped);
  EXPECT_TRUE(p29.forbid_kubelet_port_on_load_balancer);
  EXPECT_EQ(p29.decode_scheme_go_line, 100);
  auto p33 = *ProfileFor(*ParseRelease("v1.33.13"));
  EXPECT_TRUE(p33.multi_cidr_service_allocator);
  EXPECT_TRUE(p33.dual_write_legacy_bitmap);
  EXPECT_TRUE(p33.service_cidr_max_20_host_bits);
  EXPECT_EQ(p33.ip_warning_style, IPWarningStyle::kApimachineryFuture);
  EXPECT_EQ(p33.decode_scheme_go_line, 110);
  auto p37 = *ProfileFor(*ParseRelease("v1.37.2"));
  EXPECT_FALSE(p37.dual_write_legacy_bitmap);
  EXPECT_FALSE(p37.service_cidr_max_20_host_bits);
  EXPECT_TRUE(p37.field_error_values_as_json);
  EXPECT_EQ(p37.ip_warning_style, IPWarningStyle::kApimachineryInvalid);
  EXPECT_EQ(p37.decode_scheme_go_line, 111);
  EXPECT_EQ(p37.release.ToString(), "v1.37.2");
}

TEST(ProfileFor, OutsideTheTableIsNotFound) {
  auto r = ProfileFor(*ParseRelease("v1.22.17"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(
      r.status().message(),
      "no engine profile for v1.22.17; supported minors: 1.23, 1.24, 1.25, 1.26, 1.27, 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37");
}

TEST(BehaviourChanges, OrderedUniqueAndDocumented) {
  // Changes that set the same switch are applied in table order, so the
  // table must run from the oldest release to the newest.
  std::set<std::string> ids;
  int last = 0;
  for (const auto& c : BehaviourChanges()) {
    EXPECT_TRUE(ids.insert(c.id).second) << c.id;
    EXPECT_GE(c.since_minor, last) << c.id;
    last = c.since_minor;
    EXPECT_NE(std::string(c.statement), "") << c.id;
    EXPECT_NE(std::string(c.upstream), "") << c.id;
    for (const auto& b : c.backports) EXPECT_LT(b.minor, c.since_minor) << c.id;
  }
}

TEST(BehaviourChanges, EachChangesTheReleaseBefore) {
  // A change that leaves the profile of the minor before it as it was is a
  // row of the table that no code reads (or a row in the wrong release).
  for (const auto& c : BehaviourChanges()) {
    Release before{1, c.since_minor - 1, 0};
    auto p = ProfileFor(before);
    ASSERT_TRUE(p.ok()) << c.id;
    const Profile unchanged = *p;
    Profile changed = unchanged;
    c.apply(changed);
    EXPECT_NE(ProfileSwitches(changed), ProfileSwitches(unchanged)) << c.id;
  }
}

TEST(ProfileSwitches, NamesEveryField) {
  // A switch added to Profile but not to ProfileSwitches would be invisible
  // to the table test above: the struct's size must match the list's
  // (bools, three ints and the enum; padding makes this an upper bound).
  const auto switches = ProfileSwitches(Profile{});
  size_t bools = 0;
  for (const auto& s : switches) bools += (s.second == "true" || s.second == "false") ? 1 : 0;
  // api_fields_minor, decode_scheme_go_line, ip_warning_style
  EXPECT_EQ(switches.size() - bools, 3u);
  EXPECT_LE(sizeof(Profile), sizeof(Release) + bools + 3 * sizeof(int) + 16);
  EXPECT_GE(sizeof(Profile), sizeof(Release) + bools + 3 * sizeof(int));
}

TEST(BehaviourChanges, Backports) {
  BehaviourChange c{"x", ChangeKind::kErrorText, 34, {{33, 5}}, "s", "u", [](Profile&) {}};
  EXPECT_FALSE(c.HoldsIn(*ParseRelease("v1.33.4")));
  EXPECT_TRUE(c.HoldsIn(*ParseRelease("v1.33.5")));
  EXPECT_FALSE(c.HoldsIn(*ParseRelease("v1.32.9")));
  EXPECT_TRUE(c.HoldsIn(*ParseRelease("v1.34.0")));
}

}  // namespace
}  // namespace kdual::version
