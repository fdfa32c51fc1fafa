#include "engine/flags/feature_gates.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/go_format.h"
#include "engine/base/strings.h"

namespace kdual::flags {
namespace {

// Until 1.30 the gates were checked while the flag was parsed, so pflag
// wrapped every error ("invalid argument ... for "--feature-gates" flag:
// ..."); from 1.31 (versioned gates, checked once the emulation version is
// known) the error is the gate's own (Profile::feature_gate_errors_unwrapped).
Status GateError(const std::string& value, const std::string& err, bool unwrapped) {
  if (unwrapped) return InvalidArgument(err);
  return InvalidArgument("invalid argument " + GoQuote(value) +
                         " for \"--feature-gates\" flag: " + err);
}

struct KnownGates {
  const char* release;  // "v1.37.2"
  const char* names;    // one gate a line
};

// Generated from engine/flags/known/feature-gates-<release>.txt.
constexpr KnownGates kKnownGates[] = {
#include "known_feature_gates.inc"
};

// What the release's list says of gate `name`: unknown, known, or locked
// to a value (the binary refuses the other one). A release kdual has no
// list of knows every gate and locks none.
struct GateInfo {
  bool known = true;
  std::optional<bool> locked_to;
};

GateInfo LookUpGate(const version::Release& release, const std::string& name) {
  for (const auto& k : kKnownGates) {
    auto r = version::ParseRelease(k.release);
    if (!r.ok() || r->major != release.major || r->minor != release.minor) continue;
    std::string_view text = k.names;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      start = end + 1;
      // "Name" or "Name locked=true|false" (scripts/known-lists).
      std::string_view gate = line.substr(0, line.find(' '));
      if (gate != name) continue;
      GateInfo info;
      if (gate.size() < line.size()) info.locked_to = line.substr(gate.size()) == " locked=true";
      return info;
    }
    return GateInfo{false, std::nullopt};
  }
  return GateInfo{};
}

// The gates the engine models, with the minors where each is alpha or beta
// (AllAlpha / AllBeta switch those not set explicitly) and how it changes
// the profile. pkg/features/kube_features.go of each release.
struct ModelledGate {
  const char* name;
  int alpha_from, beta_from, ga_from;  // 0: never
  void (*apply)(version::Profile&, bool on);
};

const ModelledGate kModelled[] = {
    {"StrictIPCIDRValidation", 33, 36, 0,
     [](version::Profile& p, bool on) { p.strict_ip_cidr_validation = on; }},
    {"PreferSameTrafficDistribution", 33, 34, 35,
     [](version::Profile& p, bool on) { p.prefer_same_traffic_distribution = on; }},
    // Beta and on until GA (and locked) in 1.26: off, internalTrafficPolicy
    // is neither defaulted nor kept.
    {"ServiceInternalTrafficPolicy", 21, 22, 26,
     [](version::Profile& p, bool on) { p.internal_traffic_policy_enabled = on; }},
    // KEP-1435: off (alpha in 1.23, or switched off in 1.24 and 1.25), a
    // LoadBalancer may not mix protocols.
    {"MixedProtocolLBService", 20, 24, 26,
     [](version::Profile& p, bool on) { p.mixed_protocol_lb_service = on; }},
    // KEP-3070: off (alpha in 1.24, or switched off in 1.25), the ClusterIP
    // bitmap has no static band.
    {"ServiceIPStaticSubrange", 24, 25, 26,
     [](version::Profile& p, bool on) { p.cluster_ip_static_subrange = on; }},
    // KEP-2885: off (alpha until 1.24, or switched off in 1.25 and 1.26),
    // every write decodes as fieldValidation=Ignore.
    {"ServerSideFieldValidation", 23, 25, 27,
     [](version::Profile& p, bool on) { p.server_side_field_validation = on; }},
    {"ServiceTrafficDistribution", 30, 31, 33,
     [](version::Profile& p, bool on) { p.traffic_distribution_enabled = on; }},
    {"RelaxedServiceNameValidation", 34, 36, 37,
     [](version::Profile& p, bool on) { p.relaxed_service_name_validation = on; }},
    // KEP-1880: switched off on 1.33 (the one release where it is GA and not
    // locked), the bitmap allocates alone again; switched on before 1.33,
    // the apiserver needs its networking.k8s.io API (service_cluster.cc).
    // Beta and on in 1.28 (it can be switched off there: one band), GA and
    // locked from 1.29.
    {"ServiceNodePortStaticSubrange", 27, 28, 29,
     [](version::Profile& p, bool on) { p.node_port_static_subrange = on; }},
    // Deprecated and off (1.29-1.31; locked off 1.32-1.34): on,
    // status.loadBalancer.ingress is taken on any Service type again.
    {"AllowServiceLBStatusOnNonLB", 0, 0, 0,
     [](version::Profile& p, bool on) {
       if (on) p.lb_status_ingress_only_on_load_balancer = false;
     }},
    {"MultiCIDRServiceAllocator", 27, 31, 33,
     [](version::Profile& p, bool on) {
       if (on && !p.multi_cidr_service_allocator) p.multi_cidr_forced_on = true;
       p.multi_cidr_service_allocator = on;
       if (!on) {
         p.dual_write_legacy_bitmap = false;
         p.ipv6_service_cidr_min_prefix_64 = false;
       }
     }},
};

const char* StageAt(const ModelledGate& g, int minor) {
  if (g.ga_from && minor >= g.ga_from) return "GA";
  if (g.beta_from && minor >= g.beta_from) return "BETA";
  if (g.alpha_from && minor >= g.alpha_from) return "ALPHA";
  return "";
}

}  // namespace

Result<version::Profile> ApplyFeatureGates(const ComponentFlags& flags,
                                           const version::Profile& base) {
  version::Profile p = base;
  auto value = flags.Get(kApiserver, "feature-gates");
  if (!value || value->empty()) return p;
  const int minor = p.release.minor;
  // featuregate.(*featureGate).Set: comma-separated k=v pairs, each trimmed
  // and parsed first; then every gate checked (unknown, locked).
  std::vector<std::pair<std::string, bool>> gates;
  size_t start = 0;
  while (true) {
    size_t comma = value->find(',', start);
    std::string s = TrimSpace(
        value->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!s.empty()) {
      size_t eq = s.find('=');
      std::string k = TrimSpace(s.substr(0, eq));
      if (eq == std::string::npos)
        return GateError(*value, "missing bool value for " + k, p.feature_gate_errors_unwrapped);
      std::string v = TrimSpace(s.substr(eq + 1));
      ParseBoolResult parsed = GoParseBool(v);
      if (!parsed.ok)
        return GateError(*value, "invalid value of " + k + "=" + v + ", err: " + parsed.error,
                         p.feature_gate_errors_unwrapped);
      const bool on = parsed.value;
      gates.emplace_back(k, on);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::map<std::string, bool> set;
  for (const auto& gate : gates) {
    // Named copies, not a structured binding: the lambda below captures
    // them, which clang-14 (the asan and fuzz presets) refuses for bindings.
    const std::string& k = gate.first;
    const bool on = gate.second;
    const GateInfo info = LookUpGate(p.release, k);
    if (!info.known)
      return GateError(*value, "unrecognized feature gate: " + k, p.feature_gate_errors_unwrapped);
    // A gate locked to its default refuses the other value.
    auto locked = [&](bool to) -> Status {
      if (on == to) return Status::Ok();
      return GateError(*value,
                       "cannot set feature gate " + k + " to " + (on ? "true" : "false") +
                           ", feature is locked to " + (to ? "true" : "false"),
                       p.feature_gate_errors_unwrapped);
    };
    // Every lock the release's binary has (GA and deprecated gates locked to
    // their default: ServiceNodePortStaticSubrange from 1.29,
    // MultiCIDRServiceAllocator from 1.34, ...), from its known list.
    if (info.locked_to) KDUAL_RETURN_IF_ERROR(locked(*info.locked_to));
    set[k] = on;
  }
  // AllAlpha / AllBeta first, for the modelled gates not set explicitly.
  for (const auto& g : kModelled) {
    if (set.count(g.name)) continue;
    std::string stage = StageAt(g, minor);
    if (stage == "ALPHA" && set.count("AllAlpha")) g.apply(p, set["AllAlpha"]);
    if (stage == "BETA" && set.count("AllBeta")) g.apply(p, set["AllBeta"]);
  }
  for (const auto& g : kModelled) {
    auto it = set.find(g.name);
    if (it != set.end()) g.apply(p, it->second);
  }
  if (auto it = set.find("DisableAllocatorDualWrite");
      it != set.end() && p.multi_cidr_service_allocator) {
    // With it on, 1.33 stops writing the bitmap and lifts the 20-bit limit.
    p.dual_write_legacy_bitmap = !it->second;
    p.service_cidr_max_20_host_bits = !it->second;
  }
  return p;
}

}  // namespace kdual::flags
