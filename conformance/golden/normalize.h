// The format's normalization of an answer before it is compared or recorded.
#ifndef KDUAL_CONFORMANCE_GOLDEN_NORMALIZE_H_
#define KDUAL_CONFORMANCE_GOLDEN_NORMALIZE_H_

#include <string>

#include <nlohmann/json.hpp>

namespace kdual::golden {

// Keeps name, namespace, labels, annotations, finalizers, ownerReferences,
// deletionTimestamp (as "~timestamp": the server's clock) and
// deletionGracePeriodSeconds in `metadata`: what a client sent or what
// deletion did to the object. uid, resourceVersion, creationTimestamp,
// generation, managedFields and the rest go (the server picks them; a
// message that quotes a uid or resourceVersion says ${uid:NAME}). A
// list's items are normalized each, and its own metadata keeps nothing the
// server picked (resourceVersion, continue). Idempotent.
nlohmann::json NormalizeObject(const nlohmann::json& object);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_NORMALIZE_H_
