#include "conformance/doctor/cluster_config_files.h"

#include "engine/base/strings.h"
#include "engine/flags/component_flags.h"
#include "engine/net/cidr.h"

namespace kdual::doctor {
namespace {

using nlohmann::json;

std::string Str(const json& j, std::initializer_list<const char*> path,
                const std::string& fallback = "") {
  const json* at = &j;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key)) return fallback;
    at = &(*at)[key];
  }
  return at->is_string() ? at->get<std::string>() : fallback;
}

// kubeadm's extraArgs: a map in v1beta3, a list of {name, value} in v1beta4.
Result<flags::FlagMap> ExtraArgs(const json& owner, const char* field, const std::string& where) {
  flags::FlagMap out;
  if (!owner.is_object() || !owner.contains(field)) return out;
  const json& args = owner[field];
  if (args.is_object()) {
    for (auto it = args.begin(); it != args.end(); ++it) {
      if (!it.value().is_string())
        return InvalidArgument(where + "." + field + "." + it.key() + ": must be a string");
      out[it.key()] = it.value().get<std::string>();
    }
  } else if (args.is_array()) {
    for (size_t i = 0; i < args.size(); ++i) {
      const json& a = args[i];
      if (!a.is_object() || !a.contains("name") || !a["name"].is_string()) {
        return InvalidArgument(where + "." + field + "[" + std::to_string(i) + "]: needs a name");
      }
      out[a["name"].get<std::string>()] = a.value("value", "");
    }
  } else if (!args.is_null()) {
    return InvalidArgument(where + "." + field +
                           ": must be a map (v1beta3) or a list of name/value (v1beta4)");
  }
  return out;
}

ComponentInstance Derived(const std::string& component, const std::string& origin) {
  ComponentInstance c;
  c.component = component;
  c.origin = origin;
  c.derived = true;
  return c;
}

void Overlay(flags::FlagMap* base, const flags::FlagMap& extra) {
  for (const auto& [k, v] : extra) (*base)[k] = v;
}

Result<ClusterInputs> FromKubeadm(const std::vector<golden::YamlDocument>& docs,
                                  const std::string& file) {
  ClusterInputs out;
  const json* cluster = nullptr;
  std::vector<const json*> nodes;  // Init/JoinConfiguration
  const json* proxy = nullptr;
  for (size_t i = 0; i < docs.size(); ++i) {
    const json& d = docs[i].value;
    std::string kind = Str(d, {"kind"});
    if (kind == "ClusterConfiguration")
      cluster = &d;
    else if (kind == "InitConfiguration" || kind == "JoinConfiguration")
      nodes.push_back(&d);
    else if (kind == "KubeProxyConfiguration")
      proxy = &d;
    else if (kind == "KubeletConfiguration")
      out.notes.push_back(file + ": KubeletConfiguration read; it holds no node IP");
    else
      out.notes.push_back(file + ": document " + std::to_string(i + 1) + " (kind " +
                          (kind.empty() ? "none" : kind) + ") skipped");
  }
  json empty = json::object();
  const json& cc = cluster ? *cluster : empty;
  if (!cluster) out.notes.push_back(file + ": no ClusterConfiguration; kubeadm's defaults apply");
  std::optional<version::Release> release;
  std::string kv = Str(cc, {"kubernetesVersion"});
  if (!kv.empty()) {
    auto r = version::ParseRelease(kv);
    if (r.ok())
      release = *r;
    else
      out.notes.push_back(file + ": kubernetesVersion " + kv + " is not an exact release");
  }
  // kubeadm's defaults (cmd/kubeadm/app/apis/kubeadm/v1beta3|4 defaults.go).
  std::string service = Str(cc, {"networking", "serviceSubnet"}, "10.96.0.0/12");
  std::string pods = Str(cc, {"networking", "podSubnet"});
  auto stamp = [&](ComponentInstance* c) {
    c->release = release;
    if (release) c->release_origin = "kubernetesVersion";
  };

  ComponentInstance api =
      Derived(flags::kApiserver, file + ": ClusterConfiguration (as kubeadm passes it)");
  api.flags["service-cluster-ip-range"] = service;
  for (const json* n : nodes) {
    std::string adv = Str(*n, {"localAPIEndpoint", "advertiseAddress"});
    if (!adv.empty()) api.flags["advertise-address"] = adv;
  }
  KDUAL_ASSIGN_OR_RETURN(auto api_extra,
                         ExtraArgs(cc.value("apiServer", empty), "extraArgs", "apiServer"));
  Overlay(&api.flags, api_extra);
  stamp(&api);
  out.components.push_back(api);

  ComponentInstance kcm =
      Derived(flags::kControllerManager, file + ": ClusterConfiguration (as kubeadm passes it)");
  if (!pods.empty()) {
    kcm.flags["allocate-node-cidrs"] = "true";
    kcm.flags["cluster-cidr"] = pods;
  }
  kcm.flags["service-cluster-ip-range"] = service;
  KDUAL_ASSIGN_OR_RETURN(auto kcm_extra, ExtraArgs(cc.value("controllerManager", empty),
                                                   "extraArgs", "controllerManager"));
  Overlay(&kcm.flags, kcm_extra);
  stamp(&kcm);
  out.components.push_back(kcm);

  ComponentInstance kp = Derived(flags::kKubeProxy, file + ": kube-proxy as kubeadm configures it");
  kp.flags["config"] = "/var/lib/kube-proxy/config.conf";
  if (proxy) {
    kp.kube_proxy_config = *proxy;
    kp.kube_proxy_config_origin = file + ": KubeProxyConfiguration";
    if (Str(*proxy, {"clusterCIDR"}).empty() && !pods.empty())
      (*kp.kube_proxy_config)["clusterCIDR"] = pods;
  } else {
    kp.kube_proxy_config = json{{"clusterCIDR", pods}};
    kp.kube_proxy_config_origin = "kubeadm's default (clusterCIDR from networking.podSubnet)";
  }
  stamp(&kp);
  out.components.push_back(kp);

  for (const json* n : nodes) {
    ComponentInstance kubelet =
        Derived(flags::kKubelet, file + ": " + Str(*n, {"kind"}) + " nodeRegistration");
    KDUAL_ASSIGN_OR_RETURN(auto extra, ExtraArgs(n->value("nodeRegistration", empty),
                                                 "kubeletExtraArgs", "nodeRegistration"));
    kubelet.flags = extra;
    stamp(&kubelet);
    out.components.push_back(kubelet);
  }
  return out;
}

// kind's networking (pkg/apis/config/v1alpha4 default.go, validate.go).
Result<ClusterInputs> FromKind(const json& d, const std::string& file) {
  ClusterInputs out;
  json empty = json::object();
  const json& networking =
      d.contains("networking") && d["networking"].is_object() ? d["networking"] : empty;
  std::string family = Str(networking, {"ipFamily"}, "ipv4");
  std::string pods_default, service_default;
  if (family == "ipv4")
    pods_default = "10.244.0.0/16", service_default = "10.96.0.0/16";
  else if (family == "ipv6")
    pods_default = "fd00:10:244::/56", service_default = "fd00:10:96::/112";
  else if (family == "dual")
    pods_default = "10.244.0.0/16,fd00:10:244::/56",
    service_default = "10.96.0.0/16,fd00:10:96::/112";
  else
    return InvalidArgument(file + ": networking.ipFamily: invalid ipFamily: " + family +
                           " (kind accepts ipv4, ipv6, dual)");
  std::string pods = Str(networking, {"podSubnet"}, pods_default);
  std::string service = Str(networking, {"serviceSubnet"}, service_default);
  // kind's validateSubnets, with its own words.
  for (const auto& [what, value] :
       std::vector<std::pair<std::string, std::string>>{{"pod", pods}, {"service", service}}) {
    std::vector<std::string> parts = SplitString(value, ',');
    std::vector<net::Family> fams;
    for (const auto& p : parts) {
      auto c = net::ParsePrefixNetip(p);
      if (!c.ok()) {
        // Go's net.ParseCIDR error text.
        return InvalidArgument(file + ": invalid " + what +
                               " subnet failed to parse cidr value:\"" + p +
                               "\" with error: invalid CIDR address: " + p);
      }
      fams.push_back(c->addr.ip.family());
    }
    bool dual = family == "dual";
    if (dual && (parts.size() > 2 || (parts.size() == 2 && fams[0] == fams[1]))) {
      return InvalidArgument(
          file + ": invalid " + what +
          " subnet expected one (IPv4 or IPv6) CIDR or two CIDRs from each family for dual-stack networking");
    }
    if (!dual && parts.size() > 1)
      return InvalidArgument(file + ": invalid " + what +
                             " subnet only one CIDR allowed for single-stack networking");
    if (family == "ipv4" && fams[0] != net::Family::kIPv4)
      return InvalidArgument(file + ": invalid " + what +
                             " subnet expected IPv4 CIDR for IPv4 family");
    if (family == "ipv6" && fams[0] != net::Family::kIPv6)
      return InvalidArgument(file + ": invalid " + what +
                             " subnet expected IPv6 CIDR for IPv6 family");
  }
  const std::string origin = file + ": kind Cluster (as kind and kubeadm pass it)";
  ComponentInstance api = Derived(flags::kApiserver, origin);
  api.flags["service-cluster-ip-range"] = service;
  ComponentInstance kcm = Derived(flags::kControllerManager, origin);
  kcm.flags = {{"allocate-node-cidrs", "true"},
               {"cluster-cidr", pods},
               {"service-cluster-ip-range", service}};
  ComponentInstance kp = Derived(flags::kKubeProxy, origin);
  kp.flags["config"] = "/var/lib/kube-proxy/config.conf";
  kp.kube_proxy_config =
      json{{"clusterCIDR", pods}, {"mode", Str(networking, {"kubeProxyMode"}, "iptables")}};
  kp.kube_proxy_config_origin =
      "kind's kubeadm configuration (clusterCIDR from networking.podSubnet)";
  // kind gives each node's kubelet its container's addresses, the service
  // range's primary family first; these stand for the default docker network.
  ComponentInstance kubelet =
      Derived(flags::kKubelet, origin + " (node IPs of kind's default docker network)");
  bool v6_first =
      net::ParseCIDRSloppy(SplitString(service, ',')[0]).ok() &&
      net::ParseCIDRSloppy(SplitString(service, ',')[0])->family() == net::Family::kIPv6;
  if (family == "ipv4")
    kubelet.flags["node-ip"] = "172.18.0.2";
  else if (family == "ipv6")
    kubelet.flags["node-ip"] = "fc00:f853:ccd:e793::2";
  else
    kubelet.flags["node-ip"] =
        v6_first ? "fc00:f853:ccd:e793::2,172.18.0.2" : "172.18.0.2,fc00:f853:ccd:e793::2";
  out.components = {api, kcm, kp, kubelet};
  out.notes.push_back(file +
                      ": kind's node image is not named here; pass --version for its release");
  return out;
}

}  // namespace

Result<ClusterInputs> InputsFromConfigFile(const std::vector<golden::YamlDocument>& documents,
                                           const std::string& file_name) {
  if (documents.empty()) return InvalidArgument(file_name + ": no YAML document in it");
  for (size_t i = 0; i < documents.size(); ++i) {
    if (!documents[i].value.is_object()) {
      return InvalidArgument(file_name + ": document " + std::to_string(i + 1) +
                             " is not a mapping");
    }
  }
  const json& first = documents[0].value;
  std::string api_version = Str(first, {"apiVersion"});
  if (Str(first, {"kind"}) == "Cluster" && api_version.rfind("kind.x-k8s.io/", 0) == 0) {
    return FromKind(first, file_name);
  }
  for (const auto& d : documents) {
    if (Str(d.value, {"apiVersion"}).rfind("kubeadm.k8s.io/", 0) == 0)
      return FromKubeadm(documents, file_name);
  }
  return InvalidArgument(
      file_name +
      ": neither a kubeadm configuration (apiVersion kubeadm.k8s.io/...) nor a kind "
      "Cluster (apiVersion kind.x-k8s.io/v1alpha4, kind Cluster)");
}

Result<nlohmann::json> KubeProxyConfigFrom(const std::vector<golden::YamlDocument>& documents,
                                           const std::string& file_name) {
  for (const auto& d : documents) {
    if (Str(d.value, {"kind"}) == "KubeProxyConfiguration") return d.value;
    // The kube-proxy ConfigMap: its config.conf key holds the file.
    if (Str(d.value, {"kind"}) == "ConfigMap" && d.value.contains("data") &&
        d.value["data"].contains("config.conf")) {
      if (!d.value["data"]["config.conf"].is_string()) break;
      auto inner = golden::ParseYaml(d.value["data"]["config.conf"].get<std::string>(),
                                     file_name + " data.config.conf");
      if (!inner.ok()) return inner.status();
      return inner->value;
    }
  }
  return InvalidArgument(
      file_name + ": no KubeProxyConfiguration in it (nor a ConfigMap with data.config.conf)");
}

}  // namespace kdual::doctor
