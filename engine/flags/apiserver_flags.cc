#include "engine/flags/apiserver_flags.h"

#include <algorithm>

#include "engine/base/go_format.h"
#include "engine/base/strings.h"

// Sources (each pinned release has the same text unless noted):
//   cmd/kube-apiserver/app/options/completion.go   getServiceIPAndRanges
//   pkg/controlplane/apiserver/options/options.go  ServiceIPRange
//   cmd/kube-apiserver/app/options/validation.go   validateClusterIPFlags,
//                                                  validateServiceNodePort
//   staging/.../apimachinery/pkg/util/net/port_range.go  PortRange.Set
//   github.com/spf13/pflag flag.go: invalid argument %q for %q flag: %v

namespace kdual::flags {
namespace {

constexpr size_t kMaxFlagText = 4096;

std::string PflagError(const std::string& flag, const std::string& value, const std::string& err) {
  return "invalid argument " + GoQuote(value) + " for " + GoQuote("--" + flag) + " flag: " + err;
}

// utilerrors.NewAggregate(errs).Error(): one message as is, several as
// "[a, b]" with duplicates dropped.
std::string Aggregate(const std::vector<std::string>& errs) {
  if (errs.size() == 1) return errs[0];
  std::vector<std::string> seen;
  std::string out;
  for (const auto& e : errs) {
    if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;
    if (!seen.empty()) out += ", ";
    seen.push_back(e);
    out += e;
  }
  if (seen.size() == 1) return out;
  return "[" + out + "]";
}

std::string ValidateMaxCIDRRange(const net::Cidr& cidr, int max_bits, const std::string& flag) {
  int bits = cidr.address_bits();
  if (cidr.host_bits() > max_bits) {
    return "specified " + flag + " is too large; for " + std::to_string(bits) +
           "-bit addresses, the mask must be >= " + std::to_string(bits - max_bits);
  }
  return "";
}

}  // namespace

std::string PortRange::ToString() const {
  if (size == 0) return "";
  return std::to_string(base) + "-" + std::to_string(base + size - 1);
}

Result<PortRange> ParsePortRange(std::string_view raw) {
  if (raw.size() > kMaxFlagText) return InvalidArgument("unable to parse port range: (too long)");
  std::string value = TrimSpace(raw);
  PortRange pr;
  if (value.empty()) {
    pr.base = 0;
    pr.size = 0;
    return pr;
  }
  size_t hyphen = value.find('-');
  size_t plus = value.find('+');
  int64_t low = 0, high = 0;
  auto atoi = [](std::string_view s, int64_t* out) -> Status {
    AtoiResult r = GoAtoi(s);
    if (!r.ok) return InvalidArgument(r.error);
    *out = r.value;
    return Status::Ok();
  };
  if (hyphen == std::string::npos && plus == std::string::npos) {
    KDUAL_RETURN_IF_ERROR(atoi(value, &low));
    high = low;
  } else if (hyphen != std::string::npos && plus == std::string::npos) {
    KDUAL_RETURN_IF_ERROR(atoi(std::string_view(value).substr(0, hyphen), &low));
    KDUAL_RETURN_IF_ERROR(atoi(std::string_view(value).substr(hyphen + 1), &high));
  } else if (plus != std::string::npos && hyphen == std::string::npos) {
    int64_t offset = 0;
    KDUAL_RETURN_IF_ERROR(atoi(std::string_view(value).substr(0, plus), &low));
    KDUAL_RETURN_IF_ERROR(atoi(std::string_view(value).substr(plus + 1), &offset));
    // Go int arithmetic wraps; both operands fit in int64 so compute in 128.
    __int128 h = static_cast<__int128>(low) + offset;
    if (h > INT64_MAX || h < INT64_MIN) {
      high = static_cast<int64_t>(static_cast<uint64_t>(h));
    } else {
      high = static_cast<int64_t>(h);
    }
  } else {
    return InvalidArgument("unable to parse port range: " + value);
  }
  if (low > 65535 || high > 65535) {
    return InvalidArgument("the port range cannot be greater than 65535: " + value);
  }
  if (high < low) return InvalidArgument("end port cannot be less than start port: " + value);
  // A negative base is accepted by PortRange.Set; keep it within int.
  if (low < -1000000 || high < -1000000) {
    return InvalidArgument("the port range cannot be less than -1000000: " + value);
  }
  pr.base = static_cast<int>(low);
  pr.size = static_cast<int>(1 + high - low);
  return pr;
}

Result<ServiceNetwork> ParseServiceNetwork(const ComponentFlags& flags,
                                           const version::Profile& profile) {
  ServiceNetwork out;

  // Flags are parsed (pflag Set) before Complete() runs.
  if (auto v = flags.Get(kApiserver, "service-node-port-range")) {
    auto pr = ParsePortRange(*v);
    if (!pr.ok()) {
      return InvalidArgument(PflagError("service-node-port-range", *v, pr.status().message()));
    }
    out.node_ports = *pr;
  }
  if (auto v = flags.Get(kApiserver, "kubernetes-service-node-port")) {
    // pflag IntVar: strconv.ParseInt(s, 0, 64); decimal forms only here.
    AtoiResult r = GoAtoi(*v);
    if (!r.ok) {
      std::string err = r.error;
      err.replace(0, std::string("strconv.Atoi").size(), "strconv.ParseInt");
      return InvalidArgument(PflagError("kubernetes-service-node-port", *v, err));
    }
    if (r.value < INT32_MIN || r.value > INT32_MAX) {
      return InvalidArgument(
          PflagError("kubernetes-service-node-port", *v,
                     "strconv.ParseInt: parsing " + GoQuote(*v) + ": value out of range"));
    }
    out.kubernetes_service_node_port = static_cast<int>(r.value);
  }

  // Complete(): getServiceIPAndRanges.
  std::string ranges = flags.Get(kApiserver, "service-cluster-ip-range").value_or("");
  if (ranges.size() > kMaxFlagText) {
    return InvalidArgument("service-cluster-ip-range[0] is not a valid cidr");
  }
  std::vector<std::string> list;
  if (!ranges.empty()) list = SplitString(ranges, ',');
  net::Cidr primary;
  if (list.empty()) {
    // kubeoptions.DefaultServiceIPCIDR (all pinned releases): 10.0.0.0/24.
    primary = net::Cidr(net::IPAddress::V4(0x0A000000u), 24);
  } else {
    auto p = net::ParseCIDRSloppy(list[0]);
    if (!p.ok()) return InvalidArgument("service-cluster-ip-range[0] is not a valid cidr");
    primary = *p;
  }
  {
    // ServiceIPRange: size = min(RangeSize, 1<<16) must be >= 8.
    int64_t size = std::min<int64_t>(net::RangeSizeInt64(primary), int64_t{1} << 16);
    if (size < 8) {
      std::string why = "the service cluster IP range must be at least 8 IP addresses";
      return InvalidArgument(
          list.empty() ? "error determining service IP ranges: " + why
                       : "error determining service IP ranges for primary service cidr: " + why);
    }
  }
  out.service_cidrs.push_back(primary);
  out.kubernetes_service_ip = net::AddOffset(primary.network(), 1);
  std::optional<net::Cidr> secondary;
  if (list.size() > 1) {
    auto s = net::ParseCIDRSloppy(list[1]);
    if (!s.ok()) return InvalidArgument("service-cluster-ip-range[1] is not an ip net");
    secondary = *s;
  }

  // Validate(): every error is collected, then aggregated.
  std::vector<std::string> errs;
  constexpr int kMaxCIDRBits = 20;
  if (list.size() > 2)
    errs.push_back("--service-cluster-ip-range must not contain more than two entries");
  if (profile.service_cidr_max_20_host_bits) {
    std::string e = ValidateMaxCIDRRange(primary, kMaxCIDRBits, "--service-cluster-ip-range");
    if (!e.empty()) errs.push_back(e);
  }
  if (secondary) {
    if (secondary->family() == primary.family()) {
      errs.push_back(
          "--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family");
    }
    if (profile.service_cidr_max_20_host_bits) {
      std::string e =
          ValidateMaxCIDRRange(*secondary, kMaxCIDRBits, "--service-cluster-ip-range[1]");
      if (!e.empty()) errs.push_back(e);
    }
  }
  int knp = out.kubernetes_service_node_port;
  if (knp < 0 || knp > 65535) {
    errs.push_back(
        "--kubernetes-service-node-port " + std::to_string(knp) +
        " must be between 0 and 65535, inclusive. If 0, the Kubernetes master service will be of type ClusterIP");
  }
  if (knp > 0 && !(knp >= out.node_ports.base && knp - out.node_ports.base < out.node_ports.size)) {
    errs.push_back("kubernetes service node port range " + out.node_ports.ToString() +
                   " doesn't contain " + std::to_string(knp));
  }
  std::string family_mismatch;
  if (auto adv = flags.Get(kApiserver, "advertise-address")) {
    auto ip = net::ParseIPSloppy(*adv);
    std::string none = flags.Get(kApiserver, "endpoint-reconciler-type").value_or("lease");
    // Not checked before 1.24 (pkg/controlplane/controller.go
    // NewBootstrapController): the apiserver starts.
    if (ip.ok() && none != "none" && ip->family() != primary.family() &&
        profile.advertise_family_checked) {
      family_mismatch = "service IP family " + GoQuote(primary.ToString()) +
                        " must match public address family " + GoQuote(ip->ToString());
    }
  }
  if (!family_mismatch.empty() && profile.advertise_family_checked_with_flags)
    errs.push_back(family_mismatch);
  if (!errs.empty()) return InvalidArgument(Aggregate(errs));
  if (!family_mismatch.empty())  // 1.27 pkg/controlplane/instance.go InstallLegacyAPI
    return InvalidArgument("error creating bootstrap controller: " + family_mismatch);
  if (secondary) out.service_cidrs.push_back(*secondary);
  return out;
}

}  // namespace kdual::flags
