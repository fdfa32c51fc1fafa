// The JSON reports of a sharded differential run (kdual diff --shard K/N,
// one per machine or pod) merged into one: counts summed, the lists joined,
// and a divergence that several shards found (the same first mismatch and
// flag set) kept once with how many times it was seen.
#ifndef KDUAL_CONFORMANCE_DIFF_DIFF_MERGE_H_
#define KDUAL_CONFORMANCE_DIFF_DIFF_MERGE_H_

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"

namespace kdual::diff {

// `reports` are (name, parsed JSON) pairs; an entry that is not a kdual
// diff JSON report is an error naming it.
Result<nlohmann::json> MergeDiffReports(
    const std::vector<std::pair<std::string, nlohmann::json>>& reports);

// The merged report's summary line, as kdual diff prints its own.
std::string MergedSummary(const nlohmann::json& merged);

}  // namespace kdual::diff

#endif  // KDUAL_CONFORMANCE_DIFF_DIFF_MERGE_H_
