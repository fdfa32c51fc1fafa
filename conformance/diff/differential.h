// The differential step: a case's answers from a live API server, the
// engine's verdict on them, and the re-check that tells a divergence from a
// server that answers differently each time.
#ifndef KDUAL_CONFORMANCE_DIFF_DIFFERENTIAL_H_
#define KDUAL_CONFORMANCE_DIFF_DIFFERENTIAL_H_

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "conformance/golden/comparator.h"
#include "conformance/golden/golden_case.h"
#include "conformance/live/live_target.h"
#include "conformance/runner/target.h"
#include "engine/base/status.h"
#include "engine/version/profile.h"

namespace kdual::diff {

// A fresh engine target for one case run.
using EngineFactory = std::function<std::unique_ptr<runner::Target>()>;

struct DiffContext {
  version::Profile profile;                            // from the server's version
  std::string server_version;                          // "v1.37.2"
  golden::Source source = golden::Source::kApiserver;  // or kKind
  EngineFactory engine;
  int capture_retries = 2;  // after a transport failure or throttling
};

// The case with the server's answers as expectations (source and
// kubernetes set from `context`). A transport failure, a throttled (429) or
// unavailable (503/504) answer is retried with a pause; the Services the
// case created are deleted afterwards. A `start` case whose flags the server
// accepts becomes a create of a plain Service on them, so that it still asks
// something.
// Values the server chose for one step that another request names are
// added to `picked_and_named` when given.
Result<golden::GoldenCase> Record(const golden::GoldenCase& question, live::LiveTarget& live,
                                  const DiffContext& context,
                                  std::set<std::string>* picked_and_named = nullptr);

// The engine's verdict on a recorded case.
golden::Verdict EngineVerdict(const golden::GoldenCase& recorded, const DiffContext& context);

enum class CaseVerdict {
  kAgreed,
  kDiverged,          // confirmed: the engine disagrees with the server
  kNonDeterministic,  // the server answered differently on a re-run, and the engine gave one of its
                      // answers
  kInterference,      // agreed when run alone, or disagreed over what an earlier case left behind
  kNotChecked,        // no answer from the server (see problem)
};
const char* CaseVerdictName(CaseVerdict verdict);

struct CaseCheck {
  CaseVerdict verdict = CaseVerdict::kNotChecked;
  golden::GoldenCase recorded;          // the server's answers (runs merged after a re-check)
  std::vector<std::string> mismatches;  // the engine's, against `recorded`
  std::string problem;                  // kNotChecked: why; kNonDeterministic: why, when known
  // Addresses and node ports the server chose for a step that a later
  // request of the case names, over every capture of the case.
  std::set<std::string> server_picks_named;
};

// Sends the case once and compares (agreed, or a mismatch still to confirm:
// kDiverged before Confirm).
CaseCheck FirstLook(const golden::GoldenCase& question, live::LiveTarget& live,
                    const DiffContext& context);

// Re-checks a mismatch with the case run alone on `live`: captured again
// (twice when the first capture ran beside other cases, which then does not
// count), runs merged; the engine passing the merged case makes it
// non-deterministic (answers differ between runs) or interference (they do
// not). The engine differing only on steps where the runs differed (a random
// address or node port in a message) is non-deterministic too; otherwise it
// is a divergence.
void Confirm(const golden::GoldenCase& question, live::LiveTarget& live, const DiffContext& context,
             bool first_was_concurrent, CaseCheck* check);

// Why a divergence is the server's leftover rather than the engine's error
// ("" when it is not): an address or node port the server called already
// allocated is still allocated now that the case's Services are gone (a
// create asking for it is refused), and no Service holds it, or one of
// another case's run namespace does (a case beside it, or one whose cleanup
// the server throttled, asked for the same literal). A
// dual-stack create whose second family fails leaves the first family's
// address allocated until the server's repair loop frees it; a later case
// asking for it gets "already allocated" where the engine, starting clean,
// allocates. Confirm then records the case once more on a fresh control
// plane (where it can start one): agreeing there, the case is interference;
// still diverging, the case leaves the allocation itself and the divergence
// stands with the fresh answers.
std::string LeftoverAllocation(const golden::GoldenCase& recorded, live::LiveTarget& live);

// A Service a list step's answer shows that no step of the case names (an
// earlier case's, left by a failed cleanup): a description, or empty.
std::string ListedLeftover(const golden::GoldenCase& recorded);

// Why a recorded case's answers depend on a pick ("" when they do not): a
// step names a value the server chose for another step
// (`server_picks_named`, from Record) or the engine did (the engine's
// answers captured the same way).
std::string DependsOnAPick(const golden::GoldenCase& recorded,
                           const std::set<std::string>& server_picks_named,
                           const DiffContext& context);

// Whether the case still shows a divergence like `signature` (a mismatch
// line with its step index removed; "" for any): one capture and an engine
// run. Used as the shrinker's predicate.
bool StillDiverges(const golden::GoldenCase& question, live::LiveTarget& live,
                   const DiffContext& context, const std::string& signature);

// A mismatch line's divergence, without its step index and values:
// "steps[2] create: spec.clusterIPs[1]: expected ..." -> "create: spec.clusterIPs[1]".
std::string MismatchSignature(const std::string& mismatch);

// "diff-" and 12 hex digits of a hash of the case's questions.
std::string ContentName(const golden::GoldenCase& golden_case);

}  // namespace kdual::diff

#endif  // KDUAL_CONFORMANCE_DIFF_DIFFERENTIAL_H_
