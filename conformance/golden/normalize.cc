#include "conformance/golden/normalize.h"

namespace kdual::golden {

nlohmann::json NormalizeObject(const nlohmann::json& object) {
  nlohmann::json out = object;
  // A Status that names a deleted object (a Node's delete answer) carries
  // its uid, which a server picks at random.
  if (out.is_object() && out.value("kind", "") == "Status" && out.contains("details") &&
      out["details"].is_object()) {
    out["details"].erase("uid");
  }
  if (!out.is_object() || !out.contains("metadata") || !out["metadata"].is_object()) return out;
  nlohmann::json kept = nlohmann::json::object();
  for (const char* key : {"name", "namespace", "labels", "annotations"}) {
    if (out["metadata"].contains(key)) kept[key] = out["metadata"][key];
  }
  out["metadata"] = kept;
  return out;
}

}  // namespace kdual::golden
