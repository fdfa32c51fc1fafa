// The golden case, format v1 (docs/golden-format.md): cluster flags, steps
// in order, and what the API server answered to each.
#ifndef KDUAL_CONFORMANCE_GOLDEN_GOLDEN_CASE_H_
#define KDUAL_CONFORMANCE_GOLDEN_GOLDEN_CASE_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/flags/component_flags.h"
#include "engine/registry/request.h"

namespace kdual::golden {

inline constexpr const char* kCaseApiVersion = "kdual/v1";
inline constexpr const char* kCaseKind = "GoldenCase";

// kControlPlane: captured from the reference components where the answer
// involves one besides kube-apiserver (the case gives flags of
// kube-controller-manager, or of kube-proxy run offline beside them).
enum class Source { kApiserver, kControlPlane, kKind, kK8sTest, kHandwritten };
const char* SourceName(Source source);  // "apiserver", "control-plane", ...

enum class Match { kExact, kSubset };

enum class StepOp {
  kCreate,
  kUpdate,
  kPatch,
  kApply,
  kDelete,
  kGet,
  kList,
  kRestart,
  kStart,
  kWait
};
const char* StepOpName(StepOp op);

struct ExpectedCause {
  std::optional<std::string> field;
  std::optional<std::string> reason;
  std::optional<std::string> message;
};

struct ExpectedError {
  int code = 0;
  std::string reason;
  std::optional<std::string> message;
  std::optional<std::vector<ExpectedCause>> causes;
};

// One of object, error, startupError or anyOf; plus warnings and match.
struct Expectation {
  enum class Kind { kObject, kError, kStartupError, kAnyOf };
  Kind kind = Kind::kObject;
  nlohmann::json object;            // kObject
  ExpectedError error;              // kError
  std::string startup_error;        // kStartupError
  std::vector<Expectation> any_of;  // kAnyOf
  std::optional<std::vector<std::string>> warnings;
  Match match = Match::kExact;
};

struct Step {
  StepOp op = StepOp::kCreate;
  std::optional<std::string> name;
  std::optional<std::string> namespace_name;
  // The kind a step without an object is about (get, delete, update,
  // patch, wait): Service when absent, or Node.
  std::optional<std::string> kind;
  std::string wait_for;   // wait: "podCIDRs" or "event/<Reason>"
  nlohmann::json object;  // create, update (as given), apply
  nlohmann::json patch;   // update (merge patch), patch
  // "status": update, patch or get the status subresource.
  std::string subresource;
  // list: ?labelSelector= and ?fieldSelector= as written (absent: none).
  std::optional<std::string> label_selector;
  std::optional<std::string> field_selector;
  // delete: the request body, a DeleteOptions as a client sends it
  // (preconditions, propagationPolicy, dryRun, ...); null sends no body.
  nlohmann::json delete_options;
  registry::PatchType patch_type = registry::PatchType::kMerge;
  bool patch_type_given = false;
  bool dry_run = false;
  registry::FieldValidation field_validation = registry::FieldValidation::kUnset;
  std::optional<std::string> field_manager;
  std::optional<bool> force;
  std::optional<flags::ComponentFlags> cluster;  // restart
  std::optional<Expectation> expect;             // absent: awaiting capture
  int line = 0;                                  // where the step starts in its file

  // The object's name and namespace: the step's own, else its object's.
  // A Node and a ServiceCIDR have no namespace ("").
  std::string TargetName() const;
  std::string TargetNamespace() const;
  // "Service", "Node" or "ServiceCIDR": the step's kind, else its
  // object's, else Service.
  std::string TargetKind() const;
};

struct GoldenCase {
  std::string name;
  std::string description;
  Source source = Source::kHandwritten;
  std::string kubernetes;  // "v1.33.4"
  std::string ref;
  flags::ComponentFlags cluster;
  std::vector<std::string> requires_;  // e.g. "fresh-cluster"
  std::vector<Step> steps;

  // Set by the reader, not part of the file.
  std::string path;  // the file it came from
  std::string id;    // path below golden/ without .yaml

  bool RequiresFreshCluster() const;
  // True when no step has an expectation yet (a scenario awaiting capture).
  bool AwaitingCapture() const;
};

// What a capture on the local reference control plane says it came from:
// control-plane when the case or a step gives flags of another component.
Source LocalCaptureSource(const GoldenCase& golden_case);

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_GOLDEN_CASE_H_
