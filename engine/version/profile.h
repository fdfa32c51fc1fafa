// One profile per supported Kubernetes minor: the feature gates, defaults
// and messages that differ between the versions kdual models.
#ifndef KDUAL_ENGINE_VERSION_PROFILE_H_
#define KDUAL_ENGINE_VERSION_PROFILE_H_

#include <string>
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

struct Profile {
  Release release;
  // MultiCIDRServiceAllocator: the ServiceCIDR/IPAddress allocator (beta and
  // on by default from 1.33, GA later).
  bool multi_cidr_service_allocator = false;
  // In 1.33 the new allocator still writes the legacy bitmap as well, so the
  // bitmap's IPv6 cap and errors hold; dropped in 1.34.
  bool dual_write_legacy_bitmap = false;

  // --- switches added by the engine (each cites where it comes from) ---

  // cmd/kube-apiserver/app/options/validation.go validateClusterIPFlags: the
  // 20-host-bit limit applies unless MultiCIDRServiceAllocator and
  // DisableAllocatorDualWrite are both on.
  bool service_cidr_max_20_host_bits = true;
  // pkg/registry/core/service/ipallocator/ipallocator.go NewIPAllocator:
  // "shortest allowed prefix length for service CIDR is 64, got N".
  bool ipv6_service_cidr_min_prefix_64 = false;
  // NodePort static/dynamic band (ServiceNodePortStaticSubrange, GA 1.29).
  bool node_port_static_subrange = true;
  // apimachinery field/errors.go ErrorBody: 1.37 renders non-string values
  // with json.Marshal (["a","b"], null) instead of Go %#v ([]string{"a", "b"},
  // "null") and no longer dereferences pointers first.
  bool field_error_values_as_json = false;
  // StrictIPCIDRValidation (beta, on by default from 1.36): clusterIPs with
  // leading zeros or in IPv4-mapped form are refused.
  bool strict_ip_cidr_validation = false;
  IPWarningStyle ip_warning_style = IPWarningStyle::kServiceNetip;
  // RelaxedServiceNameValidation (GA 1.37): Service names are RFC 1123
  // labels instead of DNS-1035 labels.
  bool relaxed_service_name_validation = false;
  // pkg/apis/core/validation ValidateService <= 1.3x: LoadBalancer ports may
  // not use the kubelet port 10250 (removed by 1.33).
  bool forbid_kubelet_port_on_load_balancer = false;
  // storage/alloc.go allocIPs (1.37): a full range answers
  // `failed to allocate a serviceIP for Service "<name>": range is full`, and
  // other dynamic-allocation errors are 422 on spec.clusterIPs.
  bool range_full_message_names_service = false;
  // pkg/api/service/warnings.go (1.37): warnings for externalIPs
  // (deprecated) and for fields ignored on headless Services.
  bool external_ips_deprecation_warning = false;
  // ValidateService: trafficDistribution is validated (1.30+).
  bool validate_traffic_distribution = false;
  // PreferSameTrafficDistribution (alpha 1.33, on from 1.34): PreferSameZone
  // and PreferSameNode are valid trafficDistribution values.
  bool prefer_same_traffic_distribution = false;
};

// The profile of `release`'s minor, with patch-level switches applied.
// NotFound when kdual has no profile for that minor.
Result<Profile> ProfileFor(const Release& release);

// The minors that have a profile, oldest first ("1.29", ...).
std::vector<std::string> SupportedMinors();

}  // namespace kdual::version

#endif  // KDUAL_ENGINE_VERSION_PROFILE_H_
