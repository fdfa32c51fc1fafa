// A run's report as text (for people), JSON (for tools) or JUnit XML (for CI).
#ifndef KDUAL_CONFORMANCE_RUNNER_REPORT_H_
#define KDUAL_CONFORMANCE_RUNNER_REPORT_H_

#include <string>

#include "conformance/runner/golden_run.h"

namespace kdual::runner {

// Every failing case with its diff, then the known-failure count, and last
// the line "N passed, N failed, N skipped". With `verbose`, skipped cases
// and their reasons too.
std::string RenderText(const RunReport& report, bool verbose);
std::string RenderJson(const RunReport& report);
std::string RenderJunit(const RunReport& report);

}  // namespace kdual::runner

#endif  // KDUAL_CONFORMANCE_RUNNER_REPORT_H_
