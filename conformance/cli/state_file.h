// The small state file that lets a person replay a sequence of requests on
// the engine from the shell (`kdual create`, then `kdual get`, ...): the
// release, the flags the control plane started with, and every request that
// changed state, in order. The engine is deterministic, so replaying the
// log rebuilds the state exactly; no objects are stored.
#ifndef KDUAL_CONFORMANCE_CLI_STATE_FILE_H_
#define KDUAL_CONFORMANCE_CLI_STATE_FILE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"
#include "engine/registry/cluster.h"
#include "engine/registry/request.h"

namespace kdual::cli {

struct StateEntry {
  // A request, or (when `restart` is set) a restart with new flags.
  std::optional<registry::Request> request;
  std::optional<flags::ComponentFlags> restart;
};

struct EngineState {
  std::string release;  // "v1.37.2"
  flags::ComponentFlags started_with;
  std::vector<StateEntry> log;

  // The flags the control plane runs with now (the last restart's).
  const flags::ComponentFlags& current_flags() const;
};

// Reads `path`; a missing file is nullopt. Malformed content is an error
// naming the file and the problem.
Result<std::optional<EngineState>> LoadState(const std::string& path);

// Writes `state` to `path` atomically (a temporary file renamed over it).
Status SaveState(const std::string& path, const EngineState& state);

// Starts the engine with the state's release and flags and replays its log.
// A replayed request answered differently from before (an error now) is
// reported in `*notes`.
Result<std::unique_ptr<registry::Cluster>> Replay(const EngineState& state,
                                                  std::vector<std::string>* notes);

nlohmann::json RequestToJson(const registry::Request& request);
Result<registry::Request> RequestFromJson(const nlohmann::json& j);

}  // namespace kdual::cli

#endif  // KDUAL_CONFORMANCE_CLI_STATE_FILE_H_
