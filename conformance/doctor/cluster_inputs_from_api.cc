#include "conformance/doctor/cluster_inputs_from_api.h"

#include <regex>

#include "conformance/golden/yaml_reader.h"
#include "conformance/live/json_get.h"
#include "engine/base/strings.h"
#include "engine/flags/command_line.h"
#include "engine/flags/component_flags.h"

namespace kdual::doctor {
namespace {

using nlohmann::json;

using Fetched = live::JsonGet;

Fetched Get(live::HttpClient& client, const std::string& path) {
  return live::GetJson(client, path);
}

std::vector<std::string> Strings(const json& v) {
  std::vector<std::string> out;
  if (!v.is_array()) return out;
  for (const auto& x : v) {
    if (x.is_string()) out.push_back(x.get<std::string>());
  }
  return out;
}

// The words a pod's container runs: command then args, of the container
// named for the component (else the first).
std::vector<std::string> ContainerWords(const json& pod, const std::string& component) {
  const json spec = pod.value("spec", json::object());
  const json containers = spec.value("containers", json::array());
  const json* chosen = containers.empty() ? nullptr : &containers[0];
  for (const auto& c : containers) {
    if (c.value("name", "") == component) chosen = &c;
  }
  std::vector<std::string> words;
  if (!chosen) return words;
  for (const auto& w : Strings(chosen->value("command", json::array()))) words.push_back(w);
  for (const auto& w : Strings(chosen->value("args", json::array()))) words.push_back(w);
  return words;
}

std::string PodName(const json& pod) {
  const json meta = pod.value("metadata", json::object());
  std::string name = "pod " + meta.value("namespace", std::string("kube-system")) + "/" +
                     meta.value("name", std::string("?"));
  std::string node = pod.value("spec", json::object()).value("nodeName", std::string());
  return node.empty() ? name : name + " on node " + node;
}

void FromPods(live::HttpClient& client, const std::string& label, const std::string& component,
              bool first_only, ClusterInputs* out) {
  std::string selector = label;
  selector.replace(selector.find('='), 1, "%3D");
  Fetched f = Get(client, "/api/v1/namespaces/kube-system/pods?labelSelector=" + selector);
  if (f.code != 200) {
    out->notes.push_back(component +
                         " pods in kube-system: " + (f.problem.empty() ? "no answer" : f.problem));
    return;
  }
  const json items = f.body.value("items", json::array());
  if (items.empty()) {
    out->notes.push_back(component + ": no pod in kube-system (label " + label +
                         "); it may run outside pods");
    return;
  }
  for (const auto& pod : items) {
    std::vector<std::string> words = ContainerWords(pod, component);
    auto parsed = flags::FlagsFromWords(words, component);
    if (!parsed.ok()) {
      out->notes.push_back(PodName(pod) + ": " + parsed.status().message());
      continue;
    }
    ComponentInstance c;
    c.component = component;
    c.origin = PodName(pod);
    c.flags = *parsed;
    out->components.push_back(c);
    if (first_only) {
      if (items.size() > 1) {
        out->notes.push_back(component + ": " + std::to_string(items.size()) +
                             " pods of one DaemonSet; the first stands for all");
      }
      break;
    }
  }
}

}  // namespace

Result<ClusterInputs> InputsFromCluster(live::HttpClient& client) {
  ClusterInputs out;
  Fetched version = Get(client, "/version");
  if (version.code != 200) {
    return Unavailable("cannot read /version from " + client.server() + ": " +
                       (version.problem.empty() ? "no answer" : version.problem));
  }
  std::optional<version::Release> release;
  std::string git = version.body.value("gitVersion", std::string());
  static const std::regex kRelease(R"(^v?([0-9]+)\.([0-9]+)\.([0-9]+))");
  std::smatch m;
  // ParseRelease bounds each number: a hostile /version cannot overflow it.
  auto parsed = std::regex_search(git, m, kRelease)
                    ? version::ParseRelease(m[1].str() + "." + m[2].str() + "." + m[3].str())
                    : Result<version::Release>(InvalidArgument("no release"));
  if (parsed.ok()) {
    release = *parsed;
  } else {
    out.notes.push_back("/version says gitVersion \"" + git + "\", which names no release");
  }

  FromPods(client, "component=kube-apiserver", flags::kApiserver, false, &out);
  FromPods(client, "component=kube-controller-manager", flags::kControllerManager, false, &out);
  FromPods(client, "k8s-app=kube-proxy", flags::kKubeProxy, true, &out);
  for (auto& c : out.components) {
    if (c.component != flags::kKubeProxy || !c.flags.count("config")) continue;
    Fetched cm = Get(client, "/api/v1/namespaces/kube-system/configmaps/kube-proxy");
    if (cm.code != 200) {
      out.notes.push_back("ConfigMap kube-system/kube-proxy: " +
                          (cm.problem.empty() ? "no answer" : cm.problem));
      break;
    }
    const json data = cm.body.value("data", json::object());
    if (!data.contains("config.conf") || !data["config.conf"].is_string()) {
      out.notes.push_back("ConfigMap kube-system/kube-proxy has no data.config.conf");
      break;
    }
    auto doc = golden::ParseYaml(data["config.conf"].get<std::string>(),
                                 "ConfigMap kube-system/kube-proxy config.conf");
    if (!doc.ok()) {
      out.notes.push_back(doc.status().message());
      break;
    }
    c.kube_proxy_config = doc->value;
    c.kube_proxy_config_origin = "ConfigMap kube-system/kube-proxy (config.conf)";
  }

  Fetched nodes = Get(client, "/api/v1/nodes?limit=1000");
  if (nodes.code != 200) {
    out.notes.push_back("Nodes: " + (nodes.problem.empty() ? "no answer" : nodes.problem));
  } else {
    const json items = nodes.body.value("items", json::array());
    if (nodes.body.value("metadata", json::object()).value("continue", std::string()) != "") {
      out.notes.push_back("Nodes: the first 1000 are read");
    }
    for (const auto& n : items) {
      NodeState node;
      node.name = n.value("metadata", json::object()).value("name", std::string());
      const json spec = n.value("spec", json::object());
      node.pod_cidrs = Strings(spec.value("podCIDRs", json::array()));
      for (const auto& a : n.value("status", json::object()).value("addresses", json::array())) {
        if (a.value("type", "") == "InternalIP")
          node.internal_ips.push_back(a.value("address", ""));
      }
      ComponentInstance kubelet;
      kubelet.component = flags::kKubelet;
      kubelet.origin =
          "Node " + node.name + " (its InternalIP addresses stand for the kubelet's --node-ip)";
      kubelet.derived = true;
      kubelet.from_node_status = true;
      if (!node.internal_ips.empty()) kubelet.flags["node-ip"] = Join(node.internal_ips, ",");
      // A Node with a provider ID is a cloud's: its addresses come from the
      // cloud controller manager.
      if (!spec.value("providerID", std::string()).empty())
        kubelet.flags["cloud-provider"] = "external";
      std::string kubelet_version = n.value("status", json::object())
                                        .value("nodeInfo", json::object())
                                        .value("kubeletVersion", std::string());
      if (std::regex_search(kubelet_version, m, kRelease)) {
        auto r = version::ParseRelease(m[1].str() + "." + m[2].str() + "." + m[3].str());
        if (r.ok()) {
          kubelet.release = *r;
          kubelet.release_origin = "the Node's kubeletVersion";
        }
      }
      out.components.push_back(kubelet);
      out.nodes.push_back(node);
    }
  }
  for (auto& c : out.components) {
    if (!c.release && release) {
      c.release = release;
      c.release_origin = "/version";
    }
  }
  return out;
}

}  // namespace kdual::doctor
