// The strategic merge patch of a Service (apimachinery pkg/util/
// strategicpatch, as the patch handler applies it): a JSON merge patch,
// except that spec.ports is merged by its merge key `port` (the only list of
// a Service with patchStrategy merge), `$patch: delete` / `replace` work on
// its elements, and the merged list is ordered as normalizeElementOrder
// orders it. Other directives ($retainKeys, $setElementOrder,
// $deleteFromPrimitiveList) are not understood yet.
#ifndef KDUAL_ENGINE_REGISTRY_STRATEGIC_MERGE_H_
#define KDUAL_ENGINE_REGISTRY_STRATEGIC_MERGE_H_

#include <string>

#include <nlohmann/json.hpp>

namespace kdual::registry {

// The merge of `patch` into `current`. `*error` is set, and the result is
// not to be used, when a spec.ports element of the patch lacks the merge key:
// mergeSlice returns mergepatch.ErrNoMergeKey, which the patch handler
// answers with a plain 500.
nlohmann::json StrategicMerge(const nlohmann::json& current, const nlohmann::json& patch, std::string* error,
                              const std::string& path = "");

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_STRATEGIC_MERGE_H_
