// Greedy shrinking of a golden case that shows a divergence: fewer steps,
// fewer ranges, fewer fields, simpler values, kept only while the case still
// diverges. The predicate decides (a live capture and an engine run in
// `kdual diff`, a fake in unit tests).
#ifndef KDUAL_CONFORMANCE_DIFF_SHRINK_H_
#define KDUAL_CONFORMANCE_DIFF_SHRINK_H_

#include <functional>
#include <string>
#include <vector>

#include "conformance/golden/golden_case.h"

namespace kdual::diff {

// The case's questions only: every expectation removed.
golden::GoldenCase WithoutExpectations(const golden::GoldenCase& golden_case);

// Smaller variants of `golden_case` (expectations removed), most promising
// first: each step removed (never a lone `start`); the secondary service
// range and the node-port range dropped (also from restarts); each key of a
// request object or patch removed (the Service's identity kept); each list
// item removed; a list cut to its first item; booleans made false.
// Variants the case reader refuses are left out.
// With `change_cluster` false, the flags stay as they are (a cluster that
// is already running cannot be started with fewer ranges).
std::vector<golden::GoldenCase> ShrinkCandidates(const golden::GoldenCase& golden_case,
                                                 bool change_cluster = true);

struct ShrinkOptions {
  int max_attempts = 60;       // predicate calls
  bool change_cluster = true;  // may drop ranges
};

struct ShrinkResult {
  golden::GoldenCase smallest;  // without expectations
  int attempts = 0;             // predicate calls made
  int accepted = 0;             // candidates that still diverged
  bool budget_exhausted = false;
};

// Greedy: takes the first candidate for which `still_diverges` holds and
// starts over from it, until no candidate does or the budget is spent.
ShrinkResult Shrink(const golden::GoldenCase& start,
                    const std::function<bool(const golden::GoldenCase&)>& still_diverges,
                    const ShrinkOptions& options);

// The number of request fields (leaves and containers) in the case's steps:
// a measure of a case's size for reports and tests.
size_t CaseSize(const golden::GoldenCase& golden_case);

}  // namespace kdual::diff

#endif  // KDUAL_CONFORMANCE_DIFF_SHRINK_H_
