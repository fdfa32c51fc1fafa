// The format's normalization of an answer before it is compared or recorded.
#ifndef KDUAL_CONFORMANCE_GOLDEN_NORMALIZE_H_
#define KDUAL_CONFORMANCE_GOLDEN_NORMALIZE_H_

#include <string>

#include <nlohmann/json.hpp>

namespace kdual::golden {

// Keeps only name, namespace, labels and annotations in `metadata` (uid,
// resourceVersion, creationTimestamp, generation, deletionTimestamp,
// managedFields and the rest go). Idempotent.
nlohmann::json NormalizeObject(const nlohmann::json& object);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_NORMALIZE_H_
