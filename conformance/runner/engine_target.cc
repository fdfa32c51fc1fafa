#include <exception>
#include <map>
#include <memory>
#include <string>

#include "conformance/runner/target.h"

namespace kdual::runner {
namespace {

void Append(std::string* key, const std::string& part) {
  *key += std::to_string(part.size()) + ':' + part;  // length-prefixed: no separator clashes
}

// What a start depends on: every switch of the profile and every flag.
std::string StartKey(const version::Profile& profile, const flags::ComponentFlags& flags) {
  std::string key;
  Append(&key, profile.release.ToString());
  for (const auto& [name, value] : version::ProfileSwitches(profile)) {
    Append(&key, name);
    Append(&key, value);
  }
  for (const auto& [component, values] : flags.components) {
    Append(&key, "[" + component + "]");
    for (const auto& [name, value] : values) {
      Append(&key, name);
      Append(&key, value);
    }
  }
  return key;
}

// Control planes this thread started, by StartKey: a golden run starts the
// same flags thousands of times, and a start is a create of the kubernetes
// Service through the whole create path; a copy answers the same.
std::map<std::string, std::unique_ptr<registry::Cluster>>& StartedClusters() {
  static thread_local std::map<std::string, std::unique_ptr<registry::Cluster>> started;
  return started;
}

constexpr size_t kStartedClustersKept = 64;

}  // namespace

std::string EngineTarget::Describe() const { return "engine " + profile_.release.ToString(); }

Status EngineTarget::Start(const flags::ComponentFlags& flags) {
  cluster_.reset();
  try {
    std::string key = StartKey(profile_, flags);
    auto& started = StartedClusters();
    if (auto hit = started.find(key); hit != started.end()) {
      cluster_ = hit->second->Clone();
      return Status::Ok();
    }
    auto cluster = registry::Cluster::Start(flags, profile_);
    if (!cluster.ok()) return cluster.status();
    cluster_ = std::move(cluster).value();
    if (started.size() >= kStartedClustersKept) started.clear();
    started[key] = cluster_->Clone();
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
