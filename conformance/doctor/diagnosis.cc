#include "conformance/doctor/diagnosis.h"

#include <algorithm>
#include <cstdlib>

#include "engine/base/strings.h"
#include "engine/flags/apiserver_flags.h"
#include "engine/flags/controller_manager_flags.h"
#include "engine/flags/kube_proxy_flags.h"
#include "engine/flags/kubelet_flags.h"
#include "engine/version/profile.h"

namespace kdual::doctor {
namespace {

using flags::kApiserver;
using flags::kControllerManager;
using flags::kKubelet;
using flags::kKubeProxy;

// The engine profile for `release`: its own when pinned, else the nearest
// pinned release's behaviour with `release` as the release (so the checks
// that changed at a known minor, such as kube-proxy's cluster CIDR list in
// 1.31, still switch where the component did).
version::Profile RulesFor(const std::optional<version::Release>& release, std::string* why) {
  const auto& pinned = version::PinnedReleases();
  if (!release) {
    *why = pinned.back().ToString() + " (release unknown: the newest release kdual models)";
    return *version::ProfileFor(pinned.back());
  }
  for (const auto& p : pinned) {
    if (p.major == release->major && p.minor == release->minor) {
      *why = p.ToString();
      if (p != *release) *why += " (the pinned patch release of " + release->MinorString() + ")";
      return *version::ProfileFor(p);
    }
  }
  const version::Release* nearest = &pinned.front();
  for (const auto& p : pinned) {
    if (std::abs(p.minor - release->minor) < std::abs(nearest->minor - release->minor))
      nearest = &p;
  }
  version::Profile profile = *version::ProfileFor(*nearest);
  profile.release = *release;
  *why = nearest->ToString() + " (kdual does not model " + release->MinorString() +
         "; the nearest release it does)";
  return profile;
}

std::vector<std::string> CidrStrings(const std::vector<net::Cidr>& cidrs) {
  std::vector<std::string> out;
  for (const auto& c : cidrs) out.push_back(c.ToString());
  return out;
}

std::vector<net::Family> FamiliesOf(const std::vector<net::Cidr>& cidrs) {
  std::vector<net::Family> out;
  for (const auto& c : cidrs) out.push_back(c.family());
  return out;
}

std::string FamiliesText(const std::vector<net::Family>& f) {
  if (f.empty()) return "none";
  std::vector<std::string> names;
  for (auto x : f) names.push_back(net::FamilyName(x));
  return Join(names, ",");
}

bool Overlap(const net::Cidr& a, const net::Cidr& b) {
  return a.family() == b.family() && (a.Contains(b.network()) || b.Contains(a.network()));
}

void Refused(ComponentReport* r, const std::string& message) {
  r->refusal = message;
  r->problems.push_back({Severity::kError, "refuses to start: " + message});
}

void DiagnoseApiserver(ComponentReport* r, const version::Profile& profile) {
  const ComponentInstance& c = *r->instance;
  flags::ComponentFlags f;
  f.components[kApiserver] = c.flags;
  if (!c.flags.count("service-cluster-ip-range") && c.truncated) {
    r->known = false;
    r->notes.push_back(
        "--service-cluster-ip-range is not on the line, which is cut short: unknown");
    return;
  }
  auto net = flags::ParseServiceNetwork(f, profile);
  if (!net.ok()) return Refused(r, net.status().message());
  r->service_cidrs = net->service_cidrs;
  r->families = FamiliesOf(r->service_cidrs);
  r->state["serviceClusterIPRange"] = CidrStrings(r->service_cidrs);
  if (!c.flags.count("service-cluster-ip-range")) {
    r->notes.push_back("--service-cluster-ip-range not set: the default " +
                       r->service_cidrs[0].ToString());
  }
  r->state["nodePortRange"] = net->node_ports.ToString();
}

void DiagnoseControllerManager(ComponentReport* r, const version::Profile& profile) {
  const ComponentInstance& c = *r->instance;
  auto ipam = flags::ParseNodeIpamConfig(c.flags, profile);
  if (!ipam.ok()) return Refused(r, ipam.status().message());
  r->node_ipam = ipam->allocate_node_cidrs;
  r->state["allocateNodeCIDRs"] = r->node_ipam;
  if (ipam->service_cidr) r->service_cidrs.push_back(*ipam->service_cidr);
  if (ipam->secondary_service_cidr) r->service_cidrs.push_back(*ipam->secondary_service_cidr);
  if (!r->node_ipam) {
    r->known = !c.truncated || c.flags.count("allocate-node-cidrs");
    r->notes.push_back(
        c.truncated && !c.flags.count("allocate-node-cidrs")
            ? "--allocate-node-cidrs is not on the line, which is cut short: unknown"
            : "node IPAM is off (--allocate-node-cidrs is not true): the controller manager gives "
              "Nodes no pod CIDRs; the CNI plugin must allocate pod addresses itself");
    return;
  }
  for (const auto& cc : ipam->cluster_cidrs) {
    r->cluster_cidrs.push_back(cc.cidr);
    r->node_mask_sizes.push_back(cc.node_mask_size);
  }
  r->families = FamiliesOf(r->cluster_cidrs);
  r->state["clusterCIDR"] = CidrStrings(r->cluster_cidrs);
  r->state["nodeCIDRMaskSizes"] = r->node_mask_sizes;
  r->state["serviceClusterIPRange"] = CidrStrings(r->service_cidrs);
  for (size_t i = 0; i < ipam->cluster_cidrs.size(); ++i) {
    const auto& cc = ipam->cluster_cidrs[i];
    int bits = cc.node_mask_size - cc.cidr.prefix_length();
    std::string nodes = bits >= 31 ? "over 2^31" : std::to_string(1L << bits);
    r->notes.push_back(cc.cidr.ToString() + " holds " + nodes + " node CIDRs of /" +
                       std::to_string(cc.node_mask_size));
  }
}

void DiagnoseKubeProxy(ComponentReport* r, const version::Profile& profile) {
  const ComponentInstance& c = *r->instance;
  auto kp = flags::ParseKubeProxyConfig(c.flags, profile, c.kube_proxy_config);
  if (!kp.ok()) return Refused(r, kp.status().message());
  if (!kp->config_known) {
    r->known = false;
    r->notes.push_back(
        "its cluster CIDR and detect-local mode are in its config file " + kp->config_file +
        ", which kdual has not read (give it with --kube-proxy-config FILE, or point kdual at "
        "the cluster for the kube-proxy ConfigMap)");
    r->state["config"] = kp->config_file;
    return;
  }
  if (!kp->config_file.empty()) {
    r->notes.push_back("read from its config file (" + c.kube_proxy_config_origin + ")");
  }
  r->cluster_cidrs = kp->cluster_cidrs;
  r->families = FamiliesOf(r->cluster_cidrs);
  r->state["clusterCIDR"] = CidrStrings(r->cluster_cidrs);
  r->state["detectLocalMode"] = kp->detect_local_mode;
  if (kp->detect_local_mode == "ClusterCIDR" && kp->cluster_cidrs.empty()) {
    r->problems.push_back(
        {Severity::kWarning,
         "detect-local-mode ClusterCIDR without a cluster CIDR: kube-proxy cannot tell pod "
         "traffic from other traffic (no local detection; masquerading rules are weaker)"});
  }
}

void DiagnoseKubelet(ComponentReport* r, const version::Profile& profile) {
  const ComponentInstance& c = *r->instance;
  auto ips = flags::ParseKubeletNodeIPs(c.flags, profile);
  if (!ips.ok()) return Refused(r, ips.status().message());
  r->node_ips = ips->node_ips;
  std::vector<std::string> texts;
  for (const auto& ip : r->node_ips) {
    texts.push_back(ip.ToString());
    r->families.push_back(ip.family());
  }
  r->state["nodeIP"] = texts;
  r->state["cloudProvider"] = ips->cloud_provider;
  for (const auto& bad : ips->ignored) {
    r->problems.push_back({Severity::kWarning,
                           "--node-ip part \"" + bad + "\" is not an IP: the kubelet ignores it"});
  }
  if (r->node_ips.empty() && c.from_node_status) {
    r->known = false;
    r->notes.push_back(
        "the Node reports no InternalIP address (no kubelet has posted its status): unknown");
  } else if (r->node_ips.empty()) {
    r->known = !c.truncated;
    r->notes.push_back(c.truncated
                           ? "--node-ip is not on the line, which is cut short: unknown"
                           : "no --node-ip: the kubelet picks one address of one family itself");
  }
}

CrossCheck Check(std::string id, std::string title) {
  CrossCheck c;
  c.id = std::move(id);
  c.title = std::move(title);
  return c;
}

const ComponentReport* Find(const Diagnosis& d, const std::string& component) {
  for (const auto& r : d.components) {
    if (r.instance->component == component) return &r;
  }
  return nullptr;
}

bool Usable(const ComponentReport* r) { return r && r->refusal.empty() && r->known; }

}  // namespace

const char* CheckResultName(CheckResult r) {
  switch (r) {
    case CheckResult::kPass: return "pass";
    case CheckResult::kFail: return "FAIL";
    case CheckResult::kWarn: return "warn";
    case CheckResult::kUnknown: return "unknown";
    case CheckResult::kNotApplicable: return "n/a";
  }
  return "unknown";
}

bool Diagnosis::HasProblems() const {
  for (const auto& r : components) {
    if (!r.problems.empty()) return true;
  }
  for (const auto& c : checks) {
    if (c.result == CheckResult::kFail || c.result == CheckResult::kWarn) return true;
  }
  return false;
}

Diagnosis Diagnose(const ClusterInputs& inputs,
                   const std::optional<version::Release>& release_override) {
  Diagnosis d;
  d.notes = inputs.notes;
  // Components of one cluster run one release (or close): where a
  // component's own release is not seen and --version is not given, the
  // release another component shows stands in, and the report says so.
  std::optional<version::Release> seen;
  std::string seen_where;
  for (const auto& instance : inputs.components) {
    if (instance.release && !seen) {
      seen = instance.release;
      seen_where = "the " + instance.component + "'s";
    }
  }
  for (const auto& instance : inputs.components) {
    ComponentReport r;
    r.instance = &instance;
    std::optional<version::Release> release =
        instance.release ? instance.release : release_override;
    if (!instance.release && release_override)
      r.assumed_release = release_override->ToString() + ", from --version";
    if (!release && seen) {
      release = seen;
      r.assumed_release = seen->ToString() + ", " + seen_where;
    }
    version::Profile profile = RulesFor(release, &r.rules);
    if (instance.truncated) {
      r.problems.push_back(
          {Severity::kWarning, "the line looks cut short (" + instance.truncation +
                                   "): flags after the cut are unknown; copy it with `ps -ef "
                                   "--cols 100000` or `ps auxww`"});
    }
    if (instance.component == kApiserver)
      DiagnoseApiserver(&r, profile);
    else if (instance.component == kControllerManager)
      DiagnoseControllerManager(&r, profile);
    else if (instance.component == kKubeProxy)
      DiagnoseKubeProxy(&r, profile);
    else if (instance.component == kKubelet)
      DiagnoseKubelet(&r, profile);
    d.components.push_back(std::move(r));
  }

  const ComponentReport* api = Find(d, kApiserver);
  const ComponentReport* kcm = Find(d, kControllerManager);
  const ComponentReport* proxy = Find(d, kKubeProxy);
  std::vector<const ComponentReport*> kubelets;
  for (const auto& r : d.components) {
    if (r.instance->component == kKubelet) kubelets.push_back(&r);
  }
  for (const char* name : {kApiserver, kControllerManager, kKubeProxy, kKubelet}) {
    if (!Find(d, name))
      d.notes.push_back("no " + std::string(name) + " in the input: its checks are skipped");
  }

  // 0. Instances of one control-plane component agree (an HA control plane,
  // one listing per node): the checks below read the first of each, so a
  // second kube-apiserver with another service range would go unseen.
  // Checked only where a component runs more than once.
  {
    CrossCheck c = Check("instances-agree", "every instance of a component has the same ranges");
    std::vector<std::string> differ;
    bool several = false;
    for (const char* name : {kApiserver, kControllerManager, kKubeProxy}) {
      std::vector<const ComponentReport*> of;
      for (const auto& r : d.components) {
        if (r.instance->component == name && Usable(&r)) of.push_back(&r);
      }
      if (of.size() < 2) continue;
      several = true;
      auto ranges = [&](const ComponentReport* r) {
        std::string out;
        if (name == std::string(kApiserver)) {
          out = "service range " + Join(CidrStrings(r->service_cidrs), ",");
        } else if (name == std::string(kControllerManager)) {
          out = std::string(r->node_ipam ? "node IPAM on" : "node IPAM off") + ", cluster CIDR " +
                Join(CidrStrings(r->cluster_cidrs), ",") + ", service range " +
                Join(CidrStrings(r->service_cidrs), ",");
        } else {
          out = "cluster CIDR " + Join(CidrStrings(r->cluster_cidrs), ",");
        }
        return out;
      };
      const std::string first = ranges(of[0]);
      for (size_t i = 1; i < of.size(); ++i) {
        const std::string other = ranges(of[i]);
        if (other != first) {
          differ.push_back(std::string(name) + " " + of[0]->instance->origin + ": " + first + "; " +
                           of[i]->instance->origin + ": " + other);
        }
      }
    }
    if (several) {
      if (!differ.empty()) {
        c.result = CheckResult::kFail;
        c.detail = Join(differ, " | ");
      } else {
        c.detail = "each component's instances agree";
      }
      d.checks.push_back(c);
    }
  }
  // 1. The service ranges of the apiserver and of node IPAM.
  {
    CrossCheck c = Check("service-ranges-match",
                         "kube-apiserver and kube-controller-manager have the same service range");
    if (!Usable(api) || !kcm || !kcm->refusal.empty()) {
      c.result = CheckResult::kUnknown;
      c.detail = "needs both components' parsed flags";
    } else if (!kcm->node_ipam) {
      c.result = CheckResult::kNotApplicable;
      c.detail = "node IPAM is off; the controller manager does not use its service range";
    } else if (kcm->service_cidrs.empty()) {
      c.result = CheckResult::kWarn;
      c.detail =
          "kube-controller-manager has no --service-cluster-ip-range: node IPAM does not keep pod CIDRs out "
          "of the service range " +
          Join(CidrStrings(api->service_cidrs), ",");
    } else if (CidrStrings(kcm->service_cidrs) != CidrStrings(api->service_cidrs)) {
      c.result = CheckResult::kFail;
      c.detail = "kube-apiserver " + Join(CidrStrings(api->service_cidrs), ",") +
                 ", kube-controller-manager " + Join(CidrStrings(kcm->service_cidrs), ",");
    } else {
      c.detail = Join(CidrStrings(api->service_cidrs), ",");
    }
    d.checks.push_back(c);
  }
  // 2. The pod ranges of node IPAM and kube-proxy.
  {
    CrossCheck c = Check("cluster-cidrs-match",
                         "kube-controller-manager and kube-proxy have the same cluster CIDRs");
    if (!kcm || !proxy || !kcm->refusal.empty() || !proxy->refusal.empty()) {
      c.result = CheckResult::kUnknown;
      c.detail = "needs both components' parsed flags";
    } else if (!proxy->known) {
      c.result = CheckResult::kUnknown;
      c.detail =
          "kube-proxy's cluster CIDR is in its config file " + proxy->instance->flags.at("config");
    } else if (!kcm->node_ipam) {
      c.result = CheckResult::kNotApplicable;
      c.detail = "node IPAM is off";
    } else if (CidrStrings(kcm->cluster_cidrs) != CidrStrings(proxy->cluster_cidrs)) {
      c.result = proxy->cluster_cidrs.empty() ? CheckResult::kWarn : CheckResult::kFail;
      c.detail = "kube-controller-manager " + Join(CidrStrings(kcm->cluster_cidrs), ",") +
                 ", kube-proxy " +
                 (proxy->cluster_cidrs.empty() ? std::string("none")
                                               : Join(CidrStrings(proxy->cluster_cidrs), ","));
    } else {
      c.detail = Join(CidrStrings(kcm->cluster_cidrs), ",");
    }
    d.checks.push_back(c);
  }
  // 3. The same stack and family order everywhere.
  std::vector<std::pair<std::string, std::vector<net::Family>>> stacks;
  if (Usable(api) && !api->families.empty())
    stacks.push_back({"kube-apiserver service range", api->families});
  if (Usable(kcm) && kcm->node_ipam)
    stacks.push_back({"kube-controller-manager cluster CIDR", kcm->families});
  if (Usable(proxy) && !proxy->families.empty())
    stacks.push_back({"kube-proxy cluster CIDR", proxy->families});
  for (const auto* k : kubelets) {
    if (Usable(k) && !k->families.empty())
      stacks.push_back({"kubelet node IP (" + k->instance->origin + ")", k->families});
  }
  {
    CrossCheck c =
        Check("families-agree", "every component has the same IP families in the same order");
    if (stacks.size() < 2) {
      c.result = CheckResult::kUnknown;
      c.detail = "fewer than two components' families are known";
    } else {
      std::vector<std::string> parts;
      bool same = true;
      for (const auto& s : stacks) {
        parts.push_back(s.first + " " + FamiliesText(s.second));
        same = same && s.second == stacks[0].second;
      }
      bool primary_same = true;
      for (const auto& s : stacks)
        primary_same = primary_same && s.second[0] == stacks[0].second[0];
      c.result = same ? CheckResult::kPass : CheckResult::kFail;
      if (!same && primary_same) {
        // A single-stack kubelet on a dual-stack cluster is check 5's
        // business; here only the families of the ranges count.
        bool only_kubelets = true;
        for (const auto& s : stacks) {
          if (s.second != stacks[0].second && s.first.rfind("kubelet", 0) != 0)
            only_kubelets = false;
        }
        if (only_kubelets) c.result = CheckResult::kPass;
      }
      c.detail = Join(parts, "; ");
    }
    d.checks.push_back(c);
  }
  // 4. Pod, service and node addresses apart.
  {
    CrossCheck c = Check("ranges-apart", "pod, service and node ranges do not overlap");
    std::vector<std::pair<std::string, net::Cidr>> ranges;
    if (Usable(api)) {
      for (const auto& s : api->service_cidrs)
        ranges.push_back({"service range " + s.ToString(), s});
    }
    const ComponentReport* pods =
        Usable(kcm) && kcm->node_ipam ? kcm : (Usable(proxy) ? proxy : nullptr);
    if (pods) {
      for (const auto& p : pods->cluster_cidrs) ranges.push_back({"pod range " + p.ToString(), p});
    }
    std::vector<std::string> clashes;
    for (size_t i = 0; i < ranges.size(); ++i) {
      for (size_t j = i + 1; j < ranges.size(); ++j) {
        if (Overlap(ranges[i].second, ranges[j].second))
          clashes.push_back(ranges[i].first + " overlaps " + ranges[j].first);
      }
    }
    // Every Node has an address of the cluster's family; where the ranges
    // hold every address of a family, that address lies in one of them.
    for (net::Family f : {net::Family::kIPv4, net::Family::kIPv6}) {
      std::vector<net::Cidr> of_family;
      std::vector<std::string> names;
      for (const auto& r : ranges) {
        if (r.second.family() != f) continue;
        of_family.push_back(r.second);
        names.push_back(r.first);
      }
      if (!of_family.empty() && !net::AddressOutside(f, of_family))
        clashes.push_back(Join(names, " and ") + (names.size() == 1 ? " holds" : " hold") +
                          " every " + std::string(net::FamilyName(f)) +
                          " address: every node IP lies in " + (names.size() == 1 ? "it" : "them"));
    }
    for (const auto* k : kubelets) {
      for (const auto& ip : k->node_ips) {
        for (const auto& r : ranges) {
          if (r.second.Contains(ip))
            clashes.push_back("node IP " + ip.ToString() + " lies in the " + r.first);
        }
      }
    }
    if (ranges.empty()) {
      c.result = CheckResult::kUnknown;
      c.detail = "no range is known";
    } else if (!clashes.empty()) {
      c.result = CheckResult::kFail;
      c.detail = Join(clashes, "; ");
    } else {
      std::vector<std::string> names;
      for (const auto& r : ranges) names.push_back(r.first);
      c.detail = Join(names, ", ");
    }
    d.checks.push_back(c);
  }
  // The cluster's stack: the apiserver's service range decides, as it
  // decides a Service's families.
  std::optional<std::vector<net::Family>> cluster_families;
  if (!stacks.empty()) cluster_families = stacks[0].second;
  // 5. Kubelets of a dual-stack cluster without a cloud provider need a
  // node IP of each family, or Nodes get addresses of one family.
  {
    CrossCheck c = Check("node-ips",
                         "bare-metal kubelets have one node IP per family on a dual-stack cluster");
    if (!cluster_families || cluster_families->size() < 2) {
      c.result = CheckResult::kNotApplicable;
      c.detail = "the cluster is not dual-stack";
    } else if (kubelets.empty()) {
      c.result = CheckResult::kUnknown;
      c.detail = "no kubelet in the input";
    } else {
      std::vector<std::string> short_of;
      for (const auto* k : kubelets) {
        if (!k->refusal.empty() || !k->known || k->state.value("cloudProvider", "") != "") continue;
        if (k->node_ips.size() < 2) short_of.push_back(k->instance->origin);
      }
      if (!short_of.empty()) {
        c.result = CheckResult::kWarn;
        c.detail = "without a dual-stack --node-ip the Node's addresses have one family (" +
                   Join(short_of, ", ") + ")";
      } else {
        c.detail = "every bare-metal kubelet has a node IP of each family";
      }
    }
    d.checks.push_back(c);
  }

  // 6. Nodes (from a live cluster): a pod CIDR per cluster CIDR, each in
  // its cluster CIDR. A Node registered before the cluster became
  // dual-stack keeps its one pod CIDR: podCIDRs can only be set once.
  if (!inputs.nodes.empty()) {
    CrossCheck c =
        Check("node-pod-cidrs", "every Node has a pod CIDR of each of the cluster's families");
    std::vector<net::Cidr> cluster;
    if (Usable(kcm) && kcm->node_ipam)
      cluster = kcm->cluster_cidrs;
    else if (Usable(proxy))
      cluster = proxy->cluster_cidrs;
    std::vector<std::string> short_of, outside;
    size_t want = cluster.empty() && cluster_families ? cluster_families->size() : cluster.size();
    for (const auto& node : inputs.nodes) {
      if (node.pod_cidrs.size() < want) {
        short_of.push_back(
            node.name + " (" +
            (node.pod_cidrs.empty() ? std::string("none") : Join(node.pod_cidrs, ",")) + ")");
      }
      for (size_t i = 0; i < node.pod_cidrs.size() && i < cluster.size(); ++i) {
        auto p = net::ParseCIDRSloppy(node.pod_cidrs[i]);
        if (!p.ok() || !Overlap(*p, cluster[i])) {
          outside.push_back(node.name + " " + node.pod_cidrs[i] + " (cluster CIDR " +
                            cluster[i].ToString() + ")");
        }
      }
    }
    if (want == 0) {
      c.result = CheckResult::kUnknown;
      c.detail = "the cluster CIDRs are not known";
    } else if (!outside.empty()) {
      c.result = CheckResult::kFail;
      c.detail = "pod CIDRs outside the cluster CIDR of their index: " + Join(outside, "; ");
    } else if (!short_of.empty()) {
      c.result = CheckResult::kWarn;
      c.detail = std::to_string(short_of.size()) + " of " + std::to_string(inputs.nodes.size()) +
                 " Nodes have fewer pod CIDRs than the cluster's " + std::to_string(want) +
                 " families: " + Join(short_of, ", ") +
                 " (node IPAM gives pod CIDRs only to a Node that has none: delete and "
                 "re-register it)";
    } else {
      c.detail = std::to_string(inputs.nodes.size()) + " Nodes, each with " + std::to_string(want) +
                 " pod CIDR" + (want == 1 ? "" : "s");
    }
    d.checks.push_back(c);
  }

  // The verdict.
  bool refused = false;
  for (const auto& r : d.components) refused = refused || !r.refusal.empty();
  bool failed = false;
  for (const auto& c : d.checks) failed = failed || c.result == CheckResult::kFail;
  if (refused) {
    d.verdict = "a component refuses its flags";
  } else if (failed) {
    d.verdict = "inconsistent";
  } else if (!cluster_families) {
    d.verdict = "unknown (no component's families could be read)";
  } else {
    d.primary = (*cluster_families)[0];
    d.dual_stack = cluster_families->size() == 2;
    d.verdict =
        d.dual_stack
            ? std::string("consistently dual-stack, ") + net::FamilyName(*d.primary) + " primary"
            : std::string("consistently single-stack ") + net::FamilyName(*d.primary);
  }
  return d;
}

}  // namespace kdual::doctor
