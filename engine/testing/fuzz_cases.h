// A registry case drawn from a chooser: the release, the kube-apiserver flags
// and a sequence of requests and restarts. The registry and cross-version
// fuzz targets draw their input with it, and the fuzz_show tool draws the
// same case from the same bytes to print it as a scenario for `kdual capture`.
#ifndef KDUAL_ENGINE_TESTING_FUZZ_CASES_H_
#define KDUAL_ENGINE_TESTING_FUZZ_CASES_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/shapes/byte_chooser.h"
#include "engine/shapes/shapes.h"
#include "engine/version/release.h"

namespace kdual::test {

// The test helpers draw the shapes of engine/shapes (the same the
// production case generator draws).
using namespace ::kdual::shapes;  // NOLINT(google-build-using-namespace)

struct RegistryCase {
  version::Release release;
  ClusterShape cluster;
  std::vector<Operation> ops;
};

inline constexpr int kMaxFuzzSteps = 24;

inline RegistryCase DrawRegistryCase(ByteChooser& c) {
  RegistryCase out;
  const auto& releases = version::PinnedReleases();
  out.release = releases[c.Below(releases.size())];
  out.cluster = DrawAcceptedCluster(c);
  for (int i = 0; i < kMaxFuzzSteps && !c.exhausted(); ++i)
    out.ops.push_back(DrawOperation(c, out.cluster));
  return out;
}

// The case as a golden-case scenario (no expectations), the input of
// `kdual capture`.
inline nlohmann::json ScenarioOf(const RegistryCase& rc, const std::string& name,
                                 const std::string& origin) {
  using nlohmann::json;
  auto flags_of = [](const ClusterShape& s) {
    json api = json::object();
    const flags::ComponentFlags flags = s.Flags();  // kept alive while iterating
    for (const auto& [k, v] : flags.components.at(flags::kApiserver)) api[k] = v;
    return json{{"kube-apiserver", api}};
  };
  json steps = json::array();
  for (const auto& op : rc.ops) {
    json step = {{"op", OpKindName(op.kind)}};
    if (op.kind == OpKind::kRestart) {
      step["cluster"] = flags_of(op.restart);
      steps.push_back(step);
      continue;
    }
    if (op.request.dry_run) step["dryRun"] = true;
    switch (op.kind) {
      case OpKind::kCreate:
      case OpKind::kUpdate: step["object"] = op.request.body; break;
      case OpKind::kPatch:
        step["patch"] = op.request.body;
        step["patchType"] = "merge";
        break;
      default: step["name"] = op.request.name; break;
    }
    if (op.kind == OpKind::kCreate || op.kind == OpKind::kUpdate)
      step["object"]["metadata"]["namespace"] = "default";
    if (op.kind == OpKind::kPatch) step["name"] = op.request.name;
    steps.push_back(step);
  }
  return {
      {"apiVersion", "kdual/v1"},
      {"kind", "GoldenCase"},
      {"name", name},
      {"description", "Drawn by " + origin + "; a scenario to capture, without expectations."},
      {"source", {{"from", "handwritten"}, {"kubernetes", rc.release.ToString()}, {"ref", origin}}},
      {"cluster", flags_of(rc.cluster)},
      {"steps", steps}};
}

}  // namespace kdual::test

#endif  // KDUAL_ENGINE_TESTING_FUZZ_CASES_H_
