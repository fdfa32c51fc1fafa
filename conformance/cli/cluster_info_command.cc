// kdual cluster-info: what a live cluster runs with, and where each value
// came from.
#include <iostream>
#include <sstream>

#include "conformance/cli/command.h"
#include "conformance/golden/yaml_writer.h"
#include "conformance/live/discovery.h"
#include "conformance/live/http_client.h"
#include "conformance/live/kubeconfig.h"
#include "engine/base/strings.h"

namespace kdual::cli {
namespace {

constexpr const char* kClusterInfoUsage =
    R"usage(Usage: kdual cluster-info [--kubeconfig K] [--context C] [-o text|yaml|json] [flags]

Prints what kdual finds on a live cluster, and where each value came from:

  server version    /version, and the engine profile it maps to
  service CIDRs     the `kubernetes` ServiceCIDR (networking.k8s.io v1,
                    v1beta1 or v1alpha1, where served); else the
                    kube-apiserver static pod's command line in kube-system
                    (pods labelled component=kube-apiserver: kind, kubeadm);
                    else the kubeadm-config ConfigMap; else
                    --service-cluster-ip-range
  node-port range   the static pod's command line; else kubeadm-config's
                    apiServer.extraArgs; else --service-node-port-range; else
                    the default 30000-32767
  Services          those that already hold cluster IPs or node ports, in
                    every namespace

Every source is asked: where two disagree, both are printed with the reason
the first wins. A source that is missing or forbidden is noted, not fatal.
The cluster is only read.

Flags:
  --kubeconfig K                  kubeconfig file (default: $KUBECONFIG, else
                                  ~/.kube/config)
  --context C                     context (default: the current context)
  -o, --output F                  text (default), yaml or json
  --service-cluster-ip-range R    the range to assume when the cluster shows none
  --service-node-port-range R     the node-port range to assume likewise
  -h, --help                      this help

Works with a local reference control plane too:
  kdual cluster-info --kubeconfig "$(scripts/local-cluster kubeconfig --name N)"

Exit status: 0 when the cluster answered, 1 when it could not be reached or
the kubeconfig could not be used, 2 for usage errors.
)usage";

std::string JoinInts(const std::vector<int>& v) {
  std::string out;
  for (int i : v) out += (out.empty() ? "" : ",") + std::to_string(i);
  return out;
}

// Rows as left-aligned columns, two spaces apart, each line indented.
void PrintTable(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], row[i].size());
    }
  }
  for (const auto& row : rows) {
    std::string line = "  ";
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

void PrintSetting(std::ostream& out, const std::string& title, const live::DiscoveredSetting& s) {
  const live::Finding* w = s.winner();
  if (w == nullptr) {
    out << title << "<unknown>\n  from:            no source gave a value\n";
    return;
  }
  out << title << w->value << "\n  from:            " << w->source << "\n";
  for (size_t i = 1; i < s.found.size(); ++i) {
    out << "  also found:      " << s.found[i].value << " from " << s.found[i].source << "\n";
  }
  if (!s.resolution.empty()) out << "  which wins:      " << s.resolution << "\n";
}

void PrintText(std::ostream& out, const live::ClusterInfo& info) {
  out << "Kubernetes control plane at " << info.server << "\n";
  out << "Server version:    " << info.git_version << " (from /version)\n";
  out << "  engine profile:  " << (info.profile.empty() ? "none" : info.profile) << ": "
      << info.profile_note << "\n";
  PrintSetting(out, "Service CIDRs:     ", info.service_cidrs);
  if (!info.service_cidr_objects.empty()) {
    out << "ServiceCIDR objects:\n";
    std::vector<std::vector<std::string>> rows = {{"NAME", "CIDRS", "READY", "API VERSION"}};
    for (const auto& o : info.service_cidr_objects) {
      rows.push_back({o.name, Join(o.cidrs, ","),
                      (o.ready.empty() ? "<none>" : o.ready) + (o.deleting ? " (deleting)" : ""),
                      o.api_version});
    }
    PrintTable(out, rows);
  }
  PrintSetting(out, "Node-port range:   ", info.node_port_range);
  if (!info.services_listed) {
    out << "Services holding addresses: unknown (see the notes)\n";
  } else {
    out << "Services holding addresses: " << info.services.size() << "\n";
    if (!info.services.empty()) {
      std::vector<std::vector<std::string>> rows = {
          {"NAMESPACE", "NAME", "TYPE", "CLUSTER-IPS", "NODE-PORTS"}};
      for (const auto& s : info.services) {
        std::string ports = JoinInts(s.node_ports);
        if (s.health_check_node_port != 0) {
          ports += (ports.empty() ? "" : ",") + std::to_string(s.health_check_node_port) +
                   " (health check)";
        }
        rows.push_back({s.namespace_name, s.name, s.type,
                        s.cluster_ips.empty() ? "<none>" : Join(s.cluster_ips, ","),
                        ports.empty() ? "<none>" : ports});
      }
      PrintTable(out, rows);
    }
  }
  if (!info.notes.empty()) {
    out << "Notes:\n";
    for (const auto& n : info.notes) out << "  - " << n << "\n";
  }
  out << "Discovery: " << info.http_requests << " HTTP requests in " << info.elapsed_ms << " ms\n";
}

}  // namespace

int ClusterInfoCommand(const Args& args) {
  live::KubeconfigOptions kubeconfig = live::KubeconfigOptions::FromEnvironment();
  live::DiscoveryOptions options;
  std::string output = "text";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto flag = [&](const std::string& name) { return a == name || a.rfind(name + "=", 0) == 0; };
    std::string value;
    if (a == "-h" || a == "--help") {
      std::cout << kClusterInfoUsage;
      return kExitOk;
    } else if (flag("--kubeconfig")) {
      if (!TakeValue(args, &i, "--kubeconfig", &value))
        return UsageError("cluster-info", "--kubeconfig needs a value");
      kubeconfig.kubeconfig = value;
    } else if (flag("--context")) {
      if (!TakeValue(args, &i, "--context", &value))
        return UsageError("cluster-info", "--context needs a value");
      kubeconfig.context = value;
    } else if (IsOutputFlag(a)) {
      if (int rc = TakeOutputFlag(args, &i, "cluster-info", {"text", "yaml", "json"}, &output))
        return rc;
    } else if (flag("--service-cluster-ip-range")) {
      if (!TakeValue(args, &i, "--service-cluster-ip-range", &value)) {
        return UsageError("cluster-info", "--service-cluster-ip-range needs a value");
      }
      options.service_cluster_ip_range = value;
    } else if (flag("--service-node-port-range")) {
      if (!TakeValue(args, &i, "--service-node-port-range", &value)) {
        return UsageError("cluster-info", "--service-node-port-range needs a value");
      }
      options.service_node_port_range = value;
    } else {
      return UsageError("cluster-info", "unknown argument \"" + a + "\"");
    }
  }
  if (output != "text" && output != "yaml" && output != "json") {
    return UsageError("cluster-info", "-o must be text, yaml or json, not \"" + output + "\"");
  }

  auto access = live::LoadKubeconfig(kubeconfig);
  if (!access.ok()) {
    std::cerr << "kdual cluster-info: " << access.status().message() << "\n";
    return kExitFailed;
  }
  live::HttpOptions http;
  http.max_attempts = 3;  // an unreachable server fails within about a second
  auto client = live::HttpClient::Create(*access, http);
  if (!client.ok()) {
    std::cerr << "kdual cluster-info: " << client.status().message() << "\n";
    return kExitFailed;
  }
  auto info = live::Discover(**client, options);
  if (!info.ok()) {
    std::cerr << "kdual cluster-info: " << info.status().message() << "\n";
    return kExitFailed;
  }
  if (output == "json") {
    std::cout << live::ClusterInfoJson(*info).dump(2) << "\n";
  } else if (output == "yaml") {
    std::cout << golden::EmitYaml(live::ClusterInfoJson(*info), live::ClusterInfoKeyOrder);
  } else {
    PrintText(std::cout, *info);
  }
  return kExitOk;
}

}  // namespace kdual::cli
