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
      if (k == "StrictIPCIDRValidation") {
        // pkg/features/kube_features.go: alpha in 1.33, beta (on) in 1.36.
        if (p.release.minor < 33) return FlagError(*value, "unrecognized feature gate: " + k);
        p.strict_ip_cidr_validation = on;
      }
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return p;
}

}  // namespace kdual::flags
