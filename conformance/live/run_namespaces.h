// Run namespaces: on a live cluster kdual writes only inside namespaces it
// creates for the run, `kdual-<run id>-<n>`, one per namespace the cases
// use. Requests are mapped into them and answers mapped back, so a case
// reads and records exactly what it would in its own namespace
// (docs/golden-format.md, "Normalization"). Everything kdual creates
// carries kdual's labels, and those are stripped from answers again.
#ifndef KDUAL_CONFORMANCE_LIVE_RUN_NAMESPACES_H_
#define KDUAL_CONFORMANCE_LIVE_RUN_NAMESPACES_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"
#include "engine/registry/request.h"

namespace kdual::live {

// Labels on everything kdual creates, and annotations on its namespaces.
inline constexpr const char* kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr const char* kManagedByValue = "kdual";
inline constexpr const char* kRunIdLabel = "kdual.io/run-id";
// "<host>:<pid>" of the process that owns the namespace.
inline constexpr const char* kOwnerAnnotation = "kdual.io/owner";

// Who runs: a short random id, and the host and pid that the sweep of a
// later run checks to tell a crashed run from a live one.
struct RunIdentity {
  std::string id;  // 6 characters of [a-z0-9], starting with a letter
  std::string host;
  int64_t pid = 0;

  // A fresh random id for this process.
  static RunIdentity ForThisProcess();
  std::string Owner() const { return host + ":" + std::to_string(pid); }
};

// Whether a fresh control plane has namespace `name` (default, kube-system,
// kube-public, kube-node-lease): the only case namespaces kdual creates.
bool IsFreshClusterNamespace(const std::string& name);

// Whether `text` is a DNS-1123 label (what a namespace name must be).
bool IsDns1123Label(const std::string& text);

class NamespaceMapper {
 public:
  explicit NamespaceMapper(RunIdentity run);

  const RunIdentity& run() const { return run_; }

  // The run namespace for `case_namespace`, assigned on first use
  // (kdual-<id>-1, -2, ...). Refuses a name that is not a DNS-1123 label:
  // the server's answer to it could not be reproduced in another namespace.
  Result<std::string> RunNamespaceFor(const std::string& case_namespace);
  bool IsRunNamespace(const std::string& name) const;
  // case namespace -> run namespace, for those used so far.
  const std::map<std::string, std::string>& mapping() const { return to_run_; }

  // The request as sent to the server: in the run namespace, the body's
  // metadata.namespace mapped too, and kdual's labels added to a Service
  // body that is sent whole (create, update, apply). Refuses a JSON patch
  // that addresses /metadata or /metadata/labels, whose answer would see
  // kdual's label.
  Result<registry::Request> ToServer(const registry::Request& request);

  // The answer as the case sees it: every run namespace (in any string,
  // messages included, and in Warning texts) replaced by its case
  // namespace, and kdual's labels removed (with `labels` itself when
  // nothing else is left, as the server omits an empty map).
  void FromServer(registry::Answer* answer) const;
  nlohmann::json FromServer(const nlohmann::json& value) const;
  std::string FromServer(const std::string& text) const;

  // The Namespace object kdual creates for a run namespace.
  nlohmann::json NamespaceObject(const std::string& run_namespace) const;

  // Whether a write (any method but GET) to `path` stays inside kdual's
  // own namespaces: a run namespace, creating a Namespace, or one of
  // `extra` (leftovers being swept). Anything else is refused.
  Status CheckWrite(const std::string& method, const std::string& path,
                    const std::set<std::string>& extra = {}) const;

 private:
  RunIdentity run_;
  std::map<std::string, std::string> to_run_;
  std::map<std::string, std::string> to_case_;
};

// Removes kdual's labels from an object's metadata.labels (and from the
// items of a list). Exposed for the sweep and for tests.
void StripKdualLabels(nlohmann::json* object);

}  // namespace kdual::live

#endif  // KDUAL_CONFORMANCE_LIVE_RUN_NAMESPACES_H_
