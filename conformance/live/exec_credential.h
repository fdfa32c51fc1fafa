// Exec credential plugins (a kubeconfig user with `exec:`), run as client-go
// runs them (staging/src/k8s.io/client-go/plugin/pkg/client/auth/exec/
// exec.go): the command with its args and env, KUBERNETES_EXEC_INFO holding
// an ExecCredential request (spec.interactive, spec.cluster when
// provideClusterInfo), standard input passed only when interactive, stderr
// passed through; its ExecCredential answer on stdout gives a bearer token
// or a client certificate and key, kept until expirationTimestamp. The
// error texts are client-go's. EKS, GKE, AKS, kubelogin and OIDC helpers
// all speak this protocol.
#ifndef KDUAL_CONFORMANCE_LIVE_EXEC_CREDENTIAL_H_
#define KDUAL_CONFORMANCE_LIVE_EXEC_CREDENTIAL_H_

#include <ctime>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"

namespace kdual::live {

struct ExecConfig {
  std::string api_version;  // client.authentication.k8s.io/v1 or v1beta1
  std::string command;      // resolved against the kubeconfig's folder when relative with a '/'
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string install_hint;
  std::string interactive_mode;  // Never, IfAvailable, Always
  bool provide_cluster_info = false;
  nlohmann::json cluster;  // spec.cluster, when provide_cluster_info
};

// Reads a kubeconfig user's `exec` (`where` names it in errors); `dir` is the
// kubeconfig file's folder.
Result<ExecConfig> ParseExecConfig(const nlohmann::json& exec, const std::string& user_name,
                                   const std::string& dir, const std::string& where);

struct ExecCredential {
  std::string token;
  std::string client_certificate_data;  // PEM
  std::string client_key_data;          // PEM
  std::time_t expires = 0;              // 0: does not expire
};

// Runs the plugin once. `stdin_is_terminal` decides interactiveMode as
// client-go does. Errors read as client-go's ("exec: executable X failed
// with exit code 1", "exec plugin didn't return a status field", ...).
Result<ExecCredential> RunExecPlugin(const ExecConfig& config, bool stdin_is_terminal);

// The plugin's credential, run again once it expired or after the server
// refused it (Invalidate, on a 401). Safe to share between threads.
class ExecCredentialSource {
 public:
  explicit ExecCredentialSource(ExecConfig config) : config_(std::move(config)) {}
  Result<ExecCredential> Get();
  void Invalidate();
  int runs() const { return runs_; }

 private:
  ExecConfig config_;
  std::mutex mu_;
  bool have_ = false;
  ExecCredential cached_;
  int runs_ = 0;
};

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_EXEC_CREDENTIAL_H_
