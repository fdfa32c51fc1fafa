// DeleteOptions, the body of a DELETE, as the API server reads and checks
// them before any object is touched (apiserver
// pkg/endpoints/handlers/delete.go DeleteResource):
//   - a non-empty body is decoded as a meta.k8s.io/v1 DeleteOptions (JSON,
//     case-sensitive keys, unknown keys dropped, no strict mode); a body
//     means the query string is not read at all, so ?dryRun=All beside a
//     body is ignored;
//   - then ValidateDeleteOptions (apimachinery pkg/apis/meta/v1/validation):
//     orphanDependents with propagationPolicy, an unknown propagationPolicy,
//     a dryRun other than [All]: 422 for kind DeleteOptions.meta.k8s.io,
//     before the object is read (so a missing Service answers 422, not 404).
// What the options then do to a Service (preconditions, the garbage
// collector's finalizers) is the store's part: service_delete.cc.
#ifndef KDUAL_ENGINE_REGISTRY_DELETE_OPTIONS_H_
#define KDUAL_ENGINE_REGISTRY_DELETE_OPTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/registry/request.h"
#include "engine/version/profile.h"

namespace kdual::registry {

// metav1.DeletePropagation values and the finalizers the store adds for
// them (metav1.FinalizerOrphanDependents, FinalizerDeleteDependents).
inline constexpr const char* kPropagationOrphan = "Orphan";
inline constexpr const char* kPropagationBackground = "Background";
inline constexpr const char* kPropagationForeground = "Foreground";
inline constexpr const char* kFinalizerOrphan = "orphan";
inline constexpr const char* kFinalizerForeground = "foregroundDeletion";

struct DeleteOptions {
  std::optional<std::string> precondition_uid;
  std::optional<std::string> precondition_resource_version;
  std::optional<std::string> propagation_policy;
  std::optional<bool> orphan_dependents;
  std::optional<int64_t> grace_period_seconds;
  std::vector<std::string> dry_run;
  bool from_body = false;  // read from a body (else from the query)

  bool DryRun() const { return !dry_run.empty(); }  // validated: each is All
};

struct DeleteOptionsOutcome {
  std::optional<Answer> refused;  // 400 (decode) or 422 (validation)
  DeleteOptions options;
};

// The options of `request`: its body when it has one, else its query
// (?dryRun=All as request.dry_run), as `profile`'s release reads them
// (decode errors 400 from 1.35, 500 before; the scheme's line in texts;
// field values printed as Go or JSON).
DeleteOptionsOutcome ReadDeleteOptions(const Request& request, const version::Profile& profile);

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_DELETE_OPTIONS_H_
