#include "conformance/live/discovery.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <regex>
#include <utility>

#include "conformance/golden/yaml_reader.h"
#include "conformance/live/json_get.h"
#include "engine/base/json_access.h"
#include "engine/base/strings.h"
#include "engine/flags/command_line.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::live {
namespace {

using nlohmann::json;

// Why one source beats another; the Go files say how the server behaves.
constexpr const char* kServiceCidrWins =
    "the ServiceCIDR objects win: the API server allocates cluster IPs from them "
    "(MultiCIDRServiceAllocator); the flags only create the `kubernetes` ServiceCIDR when it "
    "does not exist, and a later change of the flags leaves it as it is, apart from a single- "
    "to dual-stack upgrade of the same primary range "
    "(pkg/controlplane/controller/defaultservicecidr/default_servicecidr_controller.go)";
constexpr const char* kStaticPodWins =
    "the static pod's command line wins: it is what the API server runs with; kubeadm-config "
    "records what kubeadm was given at init or upgrade and is not updated when the manifest "
    "is edited";
constexpr const char* kClusterWins =
    "the value found on the cluster wins over the flag given to kdual, which is only used when "
    "the cluster shows none";

using Fetched = JsonGet;

Fetched Get(HttpClient& client, const std::string& path) { return GetJson(client, path); }

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t end = s.find(sep, start);
    std::string part = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) parts.push_back(part);
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

// The found values in order of precedence; says why the first wins when
// another disagrees. `why(i)` explains why found[0] beats found[i].
template <typename Why>
void Resolve(DiscoveredSetting* setting, Why why) {
  if (setting->found.size() < 2) return;
  const auto winner = Split(setting->found[0].value, ',');
  // Sources that disagree, grouped by the reason they lose, in order.
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for (size_t i = 1; i < setting->found.size(); ++i) {
    if (Split(setting->found[i].value, ',') == winner) continue;
    std::string reason = why(i);
    std::string says = setting->found[i].source + " says " + setting->found[i].value;
    if (!groups.empty() && groups.back().first == reason) {
      groups.back().second.push_back(says);
    } else {
      groups.push_back({reason, {says}});
    }
  }
  std::vector<std::string> parts;
  for (const auto& [reason, says] : groups) parts.push_back(Join(says, ", ") + "; " + reason);
  setting->resolution = Join(parts, ". ");
}

// ---- the sources ----

constexpr const char* kServiceCidrVersions[] = {"v1", "v1beta1", "v1alpha1"};

void ReadServiceCidrs(HttpClient& client, ClusterInfo* info) {
  for (const char* version : kServiceCidrVersions) {
    std::string group_version = std::string("networking.k8s.io/") + version;
    Fetched f = Get(client, "/apis/" + group_version + "/servicecidrs");
    if (f.code == 404) continue;  // not served in this version
    if (f.code != 200) {
      info->notes.push_back("ServiceCIDRs (" + group_version + "): " + f.problem +
                            "; using the next source");
      return;
    }
    const json* items = JsonAt(f.body, {"items"});
    if (items && items->is_array()) {
      for (const auto& item : *items) {
        ServiceCidrObject o;
        o.name = StringAt(item, {"metadata", "name"});
        o.api_version = group_version;
        if (const json* cidrs = JsonAt(item, {"spec", "cidrs"}); cidrs && cidrs->is_array()) {
          for (const auto& c : *cidrs) {
            if (c.is_string()) o.cidrs.push_back(c.get<std::string>());
          }
        }
        if (const json* conditions = JsonAt(item, {"status", "conditions"});
            conditions && conditions->is_array()) {
          for (const auto& c : *conditions) {
            if (StringAt(c, {"type"}) == "Ready") o.ready = StringAt(c, {"status"});
          }
        }
        o.deleting = JsonAt(item, {"metadata", "deletionTimestamp"}) != nullptr;
        info->service_cidr_objects.push_back(std::move(o));
      }
    }
    for (const auto& o : info->service_cidr_objects) {
      if (o.name == "kubernetes" && !o.cidrs.empty()) {
        info->service_cidrs.found.push_back(
            {Join(o.cidrs, ","), "ServiceCIDR kubernetes (" + group_version + ")"});
      }
    }
    if (info->service_cidrs.found.empty()) {
      info->notes.push_back("ServiceCIDRs (" + group_version +
                            "): no `kubernetes` ServiceCIDR; using the next source");
    }
    return;
  }
  info->notes.push_back(
      "ServiceCIDRs: networking.k8s.io v1, v1beta1 and v1alpha1 are not served; using the next source");
}

std::vector<std::string> ContainerArgv(const json& container) {
  std::vector<std::string> argv;
  for (const char* key : {"command", "args"}) {
    if (const json* list = JsonAt(container, {key}); list && list->is_array()) {
      for (const auto& a : *list) {
        if (a.is_string()) argv.push_back(a.get<std::string>());
      }
    }
  }
  return argv;
}

void ReadStaticPods(HttpClient& client, ClusterInfo* info, std::vector<Finding>* cidrs,
                    std::vector<Finding>* ports) {
  Fetched f =
      Get(client, "/api/v1/namespaces/kube-system/pods?labelSelector=component%3Dkube-apiserver");
  if (f.code != 200) {
    info->notes.push_back("kube-apiserver pods in kube-system: " + f.problem +
                          "; using the next source");
    return;
  }
  const json* items = JsonAt(f.body, {"items"});
  if (!items || !items->is_array() || items->empty()) {
    info->notes.push_back(
        "kube-apiserver pods in kube-system: none (label component=kube-apiserver); "
        "using the next source");
    return;
  }
  for (const auto& pod : *items) {
    const json* containers = JsonAt(pod, {"spec", "containers"});
    if (!containers || !containers->is_array()) continue;
    std::string where = "static pod kube-system/" + StringAt(pod, {"metadata", "name"});
    for (const auto& container : *containers) {
      auto argv = ContainerArgv(container);
      if (auto v = flags::FindFlagValue(argv, "service-cluster-ip-range")) {
        cidrs->push_back({*v, where + " (--service-cluster-ip-range)"});
      }
      if (auto v = flags::FindFlagValue(argv, "service-node-port-range")) {
        ports->push_back({*v, where + " (--service-node-port-range)"});
      }
    }
  }
}

// The value of `name` in a kubeadm ClusterConfiguration's extraArgs: a map
// (v1beta3 and older) or a list of {name, value} (v1beta4); in the list the
// last entry wins, as kubeadm builds the command line from it.
std::optional<std::string> ExtraArg(const json& extra_args, const std::string& name) {
  if (extra_args.is_object()) {
    if (extra_args.contains(name) && extra_args[name].is_string())
      return extra_args[name].get<std::string>();
    return std::nullopt;
  }
  std::optional<std::string> value;
  if (extra_args.is_array()) {
    for (const auto& entry : extra_args) {
      if (StringAt(entry, {"name"}) == name && JsonAt(entry, {"value"}) &&
          entry["value"].is_string()) {
        value = entry["value"].get<std::string>();
      }
    }
  }
  return value;
}

void ReadKubeadmConfig(HttpClient& client, ClusterInfo* info, std::vector<Finding>* cidrs,
                       std::vector<Finding>* ports) {
  Fetched f = Get(client, "/api/v1/namespaces/kube-system/configmaps/kubeadm-config");
  if (f.code != 200) {
    info->notes.push_back("ConfigMap kube-system/kubeadm-config: " + f.problem +
                          "; using the next source");
    return;
  }
  std::string text = StringAt(f.body, {"data", "ClusterConfiguration"});
  if (text.empty()) {
    info->notes.push_back("ConfigMap kube-system/kubeadm-config has no data.ClusterConfiguration");
    return;
  }
  auto doc = golden::ParseYaml(text, "kubeadm-config ClusterConfiguration");
  if (!doc.ok()) {
    info->notes.push_back("ConfigMap kube-system/kubeadm-config: " + doc.status().message());
    return;
  }
  const json& config = doc->value;
  const std::string where = "ConfigMap kube-system/kubeadm-config ";
  const json* extra = JsonAt(config, {"apiServer", "extraArgs"});
  // kubeadm puts extraArgs over the flags it derives from networking
  // (cmd/kubeadm/app/phases/controlplane/manifests.go getAPIServerCommand).
  if (auto v = extra ? ExtraArg(*extra, "service-cluster-ip-range") : std::nullopt) {
    cidrs->push_back({*v, where + "(apiServer.extraArgs service-cluster-ip-range)"});
  } else if (std::string subnet = StringAt(config, {"networking", "serviceSubnet"});
             !subnet.empty()) {
    cidrs->push_back({subnet, where + "(networking.serviceSubnet)"});
  }
  if (auto v = extra ? ExtraArg(*extra, "service-node-port-range") : std::nullopt) {
    ports->push_back({*v, where + "(apiServer.extraArgs service-node-port-range)"});
  }
}

void ReadVersion(const json& body, ClusterInfo* info) {
  info->git_version = StringAt(body, {"gitVersion"});
  // Distributions add suffixes: "v1.33.1+k3s1", "v1.30.5-gke.100".
  static const std::regex kRelease(R"(^v?(\d+)\.(\d+)\.(\d+))");
  std::smatch m;
  if (!std::regex_search(info->git_version, m, kRelease)) {
    info->profile_note = "gitVersion \"" + info->git_version + "\" is not a release version";
    return;
  }
  version::Release release;
  release.major = std::stoi(m[1]);
  release.minor = std::stoi(m[2]);
  release.patch = std::stoi(m[3]);
  auto profile = version::ProfileFor(release);
  if (!profile.ok()) {
    info->profile_note = profile.status().message();
    return;
  }
  info->profile = release.MinorString();
  for (const auto& pinned : version::PinnedReleases()) {
    if (pinned.major != release.major || pinned.minor != release.minor) continue;
    if (pinned == release && static_cast<size_t>(m[0].length()) == info->git_version.size()) {
      info->profile_note = "the pinned release " + pinned.ToString();
    } else {
      info->profile_note = "the " + info->profile + " profile, pinned at " + pinned.ToString() +
                           "; the server runs " + info->git_version +
                           ", so answers that changed between patches may differ";
    }
    return;
  }
  info->profile_note = "the " + info->profile + " profile";
}

Status ListServices(HttpClient& client, const DiscoveryOptions& options, ClusterInfo* info) {
  std::string continue_token;
  bool restarted = false;
  for (;;) {
    std::string path = "/api/v1/services?limit=" + std::to_string(options.page_size);
    if (!continue_token.empty()) {
      std::string encoded;
      for (unsigned char c : continue_token) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
          encoded.push_back(static_cast<char>(c));
        } else {
          char buf[4];
          std::snprintf(buf, sizeof buf, "%%%02X", c);
          encoded += buf;
        }
      }
      path += "&continue=" + encoded;
    }
    Fetched f = Get(client, path);
    if (f.code == 410 && !restarted) {
      // The continue token expired (etcd compacted): list again from the start.
      restarted = true;
      info->services.clear();
      continue_token.clear();
      info->notes.push_back(
          "Services: the list's continue token expired (410); listed again from the start");
      continue;
    }
    if (f.code != 200) return Unavailable("Services in all namespaces: " + f.problem);
    if (const json* items = JsonAt(f.body, {"items"}); items && items->is_array()) {
      for (const auto& item : *items) {
        ServiceAddresses s;
        s.namespace_name = StringAt(item, {"metadata", "namespace"});
        s.name = StringAt(item, {"metadata", "name"});
        s.type = StringAt(item, {"spec", "type"});
        if (const json* ips = JsonAt(item, {"spec", "clusterIPs"}); ips && ips->is_array()) {
          for (const auto& ip : *ips) {
            if (ip.is_string() && ip != "None" && ip != "")
              s.cluster_ips.push_back(ip.get<std::string>());
          }
        } else if (std::string ip = StringAt(item, {"spec", "clusterIP"});
                   !ip.empty() && ip != "None") {
          s.cluster_ips.push_back(ip);
        }
        if (const json* ports = JsonAt(item, {"spec", "ports"}); ports && ports->is_array()) {
          for (const auto& p : *ports) {
            if (p.is_object() && p.contains("nodePort") && p["nodePort"].is_number_integer() &&
                p["nodePort"].get<int>() != 0) {
              s.node_ports.push_back(p["nodePort"].get<int>());
            }
          }
        }
        if (const json* h = JsonAt(item, {"spec", "healthCheckNodePort"});
            h && h->is_number_integer()) {
          s.health_check_node_port = h->get<int>();
        }
        if (!s.cluster_ips.empty() || !s.node_ports.empty() || s.health_check_node_port != 0) {
          info->services.push_back(std::move(s));
        }
      }
    }
    continue_token = StringAt(f.body, {"metadata", "continue"});
    if (continue_token.empty()) return Status::Ok();
  }
}

}  // namespace

Result<std::vector<ServiceAddresses>> ListServiceAddresses(HttpClient& client, int page_size) {
  DiscoveryOptions options;
  options.page_size = page_size;
  ClusterInfo info;
  KDUAL_RETURN_IF_ERROR(ListServices(client, options, &info));
  return std::move(info.services);
}

Result<ClusterInfo> Discover(HttpClient& client, const DiscoveryOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const long requests_before = client.requests_made();
  ClusterInfo info;
  info.server = client.server();

  Fetched version = Get(client, "/version");
  if (version.code == 0)
    return Unavailable("cannot reach " + client.server() + ": " + version.problem);
  if (version.code != 200) {
    return Unavailable("the server " + client.server() + " answered /version with " +
                       version.problem);
  }
  ReadVersion(version.body, &info);

  ReadServiceCidrs(client, &info);
  std::vector<Finding> pod_cidrs, pod_ports, kubeadm_cidrs, kubeadm_ports;
  ReadStaticPods(client, &info, &pod_cidrs, &pod_ports);
  ReadKubeadmConfig(client, &info, &kubeadm_cidrs, &kubeadm_ports);

  // Service CIDRs, best first: ServiceCIDR, static pod, kubeadm-config, user.
  const size_t from_service_cidr = info.service_cidrs.found.size();
  auto& cidrs = info.service_cidrs.found;
  cidrs.insert(cidrs.end(), pod_cidrs.begin(), pod_cidrs.end());
  const size_t from_pods = cidrs.size();
  cidrs.insert(cidrs.end(), kubeadm_cidrs.begin(), kubeadm_cidrs.end());
  const size_t from_cluster = cidrs.size();
  if (!options.service_cluster_ip_range.empty()) {
    cidrs.push_back(
        {options.service_cluster_ip_range, "--service-cluster-ip-range given to kdual"});
  }
  Resolve(&info.service_cidrs, [&](size_t i) -> std::string {
    if (i >= from_cluster && from_cluster > 0) return kClusterWins;
    if (from_service_cidr > 0) return kServiceCidrWins;
    if (from_pods > 0 && i >= from_pods) return kStaticPodWins;
    return "the first source found wins";
  });

  // Node-port range, best first: static pod, kubeadm-config, user, default.
  auto& ports = info.node_port_range.found;
  ports.insert(ports.end(), pod_ports.begin(), pod_ports.end());
  const size_t ports_from_pods = ports.size();
  ports.insert(ports.end(), kubeadm_ports.begin(), kubeadm_ports.end());
  const size_t ports_from_cluster = ports.size();
  if (!options.service_node_port_range.empty()) {
    ports.push_back({options.service_node_port_range, "--service-node-port-range given to kdual"});
  }
  if (ports.empty()) {
    ports.push_back({kDefaultNodePortRange, "default (no source gave --service-node-port-range)"});
  }
  Resolve(&info.node_port_range, [&](size_t i) -> std::string {
    if (i >= ports_from_cluster && ports_from_cluster > 0) return kClusterWins;
    if (ports_from_pods > 0) return kStaticPodWins;
    return "the first source found wins";
  });

  if (options.list_services) {
    Status listed = ListServices(client, options, &info);
    info.services_listed = listed.ok();
    if (!listed.ok()) info.notes.push_back(listed.message() + "; the addresses in use are unknown");
  }

  if (info.service_cidrs.found.empty()) {
    for (const auto& s : info.services) {
      if (s.namespace_name == "default" && s.name == "kubernetes" && !s.cluster_ips.empty()) {
        // The API server gives its own Service the first address of the
        // primary range (pkg/controlplane/apiserver/options/options.go
        // ServiceIPRange).
        info.notes.push_back(
            "no source gave the service CIDRs; default/kubernetes holds " + s.cluster_ips[0] +
            ", the first address of the primary range: give --service-cluster-ip-range");
      }
    }
  }
  info.http_requests = client.requests_made() - requests_before;
  info.elapsed_ms = static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - start)
                                          .count());
  return info;
}

namespace {

json SettingJson(const DiscoveredSetting& s) {
  json j = json::object();
  if (const Finding* w = s.winner()) {
    j["value"] = w->value;
    j["source"] = w->source;
  }
  if (s.found.size() > 1) {
    json also = json::array();
    for (size_t i = 1; i < s.found.size(); ++i)
      also.push_back({{"value", s.found[i].value}, {"source", s.found[i].source}});
    j["alsoFound"] = also;
  }
  if (!s.resolution.empty()) j["resolution"] = s.resolution;
  return j;
}

}  // namespace

json ClusterInfoJson(const ClusterInfo& info) {
  json j = json::object();
  j["server"] = info.server;
  j["version"] = {{"gitVersion", info.git_version},
                  {"source", "/version"},
                  {"engineProfile", info.profile.empty() ? json() : json(info.profile)},
                  {"note", info.profile_note}};
  j["serviceCIDRs"] = SettingJson(info.service_cidrs);
  json objects = json::array();
  for (const auto& o : info.service_cidr_objects) {
    json oj = {
        {"name", o.name}, {"apiVersion", o.api_version}, {"cidrs", o.cidrs}, {"ready", o.ready}};
    if (o.deleting) oj["deleting"] = true;
    objects.push_back(oj);
  }
  j["serviceCIDRObjects"] = objects;
  j["nodePortRange"] = SettingJson(info.node_port_range);
  if (info.services_listed) {
    json services = json::array();
    for (const auto& s : info.services) {
      json sj = {{"namespace", s.namespace_name},
                 {"name", s.name},
                 {"type", s.type},
                 {"clusterIPs", s.cluster_ips}};
      if (!s.node_ports.empty()) sj["nodePorts"] = s.node_ports;
      if (s.health_check_node_port != 0) sj["healthCheckNodePort"] = s.health_check_node_port;
      services.push_back(sj);
    }
    j["services"] = services;
  } else {
    j["services"] = nullptr;
  }
  j["notes"] = info.notes;
  j["discovery"] = {{"httpRequests", info.http_requests}, {"elapsedMs", info.elapsed_ms}};
  return j;
}

std::vector<std::string> ClusterInfoKeyOrder(const std::string& json_pointer) {
  if (json_pointer.empty()) {
    return {"server",        "version",  "serviceCIDRs", "serviceCIDRObjects",
            "nodePortRange", "services", "notes",        "discovery"};
  }
  if (json_pointer == "/version") return {"gitVersion", "source", "engineProfile", "note"};
  if (json_pointer == "/serviceCIDRs" || json_pointer == "/nodePortRange") {
    return {"value", "source", "alsoFound", "resolution"};
  }
  if (json_pointer.rfind("/serviceCIDRObjects/", 0) == 0)
    return {"name", "apiVersion", "cidrs", "ready"};
  if (json_pointer.rfind("/services/", 0) == 0) {
    return {"namespace", "name", "type", "clusterIPs", "nodePorts", "healthCheckNodePort"};
  }
  return {};
}

}  // namespace kdual::live
