#include <exception>

#include "conformance/runner/target.h"

namespace kdual::runner {

std::string EngineTarget::Describe() const { return "engine " + profile_.release.ToString(); }

Status EngineTarget::Start(const flags::ComponentFlags& flags) {
  cluster_.reset();
  try {
    auto cluster = registry::Cluster::Start(flags, profile_);
    if (!cluster.ok()) return cluster.status();
    cluster_ = std::move(cluster).value();
  } catch (const std::exception& e) {
    return Internal(std::string("the engine threw while starting: ") + e.what());
  }
  return Status::Ok();
}

Status EngineTarget::Restart(const flags::ComponentFlags& flags) {
  if (!cluster_) return Start(flags);
  try {
    return cluster_->Restart(flags);
  } catch (const std::exception& e) {
    return Internal(std::string("the engine threw while restarting: ") + e.what());
  }
}

registry::Answer EngineTarget::Send(const registry::Request& request) {
  if (!cluster_) {
    registry::Answer a;
    a.code = 0;
    a.body = {{"message", "no control plane is running"}};
    return a;
  }
  try {
    return cluster_->Handle(request);
  } catch (const std::exception& e) {
    // The engine must never throw; report it as a failure of this step.
    registry::Answer a;
    a.code = 0;
    a.body = {{"message", std::string("the engine threw: ") + e.what()}};
    return a;
  }
}

}  // namespace kdual::runner
