#include "engine/version/behaviour_changes.h"

#include <algorithm>

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
    case ChangeKind::kPatch: return "patch";
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
  // One row a line group, as a table reads; not reflowed.
  // clang-format off
  static const std::vector<BehaviourChange> kChanges = {
      // ---- 1.24 ----
      {"internal-traffic-policy-type-scoped", ChangeKind::kDefaulting, 24, {},
       "internalTrafficPolicy is defaulted (and required) only on ClusterIP, NodePort and LoadBalancer Services, and "
       "an ExternalName Service reads without it; before, every type got internalTrafficPolicy: Cluster",
       "kubernetes/kubernetes#104846 (pkg/apis/core/v1/defaults.go, pkg/registry/core/service/storage/storage.go "
       "defaultOnReadInternalTrafficPolicy)",
       [](Profile& p) { p.internal_traffic_policy_type_scoped = true; }},
      {"mixed-protocol-lb-service", ChangeKind::kFeatureGateDefault, 24, {},
       "MixedProtocolLBService is beta and on: a LoadBalancer Service may mix TCP, UDP and SCTP ports; before, "
       "\"may not contain more than 1 protocol when type is 'LoadBalancer'\"",
       "KEP-1435, kubernetes/kubernetes#109213 (pkg/apis/core/validation/conditional_validation.go)",
       [](Profile& p) { p.mixed_protocol_lb_service = true; }},
      {"namespace-checked-by-handlers", ChangeKind::kErrorText, 24, {},
       "an update whose object names another namespace than the URL is refused as \"the namespace of the provided "
       "object does not match the namespace sent on the request\" (the handlers check it first); before, \"the "
       "namespace of the object (X) does not match the namespace on the request (Y)\" (checkName), and a create's "
       "only after its addresses were allocated",
       "apiserver pkg/endpoints/handlers/create.go, update.go (v0.24: rest.EnsureObjectNamespaceMatchesRequestNamespace)",
       [](Profile& p) { p.namespace_checked_by_handlers = true; }},
      {"kube-proxy-validates-detect-local-interfaces", ChangeKind::kStartup, 24, {},
       "kube-proxy refuses --detect-local-mode BridgeInterface or InterfaceNamePrefix without its interface "
       "(\"KubeProxyConfiguration.InterfaceName: Invalid value: \\\"\\\": must not be empty\"); before, it took them",
       "KEP-2450 (pkg/proxy/apis/config/validation/validation.go validateInterface, 1.24)",
       [](Profile& p) { p.kube_proxy_validates_detect_local_interfaces = true; }},
      {"strict-decode-field-paths", ChangeKind::kErrorText, 24, {},
       "with field validation on, an unknown field is named by its path (\"unknown field \\\"spec.foo\\\"\"); "
       "before, by its key alone (ServerSideFieldValidation switched on in 1.23)",
       "sigs.k8s.io/json v0.0.0-20211208200746 as 1.24 pins it (1.23: v0.0.0-20211020170558), strict errors with field paths",
       [](Profile& p) { p.strict_decode_field_paths = true; }},
      {"advertise-family-checked", ChangeKind::kStartup, 24, {},
       "a primary Service range of the other family than --advertise-address stops the apiserver (\"service IP "
       "family ... must match public address family ...\"); before, it started",
       "pkg/controlplane/controller.go NewBootstrapController (1.24)",
       [](Profile& p) { p.advertise_family_checked = true; }},
      {"cluster-name-warning", ChangeKind::kWarning, 24, {},
       "metadata.clusterName, cleared on every write, now with the warning \"metadata.clusterName was specified. "
       "This field is not preserved and will be removed from the schema in 1.25\"; before, silently",
       "kubernetes/kubernetes#108717 (apiserver pkg/registry/rest/create.go, update.go)",
       [](Profile& p) { p.cluster_name_warning = true; }},
      // ---- 1.25 ----
      {"cluster-ip-static-subrange", ChangeKind::kFeatureGateDefault, 25, {},
       "ServiceIPStaticSubrange is beta and on: dynamic ClusterIPs come from the upper band of the range first, "
       "leaving the lower band to addresses users ask for; before, any free address",
       "KEP-3070, kubernetes/kubernetes#110703 (pkg/registry/core/service/ipallocator/allocator.go "
       "NewAllocatorCIDRRange)",
       [](Profile& p) { p.cluster_ip_static_subrange = true; }},
      {"server-side-field-validation", ChangeKind::kFeatureGateDefault, 25, {},
       "ServerSideFieldValidation is beta and on: unknown and duplicate fields are warnings (Warn, the default) or "
       "refusals (?fieldValidation=Strict); before, every write was decoded as Ignore and they were dropped silently",
       "KEP-2885 (apiserver pkg/endpoints/handlers/rest.go fieldValidation)",
       [](Profile& p) { p.server_side_field_validation = true; }},
      {"metadata-cluster-name-removed", ChangeKind::kWarning, 25, {},
       "metadata.clusterName is no longer a field: it is an unknown field; before, it was dropped with the warning "
       "\"metadata.clusterName was specified. This field is not preserved and will be removed from the schema in "
       "1.25\"",
       "kubernetes/kubernetes#109602 (apimachinery ObjectMeta; 1.24 apiserver pkg/registry/rest/create.go, update.go)",
       [](Profile& p) { p.api_fields_minor = std::max(p.api_fields_minor, 25); }},
      {"kcm-multi-cidr-range-allocator-added", ChangeKind::kStartup, 25, {},
       "kube-controller-manager knows --cidr-allocator-type=MultiCIDRRangeAllocator (behind its alpha gate: "
       "\"invalid CIDR allocator type: MultiCIDRRangeAllocator, feature gate MultiCIDRRangeAllocator must be "
       "enabled\"); before, a type it did not know",
       "KEP-2593, kubernetes/kubernetes#109090 (pkg/controller/nodeipam/ipam/cidr_allocator.go New)",
       [](Profile& p) { p.kcm_multi_cidr_range_allocator_type = true; }},
      {"port-name-letter-message", ChangeKind::kErrorText, 25, {},
       "a port name (targetPort) without a letter reads \"must contain at least one letter (a-z)\"; before, "
       "\"must contain at least one letter or number (a-z, 0-9)\" for the same rule",
       "apimachinery pkg/util/validation/validation.go IsValidPortName (v0.25)",
       [](Profile& p) { p.port_name_letter_message = true; }},
      {"status-delete-releases-allocations", ChangeKind::kAllocator, 25, {},
       "a status write that removes the last finalizer of a Service being deleted releases its ClusterIPs and node "
       "ports; before, they stayed allocated until the repair loops ran",
       "pkg/registry/core/service/storage/storage.go NewREST (1.25: statusStore.AfterDelete)",
       [](Profile& p) { p.status_delete_releases_allocations = true; }},
      // ---- 1.26 ----
      {"generate-name-before-allocation", ChangeKind::kErrorText, 26, {},
       "a generateName Service's name is made before its addresses and ports are allocated, so allocation "
       "and family errors name it; before, they named Service \"\"",
       "apiserver pkg/registry/generic/registry/store.go Create (v0.26; before rest.BeforeCreate)",
       [](Profile& p) { p.generate_name_before_begin_create = true; }},
      {"kcm-validate-cidrs-texts", ChangeKind::kStartup, 26, {},
       "kube-controller-manager's cluster CIDR count errors read \"... (at least one from each IPFamily\" and "
       "\"length of clusterCIDRs is:N more than max allowed of 2\"; before \"... IPFamily)\" and \"len of "
       "clusters is:N > more than max allowed of 2\"",
       "cmd/kube-controller-manager/app/core.go validateCIDRs (1.26)",
       [](Profile& p) { p.kcm_validate_cidrs_texts = true; }},
      // ---- 1.27 ----
      {"service-warnings", ChangeKind::kWarning, 27, {},
       "Service writes get warnings (the deprecated topology-aware-hints annotation; addresses and prefixes "
       "net/netip refuses or that are not in RFC 5952 form); before, the Service strategy warned about nothing",
       "pkg/api/service/warnings.go GetWarningsForService (new in 1.27; pkg/registry/core/service/strategy.go "
       "WarningsOnCreate/WarningsOnUpdate)",
       [](Profile& p) { p.service_warnings = true; }},
      {"topology-mode-annotation", ChangeKind::kValidationRule, 27, {},
       "the service.kubernetes.io/topology-mode annotation must match topology-aware-hints when both are set",
       "KEP-2433 (pkg/apis/core/validation/validation.go ValidateService)",
       [](Profile& p) { p.validate_topology_mode_annotation = true; }},
      {"dns-label-dots-message", ChangeKind::kErrorText, 27, {},
       "a port name or namespace with dots is refused with \"must not contain dots\" instead of the RFC 1123 "
       "label regex",
       "apimachinery pkg/util/validation/validation.go IsDNS1123Label (v0.27)",
       [](Profile& p) { p.dns_label_dots_message = true; }},
      {"parse-cidrs-indexed-errors", ChangeKind::kErrorText, 27, {},
       "a bad --cluster-cidr entry of kube-controller-manager (and a bad Node spec.podCIDRs entry's internal "
       "error) reads \"invalid CIDR[i]: <nil> (...)\" instead of \"failed to parse cidr value:...\"",
       "k8s.io/utils net/net.go ParseCIDRs (the 2023-02-09 pin of 1.27)",
       [](Profile& p) { p.parse_cidrs_indexed_errors = true; }},
      {"kcm-start-errors-structured", ChangeKind::kStartup, 27, {},
       "kube-controller-manager reports a controller that fails to start as its own error, and refuses "
       "--cidr-allocator-type=CloudAllocator without a cloud provider; before, \"error starting controllers: ...\" "
       "and a nil-pointer panic",
       "cmd/kube-controller-manager/app/controllermanager.go StartControllers, app/core.go "
       "startNodeIpamController (1.27)",
       [](Profile& p) { p.kcm_start_errors_structured = true; }},
      {"kubelet-node-ip-component-helpers", ChangeKind::kStartup, 27, {},
       "kubelet --node-ip errors read \"bad --node-ip %q: ...\", and a dual-stack pair is taken with "
       "--cloud-provider=external when CloudDualStackNodeIPs is on; before, refused with any cloud provider",
       "KEP-3705 (component-helpers node/util/ips.go ParseNodeIPArgument; before "
       "cmd/kubelet/app/server.go)",
       [](Profile& p) { p.kubelet_node_ip_component_helpers = true; }},
      // ---- 1.28 ----
      {"node-port-static-subrange-beta", ChangeKind::kFeatureGateDefault, 28, {},
       "ServiceNodePortStaticSubrange is on (beta): dynamic node ports come from the upper band first, leaving the "
       "static band for ports asked for by number",
       "KEP-3668 (pkg/features/kube_features.go, pkg/registry/core/service/portallocator/allocator.go)",
       [](Profile& p) { p.node_port_static_subrange = true; }},
      {"external-name-ignored-field-warnings", ChangeKind::kWarning, 28, {},
       "a write warns that spec.externalIPs is ignored on an ExternalName Service and spec.externalName on any "
       "other type",
       "kubernetes/kubernetes#119310 (pkg/api/service/warnings.go GetWarningsForService)",
       [](Profile& p) { p.external_name_ignored_field_warnings = true; }},
      {"advertise-family-checked-with-flags", ChangeKind::kStartup, 28, {},
       "a primary Service range whose family differs from --advertise-address's is refused with the other flag "
       "errors, not after them as \"error creating bootstrap controller: ...\"",
       "kubernetes/kubernetes#119081 (cmd/kube-apiserver/app/options/validation.go "
       "validatePublicIPServiceClusterIPRangeIPFamilies; before pkg/controlplane/controller.go)",
       [](Profile& p) { p.advertise_family_checked_with_flags = true; }},
      {"repair-check-in-post-start-hook", ChangeKind::kStartup, 28, {},
       "a failed first IP and port repair (MultiCIDRServiceAllocator on without its API) ends the apiserver "
       "through the post-start hook start-service-ip-repair-controllers; before, the bootstrap controller's "
       "\"Unable to perform initial IP and Port allocation check\"",
       "pkg/registry/core/rest/storage_core.go (1.28; before pkg/controlplane/controller.go)",
       [](Profile& p) { p.repair_check_in_post_start_hook = true; }},
      {"kube-proxy-validates-detect-local-mode", ChangeKind::kStartup, 28, {},
       "kube-proxy's configuration says detectLocalMode ClusterCIDR when none is given and refuses a mode it does "
       "not know (\"KubeProxyConfiguration.DetectLocalMode: Unsupported value\"); 1.27 leaves it empty and takes any",
       "pkg/proxy/apis/config/validation/validation.go validateDetectLocalMode",
       [](Profile& p) { p.kube_proxy_validates_detect_local_mode = true; }},
      {"dry-run-delete-answers-empty-object", ChangeKind::kDefaulting, 28, {},
       "a dry-run DELETE whose options drop the last garbage-collector finalizer answers an empty Service; "
       "before, the Service with its finalizers dropped",
       "apiserver pkg/registry/generic/registry/dryrun.go GuaranteedUpdate (v0.28: the update goes to a new object)",
       [](Profile& p) { p.dry_run_delete_answers_empty_object = true; }},
      {"smp-delete-list-on-replaced-lists", ChangeKind::kPatch, 28, {},
       "a strategic merge patch's $deleteFromPrimitiveList/<list> deletes the values from a list that is "
       "otherwise replaced (externalIPs, loadBalancerSourceRanges, ...); before, the list became the values to delete",
       "kubernetes/kubernetes#110472 (apimachinery pkg/util/strategicpatch/patch.go mergeSliceHandler)",
       [](Profile& p) { p.smp_delete_list_on_any_list = true; }},
      {"smp-directives-removed-from-taken-values", ChangeKind::kPatch, 28, {},
       "a strategic merge patch value taken whole (the field was not there) loses the $patch directives inside it; "
       "before, they were kept and reached the decoder",
       "kubernetes/kubernetes#117568 (apimachinery pkg/util/strategicpatch/patch.go removeDirectives)",
       [](Profile& p) { p.smp_directives_removed_from_taken_values = true; }},
      // ---- 1.29 ----
      {"apply-checks-kind", ChangeKind::kErrorText, 28, {},
       "a server-side apply whose apiVersion or kind is not v1 Service is refused as \"invalid object type: "
       "/v1, Kind=Pod\" (before: \"Incorrect version specified in apply patch\" for a wrong version only)",
       "apimachinery pkg/util/managedfields/internal/versioncheck.go",
       [](Profile& p) { p.apply_checks_kind = true; }},
      {"netip-go123-rules", ChangeKind::kErrorText, 29, {},
       "the apiserver is built with Go 1.23: an IPv6 group of more than 4 digits is not an address, and an "
       "embedded IPv4 address's error is worded as the whole address's (warnings quote netip.ParseAddr)",
       "Go 1.23 src/net/netip/netip.go parseIPv6 (the release's .go-version: 1.22 in 1.27 and 1.28, 1.23 from 1.29)",
       [](Profile& p) { p.netip_go122_rules = false; }},
      {"external-traffic-policy-for-external-ips", ChangeKind::kValidationRule, 29, {},
       "a ClusterIP Service with externalIPs takes an externalTrafficPolicy and is defaulted to Cluster "
       "(before: \"may only be set when `type` is 'NodePort' or 'LoadBalancer'\")",
       "kubernetes/kubernetes#119150 (pkg/api/service/util.go ExternallyAccessible, pkg/apis/core/v1/defaults.go)",
       [](Profile& p) { p.external_ips_externally_accessible = true; }},
      {"lb-status-only-on-load-balancer", ChangeKind::kValidationRule, 29, {},
       "status.loadBalancer.ingress is refused on a Service that is not a LoadBalancer (\"may only be used when "
       "`spec.type` is 'LoadBalancer'\"); the AllowServiceLBStatusOnNonLB gate (deprecated, off) turns it back",
       "kubernetes/kubernetes#119789 (pkg/apis/core/validation/validation.go ValidateLoadBalancerStatus)",
       [](Profile& p) { p.lb_status_ingress_only_on_load_balancer = true; }},
      {"load-balancer-ip-mode-field", ChangeKind::kDefaulting, 29, {},
       "status.loadBalancer.ingress[].ipMode exists (LoadBalancerIPMode alpha, off: dropped from status writes); "
       "before, an unknown field",
       "KEP-1860 (staging/src/k8s.io/api/core/v1/types.go LoadBalancerIngress.IPMode)",
       [](Profile& p) { p.api_fields_minor = std::max(p.api_fields_minor, 29); }},
      {"kubelet-cloud-dual-stack-node-ips-beta", ChangeKind::kFeatureGateDefault, 29, {},
       "kubelet: CloudDualStackNodeIPs is on (beta): --node-ip takes a dual-stack pair with "
       "--cloud-provider=external unless the gate is turned off; before, only when it is turned on",
       "KEP-3705 (pkg/features/kube_features.go)",
       [](Profile& p) { p.kubelet_cloud_dual_stack_node_ips_default_on = true; }},
      {"kcm-multi-cidr-range-allocator-removed", ChangeKind::kStartup, 29, {},
       "kube-controller-manager no longer knows --cidr-allocator-type=MultiCIDRRangeAllocator (\"invalid CIDR "
       "allocator type\"; before, it asked for the MultiCIDRRangeAllocator gate)",
       "KEP-2593 withdrawn, kubernetes/kubernetes#121229 (pkg/controller/nodeipam/ipam/cidr_allocator.go New)",
       [](Profile& p) { p.kcm_multi_cidr_range_allocator_type = false; }},
      // ---- 1.30 ----
      {"apply-noop-by-equality", ChangeKind::kPatch, 29, {},
       "a server-side apply that only reorders spec.ports is stored in the new order (before: a comparison "
       "blind to order found no change and kept the live order)",
       "sigs.k8s.io/structured-merge-diff v4.4.1 merge/update.go Updater.Apply",
       [](Profile& p) { p.apply_noop_by_equality = true; }},
      {"traffic-distribution-field", ChangeKind::kDefaulting, 30, {},
       "spec.trafficDistribution exists, but ServiceTrafficDistribution (alpha, off) drops it on every write "
       "unless the old object has it",
       "KEP-4444, kubernetes/kubernetes#123487 (pkg/registry/core/service/strategy.go dropServiceDisabledFields)",
       [](Profile& p) {
         p.api_fields_minor = std::max(p.api_fields_minor, 30);
         p.validate_traffic_distribution = true;
         p.traffic_distribution_enabled = false;
       }},
      {"load-balancer-ip-mode-beta", ChangeKind::kFeatureGateDefault, 30, {},
       "LoadBalancerIPMode is on (beta): a load balancer ingress ip gets ipMode VIP by default, ipMode is "
       "validated (VIP or Proxy, only with an ip) instead of dropped from status writes",
       "KEP-1860 (pkg/features/kube_features.go, pkg/apis/core/v1/defaults.go, pkg/registry/core/service/strategy.go "
       "dropServiceStatusDisabledFields)",
       [](Profile& p) { p.load_balancer_ip_mode = true; }},
      {"lb-status-ip-is-valid-ip", ChangeKind::kErrorText, 30, {},
       "an invalid load balancer ingress ip is refused by validation.IsValidIP (\"must be a valid IP address, "
       "(e.g. 10.9.8.7 or 2001:db8::ffff)\") instead of \"must be a valid IP address\"",
       "pkg/apis/core/validation/validation.go ValidateLoadBalancerStatus",
       [](Profile& p) { p.lb_status_ip_is_valid_ip = true; }},
      {"source-ranges-validated-per-item", ChangeKind::kValidationRule, 30, {},
       "each loadBalancerSourceRanges value is validated on its own path "
       "(spec.LoadBalancerSourceRanges[i]: must be a valid CIDR value) instead of one error for the list",
       "pkg/apis/core/validation/validation.go validateServiceSpec (IsValidCIDR per item)",
       [](Profile& p) { p.source_ranges_validated_per_item = true; }},
      {"load-balancer-without-node-ports-needs-none", ChangeKind::kAllocator, 30, {},
       "an update of a LoadBalancer with allocateLoadBalancerNodePorts false allocates no node port",
       "pkg/registry/core/service/storage/storage.go needsNodePort",
       [](Profile& p) { p.load_balancer_without_node_ports_needs_none = true; }},
      {"node-pod-cidrs-legacy-field-rules", ChangeKind::kNodeIpam, 30, {},
       "Node spec.podCIDRs values are checked one by one (must be a valid CIDR value) instead of \"must be valid "
       "CIDR\" with the whole list",
       "pkg/apis/core/validation/validation.go ValidateNode (apimachinery IsValidCIDR)",
       [](Profile& p) { p.node_pod_cidrs_legacy_field_rules = true; }},
      {"kubelet-cloud-dual-stack-node-ips-ga", ChangeKind::kStartup, 30, {},
       "kubelet: CloudDualStackNodeIPs is GA, --node-ip takes two addresses with an external cloud provider",
       "KEP-3705 (component-helpers node/util ParseNodeIPArgument)",
       [](Profile& p) { p.kubelet_cloud_dual_stack_node_ips_ga = true; }},
      // ---- 1.31 ----
      {"service-spec-field-selectors", ChangeKind::kValidationRule, 31, {},
       "a Service list takes the field selectors spec.clusterIP and spec.type (before: 400 BadRequest, "
       "\"is not a known field selector: only metadata.name, metadata.namespace\")",
       "pkg/apis/core/v1/conversion.go AddFieldLabelConversionsForService (kubernetes/kubernetes#123905)",
       [](Profile& p) { p.service_spec_field_selectors = true; }},
      {"traffic-distribution-on", ChangeKind::kFeatureGateDefault, 31, {},
       "spec.trafficDistribution is kept and validated (ServiceTrafficDistribution beta, on)",
       "KEP-4444, kubernetes/kubernetes#125838 (pkg/features/kube_features.go)",
       [](Profile& p) { p.traffic_distribution_enabled = true; }},
      {"feature-gate-errors-unwrapped", ChangeKind::kStartup, 31, {},
       "a bad --feature-gates value is refused with the gate's own error, no longer wrapped by pflag",
       "component-base ComponentGlobalsRegistry (cmd/kube-apiserver/app/server.go)",
       [](Profile& p) { p.feature_gate_errors_unwrapped = true; }},
      {"kcm-legacy-ipam-disabled-at-build", ChangeKind::kStartup, 31, {},
       "kube-controller-manager: --cidr-allocator-type IPAMFromCluster or IPAMFromCloud fails \"legacy cloud "
       "provider support disabled at build time\" (before: a nil-pointer panic)",
       "pkg/controller/nodeipam/legacyprovider.go removed, nolegacyprovider.go",
       [](Profile& p) { p.kcm_legacy_ipam_disabled_at_build = true; }},
      {"kube-proxy-cluster-cidr-list", ChangeKind::kStartup, 31, {},
       "kube-proxy validates --cluster-cidr as a comma-separated list of CIDRs",
       "pkg/proxy/apis/config/validation/validation.go (DetectLocal.ClusterCIDRs)",
       [](Profile& p) { p.kube_proxy_cluster_cidr_list = true; }},
      // ---- 1.32 ----
      {"too-long-says-may-not-be-more", ChangeKind::kErrorText, 32, {},
       "TooLong errors read \"may not be more than N bytes\" (before: \"must have at most N bytes\")",
       "apimachinery pkg/util/validation/field/errors.go TooLong",
       [](Profile& p) { p.too_long_says_may_not_be_more = true; }},
      {"kcm-range-allocator-only", ChangeKind::kStartup, 32, {},
       "kube-controller-manager refuses a --cidr-allocator-type other than RangeAllocator at start",
       "cmd/kube-controller-manager/app/options/nodeipamcontroller.go Validate",
       [](Profile& p) { p.kcm_range_allocator_only = true; }},
      // ---- 1.33 ----
      {"status-update-ip-warnings", ChangeKind::kWarning, 33, {},
       "a status write warns about load balancer ingress addresses in non-standard form",
       "pkg/registry/core/service/strategy.go serviceStatusStrategy.WarningsOnUpdate",
       [](Profile& p) { p.status_update_ip_warnings = true; }},
      {"multi-cidr-service-allocator", ChangeKind::kAllocator, 33, {},
       "ClusterIPs come from ServiceCIDR and IPAddress objects (MultiCIDRServiceAllocator GA, on), the legacy "
       "bitmap still written; an IPv6 range shorter than /64 is refused",
       "KEP-1880 (pkg/registry/core/service/ipallocator, pkg/features/kube_features.go)",
       [](Profile& p) {
         p.multi_cidr_service_allocator = true;
         p.dual_write_legacy_bitmap = true;
         p.ipv6_service_cidr_min_prefix_64 = true;
       }},
      {"service-cidr-v1-served", ChangeKind::kValidationRule, 33, {},
       "ServiceCIDR and IPAddress objects are served as networking.k8s.io/v1 (before: 404; v1beta1 "
       "off by default)",
       "KEP-1880 (pkg/registry/networking/rest/storage_settings.go, pkg/controlplane/instance.go)",
       [](Profile& p) { p.service_cidr_v1_served = true; }},
      {"ip-validation-ratchets-old-values", ChangeKind::kValidationRule, 33, {},
       "an update keeps an IP or CIDR value the old object already had, however it is written; the "
       "source-ranges annotation is re-validated only when it changed",
       "KEP-4858 (pkg/apis/core/validation/validation.go validOldIPs / validOldCIDRs)",
       [](Profile& p) { p.ip_validation_ratchets_old_values = true; }},
      {"alloc-prevalidation-sees-old", ChangeKind::kValidationRule, 33, {},
       "the allocator's pre-validation of clusterIPs takes the old object (ratcheting applies there too)",
       "pkg/registry/core/service/storage/alloc.go initIPFamilyFields",
       [](Profile& p) { p.alloc_prevalidation_sees_old = true; }},
      {"kubelet-port-allowed-on-load-balancer", ChangeKind::kValidationRule, 33, {},
       "LoadBalancer ports may use 10250 (the kubelet port)",
       "pkg/apis/core/validation/validation.go validateServicePort",
       [](Profile& p) { p.forbid_kubelet_port_on_load_balancer = false; }},
      {"apimachinery-ip-warnings", ChangeKind::kWarning, 33, {},
       "warnings for non-standard IPs and CIDRs come from apimachinery: \"will be considered invalid in a future "
       "Kubernetes release: use ...\"",
       "KEP-4858 (apimachinery pkg/util/validation/ip.go GetWarningsForIP)",
       [](Profile& p) { p.ip_warning_style = IPWarningStyle::kApimachineryFuture; }},
      {"node-pod-cidr-warnings", ChangeKind::kNodeIpam, 33, {},
       "Node writes warn about non-standard spec.podCIDRs values",
       "pkg/registry/core/node/strategy.go nodeWarnings",
       [](Profile& p) { p.node_pod_cidr_warnings = true; }},
      {"node-pod-cidr-duplicates-allowed", ChangeKind::kNodeIpam, 33, {},
       "a repeated spec.podCIDRs value is no longer a Duplicate error of its own",
       "pkg/apis/core/validation/validation.go ValidateNode",
       [](Profile& p) { p.node_pod_cidr_duplicates_allowed = true; }},
      {"decode-scheme-line-110", ChangeKind::kErrorText, 33, {},
       "decode errors of an unregistered kind name scheme.go:110",
       "apimachinery pkg/runtime/scheme.go",
       [](Profile& p) { p.decode_scheme_go_line = 110; }},
      // ---- 1.34 ----
      {"service-cidr-ready-sets-reason", ChangeKind::kDefaulting, 34, {},
       "the service-cidr-controller's Ready condition clears a reason a client gave it (1.33: kept)",
       "pkg/controller/servicecidrs/servicecidrs_controller.go updateConditionIfNeeded",
       [](Profile& p) { p.service_cidr_ready_sets_reason = true; }},
      {"prefer-same-traffic-distribution", ChangeKind::kFeatureGateDefault, 34, {},
       "trafficDistribution accepts PreferSameZone and PreferSameNode (PreferSameTrafficDistribution beta, on)",
       "KEP-3015 (pkg/features/kube_features.go)",
       [](Profile& p) { p.prefer_same_traffic_distribution = true; }},
      {"allocator-dual-write-disabled", ChangeKind::kAllocator, 34, {},
       "the legacy bitmap is no longer written (DisableAllocatorDualWrite GA, on): no 20-host-bit limit on "
       "--service-cluster-ip-range",
       "KEP-1880 (pkg/features/kube_features.go, cmd/kube-apiserver/app/options/validation.go)",
       [](Profile& p) {
         p.dual_write_legacy_bitmap = false;
         p.service_cidr_max_20_host_bits = false;
       }},
      {"field-error-values-as-json", ChangeKind::kErrorText, 34, {},
       "field error values print as JSON ([\"a\",\"b\"], null) instead of Go syntax ([]string{\"a\", \"b\"})",
       "apimachinery pkg/util/validation/field/errors.go ErrorBody",
       [](Profile& p) { p.field_error_values_as_json = true; }},
      {"update-skips-object-meta-revalidation", ChangeKind::kValidationRule, 34, {},
       "an update no longer re-validates metadata as for a create (no repeated causes, no create-only checks)",
       "pkg/apis/core/validation/validation.go ValidateService / ValidateServiceUpdate",
       [](Profile& p) { p.update_skips_object_meta_revalidation = true; }},
      {"owner-reference-messages-unprefixed", ChangeKind::kErrorText, 34, {},
       "ownerReferences kind, name and uid errors read \"must not be empty\"",
       "apimachinery pkg/api/validation/objectmeta.go validateOwnerReference",
       [](Profile& p) { p.owner_reference_messages_unprefixed = true; }},
      {"headless-ignored-field-warnings", ChangeKind::kWarning, 34, {},
       "a headless Service is warned that loadBalancerIP, externalIPs and sessionAffinity are ignored (1.34.0 and "
       "1.34.1 warn about sessionAffinity on every headless Service)",
       "pkg/api/service/warnings.go",
       [](Profile& p) {
         p.headless_ignored_field_warnings = true;
         p.headless_session_affinity_warning_always = true;
       }},
      // ---- 1.35 ----
      {"headless-session-affinity-warning-fixed", ChangeKind::kWarning, 35, {{34, 2}},
       "the headless sessionAffinity warning only for ClientIP",
       "pkg/api/service/warnings.go (fixed in v1.34.2)",
       [](Profile& p) { p.headless_session_affinity_warning_always = false; }},
      {"prefer-close-deprecation-warning", ChangeKind::kWarning, 35, {},
       "trafficDistribution PreferClose is warned as deprecated in favour of PreferSameZone",
       "pkg/api/service/warnings.go",
       [](Profile& p) { p.prefer_close_deprecation_warning = true; }},
      {"label-selector-double-comma", ChangeKind::kValidationRule, 35, {},
       "a label selector's value list with \",,\" no longer swallows the token after the second comma "
       "(\"x in (,,)\" is accepted; before: found ')', expected: ',', or identifier)",
       "apimachinery pkg/labels/selector.go parseIdentifiersList",
       [](Profile& p) { p.label_selector_keeps_second_comma = true; }},
      {"label-content-messages", ChangeKind::kErrorText, 35, {},
       "label and annotation key errors say \"a valid label key\" and lengths \"must be no more than N bytes\"",
       "apimachinery pkg/api/validate/content",
       [](Profile& p) { p.label_content_messages = true; }},
      {"ip-address-create-errors-abort", ChangeKind::kAllocator, 35, {},
       "a dynamic ClusterIP allocation stops at the first IPAddress object the server refuses, with its error "
       "(before: each address was skipped and the range read as full)",
       "pkg/registry/core/service/ipallocator/ipallocator.go allocateFromRange (issues.k8s.io/135333)",
       [](Profile& p) { p.ip_address_create_errors_abort = true; }},
      {"dynamic-alloc-errors-invalid", ChangeKind::kErrorText, 35, {},
       "a dynamic clusterIP allocation that fails other than by a full range is 422 on spec.clusterIPs",
       "pkg/registry/core/service/storage/alloc.go allocIPs",
       [](Profile& p) { p.dynamic_alloc_errors_invalid = true; }},
      {"delete-options-decode-bad-request", ChangeKind::kErrorText, 35, {},
       "a DELETE body that cannot be decoded as DeleteOptions (a field of the wrong type, another kind) is 400 "
       "BadRequest instead of a 500 without a reason",
       "kubernetes/kubernetes#133358 (apiserver pkg/endpoints/handlers/delete.go; backports to 1.33 and 1.34 "
       "not merged)",
       [](Profile& p) { p.delete_options_decode_bad_request = true; }},
      {"decode-scheme-line-111", ChangeKind::kErrorText, 35, {},
       "decode errors of an unregistered kind name scheme.go:111",
       "apimachinery pkg/runtime/scheme.go",
       [](Profile& p) { p.decode_scheme_go_line = 111; }},
      // ---- 1.36 ----
      {"strict-ip-cidr-validation", ChangeKind::kFeatureGateDefault, 36, {},
       "new clusterIPs, externalIPs and CIDRs with leading zeros, in IPv4-mapped form or with host bits are "
       "refused (StrictIPCIDRValidation beta, on)",
       "KEP-4858 (pkg/features/kube_features.go)",
       [](Profile& p) { p.strict_ip_cidr_validation = true; }},
      {"ip-warnings-say-invalid", ChangeKind::kWarning, 36, {},
       "warnings for non-standard IPs read \"is invalid: use ...\"",
       "apimachinery pkg/util/validation/ip.go GetWarningsForIP",
       [](Profile& p) { p.ip_warning_style = IPWarningStyle::kApimachineryInvalid; }},
      {"relaxed-service-name-validation", ChangeKind::kFeatureGateDefault, 36, {},
       "Service names are RFC 1123 labels, they may start with a digit (RelaxedServiceNameValidation beta, on)",
       "KEP-5311 (pkg/apis/core/validation/validation.go ValidateServiceCreate)",
       [](Profile& p) { p.relaxed_service_name_validation = true; }},
      {"external-ips-deprecation-warning", ChangeKind::kWarning, 36, {},
       "externalIPs are warned as deprecated",
       "pkg/api/service/warnings.go",
       [](Profile& p) { p.external_ips_deprecation_warning = true; }},
      {"service-cidr-status-field-wiping", ChangeKind::kFeatureGateDefault, 36, {},
       "a create of a ServiceCIDR clears the status the client sent, an update keeps the stored one "
       "(ServiceCIDRStatusFieldWiping on)",
       "pkg/registry/networking/servicecidr/strategy.go PrepareForCreate/PrepareForUpdate",
       [](Profile& p) { p.service_cidr_status_wiped = true; }},
      {"range-full-message-names-service", ChangeKind::kErrorText, 36, {},
       "a full range answers \"failed to allocate a serviceIP for Service \\\"<name>\\\": range is full\"",
       "pkg/registry/core/service/storage/alloc.go allocIPs",
       [](Profile& p) { p.range_full_message_names_service = true; }},
      // ---- 1.37 ----
      {"validation-errors-deduplicated", ChangeKind::kErrorText, 37, {},
       "repeated causes of one 422 are given once",
       "captured (golden/1.37/validation/update-to-nodeport-with-class); the reading of the sources does not "
       "show where (apiserver pkg/registry/rest DeclarativeValidation is the candidate)",
       [](Profile& p) { p.validation_errors_deduplicated = true; }},
      {"owner-reference-errors-indexed", ChangeKind::kErrorText, 37, {},
       "ownerReferences errors name the entry's index and are Required; an apiVersion without version \"must be "
       "<group>/<version> or <version>\"",
       "apimachinery pkg/api/validation/objectmeta.go ValidateOwnerReferences",
       [](Profile& p) { p.owner_reference_errors_indexed = true; }},
      {"ip-address-declarative-immutable", ChangeKind::kErrorText, 37, {},
       "an IPAddress update that changes spec.parentRef is refused as \"Invalid value: null: field is "
       "immutable\" (declarative validate.Immutable; before, the new parentRef was the value)",
       "pkg/apis/networking/v1/zz_generated.validations.go, apimachinery pkg/api/validate/immutable.go",
       [](Profile& p) { p.ip_address_declarative_immutable = true; }},
  };
  // clang-format on
  return kChanges;
}

const BehaviourChange* FindBehaviourChange(const std::string& id) {
  for (const auto& c : BehaviourChanges()) {
    if (id == c.id) return &c;
  }
  return nullptr;
}

}  // namespace kdual::version
