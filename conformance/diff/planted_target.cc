#include "conformance/diff/planted_target.h"

namespace kdual::diff {
namespace {

using nlohmann::json;

class Planted : public runner::Target {
 public:
  Planted(std::unique_ptr<runner::Target> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)) {}

  std::string Describe() const override { return inner_->Describe() + " with plant " + name_; }
  Status Start(const flags::ComponentFlags& flags) override { return inner_->Start(flags); }
  Status Restart(const flags::ComponentFlags& flags) override { return inner_->Restart(flags); }

  registry::Answer Send(const registry::Request& request) override {
    registry::Answer answer = inner_->Send(request);
    if (request.op != registry::Op::kCreate || answer.is_error() || !answer.body.is_object() ||
        !answer.body.contains("spec") || !answer.body["spec"].is_object()) {
      return answer;
    }
    json& spec = answer.body["spec"];
    if (name_ == "nodeport-local") {
      if (spec.value("type", "") == "NodePort" &&
          spec.value("externalTrafficPolicy", "") == "Cluster") {
        spec["externalTrafficPolicy"] = "Local";
      }
    } else if (name_ == "dual-swap") {
      if (spec.value("ipFamilyPolicy", "") == "PreferDualStack" && spec.contains("ipFamilies") &&
          spec["ipFamilies"].is_array() && spec["ipFamilies"].size() == 2) {
        std::swap(spec["ipFamilies"][0], spec["ipFamilies"][1]);
      }
    }
    return answer;
  }

 private:
  std::unique_ptr<runner::Target> inner_;
  std::string name_;
};

}  // namespace

const std::vector<std::string>& PlantNames() {
  static const std::vector<std::string> kNames = {"nodeport-local", "dual-swap"};
  return kNames;
}

Result<std::unique_ptr<runner::Target>> PlantedTarget(std::unique_ptr<runner::Target> inner,
                                                      const std::string& name) {
  std::string known;
  for (const auto& n : PlantNames()) {
    if (n == name) return std::unique_ptr<runner::Target>(new Planted(std::move(inner), name));
    known += (known.empty() ? "" : ", ") + n;
  }
  return InvalidArgument("unknown plant \"" + name + "\"; there are: " + known);
}

}  // namespace kdual::diff
