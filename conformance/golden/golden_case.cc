#include "conformance/golden/golden_case.h"

#include <algorithm>

namespace kdual::golden {

const char* SourceName(Source source) {
  switch (source) {
    case Source::kApiserver: return "apiserver";
    case Source::kControlPlane: return "control-plane";
    case Source::kKind: return "kind";
    case Source::kK8sTest: return "k8s-test";
    case Source::kHandwritten: return "handwritten";
  }
  return "handwritten";
}

const char* StepOpName(StepOp op) {
  switch (op) {
    case StepOp::kCreate: return "create";
    case StepOp::kUpdate: return "update";
    case StepOp::kPatch: return "patch";
    case StepOp::kApply: return "apply";
    case StepOp::kDelete: return "delete";
    case StepOp::kGet: return "get";
    case StepOp::kList: return "list";
    case StepOp::kRestart: return "restart";
    case StepOp::kStart: return "start";
    case StepOp::kWait: return "wait";
  }
  return "create";
}

std::string Step::TargetName() const {
  if (name) return *name;
  if (object.is_object() && object.contains("metadata") && object["metadata"].is_object() &&
      object["metadata"].contains("name") && object["metadata"]["name"].is_string()) {
    return object["metadata"]["name"].get<std::string>();
  }
  return "";
}

std::string Step::TargetKind() const {
  if (kind) return *kind;
  if (object.is_object() && object.contains("kind") && object["kind"].is_string()) {
    return object["kind"].get<std::string>();
  }
  return "Service";
}

std::string Step::TargetNamespace() const {
  if (TargetKind() == "Node" || TargetKind() == "ServiceCIDR" || TargetKind() == "IPAddress")
    return "";  // cluster-scoped
  if (namespace_name) return *namespace_name;
  if (object.is_object() && object.contains("metadata") && object["metadata"].is_object() &&
      object["metadata"].contains("namespace") && object["metadata"]["namespace"].is_string()) {
    return object["metadata"]["namespace"].get<std::string>();
  }
  return "default";
}

bool GoldenCase::RequiresFreshCluster() const {
  return std::find(requires_.begin(), requires_.end(), "fresh-cluster") != requires_.end();
}

bool GoldenCase::AwaitingCapture() const {
  return std::none_of(steps.begin(), steps.end(),
                      [](const Step& s) { return s.expect.has_value(); });
}

Source LocalCaptureSource(const GoldenCase& golden_case) {
  auto has_kcm = [](const flags::ComponentFlags& f) {
    for (const auto& entry : f.components) {
      if (entry.first != flags::kApiserver) return true;
    }
    return false;
  };
  if (has_kcm(golden_case.cluster)) return Source::kControlPlane;
  for (const auto& step : golden_case.steps) {
    if (step.cluster && has_kcm(*step.cluster)) return Source::kControlPlane;
  }
  return Source::kApiserver;
}

}  // namespace kdual::golden
