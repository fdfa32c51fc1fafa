#include "conformance/live/sweep.h"
#include "engine/base/json_access.h"

#include <signal.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <fstream>

namespace kdual::live {
namespace {

using nlohmann::json;

std::string MapValue(const json& meta, const char* map, const char* key) {
  if (!meta.is_object() || !meta.contains(map) || !meta[map].is_object()) return "";
  const json& m = meta[map];
  if (!m.contains(key) || !m[key].is_string()) return "";
  return m[key].get<std::string>();
}

}  // namespace

bool KdualProcessAlive(int64_t pid) {
  if (pid <= 0) return false;
  if (kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  if (!std::getline(comm, name)) return true;  // no /proc: trust the pid
  return name.rfind("kdual", 0) == 0;
}

std::optional<int64_t> ParseRfc3339Utc(const std::string& text) {
  int y, mo, d, h, mi, s;
  char z = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 ||
      z != 'Z') {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  return static_cast<int64_t>(timegm(&tm));
}

std::optional<std::string> LeftoverReason(const json& ns, const RunIdentity& self, int64_t now_unix,
                                          const SweepPolicy& policy) {
  if (!ns.is_object() || !ns.contains("metadata")) return std::nullopt;
  const json& meta = ns["metadata"];
  if (MapValue(meta, "labels", kManagedByLabel) != kManagedByValue) return std::nullopt;
  std::string run_id = MapValue(meta, "labels", kRunIdLabel);
  if (!run_id.empty() && run_id == self.id) return std::nullopt;

  std::string owner = MapValue(meta, "annotations", kOwnerAnnotation);
  size_t colon = owner.rfind(':');
  if (colon != std::string::npos && owner.substr(0, colon) == self.host) {
    int64_t pid = 0;
    try {
      pid = std::stoll(owner.substr(colon + 1));
    } catch (...) {
      pid = 0;
    }
    auto alive = policy.process_alive ? policy.process_alive : KdualProcessAlive;
    if (!alive(pid)) return "its run (pid " + std::to_string(pid) + " on this host) is gone";
  }
  std::string created = StringAt(ns, {"metadata", "creationTimestamp"});
  auto at = ParseRfc3339Utc(created);
  if (at && now_unix - *at > policy.max_age_seconds) {
    return "it is older than " + std::to_string(policy.max_age_seconds / 60) + " minutes";
  }
  return std::nullopt;
}

}  // namespace kdual::live
