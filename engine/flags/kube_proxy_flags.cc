#include "engine/flags/kube_proxy_flags.h"

#include "engine/base/strings.h"
#include "engine/validation/field_error.h"

// Sources:
//   cmd/kube-proxy/app/options.go (1.33, 1.37; server.go in 1.29): the
//       flags, Complete (a --config file replaces the flag values),
//       processV1Alpha1Flags: --cluster-cidr, when given, is
//       strings.Split(value, ",") (so "" is one empty entry)
//   pkg/proxy/apis/config/v1alpha1/conversion.go: a file's clusterCIDR is
//       split only when non-empty
//   cmd/kube-proxy/app/server_linux.go platformApplyDefaults: an empty
//       detect-local-mode becomes ClusterCIDR
//   pkg/proxy/apis/config/validation/validation.go: 1.29 checks the
//       ClusterCIDR string whatever the mode; 1.33 and 1.37 check
//       DetectLocal.ClusterCIDRs only in ClusterCIDR mode
//   cmd/kube-proxy/app/server.go: "failed validate: %w"
// Messages checked against the pinned releases' kube-proxy binaries.

namespace kdual::flags {
namespace {

using validation::ErrorList;
using validation::FieldValue;

const std::vector<std::string> kLocalModes = {"ClusterCIDR", "NodeCIDR", "BridgeInterface",
                                              "InterfaceNamePrefix", ""};

// The ClusterCIDR string field of 1.29 and older.
void ValidateClusterCidrString(const std::string& value, ErrorList* errs) {
  if (value.empty()) return;
  const std::string field = "KubeProxyConfiguration.ClusterCIDR";
  std::vector<std::string> cidrs = SplitString(value, ',');
  if (cidrs.size() > 2) {
    errs->push_back(validation::Invalid(
        field, FieldValue::String(value),
        "only one CIDR allowed or a valid DualStack CIDR (e.g. 10.100.0.0/16,fde4:8dba:82e1::/48)"));
  } else if (cidrs.size() == 2) {
    auto a = net::ParseCIDRSloppy(cidrs[0]);
    auto b = net::ParseCIDRSloppy(cidrs[1]);
    if (!a.ok() || !b.ok() || a->family() == b->family()) {
      errs->push_back(validation::Invalid(
          field, FieldValue::String(value),
          "must be a valid DualStack CIDR (e.g. 10.100.0.0/16,fde4:8dba:82e1::/48)"));
    }
  } else if (!net::ParseCIDRSloppy(value).ok()) {
    errs->push_back(validation::Invalid(
        field, FieldValue::String(value),
        "must be a valid CIDR block (e.g. 10.100.0.0/16 or fde4:8dba:82e1::/48)"));
  }
}

// validateDualStackCIDRStrings (1.31 and newer).
void ValidateClusterCidrList(const std::vector<std::string>& cidrs, ErrorList* errs) {
  const std::string field = "KubeProxyConfiguration.DetectLocalConfiguration.ClusterCIDRs";
  const std::string pair =
      "must be a either a single CIDR or dual-stack pair of CIDRs (e.g. [10.100.0.0/16, fde4:8dba:82e1::/48]";
  if (cidrs.size() > 2) {
    errs->push_back(validation::Invalid(field, FieldValue::List(cidrs), pair));
    return;
  }
  std::vector<net::Cidr> parsed;
  for (size_t i = 0; i < cidrs.size(); ++i) {
    auto c = net::ParseCIDRSloppy(cidrs[i]);
    if (!c.ok()) {
      errs->push_back(validation::Invalid(
          field + "[" + std::to_string(i) + "]", FieldValue::String(cidrs[i]),
          "must be a valid CIDR block (e.g. 10.100.0.0/16 or fde4:8dba:82e1::/48)"));
    } else {
      parsed.push_back(*c);
    }
  }
  // IsDualStackCIDRStrings fails (and nothing more is said) when either
  // entry does not parse.
  if (cidrs.size() == 2 && parsed.size() == 2 && parsed[0].family() == parsed[1].family()) {
    errs->push_back(validation::Invalid(field, FieldValue::List(cidrs), pair));
  }
}

std::string StringAt(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return "";
    at = &(*at)[key];
  }
  return at->is_string() ? at->get<std::string>() : "";
}

}  // namespace

Result<KubeProxyDualStack> ParseKubeProxyConfig(
    const FlagMap& flags, const version::Profile& profile,
    const std::optional<nlohmann::json>& config_file_json) {
  KubeProxyDualStack out;
  const bool list_era = profile.kube_proxy_cluster_cidr_list;
  std::string cluster_cidr_string;  // 1.29
  bool cluster_cidr_given = false;
  std::string bridge, prefix;
  auto flag = [&](const char* name) -> std::optional<std::string> {
    auto it = flags.find(name);
    if (it == flags.end()) return std::nullopt;
    return it->second;
  };

  if (auto file = flag("config"); file && !file->empty()) {
    out.config_file = *file;
    if (!config_file_json) {
      out.config_known = false;
      return out;
    }
    const nlohmann::json& c = *config_file_json;
    cluster_cidr_string = StringAt(c, {"clusterCIDR"});
    cluster_cidr_given = !cluster_cidr_string.empty();  // conversion splits only a non-empty value
    out.detect_local_mode = StringAt(c, {"detectLocalMode"});
    bridge = StringAt(c, {"detectLocal", "bridgeInterface"});
    prefix = StringAt(c, {"detectLocal", "interfaceNamePrefix"});
  } else {
    if (auto v = flag("cluster-cidr")) {
      cluster_cidr_string = *v;
      cluster_cidr_given = true;  // fs.Changed: split even when empty
    }
    out.detect_local_mode = flag("detect-local-mode").value_or("");
    bridge = flag("pod-bridge-interface").value_or("");
    prefix = flag("pod-interface-name-prefix").value_or("");
  }
  if (cluster_cidr_given && (list_era || !cluster_cidr_string.empty())) {
    out.cluster_cidr_text = SplitString(cluster_cidr_string, ',');
  }
  // From 1.28 the configuration says ClusterCIDR; 1.27 leaves it empty (its
  // getDetectLocalMode takes "" as ClusterCIDR when it runs).
  if (out.detect_local_mode.empty() && profile.kube_proxy_validates_detect_local_mode)
    out.detect_local_mode = "ClusterCIDR";

  ErrorList errs;
  const std::string& mode = out.detect_local_mode;
  if (!list_era) {
    ValidateClusterCidrString(cluster_cidr_string, &errs);
  }
  bool known_mode = false;
  for (const auto& m : kLocalModes) known_mode = known_mode || m == mode;
  // validateDetectLocalMode came in 1.28; 1.27 takes any mode.
  if (!known_mode && profile.kube_proxy_validates_detect_local_mode) {
    errs.push_back(validation::NotSupported("KubeProxyConfiguration.DetectLocalMode",
                                            FieldValue::String(mode), kLocalModes));
  }
  const std::string detect =
      list_era ? "KubeProxyConfiguration.DetectLocalConfiguration." : "KubeProxyConfiguration.";
  // The interface checks came in 1.24 (validateInterface); 1.23 takes an
  // empty interface name or prefix.
  const bool interfaces = profile.kube_proxy_validates_detect_local_interfaces;
  if (interfaces && mode == "BridgeInterface" && bridge.empty()) {
    errs.push_back(
        validation::Invalid(detect + "InterfaceName", FieldValue::String(""), "must not be empty"));
  } else if (interfaces && mode == "InterfaceNamePrefix" && prefix.empty()) {
    errs.push_back(validation::Invalid(detect + "InterfacePrefix", FieldValue::String(""),
                                       "must not be empty"));
  } else if (list_era && mode == "ClusterCIDR" && !out.cluster_cidr_text.empty()) {
    ValidateClusterCidrList(out.cluster_cidr_text, &errs);
  }
  if (!errs.empty()) {
    return InvalidArgument("failed validate: " +
                           validation::AggregateMessage(errs, profile.field_error_values_as_json));
  }
  for (const auto& text : out.cluster_cidr_text) {
    auto c = net::ParseCIDRSloppy(text);
    if (c.ok()) out.cluster_cidrs.push_back(*c);
  }
  return out;
}

}  // namespace kdual::flags
