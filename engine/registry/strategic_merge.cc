#include "engine/registry/strategic_merge.h"

#include <algorithm>
#include <vector>

#include "engine/base/go_format.h"

namespace kdual::registry {

using nlohmann::json;

namespace {

// strategicpatch normalizeElementOrder without $setElementOrder: the merged
// ports split into those the patch names (in patch order) and the others
// (in the original's order), then interleaved as mergeSortedSlice does:
// an original element goes first only while both it and the next patch
// element were in the original and it came earlier there; so new elements
// come before the original ones still waiting.
json NormalizeElementOrder(const json& merged, const json& patch, const json& original) {
  auto index_in = [](const json& list, const json& item) -> long {
    if (!item.is_object() || !item.contains("port")) return -1;
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].is_object() && list[i].contains("port") && list[i]["port"] == item["port"]) return static_cast<long>(i);
    }
    return -1;
  };
  std::vector<json> patch_items, server_only;
  for (const auto& m : merged) (index_in(patch, m) >= 0 ? patch_items : server_only).push_back(m);
  std::stable_sort(patch_items.begin(), patch_items.end(),
                   [&](const json& a, const json& b) { return index_in(patch, a) < index_in(patch, b); });
  std::stable_sort(server_only.begin(), server_only.end(),
                   [&](const json& a, const json& b) { return index_in(original, a) < index_in(original, b); });
  json out = json::array();
  size_t i = 0, j = 0;
  while (i < server_only.size() || j < patch_items.size()) {
    if (j >= patch_items.size()) {
      out.push_back(server_only[i++]);
    } else if (i >= server_only.size()) {
      out.push_back(patch_items[j++]);
    } else {
      long li = index_in(original, server_only[i]), ri = index_in(original, patch_items[j]);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push_back(server_only[i++]);
      } else {
        out.push_back(patch_items[j++]);
      }
    }
  }
  return out;
}

}  // namespace

// The strategic merge of a Service. `*error` is set, and the result is not
// to be used, when a spec.ports element of the patch lacks the merge key:
// strategicpatch's mergeSlice returns mergepatch.ErrNoMergeKey, which the
// patch handler answers with a plain 500.
json StrategicMerge(const json& current, const json& patch, std::string* error, const std::string& path) {
  if (!patch.is_object()) return patch;
  json out = current.is_object() ? current : json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string child = path.empty() ? it.key() : path + "." + it.key();
    if (it.key() == "$patch") continue;
    if (it->is_null()) {
      out.erase(it.key());
    } else if (child == "spec.ports" && it->is_array() && out.contains("ports") && out["ports"].is_array()) {
      json merged = out["ports"];
      bool replace = false;
      for (const auto& e : *it) {
        if (e.is_object() && e.value("$patch", "") == "replace") replace = true;
      }
      if (replace) {
        merged = json::array();
        for (const auto& e : *it) {
          if (!(e.is_object() && e.contains("$patch"))) merged.push_back(e);
        }
      } else {
        for (const auto& e : *it) {
          if (e.is_object() && !e.contains("port")) {
            *error = "map: " + GoValueText(e) + " does not contain declared merge key: port";
            return out;
          }
          if (!e.is_object()) {
            merged.push_back(e);
            continue;
          }
          auto found = std::find_if(merged.begin(), merged.end(), [&](const json& m) {
            return m.is_object() && m.contains("port") && m["port"] == e["port"];
          });
          if (e.value("$patch", "") == "delete") {
            if (found != merged.end()) merged.erase(found);
          } else if (found != merged.end()) {
            *found = StrategicMerge(*found, e, error, child + "[]");
          } else {
            json clean = e;
            clean.erase("$patch");
            merged.push_back(clean);
          }
        }
        merged = NormalizeElementOrder(merged, *it, out["ports"]);
      }
      out["ports"] = merged;
    } else if (it->is_object()) {
      out[it.key()] = StrategicMerge(out.contains(it.key()) ? out[it.key()] : json::object(), *it, error, child);
      if (!error->empty()) return out;
    } else {
      out[it.key()] = *it;
    }
  }
  return out;
}

}  // namespace kdual::registry
