// kdual capture: record golden cases from local reference control planes.
#include <unistd.h>

#include <csignal>
#include <chrono>
#include <cstdio>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "conformance/cli/command.h"
#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"
#include "conformance/golden/expectation_merge.h"
#include "conformance/live/capture.h"
#include "conformance/live/live_target.h"
#include "conformance/runner/case_runner.h"
#include "conformance/runner/golden_run.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCaptureUsage = R"(Usage: kdual capture --version V --out DIR [flags] PATH...

Records golden cases from a real API server. For each case file (or folder
searched for *.yaml; with or without expectations) it starts a local
reference control plane of release V with scripts/local-cluster, with exactly
the case's component flags (a running one is reused when the flags are the
same as the previous case's and the case does not require a fresh cluster),
sends every step, and writes the case with the server's answers as its
expectations to DIR, at the case's path below golden/<minor>/ (or its file
name when it lies outside golden/). The Services a case created are deleted
after it; the control plane is stopped at the end.

Each case is captured --runs times (default 2): where the server's answers
to a step differ between runs (it walks Go maps and picks at random), every
answer seen is recorded under anyOf, sorted. When DIR already holds the case
from the same release with the same steps, its answers are kept and only
new ones are added, so capturing twice gives the same file.

Recorded: source.from: apiserver and source.kubernetes from the server's
/version; objects normalized; errors as code, reason, message and causes;
Warning headers; a refused flag set as startupError. Cluster IPs and node
ports the server chose become bound placeholders (~IPv4:a, ~IPv6:b,
~port:p1; ${a} inside error messages), except in dry-run answers.

Flags:
  --version V            release to capture from: "1.37" (the pinned patch
                         release) or "v1.37.2"
  --out DIR              where to write the captured cases
  --runs N               captures per case, merged (default 2)
  --name N               local cluster name (default kdual-capture-<pid>)
  --local-cluster PATH   the local-cluster script (default: $KDUAL_LOCAL_CLUSTER,
                         else scripts/local-cluster above the kdual binary or
                         the current folder)
  -q, --quiet            no progress lines (failures and notes still)
  -h, --help             this help

An interrupt (Ctrl-C) stops after the current case and still stops the
control plane.

Exit status: 0 when every case was captured, 1 when one was not, 2 for usage
errors, 130 when interrupted.
)";

std::string FindLocalCluster(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("KDUAL_LOCAL_CLUSTER"); env && *env) return env;
  std::vector<fs::path> starts;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) starts.push_back(exe.parent_path());
  starts.push_back(fs::current_path(ec));
  for (fs::path dir : starts) {
    for (; !dir.empty(); dir = dir.parent_path()) {
      fs::path candidate = dir / "scripts" / "local-cluster";
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
      if (dir == dir.parent_path()) break;
    }
  }
  return "";
}

// The case's path below golden/<minor>/, else its file name.
std::string OutputPath(const std::string& file) {
  fs::path abs = fs::absolute(file).lexically_normal();
  std::vector<std::string> parts;
  for (const auto& p : abs) parts.push_back(p.string());
  for (size_t i = parts.size(); i-- > 0;) {
    if (parts[i] == "golden" && i + 2 < parts.size()) {
      fs::path rel;
      for (size_t j = i + 2; j < parts.size(); ++j) rel /= parts[j];
      return rel.string();
    }
  }
  return abs.filename().string();
}

// ", 0.42 cases/s, ETA 3m05s" after `done` of `total` cases.
std::string RateAndEta(std::chrono::steady_clock::time_point began, size_t done, size_t total) {
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  if (seconds <= 0 || done == 0) return "";
  double rate = done / seconds;
  long eta = static_cast<long>((total - done) / rate + 0.5);
  char text[64];
  std::snprintf(text, sizeof text, " (%.2f cases/s, ETA %ldm%02lds)", rate, eta / 60, eta % 60);
  return text;
}

volatile std::sig_atomic_t g_interrupted = 0;
void OnInterrupt(int) { g_interrupted = 1; }

bool SameFlags(const std::optional<flags::ComponentFlags>& a, const flags::ComponentFlags& b) {
  return a && a->components == b.components;
}

}  // namespace

int CaptureCommand(const Args& args) {
  std::vector<std::string> paths;
  std::optional<version::Release> release;
  std::string out_dir, name, script;
  bool quiet = false;
  int runs = 2;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string value;
    if (a == "-h" || a == "--help") {
      std::cout << kCaptureUsage;
      return kExitOk;
    } else if (a == "--version" || a.rfind("--version=", 0) == 0) {
      if (!TakeValue(args, &i, "--version", &value)) return UsageError("capture", "--version needs a value");
      auto r = version::ResolveRelease(value);
      if (!r.ok()) return UsageError("capture", r.status().message());
      release = *r;
    } else if (a == "--out" || a.rfind("--out=", 0) == 0) {
      if (!TakeValue(args, &i, "--out", &out_dir)) return UsageError("capture", "--out needs a folder");
    } else if (a == "--runs" || a.rfind("--runs=", 0) == 0) {
      if (!TakeValue(args, &i, "--runs", &value)) return UsageError("capture", "--runs needs a number");
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > 100) {
        return UsageError("capture", "--runs wants a number from 1 to 100, not \"" + value + "\"");
      }
      runs = static_cast<int>(n);
    } else if (a == "--name" || a.rfind("--name=", 0) == 0) {
      if (!TakeValue(args, &i, "--name", &name)) return UsageError("capture", "--name needs a value");
    } else if (a == "--local-cluster" || a.rfind("--local-cluster=", 0) == 0) {
      if (!TakeValue(args, &i, "--local-cluster", &script)) {
        return UsageError("capture", "--local-cluster needs a path");
      }
    } else if (a == "-q" || a == "--quiet") {
      quiet = true;
    } else if (a == "--") {
      paths.insert(paths.end(), args.begin() + i + 1, args.end());
      break;
    } else if (!a.empty() && a[0] == '-') {
      return UsageError("capture", "unknown flag " + a);
    } else {
      paths.push_back(a);
    }
  }
  if (!release) return UsageError("capture", "--version is required");
  if (out_dir.empty()) return UsageError("capture", "--out is required");
  if (paths.empty()) return UsageError("capture", "no case files given");
  script = FindLocalCluster(script);
  if (script.empty()) {
    std::cerr << "kdual capture: cannot find scripts/local-cluster; pass --local-cluster PATH\n";
    return kExitFailed;
  }
  if (name.empty()) name = "kdual-capture-" + std::to_string(getpid());
  auto files = runner::CollectCaseFiles(paths);
  if (!files.ok()) {
    std::cerr << "kdual capture: " << files.status().message() << "\n";
    return kExitFailed;
  }
  auto profile = version::ProfileFor(*release);

  // An interrupt ends the run after the current case, so the control plane
  // is still taken down (local-cluster itself stops a start it was in).
  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  live::LiveTarget target({script, name, release->ToString()});
  std::optional<flags::ComponentFlags> last_flags;
  int captured = 0, failed = 0, any_of_cases = 0;
  const auto began = std::chrono::steady_clock::now();
  const size_t total = files->size();
  for (size_t n = 0; n < total && !g_interrupted; ++n) {
    const std::string& file = (*files)[n];
    // Failures and notes are printed even with --quiet.
    auto progress = [&](const std::string& what) {
      bool always = what.rfind("not captured", 0) == 0 || what.rfind("note:", 0) == 0;
      if (!quiet || always) std::cerr << "capture [" << n + 1 << "/" << total << "] " << file << ": " << what << "\n";
    };
    auto golden_case = golden::ReadCaseFile(file);
    if (!golden_case.ok()) {
      progress("not captured: " + golden_case.status().message());
      ++failed;
      continue;
    }
    golden::MatchContext context;
    if (profile.ok()) context = runner::MatchContextFor(*golden_case, *profile);
    std::vector<golden::GoldenCase> captures;
    std::string server_version = release->ToString();
    bool run_failed = false;
    int retries_left = 1;
    for (int run = 0; run < runs && !g_interrupted && !run_failed; ++run) {
      bool reuse = SameFlags(last_flags, golden_case->cluster) && !golden_case->RequiresFreshCluster();
      std::string which = runs > 1 ? "run " + std::to_string(run + 1) + "/" + std::to_string(runs) + ": " : "";
      progress(which + (reuse ? "sending its steps (reusing the control plane)"
                              : "starting " + release->ToString() + " with its flags"));
      if (golden_case->RequiresFreshCluster()) target.RequireFreshStart();
      auto result = live::CaptureCase(*golden_case, target, context);
      last_flags.reset();
      if (!result.ok() && result.status().code() == StatusCode::kUnavailable && retries_left > 0) {
        // The launcher or the host failed (a port taken meanwhile): not the
        // server's answer. Once more on a new control plane.
        --retries_left;
        progress("note: " + result.status().message() + "; once more on a new control plane");
        (void)target.Cleanup();
        target.RequireFreshStart();
        --run;
        continue;
      }
      if (!result.ok()) {
        progress("not captured: " + result.status().message());
        run_failed = true;
        (void)target.Cleanup();
        break;
      }
      bool startup_case = !golden_case->steps.empty() &&
                          golden_case->steps[0].op == golden::StepOp::kStart;
      if (!startup_case) {
        auto v = target.ServerVersion();
        if (v.ok()) {
          server_version = *v;
        } else {
          progress("note: cannot read /version (" + v.status().message() + "); recording " + server_version);
        }
        // The flags the control plane now runs with (the last restart's).
        last_flags = golden_case->cluster;
        for (const auto& step : golden_case->steps) {
          if (step.op == golden::StepOp::kRestart && step.cluster) last_flags = *step.cluster;
        }
      }
      Status cleaned = target.Cleanup();
      if (!cleaned.ok()) {
        progress("note: " + cleaned.message() + "; the next case gets a new control plane");
        target.RequireFreshStart();
        last_flags.reset();
      }
      result->captured.kubernetes = server_version;
      for (const auto& note : result->notes) progress("note: " + note);
      captures.push_back(std::move(result->captured));
    }
    if (run_failed || captures.empty()) {
      ++failed;
      continue;
    }
    auto merged = golden::MergeRuns(captures);
    if (!merged.ok()) {
      progress("not captured: " + merged.status().message());
      ++failed;
      continue;
    }

    fs::path out = fs::path(out_dir) / OutputPath(file);
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    golden::GoldenCase to_write = *merged;
    if (fs::exists(out, ec)) {
      auto existing = golden::ReadCaseFile(out.string());
      if (existing.ok()) {
        std::string why;
        to_write = golden::MergeWithExisting(*existing, *merged, &why);
        if (!why.empty()) progress("note: replacing " + out.string() + ": " + why);
      } else {
        progress("note: replacing " + out.string() + ", which does not read as a case: " +
                 existing.status().message());
      }
    }
    any_of_cases += golden::CountAnyOfSteps(to_write) > 0 ? 1 : 0;
    std::ofstream stream(out);
    stream << golden::WriteCase(to_write);
    stream.close();
    if (!stream) {
      progress("not captured: cannot write " + out.string());
      ++failed;
      continue;
    }
    ++captured;
    progress("captured from " + server_version + " -> " + out.string() + RateAndEta(began, n + 1, total));
  }
  Status down = target.Down();
  if (!down.ok()) std::cerr << "kdual capture: " << down.message() << "\n";
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::cout << captured << " captured (" << any_of_cases << " with anyOf), " << failed << " failed in "
            << static_cast<long>(seconds + 0.5) << " s";
  if (seconds > 0 && captured > 0) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "%.2f", captured / seconds);
    std::cout << " (" << rate << " cases/s)";
  }
  std::cout << "\n";
  if (g_interrupted) {
    std::cerr << "kdual capture: interrupted\n";
    return 130;
  }
  return failed == 0 ? kExitOk : kExitFailed;
}

}  // namespace kdual::cli
