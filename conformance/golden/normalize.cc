#include "conformance/golden/normalize.h"

#include "conformance/golden/placeholder.h"

namespace kdual::golden {

nlohmann::json NormalizeObject(const nlohmann::json& object) {
  nlohmann::json out = object;
  // A Status that names a deleted object (a Node's delete answer) carries
  // its uid, which a server picks at random.
  if (out.is_object() && out.value("kind", "") == "Status" && out.contains("details") &&
      out["details"].is_object()) {
    out["details"].erase("uid");
  }
  // A list (ServiceList): each item as an object; the list's own metadata
  // (resourceVersion, continue) is the server's.
  if (out.is_object() && out.contains("items") && out["items"].is_array()) {
    for (auto& item : out["items"]) item = NormalizeObject(item);
  }
  if (!out.is_object() || !out.contains("metadata") || !out["metadata"].is_object()) return out;
  nlohmann::json kept = nlohmann::json::object();
  for (const char* key : {"name", "namespace", "labels", "annotations", "finalizers",
                          "ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
    if (out["metadata"].contains(key)) kept[key] = out["metadata"][key];
  }
  auto deleted = kept.find("deletionTimestamp");
  if (deleted != kept.end() && deleted->is_string() &&
      IsApiTimestamp(deleted->get<std::string>())) {
    *deleted = "~timestamp";
  }
  out["metadata"] = kept;
  // A condition's lastTransitionTime is the controller's clock (a
  // ServiceCIDR's Ready).
  if (out.contains("status") && out["status"].is_object() && out["status"].contains("conditions") &&
      out["status"]["conditions"].is_array()) {
    for (auto& c : out["status"]["conditions"]) {
      if (!c.is_object()) continue;
      auto t = c.find("lastTransitionTime");
      if (t != c.end() && t->is_string() && IsApiTimestamp(t->get<std::string>()))
        *t = "~timestamp";
    }
  }
  return out;
}

}  // namespace kdual::golden
