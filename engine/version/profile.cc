#include "engine/version/profile.h"

namespace kdual::version {

// Gate defaults are read from pkg/features/kube_features.go of each pinned
// release (v1.29.15, v1.33.13, v1.37.2).
Result<Profile> ProfileFor(const Release& release) {
  Profile p;
  p.release = release;
  if (release.major == 1 && release.minor == 29) {
    // MultiCIDRServiceAllocator alpha (off); bitmap allocator only.
    p.multi_cidr_service_allocator = false;
    p.dual_write_legacy_bitmap = false;
    p.service_cidr_max_20_host_bits = true;
    p.ipv6_service_cidr_min_prefix_64 = false;
    p.ip_warning_style = IPWarningStyle::kServiceNetip;
    p.forbid_kubelet_port_on_load_balancer = true;
    p.validate_traffic_distribution = false;
    return p;
  }
  if (release.major == 1 && release.minor == 33) {
    // MultiCIDRServiceAllocator GA (on); DisableAllocatorDualWrite beta (off):
    // the bitmap is still written, so the 20-bit flag limit still applies.
    p.multi_cidr_service_allocator = true;
    p.dual_write_legacy_bitmap = true;
    p.service_cidr_max_20_host_bits = true;
    p.ipv6_service_cidr_min_prefix_64 = true;
    p.ip_warning_style = IPWarningStyle::kApimachineryFuture;
    p.validate_traffic_distribution = true;
    return p;
  }
  if (release.major == 1 && release.minor == 37) {
    // MultiCIDRServiceAllocator locked on; DisableAllocatorDualWrite locked
    // on; StrictIPCIDRValidation beta (on); RelaxedServiceNameValidation GA.
    p.multi_cidr_service_allocator = true;
    p.dual_write_legacy_bitmap = false;
    p.service_cidr_max_20_host_bits = false;
    p.ipv6_service_cidr_min_prefix_64 = true;
    p.field_error_values_as_json = true;
    p.strict_ip_cidr_validation = true;
    p.ip_warning_style = IPWarningStyle::kApimachineryInvalid;
    p.relaxed_service_name_validation = true;
    p.range_full_message_names_service = true;
    p.prefer_same_traffic_distribution = true;
    p.external_ips_deprecation_warning = true;
    p.validate_traffic_distribution = true;
    return p;
  }
  std::string minors;
  for (const auto& m : SupportedMinors()) {
    if (!minors.empty()) minors += ", ";
    minors += m;
  }
  return NotFound("no engine profile for " + release.ToString() + "; supported minors: " + minors);
}

std::vector<std::string> SupportedMinors() { return {"1.29", "1.33", "1.37"}; }

}  // namespace kdual::version
