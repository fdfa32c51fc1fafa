#include "engine/version/profile.h"

#include "engine/version/behaviour_changes.h"

namespace kdual::version {
namespace {

// The minors the change table covers (behaviour_changes.cc).
constexpr int kOldestMinor = 23;
constexpr int kNewestMinor = 37;

}  // namespace

Result<Profile> ProfileFor(const Release& release) {
  if (release.major != 1 || release.minor < kOldestMinor || release.minor > kNewestMinor) {
    std::string minors;
    for (const auto& m : SupportedMinors()) {
      if (!minors.empty()) minors += ", ";
      minors += m;
    }
    return NotFound("no engine profile for " + release.ToString() +
                    "; supported minors: " + minors);
  }
  Profile p;
  p.release = release;
  for (const auto& change : BehaviourChanges()) {
    if (change.HoldsIn(release)) change.apply(p);
  }
  return p;
}

std::vector<std::pair<std::string, std::string>> ProfileSwitches(const Profile& p) {
  return {
      {"multi_cidr_service_allocator", p.multi_cidr_service_allocator ? "true" : "false"},
      {"service_cidr_v1_served", p.service_cidr_v1_served ? "true" : "false"},
      {"service_cidr_status_wiped", p.service_cidr_status_wiped ? "true" : "false"},
      {"ip_address_declarative_immutable", p.ip_address_declarative_immutable ? "true" : "false"},
      {"apply_checks_kind", p.apply_checks_kind ? "true" : "false"},
      {"apply_noop_by_equality", p.apply_noop_by_equality ? "true" : "false"},
      {"service_cidr_ready_sets_reason", p.service_cidr_ready_sets_reason ? "true" : "false"},
      {"dual_write_legacy_bitmap", p.dual_write_legacy_bitmap ? "true" : "false"},
      {"service_cidr_max_20_host_bits", p.service_cidr_max_20_host_bits ? "true" : "false"},
      {"ipv6_service_cidr_min_prefix_64", p.ipv6_service_cidr_min_prefix_64 ? "true" : "false"},
      {"node_port_static_subrange", p.node_port_static_subrange ? "true" : "false"},
      {"cluster_ip_static_subrange", p.cluster_ip_static_subrange ? "true" : "false"},
      {"range_full_message_names_service", p.range_full_message_names_service ? "true" : "false"},
      {"dynamic_alloc_errors_invalid", p.dynamic_alloc_errors_invalid ? "true" : "false"},
      {"ip_address_create_errors_abort", p.ip_address_create_errors_abort ? "true" : "false"},
      {"load_balancer_without_node_ports_needs_none",
       p.load_balancer_without_node_ports_needs_none ? "true" : "false"},
      {"alloc_prevalidation_sees_old", p.alloc_prevalidation_sees_old ? "true" : "false"},
      {"api_fields_minor", std::to_string(p.api_fields_minor)},
      {"server_side_field_validation", p.server_side_field_validation ? "true" : "false"},
      {"strict_decode_field_paths", p.strict_decode_field_paths ? "true" : "false"},
      {"port_name_letter_message", p.port_name_letter_message ? "true" : "false"},
      {"status_delete_releases_allocations",
       p.status_delete_releases_allocations ? "true" : "false"},
      {"internal_traffic_policy_type_scoped",
       p.internal_traffic_policy_type_scoped ? "true" : "false"},
      {"cluster_name_warning", p.cluster_name_warning ? "true" : "false"},
      {"mixed_protocol_lb_service", p.mixed_protocol_lb_service ? "true" : "false"},
      {"namespace_checked_by_handlers", p.namespace_checked_by_handlers ? "true" : "false"},
      {"kube_proxy_validates_detect_local_interfaces",
       p.kube_proxy_validates_detect_local_interfaces ? "true" : "false"},
      {"advertise_family_checked", p.advertise_family_checked ? "true" : "false"},
      {"generate_name_before_begin_create", p.generate_name_before_begin_create ? "true" : "false"},
      {"dry_run_delete_answers_empty_object",
       p.dry_run_delete_answers_empty_object ? "true" : "false"},
      {"smp_delete_list_on_any_list", p.smp_delete_list_on_any_list ? "true" : "false"},
      {"smp_directives_removed_from_taken_values",
       p.smp_directives_removed_from_taken_values ? "true" : "false"},
      {"external_ips_externally_accessible",
       p.external_ips_externally_accessible ? "true" : "false"},
      {"lb_status_ingress_only_on_load_balancer",
       p.lb_status_ingress_only_on_load_balancer ? "true" : "false"},
      {"strict_ip_cidr_validation", p.strict_ip_cidr_validation ? "true" : "false"},
      {"ip_validation_ratchets_old_values", p.ip_validation_ratchets_old_values ? "true" : "false"},
      {"source_ranges_validated_per_item", p.source_ranges_validated_per_item ? "true" : "false"},
      {"relaxed_service_name_validation", p.relaxed_service_name_validation ? "true" : "false"},
      {"validate_topology_mode_annotation", p.validate_topology_mode_annotation ? "true" : "false"},
      {"dns_label_dots_message", p.dns_label_dots_message ? "true" : "false"},
      {"forbid_kubelet_port_on_load_balancer",
       p.forbid_kubelet_port_on_load_balancer ? "true" : "false"},
      {"validate_traffic_distribution", p.validate_traffic_distribution ? "true" : "false"},
      {"internal_traffic_policy_enabled", p.internal_traffic_policy_enabled ? "true" : "false"},
      {"traffic_distribution_enabled", p.traffic_distribution_enabled ? "true" : "false"},
      {"prefer_same_traffic_distribution", p.prefer_same_traffic_distribution ? "true" : "false"},
      {"update_skips_object_meta_revalidation",
       p.update_skips_object_meta_revalidation ? "true" : "false"},
      {"validation_errors_deduplicated", p.validation_errors_deduplicated ? "true" : "false"},
      {"field_error_values_as_json", p.field_error_values_as_json ? "true" : "false"},
      {"load_balancer_ip_mode", p.load_balancer_ip_mode ? "true" : "false"},
      {"lb_status_ip_is_valid_ip", p.lb_status_ip_is_valid_ip ? "true" : "false"},
      {"status_update_ip_warnings", p.status_update_ip_warnings ? "true" : "false"},
      {"delete_options_decode_bad_request", p.delete_options_decode_bad_request ? "true" : "false"},
      {"too_long_says_may_not_be_more", p.too_long_says_may_not_be_more ? "true" : "false"},
      {"label_content_messages", p.label_content_messages ? "true" : "false"},
      {"label_selector_keeps_second_comma", p.label_selector_keeps_second_comma ? "true" : "false"},
      {"service_spec_field_selectors", p.service_spec_field_selectors ? "true" : "false"},
      {"multi_cidr_forced_on", p.multi_cidr_forced_on ? "true" : "false"},
      {"owner_reference_messages_unprefixed",
       p.owner_reference_messages_unprefixed ? "true" : "false"},
      {"owner_reference_errors_indexed", p.owner_reference_errors_indexed ? "true" : "false"},
      {"decode_scheme_go_line", std::to_string(p.decode_scheme_go_line)},
      {"netip_go122_rules", p.netip_go122_rules ? "true" : "false"},
      {"service_warnings", p.service_warnings ? "true" : "false"},
      {"ip_warning_style", std::to_string(static_cast<int>(p.ip_warning_style))},
      {"headless_ignored_field_warnings", p.headless_ignored_field_warnings ? "true" : "false"},
      {"headless_session_affinity_warning_always",
       p.headless_session_affinity_warning_always ? "true" : "false"},
      {"prefer_close_deprecation_warning", p.prefer_close_deprecation_warning ? "true" : "false"},
      {"external_name_ignored_field_warnings",
       p.external_name_ignored_field_warnings ? "true" : "false"},
      {"external_ips_deprecation_warning", p.external_ips_deprecation_warning ? "true" : "false"},
      {"repair_check_in_post_start_hook", p.repair_check_in_post_start_hook ? "true" : "false"},
      {"advertise_family_checked_with_flags",
       p.advertise_family_checked_with_flags ? "true" : "false"},
      {"feature_gate_errors_unwrapped", p.feature_gate_errors_unwrapped ? "true" : "false"},
      {"kcm_multi_cidr_range_allocator_type",
       p.kcm_multi_cidr_range_allocator_type ? "true" : "false"},
      {"kcm_range_allocator_only", p.kcm_range_allocator_only ? "true" : "false"},
      {"kcm_legacy_ipam_disabled_at_build", p.kcm_legacy_ipam_disabled_at_build ? "true" : "false"},
      {"kube_proxy_validates_detect_local_mode",
       p.kube_proxy_validates_detect_local_mode ? "true" : "false"},
      {"kube_proxy_cluster_cidr_list", p.kube_proxy_cluster_cidr_list ? "true" : "false"},
      {"kcm_validate_cidrs_texts", p.kcm_validate_cidrs_texts ? "true" : "false"},
      {"kcm_start_errors_structured", p.kcm_start_errors_structured ? "true" : "false"},
      {"kubelet_node_ip_component_helpers", p.kubelet_node_ip_component_helpers ? "true" : "false"},
      {"kubelet_cloud_dual_stack_node_ips_default_on",
       p.kubelet_cloud_dual_stack_node_ips_default_on ? "true" : "false"},
      {"kubelet_cloud_dual_stack_node_ips_ga",
       p.kubelet_cloud_dual_stack_node_ips_ga ? "true" : "false"},
      {"parse_cidrs_indexed_errors", p.parse_cidrs_indexed_errors ? "true" : "false"},
      {"node_pod_cidrs_legacy_field_rules", p.node_pod_cidrs_legacy_field_rules ? "true" : "false"},
      {"node_pod_cidr_duplicates_allowed", p.node_pod_cidr_duplicates_allowed ? "true" : "false"},
      {"node_pod_cidr_warnings", p.node_pod_cidr_warnings ? "true" : "false"},
  };
}

std::vector<std::string> SupportedMinors() {
  std::vector<std::string> out;
  for (int m = kOldestMinor; m <= kNewestMinor; ++m) out.push_back("1." + std::to_string(m));
  return out;
}

}  // namespace kdual::version
