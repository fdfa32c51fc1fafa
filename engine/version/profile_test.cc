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
  EXPECT_EQ(r.status().message(),
            "no engine profile for v1.22.17; supported minors: 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, 1.35, 1.36, 1.37");
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

TEST(BehaviourChanges, EachChangesItsProfile) {
  // A change that leaves the oldest profile as it was is a row of the
  // table that no code reads.
  const Profile oldest = *ProfileFor(*ParseRelease("v1.29.0"));
  for (const auto& c : BehaviourChanges()) {
    Profile p = oldest;
    c.apply(p);
    bool differs = p.multi_cidr_service_allocator != oldest.multi_cidr_service_allocator ||
                   p.dual_write_legacy_bitmap != oldest.dual_write_legacy_bitmap ||
                   p.service_cidr_max_20_host_bits != oldest.service_cidr_max_20_host_bits ||
                   p.ipv6_service_cidr_min_prefix_64 != oldest.ipv6_service_cidr_min_prefix_64 ||
                   p.range_full_message_names_service != oldest.range_full_message_names_service ||
                   p.load_balancer_without_node_ports_needs_none != oldest.load_balancer_without_node_ports_needs_none ||
                   p.alloc_prevalidation_sees_old != oldest.alloc_prevalidation_sees_old ||
                   p.strict_ip_cidr_validation != oldest.strict_ip_cidr_validation ||
                   p.ip_validation_ratchets_old_values != oldest.ip_validation_ratchets_old_values ||
                   p.source_ranges_validated_per_item != oldest.source_ranges_validated_per_item ||
                   p.relaxed_service_name_validation != oldest.relaxed_service_name_validation ||
                   p.forbid_kubelet_port_on_load_balancer != oldest.forbid_kubelet_port_on_load_balancer ||
                   p.validate_traffic_distribution != oldest.validate_traffic_distribution ||
                   p.prefer_same_traffic_distribution != oldest.prefer_same_traffic_distribution ||
                   p.update_skips_object_meta_revalidation != oldest.update_skips_object_meta_revalidation ||
                   p.validation_errors_deduplicated != oldest.validation_errors_deduplicated ||
                   p.field_error_values_as_json != oldest.field_error_values_as_json ||
                   p.too_long_says_may_not_be_more != oldest.too_long_says_may_not_be_more ||
                   p.label_content_messages != oldest.label_content_messages ||
                   p.owner_reference_errors_indexed != oldest.owner_reference_errors_indexed ||
                   p.decode_scheme_go_line != oldest.decode_scheme_go_line ||
                   p.ip_warning_style != oldest.ip_warning_style ||
                   p.external_ips_deprecation_warning != oldest.external_ips_deprecation_warning ||
                   p.feature_gate_errors_unwrapped != oldest.feature_gate_errors_unwrapped ||
                   p.kcm_range_allocator_only != oldest.kcm_range_allocator_only ||
                   p.kube_proxy_cluster_cidr_list != oldest.kube_proxy_cluster_cidr_list ||
                   p.kubelet_cloud_dual_stack_node_ips_ga != oldest.kubelet_cloud_dual_stack_node_ips_ga ||
                   p.node_pod_cidrs_legacy_field_rules != oldest.node_pod_cidrs_legacy_field_rules ||
                   p.node_pod_cidr_warnings != oldest.node_pod_cidr_warnings;
    EXPECT_TRUE(differs) << c.id;
  }
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
