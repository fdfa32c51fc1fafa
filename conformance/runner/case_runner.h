// Runs one golden case on a target, step by step, and compares as it goes.
#ifndef KDUAL_CONFORMANCE_RUNNER_CASE_RUNNER_H_
#define KDUAL_CONFORMANCE_RUNNER_CASE_RUNNER_H_

#include <vector>

#include "conformance/golden/comparator.h"
#include "conformance/golden/golden_case.h"
#include "conformance/runner/target.h"
#include "engine/version/profile.h"

namespace kdual::runner {

// The service and node-port ranges of every control plane the case starts
// (its own flags and those of its restarts), as `profile` reads the flags.
golden::MatchContext MatchContextFor(const golden::GoldenCase& golden_case,
                                     const version::Profile& profile);

// Sends one prepared step request. An update written as a merge patch is a
// GET, the patch applied to what came back, and a PUT; a failed GET is the
// step's answer.
registry::Answer SendPrepared(Target& target, const golden::PreparedRequest& prepared);

// What a target answered to each step of a case (answers[i] for step i),
// placeholders bound as the case's expectations bind them. `started` is the
// failed start of a case that does not expect one (then no step was sent).
struct CaseRecording {
  Status started;
  std::vector<golden::StepAnswer> answers;
};
CaseRecording RecordCase(const golden::GoldenCase& golden_case, Target& target,
                         const golden::MatchContext& context);

// Starts the target with the case's flags, sends every step, and returns
// the comparator's verdict. Steps without an expectation are sent but not
// compared. A failure to start, unless the case expects it, fails the case.
golden::Verdict RunCase(const golden::GoldenCase& golden_case, Target& target,
                        const golden::MatchContext& context);

}  // namespace kdual::runner

#endif  // KDUAL_CONFORMANCE_RUNNER_CASE_RUNNER_H_
