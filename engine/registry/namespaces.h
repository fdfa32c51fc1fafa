// The namespaces of the engine's control plane: the four a fresh cluster has
// and any a client creates or deletes (`kdual create namespace`). Only what
// a Service request can see is modelled: that a namespace exists (the
// NamespaceLifecycle admission plugin answers 404 for a write into one that
// does not), names validated as the server validates them, and the
// immortal namespaces admission refuses to delete
// (apiserver pkg/admission/plugin/namespace/lifecycle/admission.go).
//
// Deleting a namespace on a server marks it Terminating and the namespace
// controller then deletes its content and the namespace, within seconds;
// the engine does the controller's work at once (ServiceCluster deletes the
// Services), so there is no Terminating phase to observe.
#ifndef KDUAL_ENGINE_REGISTRY_NAMESPACES_H_
#define KDUAL_ENGINE_REGISTRY_NAMESPACES_H_

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/registry/request.h"

namespace kdual::registry {

class Namespaces {
 public:
  Namespaces();  // default, kube-node-lease, kube-public, kube-system

  bool Exists(const std::string& name) const { return names_.count(name) > 0; }

  // POST /api/v1/namespaces: 201 with the Namespace, 409 when it exists,
  // 422 for a name that is no DNS-1123 label (worded with `dots_message`,
  // as validation::IsDNS1123Label).
  Answer Create(const nlohmann::json& body, bool dry_run, bool dots_message = true);
  // DELETE: 200 with the Namespace as the server answers it (Terminating),
  // 403 for an immortal one, 404 for a missing one. The caller deletes the
  // namespace's content.
  Answer Delete(const std::string& name, bool dry_run);
  Answer Get(const std::string& name) const;
  Answer List() const;

 private:
  nlohmann::json Object(const std::string& name, const char* phase) const;

  std::set<std::string> names_;
};

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_NAMESPACES_H_
