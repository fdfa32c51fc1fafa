// kdual doctor: a cluster's dual-stack configuration, component by
// component and across them, with a plan (conformance/doctor/).
#include <iostream>

#include "conformance/cli/command.h"
#include "conformance/doctor/cluster_config_files.h"
#include "conformance/doctor/cluster_inputs_from_api.h"
#include "conformance/doctor/diagnosis.h"
#include "conformance/doctor/doctor_report.h"
#include "conformance/doctor/dual_stack_plan.h"
#include "conformance/doctor/process_listing.h"
#include "conformance/golden/yaml_reader.h"
#include "conformance/golden/yaml_writer.h"
#include "conformance/io/bounded_read.h"
#include "conformance/live/http_client.h"
#include "conformance/live/kubeconfig.h"

namespace kdual::cli {
namespace {

constexpr const char* kDoctorUsage =
    R"(Usage: kdual doctor -f FILE|- [-f ...] [--config FILE]... [flags]
       ps -ef | grep kube | kdual doctor -f -
       kdual doctor --kubeconfig ~/.kube/config [--context NAME]

Reads how a cluster's components are configured for IPv4/IPv6 and says,
with each component's own words, what each does with its flags and whether
they agree: kube-apiserver (service range), kube-controller-manager (node
IPAM: cluster CIDRs, node mask sizes, its service range), kube-proxy
(cluster CIDR, detect-local mode) and kubelet (node IPs). Then a plan: the
exact flag changes, in order, that make the cluster dual-stack (or make its
components agree), checked by diagnosing the configuration they lead to.

Inputs (any mix; at least one):
  -f, --filename FILE      the output of `ps -ef | grep kube` (or `ps auxww`,
                           or command lines one per line) from a node; - is
                           stdin; give one per node
      --config FILE        a kubeadm configuration (ClusterConfiguration,
                           InitConfiguration, KubeProxyConfiguration) or a
                           kind Cluster file
      --kubeconfig FILE    a live cluster (with --context NAME): its release
                           (/version), kube-apiserver's and
                           kube-controller-manager's flags from their static
                           pods, kube-proxy's pods and ConfigMap, and every
                           Node's pod CIDRs and InternalIP addresses (which
                           stand for its kubelet's --node-ip); read only
      --kube-proxy-config FILE
                           kube-proxy's --config file, or the kube-proxy
                           ConfigMap (kubectl -n kube-system get cm kube-proxy
                           -o yaml), for a kube-proxy that reads its cluster
                           CIDR from a file
      --version V          the release of components whose release kdual
                           cannot see (vX.Y.Z; default: read from the
                           binary's path, else the newest release kdual models)

Output:
  -o, --output FMT         text (default), json or yaml
  -h, --help               this help

Exit status: 0 the configuration is consistent; 1 problems were found (a
component would refuse its flags, a check failed or warns); 2 bad input.
)";

constexpr size_t kMaxInput = 16u << 20;

Result<std::string> ReadInput(const std::string& path, const std::string& what) {
  if (path == "-") return io::ReadStreamBounded(std::cin, kMaxInput, "stdin");
  return io::ReadFileBounded(path, kMaxInput, what);
}

int BadInput(const std::string& message) {
  std::cerr << "kdual doctor: " << message << "\n";
  return kExitUsage;
}

}  // namespace

int DoctorCommand(const Args& args) {
  std::vector<std::string> listings, configs;
  std::string proxy_config, output = "text", version_text;
  live::KubeconfigOptions kubeconfig = live::KubeconfigOptions::FromEnvironment();
  bool live_cluster = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const std::string& flag, std::string* out) {
      if (!TakeValue(args, &i, flag, out)) {
        UsageError("doctor", flag + " needs a value");
        return false;
      }
      return true;
    };
    std::string v;
    if (a == "-h" || a == "--help") {
      std::cout << kDoctorUsage;
      return kExitOk;
    } else if (a == "-f" || a.rfind("-f=", 0) == 0 || a == "--filename" ||
               a.rfind("--filename=", 0) == 0) {
      if (!value(a.rfind("--", 0) == 0 ? "--filename" : "-f", &v)) return kExitUsage;
      listings.push_back(v);
    } else if (a == "--config" || a.rfind("--config=", 0) == 0) {
      if (!value("--config", &v)) return kExitUsage;
      configs.push_back(v);
    } else if (a == "--kubeconfig" || a.rfind("--kubeconfig=", 0) == 0) {
      if (!value("--kubeconfig", &kubeconfig.kubeconfig)) return kExitUsage;
      live_cluster = true;
    } else if (a == "--context" || a.rfind("--context=", 0) == 0) {
      if (!value("--context", &kubeconfig.context)) return kExitUsage;
      live_cluster = true;
    } else if (a == "--kube-proxy-config" || a.rfind("--kube-proxy-config=", 0) == 0) {
      if (!value("--kube-proxy-config", &proxy_config)) return kExitUsage;
    } else if (a == "--version" || a.rfind("--version=", 0) == 0) {
      if (!value("--version", &version_text)) return kExitUsage;
    } else if (IsOutputFlag(a)) {
      if (int rc = TakeOutputFlag(args, &i, "doctor", {"text", "json", "yaml"}, &output)) return rc;
    } else {
      return UsageError("doctor", "unknown argument " + a);
    }
  }
  if (listings.empty() && configs.empty() && !live_cluster) {
    return UsageError(
        "doctor",
        "nothing to read: give -f with `ps -ef | grep kube` output, --config, or --kubeconfig");
  }
  int stdin_uses = 0;
  for (const auto& l : listings) stdin_uses += l == "-";
  if (stdin_uses > 1) return UsageError("doctor", "-f - (stdin) can be given once");
  std::optional<version::Release> release;
  if (!version_text.empty()) {
    auto r = version::ParseRelease(version_text);
    if (!r.ok()) return UsageError("doctor", "--version: " + r.status().message());
    release = *r;
  }

  doctor::ClusterInputs inputs;
  auto merge = [&](doctor::ClusterInputs more) {
    for (auto& c : more.components) inputs.components.push_back(std::move(c));
    for (auto& n : more.notes) inputs.notes.push_back(std::move(n));
  };
  for (const auto& path : listings) {
    auto text = ReadInput(path, "ps listing");
    if (!text.ok()) return BadInput(text.status().message());
    auto parsed = doctor::ParseProcessListing(*text, path == "-" ? "stdin" : path);
    if (!parsed.ok()) return BadInput(parsed.status().message());
    merge(std::move(parsed).value());
  }
  for (const auto& path : configs) {
    auto text = ReadInput(path, "configuration");
    if (!text.ok()) return BadInput(text.status().message());
    auto docs = golden::ParseYamlStream(*text, path);
    if (!docs.ok()) return BadInput(docs.status().message());
    auto parsed = doctor::InputsFromConfigFile(*docs, path);
    if (!parsed.ok()) return BadInput(parsed.status().message());
    merge(std::move(parsed).value());
  }
  if (live_cluster) {
    auto access = live::LoadKubeconfig(kubeconfig);
    if (!access.ok()) return BadInput(access.status().message());
    live::HttpOptions http;
    http.max_attempts = 3;  // an unreachable server fails within about a second
    auto client = live::HttpClient::Create(*access, http);
    if (!client.ok()) return BadInput(client.status().message());
    auto found = doctor::InputsFromCluster(**client);
    if (!found.ok()) return BadInput(found.status().message());
    for (auto& node : found->nodes) inputs.nodes.push_back(std::move(node));
    found->nodes.clear();
    merge(std::move(found).value());
  }
  if (!proxy_config.empty()) {
    auto text = ReadInput(proxy_config, "kube-proxy configuration");
    if (!text.ok()) return BadInput(text.status().message());
    auto docs = golden::ParseYamlStream(*text, proxy_config);
    if (!docs.ok()) return BadInput(docs.status().message());
    auto cfg = doctor::KubeProxyConfigFrom(*docs, proxy_config);
    if (!cfg.ok()) return BadInput(cfg.status().message());
    int used = 0;
    for (auto& c : inputs.components) {
      if (c.component == flags::kKubeProxy && !c.kube_proxy_config && c.flags.count("config")) {
        c.kube_proxy_config = *cfg;
        c.kube_proxy_config_origin = proxy_config;
        ++used;
      }
    }
    if (used == 0)
      inputs.notes.push_back(proxy_config +
                             ": no kube-proxy with --config in the input to apply it to");
  }

  doctor::Diagnosis diagnosis = doctor::Diagnose(inputs, release);
  doctor::DualStackPlan plan = doctor::PlanDualStack(inputs, diagnosis, release);
  if (output == "text") {
    std::cout << doctor::ReportText(diagnosis, plan);
  } else {
    nlohmann::ordered_json j = doctor::ReportJson(diagnosis, plan);
    // The input may hold any bytes: invalid UTF-8 is printed as U+FFFD.
    const std::string dumped =
        j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    if (output == "json") {
      std::cout << dumped << "\n";
    } else {
      // The report's own key order, not sorted.
      golden::KeyOrder order = [&j](const std::string& pointer) {
        std::vector<std::string> keys;
        const auto& at = j.at(nlohmann::ordered_json::json_pointer(pointer));
        if (at.is_object()) {
          for (auto it = at.begin(); it != at.end(); ++it) keys.push_back(it.key());
        }
        return keys;
      };
      std::cout << golden::EmitYaml(nlohmann::json::parse(dumped), order);
    }
  }
  return diagnosis.HasProblems() ? kExitFailed : kExitOk;
}

}  // namespace kdual::cli
