// Folding several captures of one case into one: where the server gave
// different answers to the same step (it walks Go maps, picks at random),
// every answer seen is kept under `anyOf`, sorted, so that capturing again
// gives the same file unless a new answer appears.
#ifndef KDUAL_CONFORMANCE_GOLDEN_EXPECTATION_MERGE_H_
#define KDUAL_CONFORMANCE_GOLDEN_EXPECTATION_MERGE_H_

#include <string>
#include <vector>

#include "conformance/golden/golden_case.h"
#include "engine/base/status.h"

namespace kdual::golden {

// The distinct answers among `alternatives` (an anyOf counts as its
// alternatives), sorted by their written form: one answer as itself, more
// as an anyOf.
Expectation MergeAlternatives(const std::vector<Expectation>& alternatives);

// Whether two cases ask the same thing: name, cluster, requirements and
// steps equal, expectations and source aside.
bool SameQuestions(const GoldenCase& a, const GoldenCase& b);

// One case from several captures of it (all of the same questions): each
// step's expectation merges the runs' answers. A step one run did not
// record (a capture that stopped early) takes the others'.
Result<GoldenCase> MergeRuns(const std::vector<GoldenCase>& runs);

// A fresh capture merged into the case already on disk. The earlier
// answers are kept when both ask the same questions of the same server
// version; otherwise the fresh capture replaces it and `*replaced_why`
// says why.
GoldenCase MergeWithExisting(const GoldenCase& existing, const GoldenCase& fresh,
                             std::string* replaced_why);

// How many steps of the case have an anyOf expectation.
int CountAnyOfSteps(const GoldenCase& golden_case);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_EXPECTATION_MERGE_H_
