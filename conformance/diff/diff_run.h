// A differential run: cases sent to a live API server and the engine, batch
// by batch (one control plane per flag set), several at once where they
// cannot meet, every mismatch re-checked alone, every divergence shrunk and
// written as a golden case.
#ifndef KDUAL_CONFORMANCE_DIFF_DIFF_RUN_H_
#define KDUAL_CONFORMANCE_DIFF_DIFF_RUN_H_

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "conformance/diff/case_generator.h"
#include "conformance/diff/differential.h"
#include "conformance/golden/golden_case.h"
#include "conformance/live/kubeconfig.h"
#include "conformance/live/live_target.h"

namespace kdual::diff {

// One case to send, and whether it may run beside others of its flag set.
struct PlannedCase {
  golden::GoldenCase question;
  std::string flag_set;  // a label for reports
  bool exclusive = false;
};

// The cases of a generated run (case_generator.h), each labelled with its
// flag set.
std::vector<PlannedCase> PlanGenerated(const GeneratorOptions& options);

// The cases of `files`, labelled with their service CIDRs; the first file
// that does not read is the error.
Result<std::vector<PlannedCase>> PlanFromFiles(const std::vector<std::string>& files);

// Groups cases by their cluster flags (first appearance order), exclusive
// ones last in each group. Cases with restarts, start steps or
// fresh-cluster are always exclusive.
std::vector<std::vector<PlannedCase>> Batches(std::vector<PlannedCase> cases);

struct Divergence {
  std::string case_name;  // the generated (or given) case
  std::string flag_set;
  golden::GoldenCase minimal;           // shrunk, with the server's answers
  std::vector<std::string> mismatches;  // the engine's, on `minimal`
  size_t original_steps = 0;
  size_t original_size = 0;  // CaseSize before shrinking
  int shrink_attempts = 0;
  std::string written;  // the file written, or "" (no --out, or a problem)
  // Not written, or written but refused by the case reader (a server answer
  // the format cannot hold yet, such as a Status without a reason).
  std::string write_problem;
};

struct SetAside {
  std::string case_name;
  std::string flag_set;
  std::string why;  // the mismatch or the problem
};

struct DiffReport {
  std::string target;  // the live server
  std::string server_version;
  size_t planned = 0;
  size_t checked = 0;  // got an answer from the server (any verdict but not checked)
  size_t agreed = 0;
  std::vector<Divergence> divergences;
  std::vector<SetAside> non_deterministic;
  std::vector<SetAside> interference;
  std::vector<SetAside> not_checked;
  int parallel = 1;
  double seconds = 0;
  std::string stopped;  // why the run ended early, or ""
  double rate() const { return seconds > 0 ? checked / seconds : 0; }
};

struct Progress {
  size_t done = 0;
  size_t total = 0;
  double seconds = 0;
  size_t divergences = 0;
  size_t non_deterministic = 0;
  std::string note;  // a line to print as it is ("" for a plain progress tick)
};

struct DiffOptions {
  // Exactly one: local reference control planes, or a running cluster.
  std::optional<live::LocalClusterSpec> local;
  std::optional<live::ClusterAccess> access;
  int parallel = 4;
  double time_budget_seconds = 0;  // 0: none
  std::string out_dir;             // "" writes nothing
  int shrink_attempts = 60;
  std::string plant;  // a test-only plant in the engine (planted_target.h)
  golden::Source source = golden::Source::kApiserver;
  std::string seed_note;  // "seed 7" for descriptions
  // The server's own ceiling: send every case's requests with the same
  // parallelism and clean-up, but record, compare and shrink nothing.
  bool send_only = false;
  // Checked between cases; true stops the run (an interrupt).
  const std::atomic<bool>* stop = nullptr;
  std::function<void(const Progress&)> on_progress;
};

// Runs `cases`. Errors only when nothing could be run at all (no server).
Result<DiffReport> RunDiff(const std::vector<PlannedCase>& cases, const DiffOptions& options);

}  // namespace kdual::diff

#endif  // KDUAL_CONFORMANCE_DIFF_DIFF_RUN_H_
