#include "engine/flags/feature_gates.h"

#include <string>

#include "engine/base/go_format.h"

namespace kdual::flags {
namespace {

std::string TrimSpace(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\n\r\v\f");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\n\r\v\f");
  return s.substr(b, e - b + 1);
}

// strconv.ParseBool.
bool ParseBool(const std::string& v, bool* out) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (v == t) return *out = true, true;
  }
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (v == f) return *out = false, true;
  }
  return false;
}

Status FlagError(const std::string& value, const std::string& err) {
  return InvalidArgument("invalid argument " + GoQuote(value) + " for \"--feature-gates\" flag: " + err);
}

}  // namespace

Result<version::Profile> ApplyFeatureGates(const ComponentFlags& flags, const version::Profile& base) {
  version::Profile p = base;
  auto value = flags.Get(kApiserver, "feature-gates");
  if (!value || value->empty()) return p;
  // featuregate.(*featureGate).Set: comma-separated k=v pairs, each trimmed.
  size_t start = 0;
  while (true) {
    size_t comma = value->find(',', start);
    std::string s = TrimSpace(value->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!s.empty()) {
      size_t eq = s.find('=');
      std::string k = TrimSpace(s.substr(0, eq));
      if (eq == std::string::npos) return FlagError(*value, "missing bool value for " + k);
      std::string v = TrimSpace(s.substr(eq + 1));
      bool on = false;
      if (!ParseBool(v, &on)) {
        return FlagError(*value, "invalid value of " + k + "=" + v + ", err: strconv.ParseBool: parsing " + GoQuote(v) +
                                     ": invalid syntax");
      }
      const int minor = p.release.minor;
      auto unknown = [&]() { return FlagError(*value, "unrecognized feature gate: " + k); };
      // A gate locked to its default refuses the other value.
      auto locked = [&](bool to) -> Status {
        if (on == to) return Status::Ok();
        return FlagError(*value, "cannot set feature gate " + k + " to " + (on ? "true" : "false") +
                                     ", feature is locked to " + (to ? "true" : "false"));
      };
      // pkg/features/kube_features.go of each pinned release.
      if (k == "StrictIPCIDRValidation") {
        // Alpha in 1.33, beta (on) from 1.36.
        if (minor < 33) return unknown();
        p.strict_ip_cidr_validation = on;
      } else if (k == "PreferSameTrafficDistribution") {
        // Alpha in 1.33, beta 1.34, GA and locked from 1.35.
        if (minor < 33) return unknown();
        if (minor >= 35) KDUAL_RETURN_IF_ERROR(locked(true));
        p.prefer_same_traffic_distribution = on;
      } else if (k == "RelaxedServiceNameValidation") {
        // Alpha in 1.34, beta 1.36, GA and locked in 1.37.
        if (minor < 34) return unknown();
        if (minor >= 37) KDUAL_RETURN_IF_ERROR(locked(true));
        p.relaxed_service_name_validation = on;
      } else if (k == "ServiceTrafficDistribution") {
        // Alpha in 1.30, GA and locked in 1.33, removed in 1.36.
        if (minor < 30 || minor >= 36) return unknown();
        if (minor >= 33) KDUAL_RETURN_IF_ERROR(locked(true));
      } else if (k == "DisableAllocatorDualWrite") {
        // Alpha in 1.31, beta (off) in 1.33, GA locked on from 1.35. With it
        // on, 1.33 stops writing the bitmap and lifts the 20-bit limit.
        if (minor < 31) return unknown();
        if (minor >= 35) KDUAL_RETURN_IF_ERROR(locked(true));
        if (p.multi_cidr_service_allocator) {
          p.dual_write_legacy_bitmap = !on;
          p.service_cidr_max_20_host_bits = !on;
        }
      } else if (k == "MultiCIDRServiceAllocator") {
        // Alpha in 1.27 (needs the networking.k8s.io/v1alpha1 API, not
        // modelled), GA in 1.33, locked from 1.34.
        if (minor >= 34) KDUAL_RETURN_IF_ERROR(locked(true));
      }
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return p;
}

}  // namespace kdual::flags
