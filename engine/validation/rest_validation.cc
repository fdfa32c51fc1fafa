#include "engine/validation/rest_validation.h"

#include <algorithm>

#include "engine/validation/name_validation.h"
#include "engine/validation/object_meta_validation.h"
#include "engine/validation/service_validation.h"

namespace kdual::validation {
namespace {

// rest.DeclarativeValidation (ValidateDeclarativelyWithMigrationChecks)
// runs for Services from 1.37; its FilterCoveredHandwrittenErrors goes
// through ErrorList.Filter, i.e. ToAggregate, which de-duplicates.
bool FiltersThroughAggregate(const version::Profile& profile) {
  return profile.validation_errors_deduplicated;
}

}  // namespace

ErrorList DedupByMessage(const ErrorList& errs, bool json_values) {
  ErrorList out;
  std::vector<std::string> seen;
  for (const auto& e : errs) {
    std::string m = e.Message(json_values);
    if (std::find(seen.begin(), seen.end(), m) != seen.end()) continue;
    seen.push_back(std::move(m));
    out.push_back(e);
  }
  return out;
}

ErrorList ValidateCreate(const api::Service& svc, const version::Profile& profile) {
  ErrorList errs = ValidateServiceCreate(svc, profile);
  if (errs.empty()) errs = ValidateObjectMetaAccessor(svc, IsPathSegmentName, profile);
  if (FiltersThroughAggregate(profile))
    errs = DedupByMessage(errs, profile.field_error_values_as_json);
  return errs;
}

ErrorList ValidateUpdate(const api::Service& svc, const api::Service& old,
                         const version::Profile& profile) {
  ErrorList errs = ValidateObjectMetaAccessor(svc, IsPathSegmentName, profile);
  ErrorList upd = ValidateObjectMetaAccessorUpdate(svc, old, profile);
  errs.insert(errs.end(), upd.begin(), upd.end());
  ErrorList strategy = ValidateServiceUpdate(svc, old, profile);
  errs.insert(errs.end(), strategy.begin(), strategy.end());
  if (FiltersThroughAggregate(profile))
    errs = DedupByMessage(errs, profile.field_error_values_as_json);
  return errs;
}

ErrorList ValidateStatusUpdate(const api::Service& svc, const api::Service& old,
                               const ErrorList& strategy, const version::Profile& profile) {
  ErrorList errs = ValidateObjectMetaAccessor(svc, IsPathSegmentName, profile);
  ErrorList upd = ValidateObjectMetaAccessorUpdate(svc, old, profile);
  errs.insert(errs.end(), upd.begin(), upd.end());
  errs.insert(errs.end(), strategy.begin(), strategy.end());
  // From 1.37 rest.BeforeUpdate filters every strategy's list through the
  // aggregate (as for the Service itself), the status strategy's too.
  if (FiltersThroughAggregate(profile))
    errs = DedupByMessage(errs, profile.field_error_values_as_json);
  return errs;
}

}  // namespace kdual::validation
