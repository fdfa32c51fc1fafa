#include "conformance/live/capture_run.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"
#include "conformance/golden/expectation_merge.h"
#include "conformance/live/capture.h"
#include "conformance/live/existing_cluster.h"
#include "conformance/runner/case_runner.h"
#include "conformance/runner/golden_run.h"

namespace kdual::live {
namespace {

namespace fs = std::filesystem;

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

bool SameFlags(const std::optional<flags::ComponentFlags>& a, const flags::ComponentFlags& b) {
  return a && a->components == b.components;
}

}  // namespace

// The case's path below golden/<minor>/, else its file name.
std::string CaptureOutputPath(const std::string& file) {
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

CaptureRunSummary RunCapture(const std::vector<std::string>& files,
                             const std::vector<golden::GoldenCase>& cases, LiveTarget& target,
                             const std::optional<version::Profile>& profile,
                             const CaptureRunOptions& options) {
  std::optional<flags::ComponentFlags> last_flags;
  CaptureRunSummary summary;
  int& captured = summary.captured;
  int& failed = summary.failed;
  int& skipped = summary.skipped;
  int& any_of_cases = summary.any_of_cases;
  const bool existing = options.existing;
  const int runs = options.runs;
  auto interrupted = [&]() { return options.interrupted != nullptr && *options.interrupted != 0; };
  const auto began = std::chrono::steady_clock::now();
  const size_t total = files.size();
  for (size_t n = 0; n < total && !interrupted(); ++n) {
    const std::string& file = files[n];
    // Failures, skips and notes are printed even with --quiet.
    auto progress = [&](const std::string& what) {
      if (options.progress) options.progress(n, total, file, what);
    };
    const golden::GoldenCase* const golden_case = &cases[n];
    if (auto why = UncapturableStep(*golden_case)) {
      progress("skipped: " + *why);
      ++skipped;
      continue;
    }
    if (existing) {
      auto mismatch = ExistingClusterMismatch(*golden_case, options.declared);
      if (mismatch) {
        progress("skipped: " + *mismatch);
        ++skipped;
        continue;
      }
    }
    golden::MatchContext context;
    if (profile) context = runner::MatchContextFor(*golden_case, *profile);
    std::vector<golden::GoldenCase> captures;
    std::string case_version = existing ? options.server_version : options.release_text;
    bool run_failed = false;
    int retries_left = existing ? 0 : 1;
    for (int run = 0; run < runs && !interrupted() && !run_failed; ++run) {
      bool reuse = existing || (SameFlags(last_flags, golden_case->cluster) &&
                                !golden_case->RequiresFreshCluster());
      std::string which =
          runs > 1 ? "run " + std::to_string(run + 1) + "/" + std::to_string(runs) + ": " : "";
      progress(which + (existing ? "sending its steps"
                        : reuse  ? "sending its steps (reusing the control plane)"
                                 : "starting " + options.release_text + " with its flags"));
      if (golden_case->RequiresFreshCluster()) target.RequireFreshStart();
      auto result = CaptureCase(*golden_case, target, context);
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
      bool startup_case =
          !golden_case->steps.empty() && golden_case->steps[0].op == golden::StepOp::kStart;
      if (!startup_case && !existing) {
        auto v = target.ServerVersion();
        if (v.ok()) {
          case_version = *v;
        } else {
          progress("note: cannot read /version (" + v.status().message() + "); recording " +
                   case_version);
        }
        // The flags the control plane now runs with (the last restart's).
        last_flags = golden_case->cluster;
        for (const auto& step : golden_case->steps) {
          if (step.op == golden::StepOp::kRestart && step.cluster) last_flags = *step.cluster;
        }
      }
      Status cleaned = target.Cleanup();
      if (!cleaned.ok()) {
        if (existing) {
          progress("note: " + cleaned.message());
        } else {
          progress("note: " + cleaned.message() + "; the next case gets a new control plane");
          target.RequireFreshStart();
          last_flags.reset();
        }
      }
      result->captured.source =
          existing ? options.source : golden::LocalCaptureSource(result->captured);
      result->captured.kubernetes = case_version;
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

    fs::path out = fs::path(options.out_dir) / CaptureOutputPath(file);
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    golden::GoldenCase to_write = *merged;
    if (fs::exists(out, ec)) {
      auto on_disk = golden::ReadCaseFile(out.string());
      if (on_disk.ok()) {
        std::string why;
        to_write = golden::MergeWithExisting(*on_disk, *merged, &why);
        if (!why.empty()) progress("note: replacing " + out.string() + ": " + why);
      } else {
        progress("note: replacing " + out.string() +
                 ", which does not read as a case: " + on_disk.status().message());
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
    progress("captured from " + case_version + " -> " + out.string() +
             RateAndEta(began, n + 1, total));
  }

  return summary;
}

}  // namespace kdual::live
