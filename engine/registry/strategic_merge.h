// The strategic merge patch of a Service, ported from apimachinery
// pkg/util/strategicpatch (patch.go mergeMap and the functions it calls) with
// the options the patch handler uses (MergeParallelList and
// IgnoreUnmatchedNulls both true), and the patch metadata of the Service's
// Go struct tags:
//   metadata.finalizers       patchStrategy merge (a set of strings)
//   metadata.ownerReferences  patchStrategy merge, patchMergeKey uid
//   spec.ports                patchStrategy merge, patchMergeKey port
//   status.conditions         patchStrategy merge, patchMergeKey type
// and every other list replaced. The directives: `$patch` (replace, delete,
// on maps and list elements), `$retainKeys` (on any map),
// `$deleteFromPrimitiveList/<list>` (on any list of scalars) and
// `$setElementOrder/<list>`; the merged lists ordered as
// normalizeElementOrder orders them.
//
// Go walks the patch map in random order; where two keys of one map touch
// the same list (a list and its $deleteFromPrimitiveList naming the same
// value) the server's answer can vary, and the engine takes key order.
#ifndef KDUAL_ENGINE_REGISTRY_STRATEGIC_MERGE_H_
#define KDUAL_ENGINE_REGISTRY_STRATEGIC_MERGE_H_

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/registry/request.h"

namespace kdual::registry {

// The merge of `patch` into `current`, or the answer the patch handler
// gives for the merge's error (interpretStrategicMergePatchError: 400 for the
// format errors, 422 for lists of lists and a retainKeys mismatch, else a
// plain 500 with the error's text).
struct StrategicMergeResult {
  nlohmann::json merged;
  std::optional<Answer> refused;
};
// The two fixes of apimachinery v0.28 (Kubernetes 1.28); before them a
// `$deleteFromPrimitiveList/<list>` on a replaced list (externalIPs, ...)
// set the list to the values to delete (kubernetes/kubernetes#110472), and
// a value taken whole from the patch kept the directives inside it
// (kubernetes/kubernetes#117568).
struct StrategicMergeRules {
  bool delete_list_on_any_list = true;
  bool directives_removed_from_taken_values = true;
};
StrategicMergeResult StrategicMerge(const nlohmann::json& current, const nlohmann::json& patch,
                                    StrategicMergeRules rules = {});

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_STRATEGIC_MERGE_H_
