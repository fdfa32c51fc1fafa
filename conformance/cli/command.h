// The `kdual` subcommands. Each returns the process exit code: 0 success,
// 1 a failed case or check, 2 a usage error.
#ifndef KDUAL_CONFORMANCE_CLI_COMMAND_H_
#define KDUAL_CONFORMANCE_CLI_COMMAND_H_

#include <string>
#include <vector>

#include "conformance/cli/command_flags.h"

namespace kdual::cli {

int RunCommand(const Args& args);
int LintCommand(const Args& args);
int ClusterInfoCommand(const Args& args);
int VersionsCommand(const Args& args);
int CaptureCommand(const Args& args);
int DiffCommand(const Args& args);
int CreateCommand(const Args& args);
int UpdateCommand(const Args& args);
int PatchCommand(const Args& args);
int ApplyCommand(const Args& args);
int DeleteCommand(const Args& args);
int GetCommand(const Args& args);
int ExplainCommand(const Args& args);
int DoctorCommand(const Args& args);

// The scripts/local-cluster to use: `given`, else $KDUAL_LOCAL_CLUSTER, else
// scripts/local-cluster above the kdual binary or the current folder; ""
// when none is found.
std::string FindLocalCluster(const std::string& given);

// A data path of the repository ("golden/1.33"): as given when it exists
// below the current folder, else where `cmake --install` put it
// (<prefix>/share/kdual/<relative>, beside the installed binary).
std::string FindData(const std::string& relative);

}  // namespace kdual::cli

#endif  // KDUAL_CONFORMANCE_CLI_COMMAND_H_
