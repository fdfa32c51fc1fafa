// kdual capture: record golden cases from local reference control planes,
// or from an existing kind (or explicitly allowed) cluster.
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>

#include "conformance/cli/capture_existing_cluster.h"
#include "conformance/cli/command.h"
#include "conformance/golden/case_reader.h"
#include "conformance/live/capture.h"
#include "conformance/live/capture_run.h"
#include "conformance/live/existing_cluster.h"
#include "conformance/live/live_target.h"
#include "conformance/runner/golden_run.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::cli {
namespace {

constexpr const char* kCaptureUsage = R"(Usage: kdual capture --version V --out DIR [flags] PATH...
       kdual capture --kubeconfig K [--context C] --out DIR [flags] PATH...

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

With --kubeconfig, the cases run on that existing cluster instead (a kind
cluster of scripts/kind-cluster, say), which kdual cannot restart: cases
with a start or restart step and `requires: [fresh-cluster]` cases are
skipped, and so is every case whose kube-apiserver flags differ from the
cluster's as declared with --service-cluster-ip-range,
--service-node-port-range and --apiserver-flag (a flag the case omits must
be at its default there). source.from is kind for a kind context,
apiserver otherwise; source.kubernetes is the server's /version.

Safety on live clusters: kdual writes only inside namespaces it creates for
the run, kdual-<run id>-<n> (one per namespace the cases use; requests are
mapped into them and answers mapped back, so cases record their own
namespace). Everything it creates carries the labels
app.kubernetes.io/managed-by=kdual and kdual.io/run-id=<run id>, which are
stripped from answers; the namespaces carry the annotation
kdual.io/owner=<host>:<pid>. At the end, and on an interrupt, it deletes its
Services and then its namespaces. At the start it sweeps leftovers of
earlier runs that crashed: kdual namespaces whose owner process on this host
no longer runs, and any kdual namespace older than --sweep-after minutes;
without --kubeconfig, the local control planes kdual-capture-<pid> whose
kdual process no longer runs.
Only kind contexts (kind-*, server on loopback) and local-cluster contexts
are used unless --allow-context names the context. Tokens, keys and
certificates never appear in kdual's output.

Flags:
  --version V            release to capture from: "1.37" (the pinned patch
                         release) or "v1.37.2"; with --kubeconfig optional,
                         and then checked against the server's minor
  --out DIR              where to write the captured cases
  --runs N               captures per case, merged (default 2)
  --name N               local cluster name (default kdual-capture-<pid>)
  --local-cluster PATH   the local-cluster script (default: $KDUAL_LOCAL_CLUSTER,
                         else scripts/local-cluster above the kdual binary or
                         the current folder)
  --kubeconfig K         capture from the cluster of this kubeconfig
  --context C            its context (default: its current-context)
  --allow-context NAME   use context NAME even though it is neither kind
                         nor local-cluster (kdual creates and deletes
                         objects there, in its own namespaces only)
  --service-cluster-ip-range V, --service-node-port-range V
                         the cluster's kube-apiserver flags, to tell which
                         cases fit it (kind's dual stack:
                         10.96.0.0/16,fd00:10:96::/112; node ports default
                         to 30000-32767)
  --apiserver-flag NAME=VALUE
                         any other kube-apiserver flag of the cluster
                         (repeatable)
  --sweep-after MINUTES  sweep kdual namespaces older than this, whoever
                         owns them (default 60)
  -q, --quiet            no progress lines (failures and notes still)
  -h, --help             this help

An interrupt (Ctrl-C, SIGTERM) stops after the current case, deletes what
the run created and stops the control plane; a second one exits at once.

Exit status: 0 when every case was captured or skipped, 1 when one was not
(or cleanup failed), 2 for usage errors, 130 when interrupted.
)";

volatile std::sig_atomic_t g_interrupted = 0;

// The first signal asks the main loop to stop after the current case and
// clean up; the second exits at once (only async-signal-safe calls here).
void OnInterrupt(int) {
  if (g_interrupted) {
    static const char kMessage[] = "kdual capture: interrupted again; exiting without cleanup\n";
    ssize_t ignored = write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    (void)ignored;
    _exit(130);
  }
  g_interrupted = 1;
}

void InstallInterruptHandlers() {
  struct sigaction action {};
  action.sa_handler = OnInterrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

int CaptureCommand(const Args& args) {
  std::vector<std::string> paths;
  std::optional<version::Release> release;
  std::string out_dir, name, script;
  ExistingClusterOptions existing_options;  // --kubeconfig and its flags
  flags::FlagMap& declared = existing_options.declared;
  bool quiet = false;
  int runs = 2;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string value;
    auto is = [&](const char* flag) {
      return a == flag || a.rfind(std::string(flag) + "=", 0) == 0;
    };
    if (a == "-h" || a == "--help") {
      std::cout << kCaptureUsage;
      return kExitOk;
    } else if (is("--version")) {
      if (!TakeValue(args, &i, "--version", &value))
        return UsageError("capture", "--version needs a value");
      auto r = version::ResolveRelease(value);
      if (!r.ok()) return UsageError("capture", r.status().message());
      release = *r;
    } else if (is("--out")) {
      if (!TakeValue(args, &i, "--out", &out_dir))
        return UsageError("capture", "--out needs a folder");
    } else if (is("--runs")) {
      if (!TakeValue(args, &i, "--runs", &value))
        return UsageError("capture", "--runs needs a number");
      char* end = nullptr;
      long n = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n < 1 || n > 100) {
        return UsageError("capture", "--runs wants a number from 1 to 100, not \"" + value + "\"");
      }
      runs = static_cast<int>(n);
    } else if (is("--name")) {
      if (!TakeValue(args, &i, "--name", &name))
        return UsageError("capture", "--name needs a value");
    } else if (is("--local-cluster")) {
      if (!TakeValue(args, &i, "--local-cluster", &script)) {
        return UsageError("capture", "--local-cluster needs a path");
      }
    } else if (is("--kubeconfig")) {
      if (!TakeValue(args, &i, "--kubeconfig", &existing_options.kubeconfig) ||
          existing_options.kubeconfig.empty()) {
        return UsageError("capture", "--kubeconfig needs a file");
      }
    } else if (is("--context")) {
      if (!TakeValue(args, &i, "--context", &existing_options.context)) {
        return UsageError("capture", "--context needs a name");
      }
    } else if (is("--allow-context")) {
      if (!TakeValue(args, &i, "--allow-context", &existing_options.allow_context) ||
          existing_options.allow_context.empty()) {
        return UsageError("capture", "--allow-context needs a context name");
      }
    } else if (is("--service-cluster-ip-range") || is("--service-node-port-range")) {
      std::string flag =
          a.substr(2, a.find('=') == std::string::npos ? std::string::npos : a.find('=') - 2);
      if (!TakeValue(args, &i, "--" + flag, &value) || value.empty()) {
        return UsageError("capture", "--" + flag + " needs a value");
      }
      declared[flag] = value;
    } else if (is("--apiserver-flag")) {
      if (!TakeValue(args, &i, "--apiserver-flag", &value)) {
        return UsageError("capture", "--apiserver-flag needs NAME=VALUE");
      }
      size_t eq = value.find('=');
      std::string flag = value.substr(0, eq);
      while (!flag.empty() && flag[0] == '-') flag.erase(0, 1);
      if (eq == std::string::npos || flag.empty()) {
        return UsageError("capture", "--apiserver-flag needs NAME=VALUE, not \"" + value + "\"");
      }
      declared[flag] = value.substr(eq + 1);
    } else if (is("--sweep-after")) {
      if (!TakeValue(args, &i, "--sweep-after", &value))
        return UsageError("capture", "--sweep-after needs minutes");
      char* end = nullptr;
      long long minutes = std::strtoll(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || minutes < 1) {
        return UsageError(
            "capture",
            "--sweep-after needs a whole number of minutes (1 or more), not \"" + value + "\"");
      }
      existing_options.sweep_after_minutes = minutes;
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
  existing_options.quiet = quiet;
  const bool existing = !existing_options.kubeconfig.empty();
  if (!existing) {
    if (!existing_options.context.empty() || !existing_options.allow_context.empty() ||
        !declared.empty()) {
      return UsageError("capture",
                        "--context, --allow-context and the cluster's flags go with --kubeconfig");
    }
    if (!release) return UsageError("capture", "--version is required (or --kubeconfig)");
  }
  if (out_dir.empty()) return UsageError("capture", "--out is required");
  if (paths.empty()) return UsageError("capture", "no case files given");
  auto files = runner::CollectCaseFiles(paths);
  if (!files.ok()) {
    std::cerr << "kdual capture: " << files.status().message() << "\n";
    return kExitFailed;
  }
  // Local control planes of earlier captures that were killed (their kdual
  // is gone) are stopped first, whatever the cases turn out to be: each has
  // its own etcd, so stopping it removes all it held.
  std::unique_ptr<live::LiveTarget> target;
  if (!existing) {
    script = FindLocalCluster(script);
    if (script.empty()) {
      std::cerr << "kdual capture: cannot find scripts/local-cluster; pass --local-cluster PATH\n";
      return kExitFailed;
    }
    const std::string kDefaultPrefix = "kdual-capture-";
    if (name.empty()) name = kDefaultPrefix + std::to_string(getpid());
    target = std::make_unique<live::LiveTarget>(
        live::LocalClusterSpec{script, name, release->ToString()});
    auto swept = target->SweepLocalLeftovers(kDefaultPrefix, live::SweepPolicy());
    if (!swept.ok()) {
      std::cerr << "kdual capture: sweeping control planes of earlier runs: "
                << swept.status().message() << "\n";
    } else {
      for (const auto& n : *swept)
        std::cerr << "kdual capture: stopped leftover control plane " << n << "\n";
    }
  }
  // Every case file is read before a cluster is started or opened: a file kdual
  // cannot read (malformed, over the size limit, an alias bomb) stops the
  // run with its own message instead of surfacing after minutes of capture.
  std::vector<golden::GoldenCase> cases;
  cases.reserve(files->size());
  int unreadable = 0;
  for (const auto& file : *files) {
    auto golden_case = golden::ReadCaseFile(file);
    if (!golden_case.ok()) {
      std::cerr << "kdual capture: " << golden_case.status().message() << "\n";
      ++unreadable;
      continue;
    }
    cases.push_back(std::move(golden_case).value());
  }
  if (unreadable > 0) {
    std::cerr << "kdual capture: " << unreadable << " of " << files->size()
              << " case files cannot be read; nothing was sent\n";
    return kExitFailed;
  }

  // An interrupt ends the run after the current case, so what the run
  // created is still deleted and the control plane taken down
  // (local-cluster itself stops a start it was in).
  InstallInterruptHandlers();
  std::optional<ExistingCluster> cluster;
  if (existing) {
    auto opened = OpenExistingCluster(existing_options, release);
    if (!opened.ok()) {
      std::cerr << "kdual capture: " << opened.status().message() << "\n";
      return kExitFailed;
    }
    cluster = std::move(opened).value();
    release = cluster->release;
  }
  live::LiveTarget* const live_target = existing ? cluster->target.get() : target.get();
  std::optional<version::Profile> profile;
  if (auto p = version::ProfileFor(*release); p.ok()) profile = *p;
  live::CaptureRunOptions run_options;
  run_options.out_dir = out_dir;
  run_options.runs = runs;
  run_options.existing = existing;
  run_options.declared = declared;
  run_options.release_text = release->ToString();
  if (existing) {
    run_options.source = cluster->source;
    run_options.server_version = cluster->server_version;
  }
  run_options.interrupted = &g_interrupted;
  run_options.progress = [quiet](size_t n, size_t total, const std::string& file,
                                 const std::string& what) {
    // Failures, skips and notes are printed even with --quiet.
    bool always = what.rfind("not captured", 0) == 0 || what.rfind("note:", 0) == 0 ||
                  what.rfind("skipped", 0) == 0;
    if (!quiet || always)
      std::cerr << "capture [" << n + 1 << "/" << total << "] " << file << ": " << what << "\n";
  };
  const auto began = std::chrono::steady_clock::now();
  live::CaptureRunSummary summary =
      live::RunCapture(*files, cases, *live_target, profile, run_options);
  const int captured = summary.captured, failed = summary.failed, skipped = summary.skipped,
            any_of_cases = summary.any_of_cases;

  bool cleanup_failed = false;
  if (existing) {
    Status closed = CloseExistingCluster(*cluster, quiet);
    if (!closed.ok()) {
      std::cerr << "kdual capture: " << closed.message() << "\n";
      cleanup_failed = true;
    }
  } else if (!quiet) {
    const auto& times = target->namespace_times();
    std::cerr << "kdual capture: run namespaces: " << times.created << " created in "
              << times.create_seconds << " s\n";
  }
  Status down = live_target->Down();
  if (!down.ok()) std::cerr << "kdual capture: " << down.message() << "\n";
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  std::cout << captured << " captured (" << any_of_cases << " with anyOf), " << failed << " failed";
  if (existing) std::cout << ", " << skipped << " skipped";
  std::cout << " in " << static_cast<long>(seconds + 0.5) << " s";
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
  return failed == 0 && !cleanup_failed ? kExitOk : kExitFailed;
}

}  // namespace kdual::cli
