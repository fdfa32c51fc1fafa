// kdual diff: generated (or given) cases against a live API server and the
// engine; divergences shrunk and written as golden cases.
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>

#include "conformance/cli/command.h"
#include "conformance/diff/case_generator.h"
#include "conformance/diff/diff_merge.h"
#include "conformance/diff/diff_report.h"
#include "conformance/diff/diff_run.h"
#include "conformance/diff/planted_target.h"
#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"
#include "conformance/io/bounded_read.h"
#include "conformance/io/subprocess.h"
#include "conformance/live/discovery.h"
#include "conformance/live/http_client.h"
#include "conformance/live/kubeconfig.h"
#include "conformance/runner/case_runner.h"
#include "conformance/runner/golden_run.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDiffUsage =
    R"(Usage: kdual diff (--version V | --kubeconfig K [--context C]) (--cases N [--seed S] | PATH...) [flags]

The differential runner: sends each case to a live API server, records its
answers as `kdual capture` does, and runs the engine (on the profile of the
server's version) on the recorded case. A mismatch is re-checked with the
case run alone: when the server answers differently between runs and the
engine gives one of its answers, the case is non-deterministic and reported
apart; otherwise it is a divergence. Each divergence is shrunk (fewer steps,
fewer ranges, fewer fields, simpler values) while it still diverges, and the
minimal case is written with the server's answers as a golden case to --out,
named by a hash of its content, ready to commit.

Where the cases go:
  --version V            local reference control planes of release V (scripts/
                         local-cluster), started with each flag set in turn,
                         restarted and fresh as cases require
  --kubeconfig K         a running cluster (used as it is: no restarts, no
                         fresh-cluster or start cases); generated cases use
                         the ranges the cluster says it runs with (as
                         kdual cluster-info finds them); a
                         --service-cluster-ip-range R or
                         --service-node-port-range R that contradicts the
                         cluster is refused unless --force-ranges is given
  --force-ranges         use the ranges given even where the cluster says
                         otherwise (the answers will not fit the engine's)
  --context C            the kubeconfig context (default: the current one)
                         Cases are recorded with their own cluster flags, so
                         give (or generate) cases whose flags are the cluster's.

What is sent:
  --cases N              N generated cases: a menu of at most 8 flag sets
                         (IPv4, IPv6, both dual orders, small to large ranges,
                         two refused at start-up), batched by flag set; with
                         --version, one case in 25 creates Nodes on node IPAM
                         cluster CIDRs of its own (families, masks, sizes
                         that fill up) and waits for their pod CIDRs; each
                         case's steps draw creates, PUTs, merge, strategic
                         and JSON patches, server-side applies by several
                         field managers (forced, partial, refused), deletes
                         with DeleteOptions, lists with selectors, status
                         writes, ServiceCIDRs and IPAddresses
  --seed S               the generator's seed (default 1); the same seed and
                         count give the same cases
  PATH...                case files or folders instead (expectations ignored)
  --shard K/N            only the cases whose index is K modulo N (1 <= K <= N):
                         N runs with the same --seed and --cases, on as many
                         machines or pods, send exactly the cases of one run;
                         `kdual diff merge` joins their -o json reports
  --write-cases DIR      write the cases to DIR and stop, sending nothing
                         (for `kdual lint`, or to send later as PATH)

Flags:
  --out DIR              where divergences are written (default: not written)
  -o, --output F         text (default), json, junit or html (one
                         self-contained page: each divergence's minimal
                         case, with the server's and the engine's view)
  --parallel N           cases at once against one control plane (default 4);
                         only cases of one flag set that cannot meet (no
                         restart, fresh-cluster or small range; static
                         addresses and node ports from disjoint slots)
  --time D               stop taking new cases after D (90s, 15m, 1h)
  --shrink-attempts N    captures spent shrinking each divergence (default 60)
  --measure-ceiling      send the same requests with the same parallelism
                         but record and compare nothing: the server's own
                         rate, to set kdual's against
  --name N               local cluster name (default kdual-diff-<pid>)
  --local-cluster PATH   the local-cluster script (default: $KDUAL_LOCAL_CLUSTER,
                         else scripts/local-cluster above the kdual binary)
  --plant NAME           for tests of kdual itself: alter the engine's answer
                         for one request shape (nodeport-local, dual-swap)
  --check-only           with --plant and PATH...: run the cases' recorded
                         answers on the (planted) engine only, no server
  -q, --quiet            no progress line
  -h, --help             this help

A progress line with the rate and an ETA goes to stderr. An interrupt, the
time budget or a server that stops answering (5 cases in a row) ends the run
with a report of what was done. Local clusters of earlier runs that were
killed (kdual-diff-<pid> of a process that is gone) are taken down first.

Exit status: 0 when no divergence was found, 1 when one was (or nothing could
be checked, or the server stopped answering), 2 for usage errors, 130 when
interrupted.
)";

std::atomic<bool> g_stop{false};
void OnInterrupt(int) { g_stop = true; }

// "90s", "15m", "1h", "2h30m", "600" (seconds) -> seconds; < 0 when malformed.
double ParseDuration(const std::string& text) {
  if (text.empty()) return -1;
  double total = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
      ++i;
    if (i == start) return -1;
    double v = std::atof(text.substr(start, i - start).c_str());
    char unit = i < text.size() ? text[i++] : 's';
    switch (unit) {
      case 's': total += v; break;
      case 'm': total += v * 60; break;
      case 'h': total += v * 3600; break;
      default: return -1;
    }
  }
  return total;
}

bool ParseCount(const std::string& text, long lo, long hi, long* out) {
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < lo || n > hi) return false;
  *out = n;
  return true;
}

// Takes down local clusters of earlier kdual diff runs whose process is gone
// (killed with -9, say), so that nothing is left behind.
void SweepAbandoned(const std::string& script) {
  const char* state = std::getenv("KDUAL_STATE");
  const char* home = std::getenv("HOME");
  fs::path root =
      state && *state ? fs::path(state) : fs::path(home ? home : "/root") / ".cache/kdual/clusters";
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return;
  const std::string prefix = "kdual-diff-";
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    std::string rest = name.substr(prefix.size());
    size_t dash = rest.find('-');
    std::string pid = rest.substr(0, dash);
    long n = 0;
    if (!ParseCount(pid, 1, 1L << 30, &n)) continue;
    if (n == getpid() || fs::exists("/proc/" + pid, ec)) continue;
    std::cerr << "kdual diff: taking down " << name << ", left by a run that is gone\n";
    // A start that was under way when the run died may still be finishing:
    // a second try after it gives up.
    auto take_down = [&]() {
      auto run = io::RunProcess({script, "down", "--name", name});
      return run.ok() && run->exit_code == 0;
    };
    bool down = take_down();
    for (int attempt = 0; attempt < 3 && !down; ++attempt) {
      sleep(3);
      down = take_down();
    }
    if (!down) std::cerr << "kdual diff: could not take down " << name << "\n";
  }
}

// --check-only: the recorded answers on the (planted) engine.
int CheckOnly(const std::vector<std::string>& files, const std::string& plant) {
  int failed = 0, passed = 0;
  for (const auto& file : files) {
    auto c = golden::ReadCaseFile(file);
    if (!c.ok()) {
      std::cerr << "kdual diff: " << c.status().message() << "\n";
      ++failed;
      continue;
    }
    auto release = version::ParseRelease(c->kubernetes);
    auto profile =
        release.ok() ? version::ProfileFor(*release) : Result<version::Profile>(release.status());
    if (!profile.ok()) {
      std::cerr << "kdual diff: " << file << ": " << profile.status().message() << "\n";
      ++failed;
      continue;
    }
    std::unique_ptr<runner::Target> engine = std::make_unique<runner::EngineTarget>(*profile);
    if (!plant.empty()) {
      auto planted = diff::PlantedTarget(std::move(engine), plant);
      if (!planted.ok()) return UsageError("diff", planted.status().message());
      engine = std::move(planted).value();
    }
    golden::Verdict v = runner::RunCase(*c, *engine, runner::MatchContextFor(*c, *profile));
    if (v.passed) {
      ++passed;
      std::cout << "PASS " << file << "\n";
    } else {
      ++failed;
      std::cout << "FAIL " << file << "\n";
      for (const auto& m : v.mismatches) std::cout << "  " << m << "\n";
    }
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? kExitOk : kExitFailed;
}

// The cluster's service ranges and node-port range (discovery, as `kdual
// cluster-info` finds them) and the pinned release of its minor. Fills an
// empty *ranges / *node_ports with the cluster's, says on stderr where they
// came from, and refuses a given value that contradicts a source the cluster
// itself gave, unless forced.
Result<version::Release> ClusterRanges(const live::ClusterAccess& access, std::string* ranges,
                                       std::string* node_ports, bool force) {
  auto client = live::HttpClient::Create(access);
  if (!client.ok()) return client.status();
  live::DiscoveryOptions options;
  options.list_services = false;
  auto info = live::Discover(**client, options);
  if (!info.ok()) return info.status().WithPrefix("reading the cluster's ranges");
  auto pick = [&](const live::DiscoveredSetting& setting, const char* flag, std::string* given,
                  bool canonical_default) -> Status {
    const live::Finding* w = setting.winner();
    if (given->empty()) {
      if (w == nullptr) {
        return FailedPrecondition(
            std::string("the cluster does not say its --") + flag +
            " (no ServiceCIDR, static pod or kubeadm-config); give it with --" + flag);
      }
      *given = w->value;
      std::cerr << "kdual diff: --" << flag << " " << w->value << " (" << w->source << ")\n";
      return Status::Ok();
    }
    if (w == nullptr || w->value == *given ||
        (canonical_default && w->source.find("default") != std::string::npos)) {
      return Status::Ok();
    }
    if (force) {
      std::cerr << "kdual diff: --" << flag << " " << *given
                << " used as given (--force-ranges), though " << w->source << " says " << w->value
                << "\n";
      return Status::Ok();
    }
    return FailedPrecondition(std::string("--") + flag + " " + *given +
                              " contradicts the cluster: " + w->source + " says " + w->value +
                              "; leave the flag out to use the cluster's, or pass " +
                              "--force-ranges to use yours anyway");
  };
  KDUAL_RETURN_IF_ERROR(pick(info->service_cidrs, "service-cluster-ip-range", ranges, false));
  KDUAL_RETURN_IF_ERROR(pick(info->node_port_range, "service-node-port-range", node_ports, true));
  auto pinned = version::PinnedReleases();
  version::Release release = pinned.empty() ? version::Release{} : pinned.back();
  auto server = version::ParseRelease(info->git_version);
  if (server.ok()) {
    for (const auto& p : pinned) {
      if (p.major == server->major && p.minor == server->minor) release = p;
    }
  }
  return release;
}

}  // namespace

namespace {

// kdual diff merge REPORT.json...: the shards' JSON reports as one.
int DiffMerge(const Args& args) {
  std::string output = "text";
  std::vector<std::pair<std::string, nlohmann::json>> reports;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      std::cout << "Usage: kdual diff merge [-o text|json] REPORT.json...\n\n"
                   "Joins the -o json reports of a sharded run (kdual diff --shard K/N): counts\n"
                   "summed, lists joined, a divergence several shards found kept once (with\n"
                   "\"seen\": how often).\n";
      return kExitOk;
    }
    if (IsOutputFlag(a)) {
      if (int rc = TakeOutputFlag(args, &i, "diff merge", {"text", "json"}, &output)) return rc;
      continue;
    }
    auto text = io::ReadFileBounded(a, 256u << 20, "report");
    if (!text.ok()) return UsageError("diff", text.status().message());
    nlohmann::json parsed = nlohmann::json::parse(*text, nullptr, false);
    if (parsed.is_discarded()) return UsageError("diff", a + ": not JSON");
    reports.emplace_back(a, std::move(parsed));
  }
  if (reports.empty()) return UsageError("diff", "merge needs the shards' JSON reports");
  auto merged = diff::MergeDiffReports(reports);
  if (!merged.ok()) return UsageError("diff", merged.status().message());
  if (output == "json") {
    std::cout << merged->dump(2) << "\n";
  } else {
    for (const auto& d : (*merged)["divergences"]) {
      std::cout << "DIVERGED " << d.value("name", std::string()) << " ("
                << d.value("flagSet", std::string()) << ", " << d.value("shard", std::string())
                << (d.contains("seen") ? ", seen " + d["seen"].dump() + " times" : "") << ")\n";
      for (const auto& m : d.value("mismatches", nlohmann::json::array())) {
        std::cout << "  " << (m.is_string() ? m.get<std::string>() : m.dump()) << "\n";
      }
    }
    std::cout << diff::MergedSummary(*merged) << "\n";
  }
  return (*merged)["divergences"].empty() ? kExitOk : kExitFailed;
}

}  // namespace

int DiffCommand(const Args& args) {
  if (!args.empty() && args[0] == "merge") return DiffMerge(Args(args.begin() + 1, args.end()));
  std::vector<std::string> paths;
  long shard_k = 0, shard_n = 0;
  std::optional<version::Release> release;
  std::string kubeconfig, context, out_dir, output = "text", name, script, plant, write_cases;
  bool force_ranges = false;
  std::string ranges, node_ports;
  long cases = -1, seed = 1, parallel = 4, shrink_attempts = 60;
  double time_budget = 0;
  bool quiet = false, check_only = false, measure_ceiling = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string value;
    auto flag = [&](const char* f) { return a == f || a.rfind(std::string(f) + "=", 0) == 0; };
    auto take = [&](const char* f, std::string* into) {
      if (!TakeValue(args, &i, f, into)) {
        UsageError("diff", std::string(f) + " needs a value");
        return false;
      }
      return true;
    };
    if (a == "-h" || a == "--help") {
      std::cout << kDiffUsage;
      return kExitOk;
    } else if (flag("--version")) {
      if (!take("--version", &value)) return kExitUsage;
      auto r = version::ResolveRelease(value);
      if (!r.ok()) return UsageError("diff", r.status().message());
      release = *r;
    } else if (flag("--kubeconfig")) {
      if (!take("--kubeconfig", &kubeconfig)) return kExitUsage;
    } else if (flag("--context")) {
      if (!take("--context", &context)) return kExitUsage;
    } else if (flag("--cases")) {
      if (!take("--cases", &value)) return kExitUsage;
      if (!ParseCount(value, 1, 10000000, &cases))
        return UsageError("diff", "--cases wants a positive number, not \"" + value + "\"");
    } else if (flag("--seed")) {
      if (!take("--seed", &value)) return kExitUsage;
      if (!ParseCount(value, 0, 1L << 62, &seed))
        return UsageError("diff", "--seed wants a number, not \"" + value + "\"");
    } else if (flag("--out")) {
      if (!take("--out", &out_dir)) return kExitUsage;
    } else if (IsOutputFlag(a)) {
      if (int rc = TakeOutputFlag(args, &i, "diff", {"text", "json", "junit", "html"}, &output))
        return rc;
    } else if (flag("--parallel")) {
      if (!take("--parallel", &value)) return kExitUsage;
      if (!ParseCount(value, 1, 64, &parallel))
        return UsageError("diff", "--parallel wants a number from 1 to 64, not \"" + value + "\"");
    } else if (flag("--time")) {
      if (!take("--time", &value)) return kExitUsage;
      time_budget = ParseDuration(value);
      if (time_budget <= 0)
        return UsageError("diff",
                          "--time wants a duration such as 90s, 15m or 1h, not \"" + value + "\"");
    } else if (flag("--shrink-attempts")) {
      if (!take("--shrink-attempts", &value)) return kExitUsage;
      if (!ParseCount(value, 0, 100000, &shrink_attempts))
        return UsageError("diff", "--shrink-attempts wants a number, not \"" + value + "\"");
    } else if (flag("--service-cluster-ip-range")) {
      if (!take("--service-cluster-ip-range", &ranges)) return kExitUsage;
    } else if (flag("--service-node-port-range")) {
      if (!take("--service-node-port-range", &node_ports)) return kExitUsage;
    } else if (a == "--force-ranges") {
      force_ranges = true;
    } else if (flag("--name")) {
      if (!take("--name", &name)) return kExitUsage;
    } else if (flag("--local-cluster")) {
      if (!take("--local-cluster", &script)) return kExitUsage;
    } else if (flag("--plant")) {
      if (!take("--plant", &plant)) return kExitUsage;
    } else if (flag("--shard")) {
      if (!take("--shard", &value)) return kExitUsage;
      size_t slash = value.find('/');
      if (slash == std::string::npos || !ParseCount(value.substr(0, slash), 1, 100000, &shard_k) ||
          !ParseCount(value.substr(slash + 1), 1, 100000, &shard_n) || shard_k > shard_n) {
        return UsageError("diff", "--shard wants K/N with 1 <= K <= N, not \"" + value + "\"");
      }
    } else if (flag("--write-cases")) {
      if (!take("--write-cases", &write_cases)) return kExitUsage;
    } else if (a == "--check-only") {
      check_only = true;
    } else if (a == "--measure-ceiling") {
      measure_ceiling = true;
    } else if (a == "-q" || a == "--quiet") {
      quiet = true;
    } else if (a == "--") {
      paths.insert(paths.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    } else if (!a.empty() && a[0] == '-') {
      return UsageError("diff", "unknown flag " + a);
    } else {
      paths.push_back(a);
    }
  }
  if (!plant.empty()) {
    auto probe =
        diff::PlantedTarget(std::make_unique<runner::EngineTarget>(version::Profile{}), plant);
    if (!probe.ok()) return UsageError("diff", probe.status().message());
  }
  if (check_only) {
    if (paths.empty()) return UsageError("diff", "--check-only needs case files");
    auto files = runner::CollectCaseFiles(paths);
    if (!files.ok()) return UsageError("diff", files.status().message());
    return CheckOnly(*files, plant);
  }
  if (release.has_value() == !kubeconfig.empty()) {
    return UsageError(
        "diff", "give either --version (local control planes) or --kubeconfig (a running cluster)");
  }
  if ((cases > 0) == !paths.empty())
    return UsageError("diff", "give either --cases N or case files, not both");
  if (!context.empty() && kubeconfig.empty())
    return UsageError("diff", "--context needs --kubeconfig");

  diff::DiffOptions options;
  options.parallel = static_cast<int>(parallel);
  options.time_budget_seconds = time_budget;
  options.out_dir = out_dir;
  options.shrink_attempts = static_cast<int>(shrink_attempts);
  options.plant = plant;
  options.send_only = measure_ceiling;
  options.stop = &g_stop;
  version::Release generate_for;
  std::optional<diff::FlagSet> fixed;
  if (release) {
    script = FindLocalCluster(script);
    if (script.empty()) {
      std::cerr << "kdual diff: cannot find scripts/local-cluster; pass --local-cluster PATH\n";
      return kExitFailed;
    }
    SweepAbandoned(script);
    if (name.empty()) name = "kdual-diff-" + std::to_string(getpid());
    options.local = live::LocalClusterSpec{script, name, release->ToString()};
    generate_for = *release;
  } else {
    live::KubeconfigOptions ko;
    ko.kubeconfig = kubeconfig;
    ko.context = context;
    if (const char* home = std::getenv("HOME")) ko.home = home;
    auto access = live::LoadKubeconfig(ko);
    if (!access.ok()) {
      std::cerr << "kdual diff: " << access.status().message() << "\n";
      return kExitFailed;
    }
    if (access->context.rfind("kind-", 0) == 0) options.source = golden::Source::kKind;
    options.access = *access;
    if (cases > 0) {
      // The ranges the cases are generated for: the cluster's own. A range
      // the user gives that contradicts them would make every answer
      // "diverge" (and every written case one the cluster never ran).
      auto chosen = ClusterRanges(*access, &ranges, &node_ports, force_ranges);
      if (!chosen.ok()) {
        std::cerr << "kdual diff: " << chosen.status().message() << "\n";
        return kExitFailed;
      }
      flags::ComponentFlags f;
      f.components[flags::kApiserver]["service-cluster-ip-range"] = ranges;
      if (!node_ports.empty())
        f.components[flags::kApiserver]["service-node-port-range"] = node_ports;
      generate_for = *chosen;
      auto set = diff::FlagSetOf(f, generate_for);
      if (!set.ok()) return UsageError("diff", set.status().message());
      fixed = *set;
    }
  }

  std::vector<diff::PlannedCase> planned;
  if (cases > 0) {
    diff::GeneratorOptions g;
    g.seed = static_cast<uint64_t>(seed);
    g.cases = static_cast<size_t>(cases);
    g.release = generate_for;
    g.fixed_flag_set = fixed;
    planned = diff::PlanGenerated(g);
    options.seed_note = "seed " + std::to_string(seed);
  } else {
    auto files = runner::CollectCaseFiles(paths);
    if (!files.ok()) return UsageError("diff", files.status().message());
    auto read = diff::PlanFromFiles(*files);
    if (!read.ok()) {
      std::cerr << "kdual diff: " << read.status().message() << "\n";
      return kExitFailed;
    }
    planned = std::move(read).value();
  }
  if (shard_n > 0) {
    // The whole run is planned (the same seed draws the same cases; the
    // same files sort the same) and this shard keeps every Nth from its K.
    std::vector<diff::PlannedCase> mine;
    for (size_t i = 0; i < planned.size(); ++i) {
      if (static_cast<long>(i % static_cast<size_t>(shard_n)) == shard_k - 1)
        mine.push_back(std::move(planned[i]));
    }
    planned = std::move(mine);
    options.seed_note += std::string(options.seed_note.empty() ? "" : ", ") + "shard " +
                         std::to_string(shard_k) + "/" + std::to_string(shard_n);
  }
  if (!write_cases.empty()) {
    std::error_code ec;
    fs::create_directories(write_cases, ec);
    for (const auto& pc : planned) {
      std::ofstream(fs::path(write_cases) / (pc.question.name + ".yaml"))
          << golden::WriteCase(pc.question);
    }
    std::cout << planned.size() << " cases written to " << write_cases << "\n";
    return kExitOk;
  }

  bool tty = isatty(STDERR_FILENO);
  auto last_line = std::chrono::steady_clock::now() - std::chrono::hours(1);
  options.on_progress = [&](const diff::Progress& p) {
    if (!p.note.empty()) {
      if (tty && !quiet) std::cerr << "\r\033[K";
      std::cerr << "diff: " << p.note << "\n";
      return;
    }
    if (quiet) return;
    auto now = std::chrono::steady_clock::now();
    if (p.done != p.total && now - last_line < std::chrono::milliseconds(tty ? 200 : 5000)) return;
    last_line = now;
    char line[200];
    double rate = p.seconds > 0 ? p.done / p.seconds : 0;
    long eta = rate > 0 ? static_cast<long>((p.total - p.done) / rate + 0.5) : 0;
    std::snprintf(
        line, sizeof line,
        "diff [%zu/%zu] %.2f cases/s, ETA %ldm%02lds, %zu divergent, %zu non-deterministic", p.done,
        p.total, rate, eta / 60, eta % 60, p.divergences, p.non_deterministic);
    std::cerr << (tty ? "\r\033[K" : "") << line << (tty ? "" : "\n") << std::flush;
  };

  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  auto report = diff::RunDiff(planned, options);
  if (tty && !quiet) std::cerr << "\n";
  if (!report.ok()) {
    std::cerr << "kdual diff: " << report.status().message() << "\n";
    return kExitFailed;
  }
  if (measure_ceiling) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "ceiling: %zu cases sent in %.1f s: %.2f cases/s at parallel %ld\n",
                  report->checked, report->seconds, report->rate(), parallel);
    std::cout << line;
    return report->not_checked.empty() ? kExitOk : kExitFailed;
  }
  if (output == "json") {
    std::cout << diff::RenderDiffJson(*report);
  } else if (output == "junit") {
    std::cout << diff::RenderDiffJunit(*report);
  } else if (output == "html") {
    std::cout << diff::RenderDiffHtml(*report);
  } else {
    std::cout << diff::RenderDiffText(*report);
  }
  if (report->stopped == "interrupted") return 130;
  // A server that stopped answering ends the run early: that is a failure
  // too; the time budget is not.
  bool server_gone = !report->stopped.empty() && report->stopped.rfind("the time budget", 0) != 0;
  if (!report->divergences.empty() || report->checked == 0 || server_gone) return kExitFailed;
  return kExitOk;
}

}  // namespace kdual::cli
