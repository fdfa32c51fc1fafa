#include "conformance/live/local_control_plane.h"

#include <cctype>
#include <set>
#include <sstream>

#include "conformance/io/subprocess.h"

namespace kdual::live {
namespace {

// Undoes Go's strconv.Quote for the common escapes.
std::string GoUnquote(const std::string& s, size_t start, size_t* end) {
  std::string out;
  for (size_t i = start; i < s.size(); ++i) {
    char c = s[i];
    if (c == '"') {
      *end = i;
      return out;
    }
    if (c == '\\' && i + 1 < s.size()) {
      char e = s[++i];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        default: out.push_back(e);
      }
    } else {
      out.push_back(c);
    }
  }
  *end = s.size();
  return out;
}

bool IsKlogLine(const std::string& line) {
  return line.size() > 6 &&
         (line[0] == 'E' || line[0] == 'F' || line[0] == 'W' || line[0] == 'I') &&
         std::isdigit(static_cast<unsigned char>(line[1])) && line.find("] ") != std::string::npos;
}

}  // namespace

Result<ScriptResult> RunLocalCluster(const std::vector<std::string>& argv) {
  auto run = io::RunProcess(argv);
  if (!run.ok()) return Unavailable("cannot run " + argv[0] + ": " + run.status().message());
  ScriptResult result;
  result.exit_code = run->exit_code;
  result.out = std::move(run->out);
  result.err = std::move(run->err);
  return result;
}

std::string LastLine(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

Result<std::vector<std::string>> LocalClusterArgs(const flags::ComponentFlags& flags) {
  static const std::set<std::string> kApiserverDirect = {
      "service-cluster-ip-range", "service-node-port-range", "feature-gates", "runtime-config"};
  static const std::set<std::string> kKcmDirect = {"cluster-cidr", "node-cidr-mask-size-ipv4",
                                                   "node-cidr-mask-size-ipv6",
                                                   "node-cidr-mask-size"};
  std::vector<std::string> args = {"--exact-flags"};
  flags::FlagMap apiserver;
  for (const auto& [component, map] : flags.components) {
    if (component == flags::kApiserver) {
      apiserver = map;
    } else if (component != flags::kControllerManager && component != flags::kKubeProxy) {
      return InvalidArgument("local-cluster cannot run " + component);
    }
  }
  for (const auto& [flag, value] : apiserver) {
    if (kApiserverDirect.count(flag))
      args.push_back("--" + flag + "=" + value);
    else
      args.push_back("--apiserver-arg=--" + flag + "=" + value);
  }
  auto kcm = flags.components.find(flags::kControllerManager);
  if (kcm != flags.components.end()) {
    for (const auto& [flag, value] : kcm->second) {
      auto shared = apiserver.find(flag);
      if (kKcmDirect.count(flag)) {
        args.push_back("--" + flag + "=" + value);
      } else if ((flag == "service-cluster-ip-range" || flag == "feature-gates") &&
                 shared != apiserver.end() && shared->second == value) {
        continue;  // local-cluster passes the apiserver's value to both
      } else {
        args.push_back("--kcm-arg=--" + flag + "=" + value);
      }
    }
    // local-cluster lists nodeipam among the controllers only for a
    // non-empty --cluster-cidr; an explicit --allocate-node-cidrs asks for
    // the controller whatever the cluster CIDR.
    if (kcm->second.count("allocate-node-cidrs") && !kcm->second.count("controllers")) {
      args.push_back("--kcm-arg=--controllers=namespace,nodeipam");
    }
  }
  return args;
}

// local-cluster exits 3 when the launcher, etcd or the host failed (a port
// taken meanwhile): not an answer of the component to its flags.
constexpr int kLauncherInfraExit = 3;

Status LaunchFailure(int exit_code, const std::string& launcher_stderr) {
  if (exit_code == kLauncherInfraExit) {
    std::string why = "the launcher failed";
    std::istringstream in(launcher_stderr);
    for (std::string line; std::getline(in, line);) {
      const std::string kError = "local-cluster: error: ";
      if (line.rfind(kError, 0) == 0) why = line.substr(kError.size());
    }
    return Unavailable("the control plane could not be started, not because of its flags: " + why);
  }
  return FailedPrecondition(FatalMessage(launcher_stderr));
}

std::string FatalMessage(const std::string& launcher_stderr) {
  std::istringstream in(launcher_stderr);
  std::string line, launcher_error;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (line.rfind("local-cluster:", 0) == 0) {
      const std::string kError = "local-cluster: error: ";
      if (line.rfind(kError, 0) == 0 && launcher_error.empty())
        launcher_error = line.substr(kError.size());
      continue;
    }
    if (line.rfind("Error: ", 0) == 0) return line.substr(7);
    if (line.rfind("error: ", 0) == 0) return line.substr(7);
    if (IsKlogLine(line)) {
      size_t err = line.find(" err=\"");
      if (err != std::string::npos) {
        size_t end;
        return GoUnquote(line, err + 6, &end);
      }
      std::string message = line.substr(line.find("] ") + 2);
      if (message.size() >= 2 && message.front() == '"') {
        size_t end;
        return GoUnquote(message, 1, &end);
      }
      return message;
    }
    if (line[0] != ' ' && line[0] != '\t') return line;
  }
  return launcher_error.empty() ? "the control plane did not start" : launcher_error;
}

}  // namespace kdual::live
