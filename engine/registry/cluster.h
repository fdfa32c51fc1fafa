// The engine's front door: a simulated control plane started from component
// flags and a version profile, answering Service requests exactly as that
// version's kube-apiserver answers them.
#ifndef KDUAL_ENGINE_REGISTRY_CLUSTER_H_
#define KDUAL_ENGINE_REGISTRY_CLUSTER_H_

#include <memory>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/registry/request.h"
#include "engine/version/profile.h"

namespace kdual::registry {

class Cluster {
 public:
  virtual ~Cluster() = default;

  // Starts a control plane. When a component refuses its flags, the error's
  // message is that component's fatal start-up message (a golden case's
  // `startupError`) and the code is kInvalidArgument.
  static Result<std::unique_ptr<Cluster>> Start(const flags::ComponentFlags& flags,
                                                const version::Profile& profile);

  // One request, one answer; never throws.
  virtual Answer Handle(const Request& request) = 0;

  // Restarts the control plane with new flags over the stored objects, as an
  // operator who changes flags would. Errors as for Start.
  virtual Status Restart(const flags::ComponentFlags& flags) = 0;

  virtual const version::Profile& profile() const = 0;

  // An independent copy in the same state: the same answers to the same
  // requests from here on. Runners start a control plane once per flag set
  // and copy it for each case (a start creates the kubernetes Service through
  // the whole create path).
  virtual std::unique_ptr<Cluster> Clone() const = 0;
};

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_CLUSTER_H_
