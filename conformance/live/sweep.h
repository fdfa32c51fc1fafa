// Leftovers of earlier runs: namespaces with kdual's managed-by label whose
// run is gone (its process crashed or was killed). The owner annotation
// says which host and pid created a namespace; on this host a namespace
// whose process no longer runs (or is no longer kdual) is a leftover; any
// kdual namespace older than the policy's maximum age is one too, which
// covers runs on other hosts.
#ifndef KDUAL_CONFORMANCE_LIVE_SWEEP_H_
#define KDUAL_CONFORMANCE_LIVE_SWEEP_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "conformance/live/run_namespaces.h"

namespace kdual::live {

struct SweepPolicy {
  int64_t max_age_seconds = 3600;
  // Whether process `pid` on this host is a running kdual.
  std::function<bool(int64_t pid)> process_alive;
};

// Whether the pid runs and is a kdual process (/proc/<pid>/comm), so a pid
// reused by another program does not keep a leftover alive.
bool KdualProcessAlive(int64_t pid);

// "2026-11-26T10:00:00Z" -> seconds since the epoch.
std::optional<int64_t> ParseRfc3339Utc(const std::string& text);

// Why the Namespace `ns` (as the server lists it) is a leftover to delete,
// or nothing when it may still be in use: one of `self`'s own run, one whose
// owner process runs, or one not labelled as kdual's.
std::optional<std::string> LeftoverReason(const nlohmann::json& ns, const RunIdentity& self,
                                          int64_t now_unix, const SweepPolicy& policy);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_SWEEP_H_
