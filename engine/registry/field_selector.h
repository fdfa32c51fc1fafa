// Field selectors as the API server reads `?fieldSelector=` on a Service
// list (apimachinery pkg/fields/selector.go ParseSelector, then
// Selector.Transform with the Service's field label conversion):
//   - terms split at unescaped commas, sorted, each split at its first
//     "!=", "==" or "=" (no escaping on the left), the value unescaped
//     ("\\", "\,", "\=");
//   - each field converted: metadata.name and metadata.namespace on every
//     release, spec.clusterIP and spec.type from 1.31
//     (Profile::service_spec_field_selectors); anything else refused.
// Errors are the server's texts; the handler answers them 400 BadRequest.
#ifndef KDUAL_ENGINE_REGISTRY_FIELD_SELECTOR_H_
#define KDUAL_ENGINE_REGISTRY_FIELD_SELECTOR_H_

#include <map>
#include <string>
#include <vector>

#include "engine/base/status.h"
#include "engine/version/profile.h"

namespace kdual::registry {

class FieldSelector {
 public:
  struct Term {
    std::string field;
    std::string value;
    bool equals = true;  // "=" or "==", else "!="
  };

  FieldSelector() = default;  // everything

  // ParseSelector, then Transform with the Service field conversion.
  static Result<FieldSelector> ParseForServices(const std::string& text,
                                                const version::Profile& profile);

  // `fields`: the object's selectable fields (a missing one reads as "").
  bool Matches(const std::map<std::string, std::string>& fields) const;
  const std::vector<Term>& terms() const { return terms_; }

 private:
  std::vector<Term> terms_;
};

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_FIELD_SELECTOR_H_
