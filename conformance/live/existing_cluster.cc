#include "conformance/live/existing_cluster.h"

namespace kdual::live {
namespace {

// The kube-apiserver defaults that a case may rely on by leaving a flag
// out (pkg/kubeapiserver/options: DefaultServiceNodePortRange).
std::optional<std::string> ApiserverDefault(const std::string& flag) {
  if (flag == "service-node-port-range") return "30000-32767";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ExistingClusterMismatch(const golden::GoldenCase& c,
                                                   const flags::FlagMap& declared) {
  if (!c.steps.empty() && c.steps[0].op == golden::StepOp::kStart) {
    return "its flags are meant to be refused at start-up, which needs a control plane of its own";
  }
  for (const auto& step : c.steps) {
    if (step.op == golden::StepOp::kRestart)
      return "it restarts the control plane, which kdual cannot do here";
  }
  if (c.RequiresFreshCluster()) return "it requires a fresh cluster (requires: [fresh-cluster])";
  flags::FlagMap wanted;
  for (const auto& [component, map] : c.cluster.components) {
    if (component == flags::kApiserver) {
      wanted = map;
    } else if (!map.empty()) {
      return "its " + component + " flags cannot be checked on an existing cluster";
    }
  }
  for (const auto& [flag, value] : wanted) {
    auto have = declared.find(flag);
    if (have == declared.end()) {
      auto def = ApiserverDefault(flag);
      if (def && *def == value) continue;
      bool own_flag = flag == "service-cluster-ip-range" || flag == "service-node-port-range";
      return "it needs --" + flag + "=" + value + " and the cluster's value is not known (pass " +
             (own_flag ? "--" + flag + " V" : "--apiserver-flag " + flag + "=V") + ")";
    }
    if (have->second != value)
      return "it needs --" + flag + "=" + value + ", the cluster has " + have->second;
  }
  for (const auto& [flag, value] : declared) {
    if (wanted.count(flag)) continue;
    auto def = ApiserverDefault(flag);
    if (def && *def == value) continue;
    return "it leaves --" + flag + " at its default, the cluster has " + value;
  }
  return std::nullopt;
}

}  // namespace kdual::live
