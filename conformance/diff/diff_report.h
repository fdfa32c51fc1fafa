// A differential run's summary as text (for people), JSON (for tools) and
// JUnit XML (for CI): counts and rate, and per divergence the minimal case
// and the comparator's diff.
#ifndef KDUAL_CONFORMANCE_DIFF_DIFF_REPORT_H_
#define KDUAL_CONFORMANCE_DIFF_DIFF_REPORT_H_

#include <string>

#include "conformance/diff/diff_run.h"

namespace kdual::diff {

std::string RenderDiffText(const DiffReport& report);
std::string RenderDiffJson(const DiffReport& report);
std::string RenderDiffJunit(const DiffReport& report);
// One self-contained HTML page: the summary, each divergence with its
// mismatches as the server's answer | the engine's side by side and its
// minimal case (the request sequence, with the server's answers) beneath.
std::string RenderDiffHtml(const DiffReport& report);

// The last line of the text report:
// "N agreed, N diverged, N non-deterministic, N interference, N not checked".
std::string SummaryLine(const DiffReport& report);

}  // namespace kdual::diff

#endif  // KDUAL_CONFORMANCE_DIFF_DIFF_REPORT_H_
