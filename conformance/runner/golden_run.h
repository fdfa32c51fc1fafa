// `kdual run`: golden case files on the engine, judged against each minor's
// KNOWN_FAILURES.
#ifndef KDUAL_CONFORMANCE_RUNNER_GOLDEN_RUN_H_
#define KDUAL_CONFORMANCE_RUNNER_GOLDEN_RUN_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/version/release.h"

namespace kdual::runner {

enum class Outcome {
  kPassed,
  kFailed,        // an unlisted failure, or a malformed case file
  kKnownFailure,  // listed, and failed exactly as listed (counted as skipped)
  kStale,         // listed, but passed (fails the run)
  kDifferent,     // listed, but failed differently (fails the run)
  kSkipped,       // awaiting capture, or no engine profile for its version
};
const char* OutcomeName(Outcome outcome);
bool IsFailure(Outcome outcome);

struct CaseOutcome {
  std::string id;
  std::string path;
  std::string version;  // the release it ran on
  Outcome outcome = Outcome::kPassed;
  std::vector<std::string> details;  // mismatches, problems, or the skip reason
  std::string first_line;            // of the actual failure (KNOWN_FAILURES key)
  double seconds = 0;
};

struct RunReport {
  std::vector<CaseOutcome> cases;
  std::vector<std::string> errors;  // problems outside any case (unreadable lists)
  int passed() const;
  int failed() const;   // every outcome for which IsFailure holds
  int skipped() const;  // skipped and known failures
  int known_failures() const;
};

struct RunOptions {
  std::optional<version::Release> version;  // else each case's source.kubernetes
  // Called after each case, in file order, on the calling thread (for
  // progress lines).
  std::function<void(size_t done, size_t total, const CaseOutcome&)> on_case;
  // Cases run at once on worker threads; 0 is one per core. The report is
  // the same, in file order, whatever the number: each case runs on an
  // engine of its own.
  int jobs = 1;
};

// Expands files and folders into case files (*.yaml, sorted). A missing path
// is an error.
Result<std::vector<std::string>> CollectCaseFiles(const std::vector<std::string>& paths);

RunReport RunGolden(const std::vector<std::string>& files, const RunOptions& options);

// Rewrites the KNOWN_FAILURES lists touched by `report`, keeping reasons;
// new failures get the reason "engine: not yet". Returns the files written.
Result<std::vector<std::string>> UpdateKnownFailures(const RunReport& report);

// Checks that every id in <minor_dir>/KNOWN_FAILURES names an existing case.
Status CheckKnownFailures(const std::string& minor_dir);

}  // namespace kdual::runner

#endif  // KDUAL_CONFORMANCE_RUNNER_GOLDEN_RUN_H_
