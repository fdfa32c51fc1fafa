#include "conformance/diff/diff_run.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "conformance/diff/planted_target.h"
#include "conformance/diff/shrink.h"
#include "conformance/golden/case_lint.h"
#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"
#include "conformance/golden/expectation_merge.h"
#include "conformance/io/subprocess.h"
#include "conformance/live/sweep.h"
#include "conformance/runner/case_runner.h"
#include "engine/version/release.h"

namespace kdual::diff {
namespace {

namespace fs = std::filesystem;
using golden::GoldenCase;
using golden::StepOp;
using Clock = std::chrono::steady_clock;

// After this many cases in a row without an answer the server is taken
// for gone and the run stops with a report of what was done.
constexpr int kMaxConsecutiveUnanswered = 5;

bool MustRunAlone(const GoldenCase& c) {
  if (c.RequiresFreshCluster()) return true;
  for (const auto& step : c.steps) {
    if (step.op == StepOp::kRestart || step.op == StepOp::kStart) return true;
    // Nodes, ServiceCIDRs and IPAddresses are cluster-scoped: written only
    // by the target that started the control plane (a parallel worker's
    // connection is an existing cluster's), and met by every other case.
    if (step.TargetKind() != "Service") return true;
  }
  return false;
}

// "v1.33.1+k3s1" -> v1.33.1.
Result<version::Release> ReleaseOfServer(const std::string& git_version) {
  std::string v = git_version;
  size_t cut = v.find_first_of("+-");
  if (cut != std::string::npos) v = v.substr(0, cut);
  return version::ParseRelease(v);
}

// The kubeconfig of the local control plane `spec` runs (for connections
// beside the one LiveTarget holds).
Result<live::ClusterAccess> LocalAccess(const live::LocalClusterSpec& spec) {
  auto run = io::RunProcess({spec.script, "kubeconfig", "--name", spec.name});
  if (!run.ok()) return Unavailable("cannot run " + spec.script + ": " + run.status().message());
  std::string out = run->out;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  if (run->exit_code != 0 || out.empty())
    return Unavailable("local-cluster printed no kubeconfig for " + spec.name);
  live::KubeconfigOptions options;
  options.kubeconfig = out;
  return live::LoadKubeconfig(options);
}

// The requests of a case, sent as a plain client would: no recording, no
// engine, no comparison. Every answer counts as agreement; only a transport
// failure leaves the case not checked.
CaseCheck SendOnly(const GoldenCase& question, live::LiveTarget& target,
                   const DiffContext& context) {
  CaseCheck check;
  check.verdict = CaseVerdict::kAgreed;
  if (question.RequiresFreshCluster()) target.RequireFreshStart();
  Status started = target.Start(question.cluster);
  if (!question.steps.empty() && question.steps[0].op == StepOp::kStart) return check;
  if (!started.ok()) {
    check.verdict = CaseVerdict::kNotChecked;
    check.problem = "the control plane did not start: " + started.message();
    return check;
  }
  golden::CaseMatcher matcher(question, runner::MatchContextFor(question, context.profile));
  for (size_t i = 0; i < question.steps.size(); ++i) {
    const golden::Step& step = question.steps[i];
    if (step.op == StepOp::kRestart) {
      (void)target.Restart(*step.cluster);
      continue;
    }
    auto prepared = matcher.RequestFor(i);
    if (!prepared.ok()) continue;
    registry::Answer answer = runner::SendPrepared(target, *prepared);
    if (answer.code == 0) {
      check.verdict = CaseVerdict::kNotChecked;
      check.problem = answer.body.value("message", "no answer");
      break;
    }
  }
  if (!target.Cleanup().ok()) target.RequireFreshStart();
  return check;
}

class Runner {
 public:
  Runner(const DiffOptions& options, DiffReport* report) : options_(options), report_(report) {}

  Status Prepare() {
    began_ = Clock::now();
    report_->parallel = options_.parallel;
    std::string version_text;
    if (options_.local) {
      leader_ = std::make_unique<live::LiveTarget>(*options_.local);
      version_text = options_.local->version;
    } else {
      auto connected = live::LiveTarget::Connect(*options_.access);
      if (!connected.ok()) return connected.status();
      leader_ = std::move(connected).value();
      auto v = leader_->ServerVersion();
      if (!v.ok()) return v.status().WithPrefix("cannot read the server's /version");
      version_text = *v;
      // Leftovers of earlier runs that were killed (their kdual is gone, or
      // they are older than an hour), as capture sweeps them.
      auto swept = leader_->SweepLeftovers(live::SweepPolicy());
      if (!swept.ok()) {
        Note("note: sweeping leftovers of earlier runs: " + swept.status().message());
      } else {
        for (const auto& line : *swept) Note("note: swept leftover namespace " + line);
      }
    }
    auto release = ReleaseOfServer(version_text);
    if (!release.ok()) return release.status().WithPrefix("server version " + version_text);
    auto profile = version::ProfileFor(*release);
    if (!profile.ok()) return profile.status();
    context_.profile = *profile;
    context_.server_version = release->ToString();
    context_.source = options_.source;
    std::string plant = options_.plant;
    version::Profile engine_profile = *profile;
    context_.engine = [engine_profile, plant]() -> std::unique_ptr<runner::Target> {
      std::unique_ptr<runner::Target> engine =
          std::make_unique<runner::EngineTarget>(engine_profile);
      if (plant.empty()) return engine;
      auto planted = PlantedTarget(std::move(engine), plant);
      return planted.ok() ? std::move(planted).value()
                          : std::make_unique<runner::EngineTarget>(engine_profile);
    };
    if (!options_.plant.empty()) {
      auto check = PlantedTarget(std::make_unique<runner::EngineTarget>(*profile), options_.plant);
      if (!check.ok()) return check.status();
    }
    report_->target = leader_->Describe();
    report_->server_version = context_.server_version;
    return Status::Ok();
  }

  void Run(const std::vector<PlannedCase>& cases) {
    report_->planned = cases.size();
    for (const auto& batch : Batches(cases)) {
      if (Stopping()) break;
      RunBatch(batch);
    }
    if (options_.local) {
      Status down = leader_->Down();
      if (!down.ok()) Note("note: " + down.message());
    } else {
      // A cluster that stays: its Services and then the run namespaces go
      // (helpers have asked for theirs already); wait for them to be gone.
      Status finished = leader_->Finish(std::chrono::seconds(60));
      if (!finished.ok()) Note("note: " + finished.message());
    }
    report_->seconds = Seconds();
  }

 private:
  double Seconds() const { return std::chrono::duration<double>(Clock::now() - began_).count(); }

  bool Stopping() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!report_->stopped.empty()) return true;
    if (options_.stop && options_.stop->load()) {
      report_->stopped = "interrupted";
      return true;
    }
    if (options_.time_budget_seconds > 0 && Seconds() >= options_.time_budget_seconds) {
      char text[96];
      std::snprintf(text, sizeof text, "the time budget of %.0f s was reached",
                    options_.time_budget_seconds);
      report_->stopped = text;
      return true;
    }
    return false;
  }

  void Note(const std::string& line) {
    if (!options_.on_progress) return;
    Progress p;
    p.note = line;
    options_.on_progress(p);
  }

  // Records the first look at a case (under the lock).
  void Account(const PlannedCase& pc, const CaseCheck& check) {
    ++done_;
    if (check.verdict == CaseVerdict::kNotChecked) {
      if (++unanswered_in_a_row_ >= kMaxConsecutiveUnanswered && report_->stopped.empty()) {
        report_->stopped = "the server did not answer " + std::to_string(unanswered_in_a_row_) +
                           " cases in a row (last: " + check.problem + ")";
      }
    } else {
      unanswered_in_a_row_ = 0;
    }
    if (options_.on_progress) {
      Progress p;
      p.done = done_;
      p.total = report_->planned;
      p.seconds = Seconds();
      p.divergences = report_->divergences.size() + pending_;
      p.non_deterministic = report_->non_deterministic.size();
      options_.on_progress(p);
    }
    (void)pc;
  }

  // Brings up the control plane of a batch before its first case. A flag
  // set the server refuses (the engine started with it, or the case would
  // not be in a shared batch) is a start-up divergence to report once, not
  // a reason to try every case of the batch: the batch is set aside and a
  // single `start` case for its flags is run in its place. A control plane
  // that cannot be started for other reasons is tried once more.
  bool StartBatch(const std::vector<PlannedCase>& batch) {
    if (!options_.local || batch.empty()) return true;
    bool only_starts = std::all_of(batch.begin(), batch.end(), [](const PlannedCase& pc) {
      return !pc.question.steps.empty() && pc.question.steps[0].op == StepOp::kStart;
    });
    if (only_starts) return true;
    const PlannedCase& first = batch[0];
    Status up = leader_->Start(first.question.cluster);
    if (!up.ok() && up.code() == StatusCode::kUnavailable) {
      Note("note: the control plane for " + first.flag_set + " did not start (" + up.message() +
           "); trying again");
      up = leader_->Start(first.question.cluster);
    }
    if (up.ok()) return true;
    bool refused = up.code() != StatusCode::kUnavailable;
    std::string why = (refused ? "the server refused the flag set "
                               : "the control plane could not be started for ") +
                      first.flag_set + ": " + up.message();
    Note("note: " + why + "; its " + std::to_string(batch.size()) + " cases are set aside");
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (const auto& pc : batch) {
        ++done_;
        report_->not_checked.push_back({pc.question.name, pc.flag_set, why});
      }
      if (!refused && ++unanswered_in_a_row_ >= kMaxConsecutiveUnanswered &&
          report_->stopped.empty()) {
        report_->stopped = "no control plane could be started " +
                           std::to_string(unanswered_in_a_row_) +
                           " times in a row (last: " + up.message() + ")";
      }
    }
    if (refused) {
      PlannedCase start;
      start.question.name = first.question.name + "-start";
      start.question.source = first.question.source;
      start.question.kubernetes = first.question.kubernetes;
      start.question.cluster = first.question.cluster;
      start.question.description = "A control plane started with " + first.flag_set + ".";
      golden::Step step;
      step.op = StepOp::kStart;
      start.question.steps.push_back(step);
      start.flag_set = first.flag_set;
      start.exclusive = true;
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++report_->planned;
      }
      RunBatch({start});
    }
    return false;
  }

  void RunBatch(const std::vector<PlannedCase>& batch) {
    if (!StartBatch(batch)) return;
    std::vector<const PlannedCase*> shared, alone;
    for (const auto& pc : batch) {
      bool is_alone = pc.exclusive || MustRunAlone(pc.question) || options_.parallel <= 1;
      (is_alone ? alone : shared).push_back(&pc);
    }
    std::vector<CaseCheck> checks(batch.size());
    std::map<const PlannedCase*, size_t> index;
    for (size_t i = 0; i < batch.size(); ++i) index[&batch[i]] = i;
    std::vector<bool> concurrent(batch.size(), false);
    std::vector<bool> looked(batch.size(), false);

    if (!shared.empty()) {
      // Bring the control plane up once, then connect the other workers to it.
      std::vector<std::unique_ptr<live::LiveTarget>> helpers;
      size_t workers = std::min<size_t>(static_cast<size_t>(options_.parallel), shared.size());
      if (workers > 1) {
        auto access = options_.local ? LocalAccess(*options_.local)
                                     : Result<live::ClusterAccess>(*options_.access);
        for (size_t w = 1; w < workers && access.ok(); ++w) {
          auto helper = live::LiveTarget::Connect(*access);
          if (!helper.ok()) break;
          helpers.push_back(std::move(helper).value());
        }
        if (!access.ok()) Note("note: running one case at a time: " + access.status().message());
      }
      std::vector<live::LiveTarget*> targets = {leader_.get()};
      for (auto& h : helpers) targets.push_back(h.get());
      bool is_concurrent = targets.size() > 1;
      std::atomic<size_t> next{0};
      auto work = [&](live::LiveTarget* target) {
        while (!Stopping()) {
          size_t k = next++;
          if (k >= shared.size()) break;
          const PlannedCase* pc = shared[k];
          CaseCheck check = Look(pc->question, *target);
          std::lock_guard<std::mutex> lock(mu_);
          size_t i = index[pc];
          if (check.verdict == CaseVerdict::kDiverged) ++pending_;
          checks[i] = std::move(check);
          concurrent[i] = is_concurrent;
          looked[i] = true;
          Account(*pc, checks[i]);
        }
      };
      std::vector<std::thread> threads;
      for (size_t w = 1; w < targets.size(); ++w) threads.emplace_back(work, targets[w]);
      work(targets[0]);
      for (auto& t : threads) t.join();
      for (auto& h : helpers) {
        if (options_.local) {
          (void)h->Cleanup();  // the control plane goes down with its namespaces
        } else {
          // Delete the helper's Services and namespaces without waiting: the
          // namespace controller removes them while the run goes on.
          (void)h->Finish(std::chrono::milliseconds(0));
        }
      }
    }
    for (const PlannedCase* pc : alone) {
      if (Stopping()) break;
      size_t i = index[pc];
      if (!options_.local && MustRunAlone(pc->question)) {
        checks[i].verdict = CaseVerdict::kNotChecked;
        checks[i].problem = "needs a control plane of its own (restart, start or fresh-cluster)";
      } else {
        checks[i] = Look(pc->question, *leader_);
        if (checks[i].verdict == CaseVerdict::kDiverged) ++pending_;
      }
      looked[i] = true;
      std::lock_guard<std::mutex> lock(mu_);
      Account(*pc, checks[i]);
    }
    // Every mismatch is confirmed with the case run alone, then shrunk.
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!looked[i]) continue;
      const PlannedCase& pc = batch[i];
      CaseCheck& check = checks[i];
      if (check.verdict == CaseVerdict::kDiverged) {
        --pending_;
        if (options_.stop && options_.stop->load()) {
          check.verdict = CaseVerdict::kNotChecked;
          check.problem =
              "interrupted before the re-check of: " +
              (check.mismatches.empty() ? std::string("a mismatch") : check.mismatches[0]);
        } else {
          Confirm(pc.question, *leader_, context_, concurrent[i], &check);
        }
      }
      switch (check.verdict) {
        case CaseVerdict::kAgreed:
          ++report_->checked;
          ++report_->agreed;
          break;
        case CaseVerdict::kNonDeterministic:
          ++report_->checked;
          report_->non_deterministic.push_back(
              {pc.question.name, pc.flag_set, FirstMismatchOf(pc, check)});
          Note("non-deterministic: " + pc.question.name + " (" + pc.flag_set + ")");
          break;
        case CaseVerdict::kInterference:
          ++report_->checked;
          report_->interference.push_back(
              {pc.question.name, pc.flag_set, FirstMismatchOf(pc, check)});
          break;
        case CaseVerdict::kNotChecked:
          report_->not_checked.push_back({pc.question.name, pc.flag_set, check.problem});
          Note("not checked: " + pc.question.name + ": " + check.problem);
          break;
        case CaseVerdict::kDiverged:
          ++report_->checked;
          ShrinkAndWrite(pc, check);
          break;
      }
    }
  }

  CaseCheck Look(const GoldenCase& question, live::LiveTarget& target) {
    return options_.send_only ? SendOnly(question, target, context_)
                              : FirstLook(question, target, context_);
  }

  static std::string FirstMismatchOf(const PlannedCase&, const CaseCheck& check) {
    if (check.mismatches.empty()) return check.problem;
    return check.problem.empty() ? check.mismatches[0] : check.problem + ": " + check.mismatches[0];
  }

  void ShrinkAndWrite(const PlannedCase& pc, const CaseCheck& check) {
    Divergence d;
    d.case_name = pc.question.name;
    d.flag_set = pc.flag_set;
    d.original_steps = check.recorded.steps.size();
    d.original_size = CaseSize(check.recorded);
    Note("divergence: " + pc.question.name + " (" + pc.flag_set +
         "): " + (check.mismatches.empty() ? "" : check.mismatches[0]) + "; shrinking");
    std::string signature = check.mismatches.empty() ? "" : MismatchSignature(check.mismatches[0]);
    ShrinkOptions shrink_options;
    shrink_options.max_attempts = options_.shrink_attempts;
    // A cluster given by kubeconfig runs with its own flags, whatever a
    // candidate says.
    shrink_options.change_cluster = options_.local.has_value();
    auto predicate = [&](const GoldenCase& candidate) {
      // Past the time budget or interrupted: keep what was shrunk so far.
      if (Stopping()) return false;
      return StillDiverges(candidate, *leader_, context_, signature);
    };
    ShrinkResult shrunk = Shrink(check.recorded, predicate, shrink_options);
    d.shrink_attempts = shrunk.attempts;
    // The minimal case's answers: two captures merged, as `kdual capture` records them.
    GoldenCase minimal = check.recorded;
    std::vector<std::string> mismatches = check.mismatches;
    if (shrunk.accepted > 0) {
      std::vector<GoldenCase> runs;
      for (int r = 0; r < 2; ++r) {
        auto rec = Record(shrunk.smallest, *leader_, context_);
        if (rec.ok()) runs.push_back(std::move(rec).value());
      }
      auto merged =
          runs.empty() ? Result<GoldenCase>(Unavailable("no capture")) : golden::MergeRuns(runs);
      if (merged.ok()) {
        golden::Verdict v = EngineVerdict(*merged, context_);
        if (!v.passed) {
          minimal = std::move(merged).value();
          mismatches = v.mismatches;
        }
      }
    }
    minimal.name = ContentName(minimal);
    std::string first = mismatches.empty() ? "" : mismatches[0];
    minimal.description =
        "Found by kdual diff (" + (options_.seed_note.empty() ? "" : options_.seed_note + ", ") +
        "case " + pc.question.name + " on " + pc.flag_set + ", shrunk from " +
        std::to_string(d.original_steps) + " steps); when found, the engine answered: " + first;
    minimal.ref = "";
    d.minimal = minimal;
    d.mismatches = mismatches;
    if (!options_.out_dir.empty()) Write(&d);
    report_->divergences.push_back(std::move(d));
  }

  void Write(Divergence* d) {
    fs::path out = fs::path(options_.out_dir) / (d->minimal.name + ".yaml");
    std::error_code ec;
    fs::create_directories(out.parent_path(), ec);
    GoldenCase to_write = d->minimal;
    if (fs::exists(out, ec)) {
      auto existing = golden::ReadCaseFile(out.string());
      if (existing.ok()) {
        std::string why;
        to_write = golden::MergeWithExisting(*existing, d->minimal, &why);
      }
    }
    // Never a file `kdual lint` refuses: a case is written only once it
    // passes the same check.
    const std::string text = golden::WriteCase(to_write);
    auto problems = golden::LintCaseText(text, out.string());
    if (!problems.empty()) {
      d->write_problem = "not written: kdual lint refuses it: " + problems.front();
      return;
    }
    std::ofstream stream(out);
    stream << text;
    stream.close();
    if (!stream) {
      d->write_problem = "cannot write " + out.string();
      return;
    }
    d->written = out.string();
    auto back = golden::ReadCaseFile(out.string());
    if (!back.ok())
      d->write_problem = "the case reader refuses the written case: " + back.status().message();
  }

  const DiffOptions& options_;
  DiffReport* report_;
  DiffContext context_;
  std::unique_ptr<live::LiveTarget> leader_;
  Clock::time_point began_;
  std::mutex mu_;
  size_t done_ = 0;
  size_t pending_ = 0;  // first-look mismatches not yet confirmed
  int unanswered_in_a_row_ = 0;
};

}  // namespace

std::vector<std::vector<PlannedCase>> Batches(std::vector<PlannedCase> cases) {
  std::vector<std::vector<PlannedCase>> batches;
  std::vector<flags::ComponentFlags> keys;
  for (auto& pc : cases) {
    if (MustRunAlone(pc.question)) pc.exclusive = true;
    size_t k = 0;
    while (k < keys.size() && keys[k].components != pc.question.cluster.components) ++k;
    if (k == keys.size()) {
      keys.push_back(pc.question.cluster);
      batches.emplace_back();
    }
    batches[k].push_back(std::move(pc));
  }
  // Cases that name the same Service would meet when run at once.
  for (auto& batch : batches) {
    std::map<std::string, int> users;
    for (const auto& pc : batch) {
      std::set<std::string> names;
      for (const auto& step : pc.question.steps) {
        if (step.op != StepOp::kRestart && step.op != StepOp::kStart) {
          names.insert(step.TargetNamespace() + "/" + step.TargetName());
        }
      }
      for (const auto& n : names) ++users[n];
    }
    for (auto& pc : batch) {
      for (const auto& step : pc.question.steps) {
        auto it = users.find(step.TargetNamespace() + "/" + step.TargetName());
        if (it != users.end() && it->second > 1) pc.exclusive = true;
      }
    }
  }
  for (auto& batch : batches) {
    std::stable_sort(batch.begin(), batch.end(), [](const PlannedCase& a, const PlannedCase& b) {
      return a.exclusive < b.exclusive;
    });
  }
  return batches;
}

Result<DiffReport> RunDiff(const std::vector<PlannedCase>& cases, const DiffOptions& options) {
  if (options.local.has_value() == options.access.has_value()) {
    return InvalidArgument(
        "a differential run needs either local control planes or a cluster, not both or neither");
  }
  DiffReport report;
  Runner runner(options, &report);
  KDUAL_RETURN_IF_ERROR(runner.Prepare());
  runner.Run(cases);
  return report;
}

std::vector<PlannedCase> PlanGenerated(const GeneratorOptions& options) {
  Generation gen = GenerateCases(options);
  std::vector<PlannedCase> planned;
  planned.reserve(gen.cases.size());
  for (auto& gc : gen.cases) {
    planned.push_back({std::move(gc.golden_case), gen.flag_sets[gc.flag_set].label, gc.exclusive});
  }
  return planned;
}

Result<std::vector<PlannedCase>> PlanFromFiles(const std::vector<std::string>& files) {
  std::vector<PlannedCase> planned;
  for (const auto& file : files) {
    auto c = golden::ReadCaseFile(file);
    if (!c.ok()) return c.status();
    std::string label =
        c->cluster.Get(flags::kApiserver, "service-cluster-ip-range").value_or("default ranges");
    planned.push_back({std::move(c).value(), label, false});
  }
  return planned;
}

}  // namespace kdual::diff
