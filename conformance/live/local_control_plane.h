// The local reference control plane of scripts/local-cluster, as kdual
// drives it: the arguments that start one with exactly a case's flags, the
// subcommands run without a shell (io::RunProcess), and the component's own
// fatal message read out of the launcher's stderr when a start is refused.
#ifndef KDUAL_CONFORMANCE_LIVE_LOCAL_CONTROL_PLANE_H_
#define KDUAL_CONFORMANCE_LIVE_LOCAL_CONTROL_PLANE_H_

#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/flags/component_flags.h"

namespace kdual::live {

// A local reference control plane: which script, cluster name and release.
struct LocalClusterSpec {
  std::string script;   // path of scripts/local-cluster
  std::string name;     // --name
  std::string version;  // --version vX.Y.Z
};

// The local-cluster arguments (after the command and --name) that start a
// control plane with exactly `flags`. Errors for components local-cluster
// cannot run.
Result<std::vector<std::string>> LocalClusterArgs(const flags::ComponentFlags& flags);

// The component's own fatal message in local-cluster's stderr: the first
// line that is not the launcher's own, with klog's prefix and err="..."
// quoting or cobra's "Error: " removed. Falls back to the launcher's error.
std::string FatalMessage(const std::string& launcher_stderr);

// What a local-cluster subcommand printed and how it ended.
struct ScriptResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs scripts/local-cluster with `argv` (argv[0] is the script).
Result<ScriptResult> RunLocalCluster(const std::vector<std::string>& argv);

// Why a start or restart that exited `exit_code` failed: the component
// refused its flags (FailedPrecondition with FatalMessage), or the launcher,
// etcd or the host failed (Unavailable: exit code 3).
Status LaunchFailure(int exit_code, const std::string& launcher_stderr);

// The last non-empty line of `text` (local-cluster prints the kubeconfig's
// path last).
std::string LastLine(const std::string& text);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_LOCAL_CONTROL_PLANE_H_
