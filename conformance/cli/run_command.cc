// kdual run: golden cases on the engine.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "conformance/cli/command.h"
#include "conformance/runner/golden_run.h"
#include "conformance/runner/html_report.h"
#include "conformance/runner/report.h"
#include "engine/version/release.h"

namespace kdual::cli {
namespace {

constexpr const char* kRunUsage = R"(Usage: kdual run [flags] PATH...

Runs golden cases (files, or folders searched for *.yaml) on the engine and
compares each answer with the recorded one. Prints every failing case with a
diff, then the known failures, and last "N passed, N failed, N skipped".

Flags:
  --version V                 run every case on release V: "1.33" is that
                              minor's pinned release, "1.33.4" exactly that one;
                              default: each case's own source.kubernetes
  -o, --output text|json|junit|html
                              report format (default text); html is one
                              self-contained page: each failing case with
                              expected and got side by side, and its file
  --update-known-failures     rewrite the KNOWN_FAILURES lists of the cases run
                              from this run's results, keeping reasons
  --check-known-failures DIR  check that every id listed in DIR/KNOWN_FAILURES
                              names a case file, and run nothing else
  -j, --jobs N                cases run at once (default: one per core); the
                              report is the same whatever N
  -q, --quiet                 no progress line
  -v, --verbose               also list skipped cases and known failures
  -h, --help                  this help

Exit status: 0 when nothing failed, 1 when a case failed (a malformed case file
counts as a failed case), 2 for usage errors.
)";

}  // namespace

int RunCommand(const Args& args) {
  std::vector<std::string> paths;
  std::string output = "text";
  std::optional<version::Release> release;
  bool update = false, quiet = false, verbose = false;
  int jobs = 0;  // one per core
  std::string check_dir;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string value;
    if (a == "-h" || a == "--help") {
      std::cout << kRunUsage;
      return kExitOk;
    } else if (a == "--version" || a.rfind("--version=", 0) == 0) {
      if (!TakeValue(args, &i, "--version", &value))
        return UsageError("run", "--version needs a value");
      auto r = version::ResolveRelease(value);
      if (!r.ok()) return UsageError("run", r.status().message());
      release = *r;
    } else if (IsOutputFlag(a)) {
      if (int rc = TakeOutputFlag(args, &i, "run", {"text", "json", "junit", "html"}, &output))
        return rc;
    } else if (a == "--update-known-failures") {
      update = true;
    } else if (a == "--check-known-failures" || a.rfind("--check-known-failures=", 0) == 0) {
      if (!TakeValue(args, &i, "--check-known-failures", &check_dir)) {
        return UsageError("run", "--check-known-failures needs a folder");
      }
    } else if (a == "-j" || a == "--jobs" || a.rfind("--jobs=", 0) == 0) {
      if (!TakeValue(args, &i, "--jobs", &value)) return UsageError("run", "--jobs needs a number");
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > 256)
        return UsageError("run", "--jobs wants a number from 1 to 256, not \"" + value + "\"");
      jobs = static_cast<int>(n);
    } else if (a == "-q" || a == "--quiet") {
      quiet = true;
    } else if (a == "-v" || a == "--verbose") {
      verbose = true;
    } else if (a == "--") {
      paths.insert(paths.end(), args.begin() + i + 1, args.end());
      break;
    } else if (!a.empty() && a[0] == '-') {
      return UsageError("run", "unknown flag " + a);
    } else {
      paths.push_back(a);
    }
  }
  if (!check_dir.empty()) {
    Status s = runner::CheckKnownFailures(check_dir);
    if (!s.ok()) {
      std::cout << s.message() << "\n0 passed, 1 failed, 0 skipped\n";
      return kExitFailed;
    }
    std::cout << check_dir
              << "/KNOWN_FAILURES: every entry names a case\n1 passed, 0 failed, 0 skipped\n";
    return kExitOk;
  }
  if (paths.empty()) return UsageError("run", "no case files or folders given");
  auto files = runner::CollectCaseFiles(paths);
  if (!files.ok()) return UsageError("run", files.status().message());

  runner::RunOptions options;
  options.version = release;
  options.jobs = jobs;
  bool progress = !quiet && files->size() > 20 && isatty(STDERR_FILENO);
  if (progress) {
    options.on_case = [](size_t done, size_t total, const runner::CaseOutcome&) {
      std::fprintf(stderr, "\r[%zu/%zu] cases", done, total);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  runner::RunReport report = runner::RunGolden(*files, options);
  if (update) {
    auto written = runner::UpdateKnownFailures(report);
    if (!written.ok()) {
      std::cerr << "kdual run: " << written.status().message() << "\n";
      return kExitFailed;
    }
    for (const auto& w : *written) std::cerr << "updated " << w << "\n";
  }
  if (output == "json")
    std::cout << runner::RenderJson(report);
  else if (output == "junit")
    std::cout << runner::RenderJunit(report);
  else if (output == "html") {
    std::string title = "kdual run";
    for (const auto& p : paths) title += " " + p;
    std::cout << runner::RenderHtml(report, title);
  } else
    std::cout << runner::RenderText(report, verbose);
  std::cout.flush();
  if (update) return kExitOk;
  return report.failed() > 0 || !report.errors.empty() ? kExitFailed : kExitOk;
}

}  // namespace kdual::cli
