#include "conformance/runner/golden_run.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "conformance/golden/case_reader.h"
#include "conformance/runner/case_runner.h"
#include "conformance/runner/known_failures.h"
#include "conformance/runner/target.h"
#include "engine/version/profile.h"

namespace kdual::runner {
namespace fs = std::filesystem;

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPassed: return "passed";
    case Outcome::kFailed: return "failed";
    case Outcome::kKnownFailure: return "known failure";
    case Outcome::kStale: return "stale known failure";
    case Outcome::kDifferent: return "fails differently";
    case Outcome::kSkipped: return "skipped";
  }
  return "failed";
}

bool IsFailure(Outcome o) {
  return o == Outcome::kFailed || o == Outcome::kStale || o == Outcome::kDifferent;
}

int RunReport::passed() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(), [](const CaseOutcome& c) {
    return c.outcome == Outcome::kPassed;
  }));
}
int RunReport::failed() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(),
                                        [](const CaseOutcome& c) { return IsFailure(c.outcome); }));
}
int RunReport::known_failures() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(), [](const CaseOutcome& c) {
    return c.outcome == Outcome::kKnownFailure;
  }));
}
int RunReport::skipped() const {
  return static_cast<int>(std::count_if(cases.begin(), cases.end(), [](const CaseOutcome& c) {
    return c.outcome == Outcome::kSkipped || c.outcome == Outcome::kKnownFailure;
  }));
}

Result<std::vector<std::string>> CollectCaseFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".yaml") {
          found.push_back(it->path().generic_string());
        }
      }
      if (ec) return NotFound(p + ": cannot be listed: " + ec.message());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      return NotFound(p + ": no such file or folder");
    }
  }
  return files;
}

namespace {

class KnownFailureCache {
 public:
  // The list for a case, read once per file. Null (with `error` set) when the
  // list is unreadable.
  // Safe from several threads; a returned list stays put (map nodes do
  // not move).
  const KnownFailures* For(const std::string& path, std::string* error) {
    if (path.empty()) return &empty_;
    std::lock_guard<std::mutex> lock(mu_);
    auto it = lists_.find(path);
    if (it == lists_.end()) {
      auto read = KnownFailures::Read(path);
      if (!read.ok()) {
        *error = read.status().message();
        return nullptr;
      }
      it = lists_.emplace(path, std::move(read).value()).first;
    }
    return &it->second;
  }

 private:
  std::mutex mu_;
  std::map<std::string, KnownFailures> lists_;
  KnownFailures empty_;
};

CaseOutcome RunOne(const std::string& file, const RunOptions& options, KnownFailureCache* lists) {
  CaseOutcome out;
  out.path = file;
  out.id = golden::CaseIdFromPath(file);
  auto golden_case = golden::ReadCaseFile(file);
  if (!golden_case.ok()) {
    out.outcome = Outcome::kFailed;
    out.details.push_back("malformed case file:");
    const std::string& m = golden_case.status().message();
    size_t start = 0;
    while (start < m.size()) {
      size_t nl = m.find('\n', start);
      out.details.push_back(
          "  " + m.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    out.first_line = "malformed case file";
    return out;
  }
  if (golden_case->AwaitingCapture()) {
    out.outcome = Outcome::kSkipped;
    out.details.push_back("no expectations yet (a scenario awaiting capture)");
    return out;
  }
  Result<version::Release> release = options.version
                                         ? Result<version::Release>(*options.version)
                                         : version::ParseRelease(golden_case->kubernetes);
  if (!release.ok()) {
    out.outcome = Outcome::kFailed;
    out.details.push_back(release.status().message());
    return out;
  }
  out.version = release->ToString();
  auto profile = version::ProfileFor(*release);
  if (!profile.ok()) {
    out.outcome = Outcome::kSkipped;
    out.details.push_back(profile.status().message());
    return out;
  }
  EngineTarget target(*profile);
  golden::Verdict verdict = RunCase(*golden_case, target, MatchContextFor(*golden_case, *profile));
  out.first_line = verdict.FirstLine();

  std::string error;
  const KnownFailures* list = lists->For(KnownFailuresPathFor(file, out.id), &error);
  if (!list) {
    out.outcome = Outcome::kFailed;
    out.details.push_back(error);
    return out;
  }
  const KnownFailure* known = list->Find(out.id);
  if (verdict.passed) {
    if (known) {
      out.outcome = Outcome::kStale;
      out.details.push_back(
          "listed in KNOWN_FAILURES but passes; remove it "
          "(kdual run --update-known-failures)");
    } else {
      out.outcome = Outcome::kPassed;
    }
    return out;
  }
  out.details = verdict.mismatches;
  if (!known) {
    out.outcome = Outcome::kFailed;
  } else if (known->first_line == out.first_line) {
    out.outcome = Outcome::kKnownFailure;
    out.details = {"known failure: " + known->reason};
  } else {
    out.outcome = Outcome::kDifferent;
    out.details.insert(
        out.details.begin(),
        "fails differently from KNOWN_FAILURES, which expects: " + known->first_line);
  }
  return out;
}

}  // namespace

RunReport RunGolden(const std::vector<std::string>& files, const RunOptions& options) {
  RunReport report;
  KnownFailureCache lists;
  auto run = [&](size_t i) {
    auto start = std::chrono::steady_clock::now();
    CaseOutcome outcome = RunOne(files[i], options, &lists);
    outcome.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
  };
  size_t jobs = options.jobs > 0 ? static_cast<size_t>(options.jobs)
                                 : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min(jobs, files.size());
  if (jobs <= 1) {
    for (size_t i = 0; i < files.size(); ++i) {
      report.cases.push_back(run(i));
      if (options.on_case) options.on_case(i + 1, files.size(), report.cases.back());
    }
    return report;
  }
  // Workers take the next file by index and fill its slot; this thread
  // reports the slots in file order as they fill.
  report.cases.resize(files.size());
  std::vector<char> done(files.size(), 0);
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::condition_variable filled;
  std::vector<std::thread> workers;
  for (size_t w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < files.size(); i = next++) {
        CaseOutcome outcome = run(i);
        std::lock_guard<std::mutex> lock(mu);
        report.cases[i] = std::move(outcome);
        done[i] = 1;
        filled.notify_one();
      }
    });
  }
  for (size_t i = 0; i < files.size(); ++i) {
    std::unique_lock<std::mutex> lock(mu);
    filled.wait(lock, [&] { return done[i] != 0; });
    lock.unlock();
    if (options.on_case) options.on_case(i + 1, files.size(), report.cases[i]);
  }
  for (auto& t : workers) t.join();
  return report;
}

Result<std::vector<std::string>> UpdateKnownFailures(const RunReport& report) {
  struct Touched {
    std::map<std::string, std::string> failures;
    std::vector<std::string> ran;
  };
  std::map<std::string, Touched> by_list;
  for (const auto& c : report.cases) {
    std::string list = KnownFailuresPathFor(c.path, c.id);
    if (list.empty() || c.outcome == Outcome::kSkipped) continue;
    if (c.first_line == "malformed case file") continue;  // never a known failure
    Touched& t = by_list[list];
    t.ran.push_back(c.id);
    bool failing = c.outcome == Outcome::kFailed || c.outcome == Outcome::kDifferent ||
                   c.outcome == Outcome::kKnownFailure;
    if (failing) t.failures[c.id] = c.first_line;
  }
  std::vector<std::string> written;
  for (const auto& [path, touched] : by_list) {
    auto list = KnownFailures::Read(path);
    if (!list.ok()) return list.status();
    std::string text = list->Updated(touched.failures, touched.ran, "engine: not yet");
    bool existed = fs::exists(path);
    if (!existed && touched.failures.empty()) continue;
    std::ofstream out(path, std::ios::trunc);
    if (!out) return Unavailable(path + ": cannot be written");
    out << text;
    written.push_back(path);
  }
  return written;
}

Status CheckKnownFailures(const std::string& minor_dir) {
  std::string path = (fs::path(minor_dir) / "KNOWN_FAILURES").generic_string();
  auto list = KnownFailures::Read(path);
  if (!list.ok()) return list.status();
  std::string minor = fs::path(minor_dir).filename().generic_string();
  if (minor.empty()) minor = fs::path(minor_dir).parent_path().filename().generic_string();
  std::string problems;
  for (const auto& e : list->entries()) {
    if (e.id.rfind(minor + "/", 0) != 0) {
      problems += path + ": " + e.id + " does not belong to " + minor + "/\n";
      continue;
    }
    fs::path file = fs::path(minor_dir).parent_path() / (e.id + ".yaml");
    if (fs::path(minor_dir).filename().empty())
      file = fs::path(minor_dir).parent_path().parent_path() / (e.id + ".yaml");
    if (!fs::exists(file))
      problems += path + ": " + e.id + " names no case file (" + file.generic_string() + ")\n";
  }
  if (!problems.empty()) {
    problems.pop_back();
    return FailedPrecondition(problems);
  }
  return Status::Ok();
}

}  // namespace kdual::runner
