#include "conformance/golden/normalize.h"

namespace kdual::golden {

nlohmann::json NormalizeObject(const nlohmann::json& object) {
  nlohmann::json out = object;
  if (!out.is_object() || !out.contains("metadata") || !out["metadata"].is_object()) return out;
  nlohmann::json kept = nlohmann::json::object();
  for (const char* key : {"name", "namespace", "labels", "annotations"}) {
    if (out["metadata"].contains(key)) kept[key] = out["metadata"][key];
  }
  out["metadata"] = kept;
  return out;
}

}  // namespace kdual::golden
