// kdual versions: the pinned releases and which have an engine profile;
// `versions diff A B`: what changes between two releases (version_diff.h).
#include <iostream>

#include "conformance/cli/command.h"
#include "conformance/runner/golden_run.h"
#include "conformance/versions/version_diff.h"
#include "conformance/versions/version_matrix.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::cli {
namespace {

constexpr const char* kVersionsUsage =
    R"(Usage: kdual versions                     the pinned releases and their engine profiles
       kdual versions diff A B [PATH...]  what the API server does differently on B
       kdual versions matrix [-o FMT]     every behaviour change and its first release

versions diff runs the same cases (golden case files or scenarios; default:
golden/<A's minor> below the current folder) on both releases' engine
profiles and reports every case whose answers differ, grouped by the
behaviour change behind them (each of the engine's changes between the two
releases is tried alone on the older one: those that alter the case are its
cause), each group with the release that made the change, where it comes
from upstream, its smallest case and both answers; changes in wording only
come last. Where a case
is captured on both releases (golden/<minor>/<id>.yaml), it says whether the
real servers' answers differ too, and the summary counts the differences the
servers show that the engine does not predict.

versions matrix lists every change in behaviour the engine models, each with
the first release that shows it (and patch releases that got it as a
backport), what a user meets and where it comes from upstream; README.md
carries its Markdown form.

Flags:
  -o, --output FMT   text (default), json, markdown or html (one page;
                     diff only)
      --all          list every case of each group, not only the smallest
  -h, --help         this help
)";

// The flags of `versions matrix` and `versions diff`: -h, -o (one of
// `outputs`), and for diff --all and the releases and paths. Returns -1 to go
// on, else the exit code.
struct VersionsArgs {
  std::string output = "text";
  bool all = false;
  std::vector<std::string> words;
};

int ParseVersionsArgs(const Args& args, const std::string& sub,
                      const std::vector<std::string>& outputs, VersionsArgs* out) {
  const bool is_diff = sub == "diff";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << kVersionsUsage;
      return kExitOk;
    } else if (IsOutputFlag(a)) {
      if (int rc = TakeOutputFlag(args, &i, "versions " + sub, outputs, &out->output)) return rc;
    } else if (is_diff && a == "--all") {
      out->all = true;
    } else if (is_diff && !a.empty() && a[0] != '-') {
      out->words.push_back(a);
    } else if (is_diff) {
      return UsageError("versions", "unknown flag " + a);
    } else {
      return UsageError("versions", "versions matrix: unexpected argument " + a);
    }
  }
  return -1;
}

int VersionsMatrix(const Args& args) {
  VersionsArgs parsed;
  if (int rc = ParseVersionsArgs(args, "matrix", {"text", "json", "markdown"}, &parsed); rc >= 0)
    return rc;
  const std::string& output = parsed.output;
  if (output == "json") {
    std::cout << versions::RenderVersionMatrixJson();
  } else if (output == "markdown") {
    std::cout << versions::RenderVersionMatrixMarkdown();
  } else {
    std::cout << versions::RenderVersionMatrixText();
  }
  return kExitOk;
}

int VersionsDiff(const Args& args) {
  VersionsArgs parsed;
  if (int rc = ParseVersionsArgs(args, "diff", {"text", "json", "markdown", "html"}, &parsed);
      rc >= 0)
    return rc;
  const std::vector<std::string>& words = parsed.words;
  const std::string& output = parsed.output;
  const bool all = parsed.all;
  if (words.size() < 2) return UsageError("versions", "versions diff needs two releases, A and B");
  auto a = version::ResolveRelease(words[0]);
  if (!a.ok()) return UsageError("versions", a.status().message());
  auto b = version::ResolveRelease(words[1]);
  if (!b.ok()) return UsageError("versions", b.status().message());
  std::vector<std::string> paths(words.begin() + 2, words.end());
  if (paths.empty())
    paths.push_back(
        FindData("golden/" + std::to_string(a->major) + "." + std::to_string(a->minor)));
  auto files = runner::CollectCaseFiles(paths);
  if (!files.ok()) return UsageError("versions", files.status().message());
  auto diff = versions::DiffVersions(*files, *a, *b);
  if (!diff.ok()) {
    std::cerr << "kdual versions: " << diff.status().message() << "\n";
    return kExitFailed;
  }
  if (output == "json") {
    std::cout << versions::RenderVersionDiffJson(*diff);
  } else if (output == "markdown") {
    std::cout << versions::RenderVersionDiffMarkdown(*diff);
  } else if (output == "html") {
    std::cout << versions::RenderVersionDiffHtml(*diff);
  } else {
    std::cout << versions::RenderVersionDiffText(*diff, all);
  }
  return diff->errors.empty() ? kExitOk : kExitFailed;
}

}  // namespace

int VersionsCommand(const Args& args) {
  if (!args.empty() && args[0] == "diff") return VersionsDiff(Args(args.begin() + 1, args.end()));
  if (!args.empty() && args[0] == "matrix")
    return VersionsMatrix(Args(args.begin() + 1, args.end()));
  for (const auto& a : args) {
    if (a == "-h" || a == "--help") {
      std::cout << kVersionsUsage;
      return kExitOk;
    }
    return UsageError("versions", "unexpected argument " + a);
  }
  for (const auto& r : version::PinnedReleases()) {
    auto profile = version::ProfileFor(r);
    std::cout << r.ToString() << "\t" << (profile.ok() ? "engine profile" : "no engine profile")
              << "\n";
  }
  return kExitOk;
}

}  // namespace kdual::cli
