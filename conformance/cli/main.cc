// kdual: what Kubernetes does with dual-stack (IPv4/IPv6) Services, flags and clusters.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "conformance/cli/command.h"
#include "engine/version/release.h"

namespace kdual::cli {

std::string FindLocalCluster(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("KDUAL_LOCAL_CLUSTER"); env && *env) return env;
  std::vector<std::filesystem::path> starts;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) starts.push_back(exe.parent_path());
  starts.push_back(std::filesystem::current_path(ec));
  for (std::filesystem::path dir : starts) {
    for (; !dir.empty(); dir = dir.parent_path()) {
      std::filesystem::path candidate = dir / "scripts" / "local-cluster";
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
      if (dir == dir.parent_path()) break;
    }
  }
  return "";
}

std::string FindData(const std::string& relative) {
  std::error_code ec;
  if (std::filesystem::exists(relative, ec)) return relative;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    std::filesystem::path installed =
        exe.parent_path().parent_path() / "share" / "kdual" / relative;
    if (std::filesystem::exists(installed, ec)) return installed.string();
  }
  return relative;
}

namespace {

constexpr const char* kUsage =
    R"(kdual: what Kubernetes does with dual-stack (IPv4/IPv6) Services, flags and clusters

Usage: kdual COMMAND [flags]

Commands:
  run        run golden cases on the engine and compare with the recorded answers
  lint       check golden case files against the format and its schema
  versions   list the pinned Kubernetes releases and the engine's profiles
  cluster-info  what a live cluster runs with (service CIDRs, node ports, version)
  capture    record golden cases from a local reference control plane
  diff       generated cases against a live API server and the engine;
             divergences shrunk and written as golden cases
  create     what the API server answers to creating a Service (engine)
  update     ... to replacing one (PUT)
  patch      ... to patching one (merge, strategic or JSON patch)
  apply      ... to a server-side apply (field managers, conflicts, prune)
  delete     ... to deleting one
  get        a Service (or all) of the engine's state
  explain    create/update/patch/apply/delete with each decision of the server's code
  doctor     a cluster's dual-stack configuration (from `ps -ef | grep kube`,
             kubeadm or kind files): each component, the checks across
             them, and the flag changes that make it dual-stack
  version    kdual's version and the Kubernetes releases it answers for

Run 'kdual COMMAND --help' for a command's flags.
)";

}  // namespace
}  // namespace kdual::cli

int main(int argc, char** argv) {
  using namespace kdual::cli;
  Args args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  std::string command = args[0];
  Args rest(args.begin() + 1, args.end());
  try {
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << kUsage;
      return kExitOk;
    }
    if (command == "--version" || command == "version") {
      // As `kubectl version --client` answers: the tool, then what it models.
      std::string releases;
      for (const auto& r : kdual::version::PinnedReleases())
        releases += (releases.empty() ? "" : ", ") + r.ToString();
      std::cout << "kdual " << KDUAL_VERSION_STRING << "\n"
                << "Kubernetes releases: " << releases << "\n";
      return kExitOk;
    }
    if (command == "run") return RunCommand(rest);
    if (command == "lint") return LintCommand(rest);
    if (command == "versions") return VersionsCommand(rest);
    if (command == "cluster-info") return ClusterInfoCommand(rest);
    if (command == "capture") return CaptureCommand(rest);
    if (command == "diff") return DiffCommand(rest);
    if (command == "create") return CreateCommand(rest);
    if (command == "update") return UpdateCommand(rest);
    if (command == "patch") return PatchCommand(rest);
    if (command == "apply") return ApplyCommand(rest);
    if (command == "delete") return DeleteCommand(rest);
    if (command == "get") return GetCommand(rest);
    if (command == "explain") return ExplainCommand(rest);
    if (command == "doctor") return DoctorCommand(rest);
  } catch (const std::exception& e) {
    // Nothing should throw this far; say so rather than abort without a word.
    std::cerr << "kdual " << command << ": internal error: " << e.what() << "\n";
    return kExitFailed;
  }
  std::cerr << "kdual: unknown command \"" << command << "\"\n" << kUsage;
  return kExitUsage;
}
