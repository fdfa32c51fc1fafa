// `kdual versions diff A B`: the same cases run on two releases' engine
// profiles, and every case whose answers differ, grouped by the kind of
// change (a start-up refused, a request refused or accepted, an error's
// text, how field error values print, the answer's fields, its warnings),
// each group with its smallest case and both answers. Where the cases are
// golden files captured on both releases (golden/<minor>/<id>.yaml), each
// difference says whether the two real servers' captured answers differ
// too, and the run counts the captured differences the engine does not
// predict: the "diff of diffs" that proves the report against reality.
#ifndef KDUAL_CONFORMANCE_VERSIONS_VERSION_DIFF_H_
#define KDUAL_CONFORMANCE_VERSIONS_VERSION_DIFF_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"
#include "engine/version/release.h"

namespace kdual::versions {

// One case's first step whose answers differ.
struct Difference {
  std::string case_id;  // golden/<minor>/<id> path without the minor, or the file
  std::string file;
  size_t step = 0;        // index of the first differing step
  std::string op;         // its op
  size_t case_steps = 0;  // the case's size (the smallest case shows a group)
  nlohmann::json a, b;    // the two answers, as the report prints them
  // The captured answers of that step on both releases: "differ", "same",
  // or "" when the case is not captured on both.
  std::string captured;
};

struct ChangeGroup {
  std::string key;                // stable id of the kind of change
  std::string statement;          // one line a person reads
  std::vector<Difference> cases;  // the smallest first
  // The engine's behaviour changes (version/behaviour_changes.h) that make
  // the difference: each alone, applied to the older release's profile,
  // changes the case's answers. Empty when no single change does (the
  // group then says only what kind of answer changed).
  std::vector<std::string> change_ids;
  std::string kind;      // the changes' kind ("error text", ...), or ""
  std::string upstream;  // where the changes come from, "; "-joined
  std::string since;     // the releases that introduced them ("v1.34")
  // Only the words of answers change (error text, warnings): folded.
  bool text_only = false;
};

struct VersionDiff {
  std::string a, b;  // "v1.29.15", "v1.33.13"
  size_t cases_run = 0;
  size_t cases_differing = 0;
  std::vector<ChangeGroup> groups;  // the largest first
  // Proof against the captures (cases captured on both releases only).
  size_t captured_pairs = 0;          // cases with a capture on both
  size_t predicted_and_captured = 0;  // differences both the engine and the servers show
  size_t predicted_not_captured = 0;  // the engine differs, the servers do not
  size_t dynamic_picks = 0;  // differences only in allocated addresses (captures use placeholders)
  std::vector<std::string> captured_not_predicted;  // the servers differ, the engine does not
  std::vector<std::string> errors;                  // case files that could not be read
};

// Runs every case of `files` on both releases' profiles.
Result<VersionDiff> DiffVersions(const std::vector<std::string>& files, const version::Release& a,
                                 const version::Release& b);

std::string RenderVersionDiffText(const VersionDiff& diff, bool all_cases);
std::string RenderVersionDiffJson(const VersionDiff& diff);
std::string RenderVersionDiffMarkdown(const VersionDiff& diff);
// One self-contained HTML page (no script, no external resource).
std::string RenderVersionDiffHtml(const VersionDiff& diff);

}  // namespace kdual::versions

#endif  // KDUAL_CONFORMANCE_VERSIONS_VERSION_DIFF_H_
