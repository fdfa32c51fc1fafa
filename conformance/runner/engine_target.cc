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

// What a start depends on besides the flags: every switch of the profile.
std::string ProfileKey(const version::Profile& profile) {
  std::string key;
  Append(&key, profile.release.ToString());
  for (const auto& [name, value] : version::ProfileSwitches(profile)) {
    Append(&key, name);
    Append(&key, value);
  }
  return key;
}

// ... and every flag.
std::string StartKey(const std::string& profile_key, const flags::ComponentFlags& flags) {
  std::string key = profile_key;
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

// Start-ups the flags were refused at, by StartKey: the same refusal again.
std::map<std::string, Status>& RefusedStarts() {
  static thread_local std::map<std::string, Status> refused;
  return refused;
}

constexpr size_t kStartedClustersKept = 64;

}  // namespace

std::string EngineTarget::Describe() const { return "engine " + profile_.release.ToString(); }

Status EngineTarget::Start(const flags::ComponentFlags& flags) {
  cluster_.reset();
  try {
    if (profile_key_.empty()) profile_key_ = ProfileKey(profile_);
    std::string key = StartKey(profile_key_, flags);
    auto& started = StartedClusters();
    if (auto hit = started.find(key); hit != started.end()) {
      cluster_ = hit->second->Clone();
      return Status::Ok();
    }
    auto& refused = RefusedStarts();
    if (auto hit = refused.find(key); hit != refused.end()) return hit->second;
    auto cluster = registry::Cluster::Start(flags, profile_);
    if (!cluster.ok()) {
      if (refused.size() >= kStartedClustersKept) refused.clear();
      refused[key] = cluster.status();
      return cluster.status();
    }
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
