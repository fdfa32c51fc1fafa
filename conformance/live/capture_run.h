// A capture run (`kdual capture`): every case sent --runs times to a live
// target, the runs merged (anyOf where the server chose differently), merged
// again with the case already on disk, and written below the output folder.
// The command parses flags, reads the cases and opens the target; this
// module does the rest, as diff_run.h does for `kdual diff`.
#ifndef KDUAL_CONFORMANCE_LIVE_CAPTURE_RUN_H_
#define KDUAL_CONFORMANCE_LIVE_CAPTURE_RUN_H_

#include <csignal>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "conformance/golden/golden_case.h"
#include "conformance/live/live_target.h"
#include "engine/flags/component_flags.h"
#include "engine/version/profile.h"

namespace kdual::live {

struct CaptureRunOptions {
  std::string out_dir;
  int runs = 2;
  // An existing cluster (--kubeconfig): no restarts, one try, cases whose
  // flags differ from `declared` are skipped, and answers are recorded as
  // `source` at `server_version`. Otherwise local control planes of
  // `release_text`, recorded as apiserver at the server's /version.
  bool existing = false;
  flags::FlagMap declared;
  golden::Source source = golden::Source::kApiserver;
  std::string server_version;
  std::string release_text;
  // One line per event: "case N/TOTAL FILE: WHAT". Failures, skips and
  // notes start with "not captured", "skipped" and "note:".
  std::function<void(size_t n, size_t total, const std::string& file, const std::string& what)>
      progress;
  // Set by a signal handler: the run stops after the current case.
  const volatile std::sig_atomic_t* interrupted = nullptr;
};

struct CaptureRunSummary {
  int captured = 0, failed = 0, skipped = 0;
  int any_of_cases = 0;  // captured cases with an anyOf step
};

// Captures `cases` (read from `files`, same order) on `target`. `profile`
// gives the match context (placeholder ranges); absent for a release kdual
// has no profile of.
CaptureRunSummary RunCapture(const std::vector<std::string>& files,
                             const std::vector<golden::GoldenCase>& cases, LiveTarget& target,
                             const std::optional<version::Profile>& profile,
                             const CaptureRunOptions& options);

// Where a case file's capture goes below the output folder: its path below
// golden/<minor>/, else its file name.
std::string CaptureOutputPath(const std::string& file);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_CAPTURE_RUN_H_
