// golden/<minor>/KNOWN_FAILURES: one line per case that is expected to fail,
// "id<TAB>first line of its mismatch<TAB>reason"; '#' starts a comment. The
// list is strict: a listed case that passes, a listed case that fails
// differently, and an unlisted failure all fail the run.
#ifndef KDUAL_CONFORMANCE_RUNNER_KNOWN_FAILURES_H_
#define KDUAL_CONFORMANCE_RUNNER_KNOWN_FAILURES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/status.h"

namespace kdual::runner {

struct KnownFailure {
  std::string id;
  std::string first_line;
  std::string reason;
};

class KnownFailures {
 public:
  // Reads a list; a missing file is an empty list. Malformed lines are errors
  // naming the file and line.
  static Result<KnownFailures> Read(const std::string& path);
  static Result<KnownFailures> Parse(const std::string& text, const std::string& source);

  const KnownFailure* Find(const std::string& id) const;
  const std::vector<KnownFailure>& entries() const { return entries_; }

  // Rewrites the list: `failures` (id -> first line) replace the entries of
  // the cases in `ran`; entries of cases that did not run are kept; reasons
  // are kept; new entries get `new_reason`; comments (lines starting with
  // '#') at the top are kept.
  std::string Updated(const std::map<std::string, std::string>& failures,
                      const std::vector<std::string>& ran, const std::string& new_reason) const;

 private:
  std::vector<std::string> header_;  // leading comment lines
  std::vector<KnownFailure> entries_;
};

// Where the KNOWN_FAILURES of a case lives: <golden root>/<minor>/KNOWN_FAILURES,
// from the case's path and id. Empty when the case is outside golden/.
std::string KnownFailuresPathFor(const std::string& case_path, const std::string& case_id);

}  // namespace kdual::runner

#endif  // KDUAL_CONFORMANCE_RUNNER_KNOWN_FAILURES_H_
