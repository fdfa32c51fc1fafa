// Reads a kubeconfig as kubectl does: the --kubeconfig file, else the
// KUBECONFIG list (first file wins per key), else ~/.kube/config; the
// --context or the current-context; that context's cluster and user.
//
// Tokens and keys are credentials: nothing here prints them, and no error
// message quotes them.
#ifndef KDUAL_CONFORMANCE_LIVE_KUBECONFIG_H_
#define KDUAL_CONFORMANCE_LIVE_KUBECONFIG_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "conformance/live/exec_credential.h"
#include "engine/base/status.h"

namespace kdual::live {

// Where to look, as kubectl's flags and environment say.
struct KubeconfigOptions {
  std::string kubeconfig;                     // --kubeconfig; "" when not given
  std::string context;                        // --context; "" when not given
  std::optional<std::string> env_kubeconfig;  // $KUBECONFIG, if set
  std::string home;                           // $HOME

  // KUBECONFIG and HOME from the process environment, no flags.
  static KubeconfigOptions FromEnvironment();
};

// What a client needs to reach one cluster as one user. File paths are
// resolved against the kubeconfig file that named them; *_data fields hold
// the decoded PEM text.
struct ClusterAccess {
  std::string context;  // the context used
  std::string cluster;  // its cluster's name
  std::string server;   // "https://127.0.0.1:6443"
  std::string ca_file;
  std::string ca_data;
  bool insecure_skip_tls_verify = false;
  std::string token;  // from token or tokenFile
  std::string client_certificate_file;
  std::string client_certificate_data;
  std::string client_key_file;
  std::string client_key_data;
  std::vector<std::string> sources;  // the kubeconfig files read
  // An exec credential plugin's credential (token, or certificate and key),
  // fetched on first use and again when it expires or is refused.
  std::shared_ptr<ExecCredentialSource> exec;
};

// Loads the access of the chosen context. An exec user gets its credential
// from the plugin (exec_credential.h); an auth-provider user is refused with
// a clear error; insecure-skip-tls-verify is allowed with a warning on
// stderr.
Result<ClusterAccess> LoadKubeconfig(const KubeconfigOptions& options);

// Standard base64 (with or without padding; whitespace ignored).
Result<std::string> DecodeBase64(const std::string& text);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_KUBECONFIG_H_
