#include "engine/flags/kubelet_flags.h"

#include "engine/base/go_format.h"
#include "engine/base/strings.h"

// Sources: 1.26 cmd/kubelet/app/server.go (its own --node-ip checks);
// from 1.27 component-helpers node/util/ips.go parseNodeIP and
// ParseNodeIPArgument (v0.27/v0.28: dual-stack with --cloud-provider=external
// only while the CloudDualStackNodeIPs gate is on, alpha and off; v0.29.15:
// the same, beta and on by default;
// v0.33.13 and v0.37.2: always with external), cmd/kubelet/app/server.go:
// "bad --node-ip %q: %v".

namespace kdual::flags {
namespace {

// The value the kubelet's --feature-gates gives `gate`, if any (a plain
// reading of "A=true,B=false"; the gate list itself is checked elsewhere).
std::optional<bool> GateValue(const FlagMap& flags, const std::string& gate) {
  auto it = flags.find("feature-gates");
  if (it == flags.end()) return std::nullopt;
  std::optional<bool> value;
  for (const std::string& part : SplitString(it->second, ',')) {
    size_t eq = part.find('=');
    if (eq == std::string::npos || TrimSpace(part.substr(0, eq)) != gate) continue;
    ParseBoolResult b = GoParseBool(TrimSpace(part.substr(eq + 1)));
    if (b.ok) value = b.value;
  }
  return value;
}

}  // namespace

Result<KubeletNodeIPs> ParseKubeletNodeIPs(const FlagMap& flags, const version::Profile& profile) {
  KubeletNodeIPs out;
  auto get = [&](const char* name) {
    auto it = flags.find(name);
    return it == flags.end() ? std::string() : it->second;
  };
  const std::string node_ip = get("node-ip");
  out.cloud_provider = get("cloud-provider");
  bool external_dual = true;
  if (!profile.kubelet_cloud_dual_stack_node_ips_ga) {
    external_dual = GateValue(flags, "CloudDualStackNodeIPs")
                        .value_or(profile.kubelet_cloud_dual_stack_node_ips_default_on);
  }
  out.dual_stack_allowed =
      out.cloud_provider.empty() || (profile.kubelet_node_ip_component_helpers &&
                                     out.cloud_provider == "external" && external_dual);

  if (!node_ip.empty()) {
    for (const std::string& part : SplitString(node_ip, ',')) {
      std::string ip = TrimSpace(part);
      auto parsed = net::ParseIPSloppy(ip);
      if (parsed.ok()) {
        out.node_ips.push_back(*parsed);
      } else {
        out.ignored.push_back(ip);
      }
    }
  }
  auto bad = [&](const std::string& why) {
    return InvalidArgument("bad --node-ip " + GoQuote(node_ip) + ": " + why);
  };
  const auto& ips = out.node_ips;
  const bool helpers = profile.kubelet_node_ip_component_helpers;
  if (ips.size() > 2 || (ips.size() == 2 && ips[0].family() == ips[1].family())) {
    if (!helpers) {
      return InvalidArgument("bad --node-ip " + GoQuote(node_ip) +
                             "; must contain either a single IP or a dual-stack pair of IPs");
    }
    return bad("must contain either a single IP or a dual-stack pair of IPs");
  }
  if (ips.size() == 2 && !out.dual_stack_allowed) {
    if (!helpers) {
      return InvalidArgument("dual-stack --node-ip " + GoQuote(node_ip) +
                             " not supported when using a cloud provider");
    }
    return bad("dual-stack not supported in this configuration");
  }
  if (ips.size() == 2 && (ips[0].IsUnspecified() || ips[1].IsUnspecified())) {
    if (!helpers) {
      return InvalidArgument("dual-stack --node-ip " + GoQuote(node_ip) +
                             " cannot include '0.0.0.0' or '::'");
    }
    return bad("dual-stack node IP cannot include '0.0.0.0' or '::'");
  }
  return out;
}

}  // namespace kdual::flags
