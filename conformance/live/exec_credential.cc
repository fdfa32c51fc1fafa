#include "conformance/live/exec_credential.h"

#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "conformance/io/subprocess.h"
#include "conformance/live/sweep.h"
#include "engine/base/json_access.h"

namespace kdual::live {
namespace {

using nlohmann::json;

constexpr const char* kInstallHintHelp =
    "\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\n"
    "To learn more about this feature, consult the documentation available at:\n"
    "      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins";
constexpr size_t kMaxStdout = 1 << 20;  // an ExecCredential is a few KiB
constexpr int kNonInteractiveTimeoutS = 60;

// Looks the command up as exec.LookPath does: a name with a '/' as is, else
// each PATH entry.
bool Findable(const std::string& command) {
  if (command.find('/') != std::string::npos) return access(command.c_str(), X_OK) == 0;
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "";
  size_t start = 0;
  while (start <= p.size()) {
    size_t colon = p.find(':', start);
    std::string dir =
        p.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
    if (dir.empty()) dir = ".";
    if (access((dir + "/" + command).c_str(), X_OK) == 0) return true;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return false;
}

}  // namespace

Result<ExecConfig> ParseExecConfig(const json& exec, const std::string& user_name,
                                   const std::string& dir, const std::string& where) {
  if (!exec.is_object()) return InvalidArgument(where + ": exec is not a mapping");
  ExecConfig c;
  c.api_version = StringField(exec, "apiVersion");
  if (c.api_version != "client.authentication.k8s.io/v1" &&
      c.api_version != "client.authentication.k8s.io/v1beta1") {
    return InvalidArgument(where + ": exec plugin: invalid apiVersion \"" + c.api_version + "\"");
  }
  c.command = StringField(exec, "command");
  if (c.command.empty()) return InvalidArgument(where + ": exec: command must be specified");
  // clientcmd ResolveLocalPaths: a relative command with a path separator is
  // relative to the kubeconfig file.
  if (c.command.find('/') != std::string::npos && c.command[0] != '/' && !dir.empty()) {
    c.command = (std::filesystem::path(dir) / c.command).string();
  }
  if (exec.contains("args") && exec["args"].is_array()) {
    for (const auto& a : exec["args"]) {
      if (a.is_string()) c.args.push_back(a.get<std::string>());
    }
  }
  if (exec.contains("env") && exec["env"].is_array()) {
    for (const auto& e : exec["env"])
      c.env.emplace_back(StringField(e, "name"), StringField(e, "value"));
  }
  c.install_hint = StringField(exec, "installHint");
  c.provide_cluster_info = exec.value("provideClusterInfo", false);
  c.interactive_mode = StringField(exec, "interactiveMode");
  if (c.interactive_mode.empty()) {
    // clientcmd validation: required from v1; v1beta1 defaults to IfAvailable.
    if (c.api_version == "client.authentication.k8s.io/v1") {
      return InvalidArgument(where + ": interactiveMode must be specified for " + user_name +
                             " to use exec authentication plugin");
    }
    c.interactive_mode = "IfAvailable";
  }
  if (c.interactive_mode != "Never" && c.interactive_mode != "IfAvailable" &&
      c.interactive_mode != "Always") {
    return InvalidArgument(
        where + ": exec plugin cannot support interactive mode: unknown interactiveMode: \"" +
        c.interactive_mode + "\"");
  }
  return c;
}

Result<ExecCredential> RunExecPlugin(const ExecConfig& config, bool stdin_is_terminal) {
  bool interactive = false;
  if (config.interactive_mode == "IfAvailable") interactive = stdin_is_terminal;
  if (config.interactive_mode == "Always") {
    if (!stdin_is_terminal) {
      return FailedPrecondition(
          "exec plugin cannot support interactive mode: standard input is not a terminal");
    }
    interactive = true;
  }
  json request = {{"kind", "ExecCredential"},
                  {"apiVersion", config.api_version},
                  {"spec", {{"interactive", interactive}}}};
  if (config.provide_cluster_info) request["spec"]["cluster"] = config.cluster;
  if (!Findable(config.command)) {
    std::string msg = "exec: executable " + config.command + " not found" + kInstallHintHelp;
    if (!config.install_hint.empty()) msg += "\n\n" + config.install_hint;
    return NotFound(msg);
  }

  // The environment: ours, then the config's, then KUBERNETES_EXEC_INFO.
  io::ProcessOptions options;
  for (const auto& [k, v] : config.env) options.extra_env.push_back(k + "=" + v);
  options.extra_env.push_back("KUBERNETES_EXEC_INFO=" + request.dump());
  options.inherit_stdin = interactive;
  options.capture_stderr = false;  // the plugin's messages go to the user, as client-go lets them
  options.timeout_s = interactive ? 0 : kNonInteractiveTimeoutS;
  options.max_output = kMaxStdout;
  std::vector<std::string> argv = {config.command};
  argv.insert(argv.end(), config.args.begin(), config.args.end());
  auto run = io::RunProcess(argv, options);
  if (!run.ok()) return Internal("exec: " + run.status().message());
  if (run->timed_out) {
    return Unavailable("exec: executable " + config.command + " did not answer within " +
                       std::to_string(kNonInteractiveTimeoutS) + " s");
  }
  if (run->too_much) return InvalidArgument("decoding stdout: more than 1 MiB of output");
  if (run->signaled)
    return Unavailable("exec: executable " + config.command + " failed with exit code -1");
  if (run->exit_code != 0) {
    return Unavailable("exec: executable " + config.command + " failed with exit code " +
                       std::to_string(run->exit_code));
  }
  const std::string& stdout_text = run->out;

  json answer = json::parse(stdout_text, nullptr, false);
  if (answer.is_discarded() || !answer.is_object()) {
    return InvalidArgument("decoding stdout: the plugin's output is not an ExecCredential object");
  }
  std::string got_version = StringField(answer, "apiVersion");
  if (got_version != config.api_version) {
    return InvalidArgument("exec plugin is configured to use API version " + config.api_version +
                           ", plugin returned version " + got_version);
  }
  if (!answer.contains("status") || !answer["status"].is_object()) {
    return InvalidArgument("exec plugin didn't return a status field");
  }
  const json& st = answer["status"];
  ExecCredential cred;
  cred.token = StringField(st, "token");
  cred.client_certificate_data = StringField(st, "clientCertificateData");
  cred.client_key_data = StringField(st, "clientKeyData");
  if (cred.token.empty() && cred.client_certificate_data.empty() && cred.client_key_data.empty()) {
    return InvalidArgument("exec plugin didn't return a token or cert/key pair");
  }
  if (cred.client_certificate_data.empty() != cred.client_key_data.empty()) {
    return InvalidArgument("exec plugin returned only certificate or key, not both");
  }
  std::string exp = StringField(st, "expirationTimestamp");
  if (!exp.empty()) {
    auto t = ParseRfc3339Utc(exp);
    if (!t)
      return InvalidArgument("decoding stdout: expirationTimestamp \"" + exp +
                             "\" is not an RFC 3339 time");
    cred.expires = static_cast<std::time_t>(*t);
  }
  return cred;
}

Result<ExecCredential> ExecCredentialSource::Get() {
  std::lock_guard<std::mutex> lock(mu_);
  if (have_ && (cached_.expires == 0 || std::time(nullptr) < cached_.expires)) return cached_;
  ++runs_;
  auto cred = RunExecPlugin(config_, isatty(0) == 1);
  if (!cred.ok()) return cred.status().WithPrefix("getting credentials");
  cached_ = *cred;
  have_ = true;
  return cached_;
}

void ExecCredentialSource::Invalidate() {
  std::lock_guard<std::mutex> lock(mu_);
  have_ = false;
}

}  // namespace kdual::live
