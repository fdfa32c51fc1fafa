#include "engine/flags/controller_manager_flags.h"

#include "engine/base/go_format.h"
#include "engine/base/strings.h"

// Sources (the same text in v1.29.15, v1.33.13 and v1.37.2 unless noted):
//   cmd/kube-controller-manager/app/options/nodeipamcontroller.go  Validate
//   cmd/kube-controller-manager/app/core.go  startNodeIpamController (1.37:
//       newNodeIpamController), validateCIDRs, processCIDRs,
//       setNodeCIDRMaskSizes
//   pkg/controller/nodeipam/node_ipam_controller.go  NewNodeIpamController
//   pkg/controller/nodeipam/ipam/cidr_allocator.go  New
//   pkg/controller/nodeipam/ipam/cidrset/cidr_set.go  NewCIDRSet
//   k8s.io/utils/net ParseCIDRs: "invalid CIDR[%d]: %v (%v)"

namespace kdual::flags {
namespace {

constexpr int kDefaultNodeMaskIPv4 = 24;
constexpr int kDefaultNodeMaskIPv6 = 64;
// cidrset.clusterSubnetMaxDiff: an IPv6 cluster CIDR may hold at most 2^16
// node CIDRs; IPv4 has no limit.
constexpr int kClusterSubnetMaxDiff = 16;
constexpr size_t kMaxFlagText = 4096;

std::string PflagError(const std::string& flag, const std::string& value, const std::string& err) {
  return "invalid argument " + GoQuote(value) + " for " + GoQuote("--" + flag) + " flag: " + err;
}

// net.IPMask.Size() of ParseCIDRSloppy's answer for `text` (already known
// to parse): an IPv6-written prefix keeps its 128-bit mask even where the
// address is IPv4-mapped.
int GoMaskSize(const std::string& text, const net::Cidr& parsed) {
  bool written_v6 = text.find(':') != std::string::npos;
  if (written_v6 && parsed.family() == net::Family::kIPv4) return parsed.prefix_length() + 96;
  return parsed.prefix_length();
}

}  // namespace

FlagMap LaunchedControllerManagerFlags(const ComponentFlags& flags) {
  FlagMap kcm;
  auto it = flags.components.find(kControllerManager);
  if (it != flags.components.end()) kcm = it->second;
  for (const char* shared : {"service-cluster-ip-range", "feature-gates"}) {
    if (kcm.count(shared)) continue;
    if (auto v = flags.Get(kApiserver, shared)) kcm[shared] = *v;
  }
  auto cidr = kcm.find("cluster-cidr");
  if (cidr != kcm.end() && !cidr->second.empty() && !kcm.count("allocate-node-cidrs")) {
    kcm["allocate-node-cidrs"] = "true";
  }
  return kcm;
}

// An error startNodeIpamController returns: from 1.27 the controller
// manager logs it structured ("Error starting controllers" err=...), whose
// err is what a start reports; 1.26 klog.Fatalf("error starting
// controllers: %v") (cmd/kube-controller-manager/app/controllermanager.go).
// The constructor's own klog.Fatal texts ("Controller: ...") and panics are
// not wrapped in either.
Status ControllerStartError(const std::string& message, const version::Profile& profile) {
  if (profile.kcm_start_errors_structured) return InvalidArgument(message);
  return InvalidArgument("error starting controllers: " + message);
}

Result<NodeIpamConfig> ParseNodeIpamConfig(const FlagMap& kcm, const version::Profile& profile) {
  NodeIpamConfig out;
  auto get = [&](const char* name) -> std::optional<std::string> {
    auto it = kcm.find(name);
    if (it == kcm.end()) return std::nullopt;
    return it->second;
  };

  // pflag: values are parsed as the command line is read, before anything
  // else. FlagMap iterates in name order, which is the order checked here.
  int mask = 0, mask4 = 0, mask6 = 0;
  for (const auto& [name, value] : kcm) {
    if (name == "allocate-node-cidrs") {
      ParseBoolResult b = GoParseBool(value);
      if (!b.ok) return InvalidArgument(PflagError(name, value, b.error));
      out.allocate_node_cidrs = b.value;
      continue;
    }
    int* target = name == "node-cidr-mask-size"        ? &mask
                  : name == "node-cidr-mask-size-ipv4" ? &mask4
                  : name == "node-cidr-mask-size-ipv6" ? &mask6
                                                       : nullptr;
    if (target == nullptr) continue;
    AtoiResult r = GoParseIntBase0(value, 32);
    if (!r.ok) return InvalidArgument(PflagError(name, value, r.error));
    *target = static_cast<int>(r.value);
  }
  if (auto t = get("cidr-allocator-type")) out.allocator_type = *t;

  // NodeIPAMControllerOptions.Validate.
  std::string service_ranges = get("service-cluster-ip-range").value_or("");
  std::vector<std::string> service_list = SplitString(service_ranges, ',');
  // KubeControllerManagerOptions.Validate aggregates every option's errors.
  std::vector<std::string> errs;
  if (service_list.size() > 2)
    errs.push_back("--service-cluster-ip-range can not contain more than two entries");
  // From 1.32 (KEP-2395, options.go) every allocator type but the range
  // allocator is refused here, whether or not node IPAM is on.
  if (profile.kcm_range_allocator_only && !out.allocator_type.empty() &&
      out.allocator_type != "RangeAllocator") {
    errs.push_back("built-in cloud providers are disabled. The ipam " + out.allocator_type +
                   " is not available");
  }
  if (errs.size() == 1) return InvalidArgument(errs[0]);
  if (errs.size() > 1) return InvalidArgument("[" + Join(errs, ", ") + "]");

  // startNodeIpamController.
  if (!out.allocate_node_cidrs) return out;
  // 1.27+ (before that, ipam.New's cloud allocator meets the nil cloud).
  if (out.allocator_type == "CloudAllocator" && profile.kcm_start_errors_structured) {
    return InvalidArgument(
        "--cidr-allocator-type is set to 'CloudAllocator' but cloud provider is not configured");
  }

  // validateCIDRs / processCIDRs: the whole value is trimmed, the entries
  // are not.
  std::string cluster = get("cluster-cidr").value_or("");
  if (cluster.size() > kMaxFlagText) cluster.resize(kMaxFlagText);
  std::vector<std::string> parts = SplitString(TrimSpace(cluster), ',');
  int v4 = 0, v6 = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    auto c = net::ParseCIDRSloppy(parts[i]);
    if (!c.ok()) {
      if (!profile.parse_cidrs_indexed_errors) {
        return ControllerStartError("failed to parse cidr value:" + GoQuote(parts[i]) +
                                        " with error:" + c.status().message(),
                                    profile);
      }
      return ControllerStartError(
          "invalid CIDR[" + std::to_string(i) + "]: <nil> (" + c.status().message() + ")", profile);
    }
    ClusterCidr cc;
    cc.cidr = *c;
    cc.go_mask_size = GoMaskSize(parts[i], *c);
    (c->family() == net::Family::kIPv4 ? v4 : v6)++;
    out.cluster_cidrs.push_back(cc);
  }
  const size_t n = out.cluster_cidrs.size();
  const bool texts_1_26 = profile.kcm_validate_cidrs_texts;
  if (n > 1 && !(v4 > 0 && v6 > 0)) {
    return ControllerStartError(
        "len of ClusterCIDRs==" + std::to_string(n) +
            " and they are not configured as dual stack (at least one from each IPFamily" +
            (texts_1_26 ? "" : ")"),
        profile);
  }
  if (n > 2) {
    return ControllerStartError(
        (texts_1_26 ? "length of clusterCIDRs is:" : "len of clusters is:") + std::to_string(n) +
            (texts_1_26 ? " more than max allowed of 2" : " > more than max allowed of 2"),
        profile);
  }

  // The service ranges: parsed from the options' split (ApplyTo), a value
  // that does not parse is only logged ("Warning: unsuccessful parsing of
  // service CIDR").
  auto service_cidr = [&](size_t i) -> std::optional<net::Cidr> {
    if (service_list.size() <= i || TrimSpace(service_list[i]).empty()) return std::nullopt;
    auto c = net::ParseCIDRSloppy(service_list[i]);
    if (!c.ok()) return std::nullopt;
    return *c;
  };
  out.service_cidr = service_cidr(0);
  out.secondary_service_cidr = service_cidr(1);
  if (out.service_cidr && out.secondary_service_cidr &&
      out.service_cidr->family() == out.secondary_service_cidr->family()) {
    return ControllerStartError(
        "serviceCIDR and secondaryServiceCIDR are not dualstack (from different IPfamiles)",
        profile);
  }

  // setNodeCIDRMaskSizes: one mask per cluster CIDR, by its family.
  int ipv4_mask = kDefaultNodeMaskIPv4, ipv6_mask = kDefaultNodeMaskIPv6;
  if (n > 1) {
    if (mask != 0)
      return ControllerStartError(
          "usage of --node-cidr-mask-size is not allowed with dual-stack clusters", profile);
    if (mask4 != 0) ipv4_mask = mask4;
    if (mask6 != 0) ipv6_mask = mask6;
  } else if (mask != 0) {
    if (mask4 != 0 || mask6 != 0) {
      return ControllerStartError(
          "usage of --node-cidr-mask-size-ipv4 and --node-cidr-mask-size-ipv6 is not allowed if "
          "--node-cidr-mask-size is set. For dual-stack clusters please unset it and use IPFamily specific flags",
          profile);
    }
    ipv4_mask = ipv6_mask = mask;
  } else {
    // processCIDRs cannot give zero entries: "" is CIDR[0] that fails.
    bool single_v6 = out.cluster_cidrs[0].cidr.family() == net::Family::kIPv6;
    if (mask4 != 0) {
      if (single_v6)
        return ControllerStartError(
            "usage of --node-cidr-mask-size-ipv4 is not allowed for a single-stack IPv6 cluster",
            profile);
      ipv4_mask = mask4;
    }
    if (mask6 != 0) {
      if (!single_v6)
        return ControllerStartError(
            "usage of --node-cidr-mask-size-ipv6 is not allowed for a single-stack IPv4 cluster",
            profile);
      ipv6_mask = mask6;
    }
  }
  for (auto& cc : out.cluster_cidrs) {
    cc.node_mask_size = cc.cidr.family() == net::Family::kIPv6 ? ipv6_mask : ipv4_mask;
  }

  // NewNodeIpamController.
  for (const auto& cc : out.cluster_cidrs) {
    if (cc.go_mask_size > cc.node_mask_size) {
      return InvalidArgument(
          "Controller: Invalid --cluster-cidr, mask size of cluster CIDR must be less than or equal to "
          "--node-cidr-mask-size configured for CIDR family");
    }
  }
  // IPAMFromCluster and IPAMFromCloud go to the legacy IPAM, which needs
  // a GCE cloud; from 1.31 kube-controller-manager is built without it
  // (nolegacyprovider.go lost its providerless build tag); from 1.32
  // Validate refuses these types first.
  if (out.allocator_type == "IPAMFromCluster" || out.allocator_type == "IPAMFromCloud") {
    if (!profile.kcm_legacy_ipam_disabled_at_build) {
      // legacyprovider.go: ipam.NewController asks a nil cloud for its
      // provider name (cloud.(*gce.Cloud) fails, then cloud.ProviderName()).
      return InvalidArgument(
          "panic: runtime error: invalid memory address or nil pointer dereference");
    }
    return ControllerStartError(
        "Error trying to Init(): legacy cloud provider support disabled at build time", profile);
  }
  // 1.26 ipam.New: NewCloudCIDRAllocator asks the nil cloud for its GCE
  // interface.
  if (out.allocator_type == "CloudAllocator") {
    return InvalidArgument(
        "panic: runtime error: invalid memory address or nil pointer dereference");
  }
  // 1.28 ipam.New: the multi-CIDR allocator needs its alpha gate (and the
  // networking.k8s.io/v1alpha1 ClusterCIDR API, which kdual does not model).
  if (profile.kcm_multi_cidr_range_allocator_type &&
      out.allocator_type == "MultiCIDRRangeAllocator") {
    return ControllerStartError(
        "invalid CIDR allocator type: MultiCIDRRangeAllocator, feature gate MultiCIDRRangeAllocator must be "
        "enabled",
        profile);
  }
  // ipam.New: the range allocator is the only other type.
  if (out.allocator_type != "RangeAllocator") {
    return ControllerStartError("invalid CIDR allocator type: " + out.allocator_type, profile);
  }
  // NewCIDRRangeAllocator -> NewCIDRSet.
  for (const auto& cc : out.cluster_cidrs) {
    if (cc.cidr.family() == net::Family::kIPv6 &&
        cc.node_mask_size - cc.go_mask_size > kClusterSubnetMaxDiff) {
      return ControllerStartError("New CIDR set failed; the node CIDR size is too big", profile);
    }
  }
  return out;
}

}  // namespace kdual::flags
