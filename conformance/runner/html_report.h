// A run's report as one self-contained HTML page (no scripts, no outside
// files): the summary, then each failing case with every mismatch as
// expected | got side by side and the case file itself (its requests and
// recorded answers) folded beneath, then the other cases in a table.
#ifndef KDUAL_CONFORMANCE_RUNNER_HTML_REPORT_H_
#define KDUAL_CONFORMANCE_RUNNER_HTML_REPORT_H_

#include <string>

#include "conformance/runner/golden_run.h"

namespace kdual::runner {

// `title` names the run ("kdual run golden/1.37"). Case files are read
// (bounded) to show their steps; one that cannot be read is said so.
std::string RenderHtml(const RunReport& report, const std::string& title);

// `text` with &, <, >, " and ' escaped for HTML.
std::string HtmlEscape(const std::string& text);

}  // namespace kdual::runner

#endif  // KDUAL_CONFORMANCE_RUNNER_HTML_REPORT_H_
