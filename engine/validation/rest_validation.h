// The generic registry's validation around the Service strategy
// (k8s.io/apiserver pkg/registry/rest create.go ValidateCreate and update.go
// validateCommonFields / ValidateUpdate), which decides the final list of
// field errors a create or update answers with.
#ifndef KDUAL_ENGINE_VALIDATION_REST_VALIDATION_H_
#define KDUAL_ENGINE_VALIDATION_REST_VALIDATION_H_

#include "engine/api/service.h"
#include "engine/validation/field_error.h"
#include "engine/version/profile.h"

namespace kdual::validation {

// Create: the strategy's ValidateServiceCreate; only when it found nothing,
// the common ObjectMeta checks with path-segment names. From 1.37 the
// declarative-validation pass filters the list, which drops errors whose
// message repeats an earlier one.
ErrorList ValidateCreate(const api::Service& svc, const version::Profile& profile);

// Update: the common ObjectMeta checks (path-segment names, then the update
// rules), then the strategy's ValidateServiceUpdate; de-duplicated from 1.37
// as for a create.
ErrorList ValidateUpdate(const api::Service& svc, const api::Service& old,
                         const version::Profile& profile);

// A status update: the common ObjectMeta checks, then the status strategy's
// own errors (`strategy`: ValidateServiceStatusUpdate, which checks the
// metadata update again, so a changed uid is reported twice before 1.37,
// whose pass de-duplicates the list as for any update).
ErrorList ValidateStatusUpdate(const api::Service& svc, const api::Service& old,
                               const ErrorList& strategy, const version::Profile& profile);

// ErrorList.ToAggregate()'s de-duplication: the first error of each message.
ErrorList DedupByMessage(const ErrorList& errs, bool json_values);

}  // namespace kdual::validation

#endif  // KDUAL_ENGINE_VALIDATION_REST_VALIDATION_H_
