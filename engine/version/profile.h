// One profile per supported Kubernetes minor: the feature gates, defaults
// and messages that differ between the versions kdual models.
#ifndef KDUAL_ENGINE_VERSION_PROFILE_H_
#define KDUAL_ENGINE_VERSION_PROFILE_H_

#include <string>
#include <utility>
#include <vector>

#include "engine/base/status.h"
#include "engine/version/release.h"

namespace kdual::version {

// How GetWarningsForService words its IP warnings.
enum class IPWarningStyle {
  // <= 1.32 pkg/api/service/warnings.go getWarningsForIP: netip errors
  // ("IP address was accepted, but will be invalid in a future Kubernetes
  // release: ParseAddr(...)...") and "is not in RFC 5952 canonical format".
  kServiceNetip,
  // 1.33-1.35 apimachinery GetWarningsForIP: "non-standard IP address ...
  // will be considered invalid in a future Kubernetes release: use ...".
  kApimachineryFuture,
  // 1.36+ GetWarningsForIP: "non-standard IP address ... is invalid: use ...".
  kApimachineryInvalid,
};

// The switches where releases differ. Each field's initial value is the
// behaviour of the oldest supported minor; behaviour_changes.cc says in
// which release each one changes, and why. Code never reads the version
// number to decide behaviour: it reads a switch.
struct Profile {
  Release release;

  // --- allocators ---
  // MultiCIDRServiceAllocator: the ServiceCIDR/IPAddress allocator.
  bool multi_cidr_service_allocator = false;
  // networking.k8s.io/v1 serves ServiceCIDR objects (GA); before, a v1
  // request is answered 404 (the beta and alpha versions are off by
  // default): pkg/registry/networking/rest/storage_settings.go.
  bool service_cidr_v1_served = false;
  // ServiceCIDRStatusFieldWiping (on from 1.36): a create clears the status
  // a client sends to the ServiceCIDR resource, an update keeps the stored
  // one (before: both keep what the client sent).
  // pkg/registry/networking/servicecidr/strategy.go PrepareForCreate.
  bool service_cidr_status_wiped = false;
  // IPAddress validation is declarative with its Beta rules enforced
  // (pkg/apis/networking/v1/zz_generated.validations.go): an update that
  // changes spec.parentRef is refused by validate.Immutable, whose error
  // carries no value ("Invalid value: null: field is immutable"); before,
  // by ValidateImmutableField with the new parentRef as its value.
  bool ip_address_declarative_immutable = false;
  // Server-side apply checks the applied object's apiVersion and kind
  // together (versionCheckManager: 400 "invalid object type: /v1,
  // Kind=Pod"); before, only the version ("Incorrect version specified in
  // apply patch"), and a wrong kind met the schema of that kind.
  // apimachinery pkg/util/managedfields/internal/versioncheck.go.
  bool apply_checks_kind = false;
  // An apply that changes nothing is told by the objects' equality
  // (structured-merge-diff v4.4.1 Updater.Apply), so an apply that only
  // reorders a keyed list is stored; before, by a comparison blind to
  // order, which kept the live object.
  bool apply_noop_by_equality = false;
  // The service-cidr-controller's Ready condition names its reason ("");
  // before, its server-side apply leaves the reason an earlier writer of
  // the Ready condition gave (pkg/controller/servicecidrs sync vs
  // updateConditionIfNeeded).
  bool service_cidr_ready_sets_reason = false;
  // The new allocator still writes the legacy bitmap as well
  // (DisableAllocatorDualWrite off), so the bitmap's IPv6 cap and errors hold.
  bool dual_write_legacy_bitmap = false;
  // cmd/kube-apiserver/app/options/validation.go validateClusterIPFlags: the
  // 20-host-bit limit applies unless MultiCIDRServiceAllocator and
  // DisableAllocatorDualWrite are both on.
  bool service_cidr_max_20_host_bits = true;
  // pkg/registry/core/service/ipallocator/ipallocator.go NewIPAllocator:
  // "shortest allowed prefix length for service CIDR is 64, got N".
  bool ipv6_service_cidr_min_prefix_64 = false;
  // NodePort static/dynamic band (ServiceNodePortStaticSubrange: alpha and
  // off in 1.27, beta and on in 1.28, GA and locked from 1.29).
  bool node_port_static_subrange = false;
  // ClusterIP static/dynamic band (ServiceIPStaticSubrange, KEP-3070: alpha
  // and off in 1.24, beta 1.25, GA 1.26): off, the bitmap has no static band
  // and dynamic allocation may take any free address
  // (ipallocator/allocator.go NewAllocatorCIDRRange: offset 0).
  bool cluster_ip_static_subrange = false;
  // storage/alloc.go allocIPs: a full range answers (500)
  // `failed to allocate a serviceIP for Service "<name>": range is full`.
  bool range_full_message_names_service = false;
  // storage/alloc.go allocIPs: dynamic-allocation errors other than a full
  // range are 422 on spec.clusterIPs ("failed to allocate IP: ...").
  bool dynamic_alloc_errors_invalid = false;
  // ipallocator.go allocateFromRange: an IPAddress object the server
  // refuses ends a dynamic allocation with that error (before: the address
  // is skipped and the next tried, so the range reads as full).
  bool ip_address_create_errors_abort = false;
  // storage.go needsNodePort: a LoadBalancer with
  // allocateLoadBalancerNodePorts false needs no node port (before: any
  // LoadBalancer does).
  bool load_balancer_without_node_ports_needs_none = false;

  // --- defaulting and the families ---
  // alloc.go initIPFamilyFields pre-validates with the old object (nil before).
  bool alloc_prevalidation_sees_old = false;

  // --- the API's fields ---
  // The v1 Service fields the decoder knows are those of this minor
  // (engine/api/service.cc since_minor): a newer field is an unknown field.
  int api_fields_minor = 24;

  // --- decoding ---
  // ServerSideFieldValidation (alpha and off until 1.24, beta 1.25, GA 1.27):
  // off, every write is decoded as fieldValidation=Ignore whatever the
  // request asks (apiserver pkg/endpoints/handlers/rest.go fieldValidation);
  // the parameter's value is still checked.
  bool server_side_field_validation = false;
  // The strict decoder names an unknown field by its path ("spec.foo",
  // 1.24); 1.23's by its key alone ("foo"). Seen only with
  // ServerSideFieldValidation switched on in 1.23.
  bool strict_decode_field_paths = false;

  // --- creates ---
  // Store.Create makes the generateName name before BeginCreate (1.26+);
  // before, rest.BeforeCreate made it after allocation, so an allocation or
  // family error names Service "".
  bool generate_name_before_begin_create = false;

  // --- deletes ---
  // A dry-run DELETE whose options drop the last garbage-collector finalizer
  // answers an empty Service (apiserver registry/generic/registry/dryrun.go
  // GuaranteedUpdate updates a fresh object from 1.28); before, the updated
  // Service.
  bool dry_run_delete_answers_empty_object = false;

  // --- patches ---
  // apimachinery strategicpatch: `$deleteFromPrimitiveList/<list>` deletes
  // from a replaced list too (before: the list became the values to delete;
  // kubernetes/kubernetes#110472), and a value taken whole from the patch
  // loses its directives (kubernetes/kubernetes#117568).
  bool smp_delete_list_on_any_list = false;
  bool smp_directives_removed_from_taken_values = false;

  // --- validation ---
  // pkg/api/service/util.go ExternallyAccessible: a ClusterIP Service with
  // externalIPs takes (and is defaulted) an externalTrafficPolicy; before,
  // only NodePort and LoadBalancer (needsExternalTrafficPolicy, "may only be
  // set when `type` is 'NodePort' or 'LoadBalancer'").
  bool external_ips_externally_accessible = false;
  // ValidateLoadBalancerStatus: status.loadBalancer.ingress only on a
  // LoadBalancer (AllowServiceLBStatusOnNonLB, deprecated and off, turns it
  // back; gone from 1.35).
  bool lb_status_ingress_only_on_load_balancer = false;
  // A status write that removes the last finalizer of a Service being
  // deleted releases its addresses and ports (storage.go NewREST:
  // statusStore.AfterDelete, 1.25); before, the Service goes and what it
  // held stays allocated until the repair loops free it.
  bool status_delete_releases_allocations = false;
  // internalTrafficPolicy is defaulted and required on ClusterIP, NodePort
  // and LoadBalancer Services only, and an ExternalName Service reads
  // without it (pkg/apis/core/v1/defaults.go, storage.go
  // defaultOnReadInternalTrafficPolicy, 1.24); before, on every type.
  bool internal_traffic_policy_type_scoped = false;
  // MixedProtocolLBService (alpha and off in 1.23, beta and on from 1.24,
  // GA 1.26): off, a LoadBalancer may not mix protocols
  // (conditional_validation.go validateMixedProtocolLBService).
  bool mixed_protocol_lb_service = false;
  // The create and update handlers refuse an object of another namespace
  // than the URL's ("the namespace of the provided object does not match
  // the namespace sent on the request"), before admission (1.24,
  // rest.EnsureObjectNamespaceMatchesRequestNamespace); 1.23 refuses it in
  // checkName on update ("the namespace of the object (X) does not match
  // the namespace on the request (Y)") and in rest.BeforeCreate, after
  // allocation, on create.
  bool namespace_checked_by_handlers = false;
  // rest.BeforeCreate/BeforeUpdate warn when they clear metadata.clusterName
  // (1.24); 1.23 clears it silently.
  bool cluster_name_warning = false;
  // StrictIPCIDRValidation: clusterIPs with leading zeros or in IPv4-mapped
  // form are refused.
  bool strict_ip_cidr_validation = false;
  // validOldIPs / validOldCIDRs (KEP-4858): an update keeps a value the
  // old object already had, however it is written.
  bool ip_validation_ratchets_old_values = false;
  // ValidateService checks each loadBalancerSourceRanges value (before: one
  // check of the whole list with GetLoadBalancerSourceRanges).
  bool source_ranges_validated_per_item = false;
  // RelaxedServiceNameValidation: Service names are RFC 1123 labels instead
  // of DNS-1035 labels.
  bool relaxed_service_name_validation = false;
  // ValidateService: the topology-mode and topology-aware-hints annotations
  // must match when both are set (1.26 has no topology-mode at all).
  bool validate_topology_mode_annotation = false;
  // apimachinery IsDNS1123Label: a lowercase value with dots "must not
  // contain dots" (before: the RFC 1123 label regex error).
  bool dns_label_dots_message = false;
  // IsValidPortName's one-letter rule reads "must contain at least one
  // letter (a-z)"; before apimachinery v0.25, "... letter or number (a-z,
  // 0-9)" for the same [a-z] check.
  bool port_name_letter_message = false;
  // ValidateService: LoadBalancer ports may not use the kubelet port 10250.
  bool forbid_kubelet_port_on_load_balancer = true;
  // ValidateService: trafficDistribution is validated.
  bool validate_traffic_distribution = false;
  // ServiceInternalTrafficPolicy on (a gate until GA in 1.26): internal
  // traffic policy is defaulted and required; off, dropped from writes unless
  // the old object has it (strategy.go dropServiceDisabledFields).
  bool internal_traffic_policy_enabled = true;
  // ServiceTrafficDistribution on: PrepareForCreate/Update keep
  // trafficDistribution (off, they drop it unless the old object has it).
  // Meaningless before the field exists (the decoder does not know it).
  bool traffic_distribution_enabled = true;
  // PreferSameTrafficDistribution: PreferSameZone and PreferSameNode are
  // valid trafficDistribution values.
  bool prefer_same_traffic_distribution = false;
  // ValidateServiceUpdate no longer re-validates ObjectMeta as for a create.
  bool update_skips_object_meta_revalidation = false;
  // rest.DeclarativeValidation for Services: its
  // FilterCoveredHandwrittenErrors goes through ErrorList.Filter, i.e.
  // ToAggregate, which de-duplicates the errors.
  bool validation_errors_deduplicated = false;

  // --- error texts ---
  // apimachinery field/errors.go ErrorBody renders non-string values with
  // json.Marshal (["a","b"], null) instead of Go %#v ([]string{"a", "b"},
  // "null") and no longer dereferences pointers first.
  bool field_error_values_as_json = false;
  // LoadBalancerIPMode (alpha and off in 1.29, beta and on from 1.30, GA in
  // 1.32): ingress ipMode defaults to VIP, is validated, and is not dropped
  // from status writes.
  bool load_balancer_ip_mode = false;
  // ValidateLoadBalancerStatus checks an ingress ip with validation.IsValidIP
  // (later IsValidIPForLegacyField); 1.29 used ParseIPSloppy and "must be a
  // valid IP address".
  bool lb_status_ip_is_valid_ip = false;
  // serviceStatusStrategy.WarningsOnUpdate warns about non-standard ingress
  // addresses (before 1.33 it warned about nothing).
  bool status_update_ip_warnings = false;
  // A DELETE body the handler cannot decode is errors.NewBadRequest (400);
  // before, the decoder's error went out as it was: 500, no reason.
  bool delete_options_decode_bad_request = false;
  // apimachinery TooLong: "may not be more than N bytes" (before: "must
  // have at most N bytes").
  bool too_long_says_may_not_be_more = false;
  // apimachinery pkg/api/validate/content: label keys are "a valid label
  // key" and lengths "must be no more than N bytes".
  bool label_content_messages = false;
  // labels.Parse inside "( )": a second comma of ",," is left for the next
  // token instead of being consumed with it (apimachinery
  // pkg/labels/selector.go parseIdentifiersList, v0.35).
  bool label_selector_keeps_second_comma = false;
  // --feature-gates turned MultiCIDRServiceAllocator on where the release
  // has it off (before 1.33): its networking.k8s.io API is off too.
  bool multi_cidr_forced_on = false;
  // ?fieldSelector= on Services also takes spec.clusterIP and spec.type
  // (pkg/apis/core/v1/conversion.go AddFieldLabelConversionsForService,
  // pkg/registry/core/service/strategy.go SelectableFields); before, only
  // metadata.name and metadata.namespace (runtime
  // DefaultMetaV1FieldSelectorConversion).
  bool service_spec_field_selectors = false;
  // ownerReferences kind/name/uid errors say "must not be empty" (before:
  // "kind must not be empty", ...).
  bool owner_reference_messages_unprefixed = false;
  // ownerReferences errors name the entry's index (path[i]), are Required
  // and an apiVersion without version "must be <group>/<version> or <version>".
  bool owner_reference_errors_indexed = false;
  // runtime.Scheme's decode errors name the line of scheme.go that built
  // the scheme.
  int decode_scheme_go_line = 100;

  // The apiserver is built with Go 1.22 (1.27, 1.28): netip.ParseAddr takes
  // IPv6 groups of five or more digits and nests an embedded IPv4
  // address's error (net::NetipRules::kGo122), as warnings quote it.
  bool netip_go122_rules = true;

  // --- warnings ---
  // The Service strategy warns at all (pkg/api/service/warnings.go
  // GetWarningsForService; before 1.27 WarningsOnCreate/Update return nil).
  bool service_warnings = false;
  IPWarningStyle ip_warning_style = IPWarningStyle::kServiceNetip;
  // pkg/api/service/warnings.go: loadBalancerIP, externalIPs and
  // sessionAffinity are "ignored for headless services".
  bool headless_ignored_field_warnings = false;
  // ... and sessionAffinity warned about even when "None" (1.34.0-1.34.1).
  bool headless_session_affinity_warning_always = false;
  // pkg/api/service/warnings.go: trafficDistribution PreferClose is
  // deprecated in favour of PreferSameZone.
  bool prefer_close_deprecation_warning = false;
  // pkg/api/service/warnings.go: spec.externalIPs ignored on an ExternalName
  // Service, spec.externalName ignored on any other type.
  bool external_name_ignored_field_warnings = false;
  // pkg/api/service/warnings.go: externalIPs are deprecated.
  bool external_ips_deprecation_warning = false;

  // kube-controller-manager's node IPAM words the cluster CIDR count checks
  // as validateCIDRs does ("(at least one from each IPFamily", "length of
  // clusterCIDRs is:N more than max allowed of 2"); before 1.26 its own
  // ("... IPFamily)", "len of clusters is:N > more than max allowed of 2").
  bool kcm_validate_cidrs_texts = false;

  // kube-controller-manager logs a failed controller start structured and
  // exits 1 (its error is the reported one); before, klog.Fatalf("error
  // starting controllers: %v"). It also refuses --cidr-allocator-type
  // CloudAllocator without a cloud (before: a nil-pointer panic).
  bool kcm_start_errors_structured = false;

  // --- component start-up ---
  // The first IP and port repair runs in the post-start hook
  // "start-service-ip-repair-controllers" (registry/core/rest/
  // storage_core.go); before, in the bootstrap controller, whose failure is
  // klog.Fatalf("Unable to perform initial IP and Port allocation check").
  bool repair_check_in_post_start_hook = false;
  // The primary Service range's family must match --advertise-address's
  // (unless the endpoint reconciler is none): checked with the other flags
  // (validatePublicIPServiceClusterIPRangeIPFamilies, kubernetes/kubernetes
  // #119081); before, once the flags passed, when the bootstrap controller
  // was made ("error creating bootstrap controller: ...").
  bool advertise_family_checked_with_flags = false;
  // The check exists at all (pkg/controlplane/controller.go
  // NewBootstrapController, 1.24): before, a primary Service range of the
  // other family than --advertise-address starts.
  bool advertise_family_checked = false;
  // Feature gate errors are the gate's own, not wrapped by pflag.
  bool feature_gate_errors_unwrapped = false;
  // kube-controller-manager knows the MultiCIDRRangeAllocator type (alpha,
  // behind its gate, off: "feature gate MultiCIDRRangeAllocator must be
  // enabled"); gone from 1.29.
  bool kcm_multi_cidr_range_allocator_type = false;
  // kube-controller-manager refuses a --cidr-allocator-type other than
  // RangeAllocator in Validate.
  bool kcm_range_allocator_only = false;
  // kube-controller-manager is built without the legacy cloud IPAM:
  // IPAMFromCluster/IPAMFromCloud fail "disabled at build time" (before: a
  // nil cloud panics).
  bool kcm_legacy_ipam_disabled_at_build = false;
  // kube-proxy's configuration defaults detectLocalMode to ClusterCIDR and
  // refuses a mode it does not know (validateDetectLocalMode); 1.27 leaves
  // it empty and takes any.
  bool kube_proxy_validates_detect_local_mode = false;
  // kube-proxy refuses detectLocalMode BridgeInterface or
  // InterfaceNamePrefix without the interface ("must not be empty", 1.24
  // pkg/proxy/apis/config/validation validateInterface); 1.23 takes it.
  bool kube_proxy_validates_detect_local_interfaces = false;
  // kube-proxy validates --cluster-cidr as a list.
  bool kube_proxy_cluster_cidr_list = false;
  // kubelet: --node-ip is parsed by component-helpers ParseNodeIPArgument
  // ("bad --node-ip %q: ..."; a dual-stack pair with --cloud-provider=external
  // behind CloudDualStackNodeIPs); before, by cmd/kubelet/app/server.go
  // ("bad --node-ip %q; ...", no dual-stack pair with any cloud provider).
  bool kubelet_node_ip_component_helpers = false;
  // kubelet: CloudDualStackNodeIPs on by default (beta; alpha and off before).
  bool kubelet_cloud_dual_stack_node_ips_default_on = false;
  // kubelet: CloudDualStackNodeIPs is GA (no gate to read).
  bool kubelet_cloud_dual_stack_node_ips_ga = false;

  // --- k8s.io/utils ---
  // net.ParseCIDRs words a bad entry "invalid CIDR[i]: <nil> (err)" (before:
  // "failed to parse cidr value:%q with error:err"): kube-controller-manager's
  // --cluster-cidr and a Node's spec.podCIDRs internal error quote it.
  bool parse_cidrs_indexed_errors = false;

  // --- nodes ---
  // ValidateNode checks each spec.podCIDRs value as a CIDR of the legacy
  // field rules (before: ParseCIDRSloppy, "must be valid CIDR").
  bool node_pod_cidrs_legacy_field_rules = false;
  // ValidateNode no longer refuses a repeated spec.podCIDRs value with
  // Duplicate (the one-per-family check still does).
  bool node_pod_cidr_duplicates_allowed = false;
  // Node create and update warn about non-standard pod CIDRs.
  bool node_pod_cidr_warnings = false;
};

// The profile of `release`'s minor, with patch-level switches applied.
// NotFound when kdual has no profile for that minor.
Result<Profile> ProfileFor(const Release& release);

// Every switch of `p` by its field name, with its value as text, in
// declaration order: what the tests and `kdual version --profile` compare.
std::vector<std::pair<std::string, std::string>> ProfileSwitches(const Profile& p);

// The minors that have a profile, oldest first ("1.29", ...): every minor
// between the oldest and the newest the change table covers.
std::vector<std::string> SupportedMinors();

}  // namespace kdual::version

#endif  // KDUAL_ENGINE_VERSION_PROFILE_H_
