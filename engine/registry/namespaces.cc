#include "engine/registry/namespaces.h"

#include "engine/validation/field_error.h"
#include "engine/validation/name_validation.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

Answer FromStatus(json s) {
  Answer a;
  a.code = s.value("code", 500);
  a.body = std::move(s);
  return a;
}

// NamespaceLifecycle's list (metav1.NamespaceDefault, NamespaceSystem,
// NamespacePublic): the same in every pinned release.
bool Immortal(const std::string& name) {
  return name == "default" || name == "kube-system" || name == "kube-public";
}

}  // namespace

Namespaces::Namespaces() : names_{"default", "kube-node-lease", "kube-public", "kube-system"} {}

json Namespaces::Object(const std::string& name, const char* phase) const {
  // The NamespaceDefaultLabelName label (kubernetes.io/metadata.name) and the
  // kubernetes finalizer are set by the namespace strategy on create.
  return {{"apiVersion", "v1"},
          {"kind", "Namespace"},
          {"metadata", {{"name", name}, {"labels", {{"kubernetes.io/metadata.name", name}}}}},
          {"spec", {{"finalizers", json::array({"kubernetes"})}}},
          {"status", {{"phase", phase}}}};
}

Answer Namespaces::Create(const json& body, bool dry_run, bool dots_message) {
  std::string name;
  if (body.is_object() && body.contains("metadata") && body["metadata"].is_object() &&
      body["metadata"].contains("name") && body["metadata"]["name"].is_string()) {
    name = body["metadata"]["name"].get<std::string>();
  }
  // ValidateNamespace: ValidateObjectMeta with ValidateNamespaceName (a
  // DNS-1123 label); an empty name is Required.
  validation::ErrorList errs;
  if (name.empty()) {
    errs.push_back(validation::Required("metadata.name", "name or generateName is required"));
  } else {
    for (const auto& msg : validation::IsDNS1123Label(name, dots_message)) {
      errs.push_back(
          validation::Invalid("metadata.name", validation::FieldValue::String(name), msg));
    }
  }
  if (!errs.empty()) return FromStatus(validation::InvalidStatus("Namespace", name, errs, false));
  if (Exists(name)) return FromStatus(validation::AlreadyExistsStatus("namespaces", name));
  if (!dry_run) names_.insert(name);
  Answer a;
  a.code = 201;
  a.body = Object(name, "Active");
  return a;
}

Answer Namespaces::Delete(const std::string& name, bool dry_run) {
  if (Immortal(name)) {
    json s = {
        {"kind", "Status"},
        {"apiVersion", "v1"},
        {"metadata", json::object()},
        {"status", "Failure"},
        {"message", "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted"},
        {"reason", "Forbidden"},
        {"details", {{"name", name}, {"kind", "namespaces"}}},
        {"code", 403}};
    return FromStatus(std::move(s));
  }
  if (!Exists(name)) return FromStatus(validation::NotFoundStatus("namespaces", name));
  if (!dry_run) names_.erase(name);
  Answer a;
  a.code = 200;
  a.body = Object(name, "Terminating");
  return a;
}

Answer Namespaces::Get(const std::string& name) const {
  if (!Exists(name)) return FromStatus(validation::NotFoundStatus("namespaces", name));
  Answer a;
  a.code = 200;
  a.body = Object(name, "Active");
  return a;
}

Answer Namespaces::List() const {
  json items = json::array();
  for (const auto& n : names_) items.push_back(Object(n, "Active"));  // etcd key order: by name
  Answer a;
  a.code = 200;
  a.body = {{"apiVersion", "v1"},
            {"kind", "NamespaceList"},
            {"metadata", json::object()},
            {"items", items}};
  return a;
}

}  // namespace kdual::registry
