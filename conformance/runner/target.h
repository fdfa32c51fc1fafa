// A target answers a golden case's steps: the engine (runner/engine_target.cc)
// or a live cluster over HTTPS (live/live_target.h). Both speak
// registry::Request / registry::Answer.
#ifndef KDUAL_CONFORMANCE_RUNNER_TARGET_H_
#define KDUAL_CONFORMANCE_RUNNER_TARGET_H_

#include <memory>
#include <string>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/registry/cluster.h"
#include "engine/registry/request.h"
#include "engine/version/profile.h"

namespace kdual::runner {

class Target {
 public:
  virtual ~Target() = default;

  // "engine v1.33.13", "https://127.0.0.1:6443 (v1.33.13)".
  virtual std::string Describe() const = 0;

  // Starts (or restarts) a control plane with `flags`. When a component
  // refuses them, the error message is its fatal start-up message.
  virtual Status Start(const flags::ComponentFlags& flags) = 0;
  virtual Status Restart(const flags::ComponentFlags& flags) = 0;

  // Sends one request. Never throws; transport problems come back as an
  // Answer with code 0 and the problem in body.message.
  virtual registry::Answer Send(const registry::Request& request) = 0;
};

// The engine as a target, on one version profile.
class EngineTarget : public Target {
 public:
  explicit EngineTarget(version::Profile profile) : profile_(std::move(profile)) {}

  std::string Describe() const override;
  Status Start(const flags::ComponentFlags& flags) override;
  Status Restart(const flags::ComponentFlags& flags) override;
  registry::Answer Send(const registry::Request& request) override;

 private:
  version::Profile profile_;
  std::string profile_key_;  // the profile's part of a start's cache key
  std::unique_ptr<registry::Cluster> cluster_;
};

}  // namespace kdual::runner

#endif  // KDUAL_CONFORMANCE_RUNNER_TARGET_H_
