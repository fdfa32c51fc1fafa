#include "engine/version/behaviour_changes.h"

#include "engine/version/profile.h"

namespace kdual::version {

const char* ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kFeatureGateDefault: return "feature gate default";
    case ChangeKind::kValidationRule: return "validation rule";
    case ChangeKind::kErrorText: return "error text";
    case ChangeKind::kAllocator: return "allocator";
    case ChangeKind::kDefaulting: return "defaulting";
    case ChangeKind::kWarning: return "warning";
    case ChangeKind::kStartup: return "component start-up";
    case ChangeKind::kNodeIpam: return "nodes";
  }
  return "other";
}

bool BehaviourChange::HoldsIn(const Release& release) const {
  if (release.major != 1) return release.major > 1;
  if (release.minor >= since_minor) return true;
  for (const auto& b : backports) {
    if (release.minor == b.minor && release.patch >= b.patch) return true;
  }
  return false;
}

// Sources: the Go trees of every minor (k8s.io/kubernetes@v1.NN.x and its
// staging modules at v0.NN.x); the file named is the one to read.
const std::vector<BehaviourChange>& BehaviourChanges() {
  static const std::vector<BehaviourChange> kChanges = {
      // ---- 1.30 ----
      {"traffic-distribution-validated", ChangeKind::kValidationRule, 30, {},
       "spec.trafficDistribution is validated (only PreferClose is accepted)",
       "KEP-4444, kubernetes/kubernetes#123487 (pkg/apis/core/validation/validation.go)",
       [](Profile& p) { p.validate_traffic_distribution = true; }},
      {"node-pod-cidrs-legacy-field-rules", ChangeKind::kNodeIpam, 30, {},
       "Node spec.podCIDRs values are checked with the legacy IP/CIDR field rules instead of ParseCIDRSloppy",
       "pkg/apis/core/validation/validation.go ValidateNode",
       [](Profile& p) { p.node_pod_cidrs_legacy_field_rules = true; }},
      {"kubelet-cloud-dual-stack-node-ips-ga", ChangeKind::kStartup, 30, {},
       "kubelet: CloudDualStackNodeIPs is GA, --node-ip takes two addresses with an external cloud provider",
       "KEP-3705 (pkg/features/kube_features.go)",
       [](Profile& p) { p.kubelet_cloud_dual_stack_node_ips_ga = true; }},
      // ---- 1.31 ----
      {"feature-gate-errors-unwrapped", ChangeKind::kStartup, 31, {},
       "a bad --feature-gates value is refused with the gate's own error, no longer wrapped by pflag",
       "versioned feature gates, KEP-4330 (component-base/featuregate/feature_gate.go)",
       [](Profile& p) { p.feature_gate_errors_unwrapped = true; }},
      {"kcm-range-allocator-only", ChangeKind::kStartup, 31, {},
       "kube-controller-manager refuses a --cidr-allocator-type other than RangeAllocator",
       "cmd/kube-controller-manager/app/options (NodeIPAMControllerOptions.Validate)",
       [](Profile& p) { p.kcm_range_allocator_only = true; }},
      {"kube-proxy-cluster-cidr-list", ChangeKind::kStartup, 31, {},
       "kube-proxy validates --cluster-cidr as a comma-separated list of CIDRs",
       "pkg/proxy/apis/config/validation/validation.go",
       [](Profile& p) { p.kube_proxy_cluster_cidr_list = true; }},
      // ---- 1.33 ----
      {"multi-cidr-service-allocator", ChangeKind::kAllocator, 33, {},
       "ClusterIPs come from ServiceCIDR objects and IPAddress objects (MultiCIDRServiceAllocator on), "
       "still writing the legacy bitmap",
       "KEP-1880, MultiCIDRServiceAllocator GA (pkg/registry/core/service/ipallocator)",
       [](Profile& p) {
         p.multi_cidr_service_allocator = true;
         p.dual_write_legacy_bitmap = true;
       }},
      {"ipv6-service-cidr-min-prefix-64", ChangeKind::kStartup, 33, {},
       "an IPv6 --service-cluster-ip-range shorter than /64 is refused",
       "pkg/registry/core/service/ipallocator/ipallocator.go NewIPAllocator",
       [](Profile& p) { p.ipv6_service_cidr_min_prefix_64 = true; }},
      {"ip-validation-ratchets-old-values", ChangeKind::kValidationRule, 33, {},
       "an update keeps an IP or CIDR value the old object already had, however it is written",
       "KEP-4858, kubernetes/kubernetes#128786 (validOldIPs / validOldCIDRs)",
       [](Profile& p) { p.ip_validation_ratchets_old_values = true; }},
      {"source-ranges-validated-per-item", ChangeKind::kValidationRule, 33, {},
       "each loadBalancerSourceRanges value is validated on its own field path",
       "KEP-4858 (pkg/apis/core/validation/validation.go ValidateService)",
       [](Profile& p) { p.source_ranges_validated_per_item = true; }},
      {"alloc-prevalidation-sees-old", ChangeKind::kValidationRule, 33, {},
       "the allocator's pre-validation of clusterIPs takes the old object (ratcheting applies there too)",
       "pkg/registry/core/service/storage/alloc.go initIPFamilyFields",
       [](Profile& p) { p.alloc_prevalidation_sees_old = true; }},
      {"load-balancer-without-node-ports-needs-none", ChangeKind::kAllocator, 33, {},
       "a LoadBalancer with allocateLoadBalancerNodePorts false keeps no node port on update",
       "pkg/registry/core/service/storage/storage.go needsNodePort",
       [](Profile& p) { p.load_balancer_without_node_ports_needs_none = true; }},
      {"kubelet-port-allowed-on-load-balancer", ChangeKind::kValidationRule, 33, {},
       "LoadBalancer ports may use 10250 (the kubelet port)",
       "pkg/apis/core/validation/validation.go validateServicePort",
       [](Profile& p) { p.forbid_kubelet_port_on_load_balancer = false; }},
      {"too-long-says-may-not-be-more", ChangeKind::kErrorText, 33, {},
       "TooLong errors read \"may not be more than N bytes\"",
       "apimachinery pkg/util/validation/field/errors.go TooLong",
       [](Profile& p) { p.too_long_says_may_not_be_more = true; }},
      {"apimachinery-ip-warnings", ChangeKind::kWarning, 33, {},
       "warnings for non-standard IPs and CIDRs come from apimachinery: \"will be considered invalid in a future "
       "Kubernetes release: use ...\"",
       "KEP-4858 (apimachinery pkg/util/validation/ip.go GetWarningsForIP)",
       [](Profile& p) { p.ip_warning_style = IPWarningStyle::kApimachineryFuture; }},
      {"node-pod-cidr-warnings", ChangeKind::kNodeIpam, 33, {},
       "Node writes warn about non-standard spec.podCIDRs values",
       "pkg/registry/core/node/strategy.go nodeWarnings",
       [](Profile& p) { p.node_pod_cidr_warnings = true; }},
      {"decode-scheme-line-110", ChangeKind::kErrorText, 33, {},
       "decode errors of a wrong kind name scheme.go:110",
       "apimachinery pkg/runtime/scheme.go",
       [](Profile& p) { p.decode_scheme_go_line = 110; }},
      // ---- 1.34 ----
      {"prefer-same-traffic-distribution", ChangeKind::kFeatureGateDefault, 34, {},
       "trafficDistribution accepts PreferSameZone and PreferSameNode (PreferSameTrafficDistribution beta, on)",
       "KEP-3015 (pkg/features/kube_features.go)",
       [](Profile& p) { p.prefer_same_traffic_distribution = true; }},
      {"allocator-dual-write-disabled", ChangeKind::kAllocator, 34, {},
       "the legacy bitmap is no longer written (DisableAllocatorDualWrite on): no 20-host-bit limit on "
       "--service-cluster-ip-range",
       "KEP-1880 (pkg/features/kube_features.go, cmd/kube-apiserver/app/options/validation.go)",
       [](Profile& p) {
         p.dual_write_legacy_bitmap = false;
         p.service_cidr_max_20_host_bits = false;
       }},
      // ---- 1.36 ----
      {"strict-ip-cidr-validation", ChangeKind::kFeatureGateDefault, 36, {},
       "clusterIPs and CIDRs with leading zeros or in IPv4-mapped form are refused (StrictIPCIDRValidation on)",
       "KEP-4858 (pkg/features/kube_features.go)",
       [](Profile& p) { p.strict_ip_cidr_validation = true; }},
      {"ip-warnings-say-invalid", ChangeKind::kWarning, 36, {},
       "warnings for non-standard IPs read \"is invalid: use ...\"",
       "apimachinery pkg/util/validation/ip.go GetWarningsForIP",
       [](Profile& p) { p.ip_warning_style = IPWarningStyle::kApimachineryInvalid; }},
      // ---- 1.37 ----
      {"relaxed-service-name-validation", ChangeKind::kValidationRule, 37, {},
       "Service names are RFC 1123 labels (may start with a digit)",
       "KEP-5311, RelaxedServiceNameValidation GA (pkg/apis/core/validation/validation.go)",
       [](Profile& p) { p.relaxed_service_name_validation = true; }},
      {"field-error-values-as-json", ChangeKind::kErrorText, 37, {},
       "field error values print as JSON ([\"a\",\"b\"], null) instead of Go syntax ([]string{\"a\", \"b\"})",
       "apimachinery pkg/util/validation/field/errors.go ErrorBody",
       [](Profile& p) { p.field_error_values_as_json = true; }},
      {"range-full-message-names-service", ChangeKind::kErrorText, 37, {},
       "a full range answers \"failed to allocate a serviceIP for Service \\\"<name>\\\": range is full\" (422 on "
       "spec.clusterIPs)",
       "pkg/registry/core/service/storage/alloc.go allocIPs",
       [](Profile& p) { p.range_full_message_names_service = true; }},
      {"external-ips-deprecation-warning", ChangeKind::kWarning, 37, {},
       "warnings for externalIPs (deprecated) and for fields a headless Service ignores",
       "pkg/api/service/warnings.go",
       [](Profile& p) { p.external_ips_deprecation_warning = true; }},
      {"update-skips-object-meta-revalidation", ChangeKind::kValidationRule, 37, {},
       "an update no longer re-validates metadata as for a create",
       "pkg/apis/core/validation/validation.go ValidateServiceUpdate",
       [](Profile& p) { p.update_skips_object_meta_revalidation = true; }},
      {"validation-errors-deduplicated", ChangeKind::kErrorText, 37, {},
       "declarative validation runs for Services; the answer's causes are de-duplicated",
       "apiserver pkg/registry/rest DeclarativeValidation",
       [](Profile& p) { p.validation_errors_deduplicated = true; }},
      {"label-content-messages", ChangeKind::kErrorText, 37, {},
       "label key errors say \"a valid label key\" and lengths \"must be no more than N bytes\"",
       "apimachinery pkg/api/validate/content",
       [](Profile& p) { p.label_content_messages = true; }},
      {"owner-reference-errors-indexed", ChangeKind::kErrorText, 37, {},
       "ownerReferences errors name the entry's index",
       "apimachinery pkg/api/validation/objectmeta.go ValidateOwnerReferences",
       [](Profile& p) { p.owner_reference_errors_indexed = true; }},
      {"decode-scheme-line-111", ChangeKind::kErrorText, 37, {},
       "decode errors of a wrong kind name scheme.go:111",
       "apimachinery pkg/runtime/scheme.go",
       [](Profile& p) { p.decode_scheme_go_line = 111; }},
  };
  return kChanges;
}

const BehaviourChange* FindBehaviourChange(const std::string& id) {
  for (const auto& c : BehaviourChanges()) {
    if (id == c.id) return &c;
  }
  return nullptr;
}

}  // namespace kdual::version
