// A test hook: the engine with one answer deliberately altered, so that the
// differential runner's end-to-end test can check that a known divergence
// is found, shrunk and written as a golden case. Never used unless asked
// for by name (`kdual diff --plant NAME`).
#ifndef KDUAL_CONFORMANCE_DIFF_PLANTED_TARGET_H_
#define KDUAL_CONFORMANCE_DIFF_PLANTED_TARGET_H_

#include <memory>
#include <string>
#include <vector>

#include "conformance/runner/target.h"

namespace kdual::diff {

// The plants there are:
//   nodeport-local: a created NodePort Service answers with
//     externalTrafficPolicy: Local where the engine says Cluster.
//   dual-swap: a created PreferDualStack Service on a dual-stack cluster
//     answers with its ipFamilies in the opposite order.
const std::vector<std::string>& PlantNames();

// `inner` with the plant `name` applied to its answers; an unknown name is
// an error naming the ones there are.
Result<std::unique_ptr<runner::Target>> PlantedTarget(std::unique_ptr<runner::Target> inner,
                                                      const std::string& name);

}  // namespace kdual::diff

#endif  // KDUAL_CONFORMANCE_DIFF_PLANTED_TARGET_H_
