#include "conformance/doctor/dual_stack_plan.h"

#include <algorithm>
#include <map>

#include "engine/base/strings.h"
#include "engine/flags/component_flags.h"

namespace kdual::doctor {
namespace {

using flags::kApiserver;
using flags::kControllerManager;
using flags::kKubelet;
using flags::kKubeProxy;
using net::Family;

Family Other(Family f) { return f == Family::kIPv4 ? Family::kIPv6 : Family::kIPv4; }

// The ranges kind and kubeadm's documentation use; the next candidates
// when one is taken.
const std::vector<std::string>& DefaultServiceRanges(Family f) {
  static const std::vector<std::string> v4 = {"10.96.0.0/16", "10.97.0.0/16", "172.30.0.0/16"};
  static const std::vector<std::string> v6 = {"fd00:10:96::/112", "fd00:10:97::/112",
                                              "fd00:10:98::/112"};
  return f == Family::kIPv4 ? v4 : v6;
}
const std::vector<std::string>& DefaultPodRanges(Family f) {
  static const std::vector<std::string> v4 = {"10.244.0.0/16", "10.245.0.0/16", "172.16.0.0/16"};
  static const std::vector<std::string> v6 = {"fd00:10:244::/56", "fd00:10:245::/56",
                                              "fd00:10:246::/56"};
  return f == Family::kIPv4 ? v4 : v6;
}

std::string Placeholder(Family f) {
  return f == Family::kIPv4 ? "<this node's IPv4 address>" : "<this node's IPv6 address>";
}
// What stands in for a placeholder when the plan is checked: an address no
// planned range holds, so the check judges the plan and not the stand-in.
// A documentation address (RFC 5737, RFC 3849) or a private one first, then
// the lowest unicast address free (the kubelet refuses unspecified,
// loopback and multicast node IPs). The diagnosis fails a cluster whose
// ranges hold every address, so a free one exists wherever a plan is checked.
std::string StandIn(Family f, std::vector<net::Cidr> ranges) {
  const bool v4 = f == Family::kIPv4;
  const std::vector<const char*> preferred =
      v4 ? std::vector<const char*>{"192.0.2.10", "10.0.0.10", "172.16.0.10", "100.64.0.10"}
         : std::vector<const char*>{"2001:db8::10", "fd00::10", "2600::10"};
  const std::vector<const char*> not_unicast =
      v4 ? std::vector<const char*>{"0.0.0.0/8", "127.0.0.0/8", "224.0.0.0/3"}
         : std::vector<const char*>{"::/8", "ff00::/8"};
  for (const char* r : not_unicast) ranges.push_back(*net::ParseCIDRSloppy(r));
  std::vector<net::IPAddress> candidates;
  for (const char* ip : preferred) candidates.push_back(*net::ParseIPSloppy(ip));
  auto free = net::AddressOutside(f, ranges, candidates);
  return (free ? *free : candidates[0]).ToString();
}

const ComponentReport* Find(const Diagnosis& d, const std::string& component) {
  for (const auto& r : d.components) {
    if (r.instance->component == component) return &r;
  }
  return nullptr;
}

std::optional<net::Cidr> OfFamily(const std::vector<net::Cidr>& cidrs, Family f) {
  for (const auto& c : cidrs) {
    if (c.family() == f) return c;
  }
  return std::nullopt;
}

bool Overlaps(const net::Cidr& a, const std::vector<net::Cidr>& taken) {
  for (const auto& t : taken) {
    if (t.family() == a.family() && (t.Contains(a.network()) || a.Contains(t.network())))
      return true;
  }
  return false;
}

net::Cidr Pick(const std::vector<std::string>& candidates, const std::vector<net::Cidr>& taken) {
  for (const auto& text : candidates) {
    net::Cidr c = *net::ParseCIDRSloppy(text);
    if (!Overlaps(c, taken)) return c;
  }
  return *net::ParseCIDRSloppy(candidates.back());
}

std::string Get(const flags::FlagMap& f, const std::string& name) {
  auto it = f.find(name);
  return it == f.end() ? "" : it->second;
}

void Change(PlanStep* step, const std::string& flag, const std::string& from,
            const std::string& to) {
  if (from == to) return;
  FlagChange c;
  c.flag = flag;
  c.from = from;
  c.to = to;
  step->changes.push_back(c);
}

}  // namespace

DualStackPlan PlanDualStack(const ClusterInputs& inputs, const Diagnosis& diagnosis,
                            const std::optional<version::Release>& release_override) {
  DualStackPlan plan;
  const ComponentReport* api = Find(diagnosis, kApiserver);
  const ComponentReport* kcm = Find(diagnosis, kControllerManager);
  const ComponentReport* proxy = Find(diagnosis, kKubeProxy);

  bool all_pass = true;
  for (const auto& c : diagnosis.checks) {
    all_pass =
        all_pass && (c.result == CheckResult::kPass || c.result == CheckResult::kNotApplicable ||
                     c.result == CheckResult::kUnknown);
  }
  bool refused = false;
  for (const auto& r : diagnosis.components) refused = refused || !r.refusal.empty();
  if (diagnosis.dual_stack && all_pass && !refused) return plan;  // nothing to change

  // The primary family: the apiserver's, which every existing Service has.
  std::optional<Family> primary = diagnosis.primary;
  for (const ComponentReport* r : {api, kcm, proxy}) {
    if (!primary && r && !r->families.empty()) primary = r->families[0];
  }
  for (const auto& r : diagnosis.components) {
    if (!primary && !r.families.empty()) primary = r.families[0];
  }
  if (!primary) {
    plan.afterwards.push_back(
        "no component's IP family is known, so kdual cannot say which family to add");
    return plan;
  }
  const std::vector<Family> families = {*primary, Other(*primary)};
  plan.goal = std::string(diagnosis.dual_stack ? "make the components agree, dual-stack "
                                               : "make the cluster dual-stack, ") +
              net::FamilyName(*primary) + " primary";

  // The ranges to end with, per family: what a component already has, else
  // a default that overlaps nothing known: no range, and no node IP (a node
  // IP inside a pod or service range fails the ranges-apart check).
  std::vector<net::Cidr> taken;
  for (const auto& r : diagnosis.components) {
    taken.insert(taken.end(), r.service_cidrs.begin(), r.service_cidrs.end());
    taken.insert(taken.end(), r.cluster_cidrs.begin(), r.cluster_cidrs.end());
    for (const auto& ip : r.node_ips) taken.emplace_back(ip, ip.is_v4() ? 32 : 128);
  }
  std::map<Family, net::Cidr> service, pods;
  for (Family f : families) {
    std::optional<net::Cidr> s;
    if (api) s = OfFamily(api->service_cidrs, f);
    if (!s && kcm) s = OfFamily(kcm->service_cidrs, f);
    if (!s) {
      s = Pick(DefaultServiceRanges(f), taken);
      taken.push_back(*s);
    }
    service[f] = *s;
    std::optional<net::Cidr> p;
    if (kcm && kcm->node_ipam) p = OfFamily(kcm->cluster_cidrs, f);
    if (!p && proxy) p = OfFamily(proxy->cluster_cidrs, f);
    if (!p) {
      p = Pick(DefaultPodRanges(f), taken);
      taken.push_back(*p);
    }
    pods[f] = *p;
  }
  auto join = [&](const std::map<Family, net::Cidr>& m) {
    return m.at(families[0]).ToString() + "," + m.at(families[1]).ToString();
  };
  const std::string want_service = join(service);
  const std::string want_pods = join(pods);

  ClusterInputs after = inputs;  // the configuration the plan leads to
  for (size_t i = 0; i < inputs.components.size(); ++i) {
    const ComponentInstance& c = inputs.components[i];
    ComponentInstance& a = after.components[i];
    PlanStep step;
    step.component = c.component;
    step.where = c.origin;
    if (c.component == kApiserver) {
      Change(&step, "service-cluster-ip-range", Get(c.flags, "service-cluster-ip-range"),
             want_service);
    } else if (c.component == kControllerManager) {
      const ComponentReport* r = nullptr;
      for (const auto& x : diagnosis.components) {
        if (x.instance == &c) r = &x;
      }
      bool ipam = r && (r->node_ipam || !r->refusal.empty()) &&
                  Get(c.flags, "allocate-node-cidrs") != "false";
      if (!ipam) {
        step.notes.push_back(
            "node IPAM is off: the CNI plugin allocates pod addresses; give it a " +
            std::string(net::FamilyName(families[1])) + " pod range (" +
            pods[families[1]].ToString() + ") in its own configuration");
      } else {
        Change(&step, "service-cluster-ip-range", Get(c.flags, "service-cluster-ip-range"),
               want_service);
        Change(&step, "cluster-cidr", Get(c.flags, "cluster-cidr"), want_pods);
        std::string generic = Get(c.flags, "node-cidr-mask-size");
        if (!generic.empty() && generic != "0") {
          // Refused on a dual-stack cluster: the family flags take over.
          Change(&step, "node-cidr-mask-size", generic, "");
          const char* family_flag = families[0] == Family::kIPv4 ? "node-cidr-mask-size-ipv4"
                                                                 : "node-cidr-mask-size-ipv6";
          Change(&step, family_flag, Get(c.flags, family_flag), generic);
        }
      }
    } else if (c.component == kKubeProxy) {
      std::string config = Get(c.flags, "config");
      if (!config.empty()) {
        FlagChange fc;
        fc.in_config_file = true;
        fc.config_field = "clusterCIDR";
        fc.flag = config;
        fc.from =
            c.kube_proxy_config ? c.kube_proxy_config->value("clusterCIDR", "") : "(not read)";
        fc.to = want_pods;
        if (fc.from != fc.to) step.changes.push_back(fc);
        nlohmann::json cfg = c.kube_proxy_config.value_or(nlohmann::json::object());
        cfg["clusterCIDR"] = want_pods;
        a.kube_proxy_config = cfg;
        a.kube_proxy_config_origin = "the plan";
      } else {
        Change(&step, "cluster-cidr", Get(c.flags, "cluster-cidr"), want_pods);
      }
    } else if (c.component == kKubelet) {
      std::string cloud = Get(c.flags, "cloud-provider");
      if (c.from_node_status && !c.flags.count("node-ip")) {
        // A Node without addresses: nothing is known of its kubelet.
      } else if (!cloud.empty() && cloud != "external") {
        step.notes.push_back("--cloud-provider=" + cloud +
                             " (a legacy in-tree provider) allows no dual-stack --node-ip");
      } else {
        std::vector<std::string> want, stand_in;
        for (Family f : families) {
          std::string have;
          for (const auto& part : SplitString(Get(c.flags, "node-ip"), ',')) {
            auto ip = net::ParseIPSloppy(TrimSpace(part));
            // 0.0.0.0 or :: (autodetect) cannot be half of a dual-stack
            // --node-ip: the node's own address of that family takes its place.
            if (ip.ok() && !ip->IsUnspecified() && ip->family() == f && have.empty())
              have = ip->ToString();
          }
          want.push_back(have.empty() ? Placeholder(f) : have);
          stand_in.push_back(have.empty() ? StandIn(f, {service.at(f), pods.at(f)}) : have);
        }
        Change(&step, "node-ip", Get(c.flags, "node-ip"), Join(want, ","));
        if (!step.changes.empty()) {
          step.notes.push_back("on every node, with that node's own addresses");
          a.flags["node-ip"] = Join(stand_in, ",");
        }
      }
    }
    for (const auto& change : step.changes) {
      if (change.in_config_file) continue;
      if (change.to.empty())
        a.flags.erase(change.flag);
      else if (change.flag != "node-ip")
        a.flags[change.flag] = change.to;
    }
    if (!step.changes.empty() || !step.notes.empty()) plan.steps.push_back(std::move(step));
  }

  // The order to apply them in: the apiserver's range first (nothing can
  // get a second family before it), node IPAM, kube-proxy, kubelets.
  auto rank = [](const std::string& component) {
    if (component == kApiserver) return 0;
    if (component == kControllerManager) return 1;
    if (component == kKubeProxy) return 2;
    return 3;
  };
  std::stable_sort(plan.steps.begin(), plan.steps.end(), [&](const PlanStep& a, const PlanStep& b) {
    return rank(a.component) < rank(b.component);
  });

  plan.afterwards = {
      "Nodes keep the pod CIDRs they have: spec.podCIDRs can only be set once, and node IPAM gives a second one only "
      "to a Node that has none. Drain, delete and re-register each existing Node (or replace it) to give it a pod "
      "CIDR of each family.",
      "Existing Services keep their families: change a Service's ipFamilyPolicy to PreferDualStack (or "
      "RequireDualStack) to give it a second cluster IP; new Services follow their own ipFamilyPolicy.",
      "The CNI plugin must be configured for both families (its own pod ranges, or host-local IPAM with "
      "usePodCidr for each family).",
  };

  Diagnosis checked = Diagnose(after, release_override);
  plan.checked_verdict = checked.verdict;
  plan.checked = checked.dual_stack && checked.primary == primary;
  return plan;
}

}  // namespace kdual::doctor
