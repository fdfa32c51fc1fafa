#include "conformance/diff/diff_merge.h"

#include <map>

namespace kdual::diff {

using nlohmann::json;

Result<json> MergeDiffReports(const std::vector<std::pair<std::string, json>>& reports) {
  if (reports.empty()) return InvalidArgument("no reports to merge");
  json out = {{"target", ""},
              {"serverVersion", ""},
              {"shards", reports.size()},
              {"planned", 0},
              {"checked", 0},
              {"agreed", 0},
              {"seconds", 0.0},
              {"divergences", json::array()},
              {"nonDeterministic", json::array()},
              {"interference", json::array()},
              {"notChecked", json::array()},
              {"stopped", json::array()}};
  std::map<std::string, size_t> seen;  // signature -> index in divergences
  for (const auto& [name, r] : reports) {
    for (const char* key : {"planned", "checked", "agreed", "divergences"}) {
      if (!r.is_object() || !r.contains(key)) {
        return InvalidArgument(name + ": not a kdual diff JSON report (no \"" + key + "\")");
      }
    }
    if (out["target"] == "") out["target"] = r.value("target", "");
    if (out["serverVersion"] == "") out["serverVersion"] = r.value("serverVersion", "");
    if (r.value("serverVersion", "") != out["serverVersion"]) {
      return InvalidArgument(name + ": a report of " + r.value("serverVersion", std::string("?")) +
                             ", the others of " + out["serverVersion"].get<std::string>());
    }
    for (const char* key : {"planned", "checked", "agreed"})
      out[key] = out[key].get<long>() + r[key].get<long>();
    // Shards run side by side: the merged run took as long as the slowest.
    out["seconds"] = std::max(out["seconds"].get<double>(), r.value("seconds", 0.0));
    if (!r.value("stopped", std::string()).empty())
      out["stopped"].push_back(name + ": " + r["stopped"].get<std::string>());
    for (const auto& d : r["divergences"]) {
      std::string first =
          d.contains("mismatches") && !d["mismatches"].empty() ? d["mismatches"][0].dump() : "";
      std::string signature = d.value("flagSet", "") + "\n" + first;
      auto it = seen.find(signature);
      if (it != seen.end()) {
        json& kept = out["divergences"][it->second];
        kept["seen"] = kept.value("seen", 1) + 1;
        continue;
      }
      json copy = d;
      copy["shard"] = name;
      seen[signature] = out["divergences"].size();
      out["divergences"].push_back(copy);
    }
    for (const char* key : {"nonDeterministic", "interference", "notChecked"}) {
      if (r.contains(key) && r[key].is_array()) {
        for (const auto& e : r[key]) out[key].push_back(e);
      }
    }
  }
  return out;
}

std::string MergedSummary(const json& m) {
  return std::to_string(m["shards"].get<size_t>()) +
         " shards: " + std::to_string(m["agreed"].get<long>()) + " agreed, " +
         std::to_string(m["divergences"].size()) + " diverged (after folding repeats), " +
         std::to_string(m["nonDeterministic"].size()) + " non-deterministic, " +
         std::to_string(m["interference"].size()) + " interference, " +
         std::to_string(m["notChecked"].size()) + " not checked, of " +
         std::to_string(m["planned"].get<long>()) + " planned";
}

}  // namespace kdual::diff
