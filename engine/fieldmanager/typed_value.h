// What structured-merge-diff does with a typed object (sigs.k8s.io/
// structured-merge-diff typed/: validate.go, tofieldset.go, merge.go,
// remove.go, fieldpath EnsureNamedFieldsAreMembers), on JSON values and the
// schema of schema.h. Values are validated first; the other functions
// assume valid input.
#ifndef KDUAL_ENGINE_FIELDMANAGER_TYPED_VALUE_H_
#define KDUAL_ENGINE_FIELDMANAGER_TYPED_VALUE_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/fieldmanager/field_set.h"
#include "engine/fieldmanager/schema.h"

namespace kdual::fieldmanager {

// The typed patch's validation errors, each as ValidationError.Error()
// prints it (`.spec.foo: field not declared in schema`). A map stops at its
// first undeclared field (visitMapItems returns false); the server walks a
// map in Go's random order, the engine in key order.
std::vector<std::string> Validate(const Schema& schema, const nlohmann::json& value);
// ValidationErrors.Error(): one error alone, or "errors:\n  e1\n  e2".
std::string ValidationErrorsText(const std::vector<std::string>& errors);

// TypedValue.ToFieldSet: the leaves, the list items, and the map entries
// that are null, empty or not declared fields.
FieldSet ToFieldSet(const Schema& schema, const nlohmann::json& value);

// TypedValue.Compare.
struct Comparison {
  FieldSet added, removed, modified;
  bool IsSame() const { return added.Empty() && removed.Empty() && modified.Empty(); }
  // Comparison.ExcludeFields with one subtree (the reset fields).
  Comparison Excluding(const Path& prefix) const;
};
Comparison Compare(const Schema& schema, const nlohmann::json& lhs, const nlohmann::json& rhs);

// TypedValue.Merge: `rhs` (the applied configuration) into `lhs` (the live
// object); keyed lists merged item by item in the order merge.go's
// visitListItems gives.
nlohmann::json Merge(const Schema& schema, const nlohmann::json& lhs, const nlohmann::json& rhs);

// TypedValue.RemoveItems: every node of `items` goes with its subtree; a map
// or list the walk passes through and leaves empty becomes null.
nlohmann::json RemoveItems(const Schema& schema, const nlohmann::json& value,
                           const FieldSet& items);

// Set.EnsureNamedFieldsAreMembers: every node on the way to a member whose
// step is a declared struct field becomes a member too.
FieldSet EnsureNamedFieldsAreMembers(const Schema& schema, const FieldSet& set);

}  // namespace kdual::fieldmanager

#endif  // KDUAL_ENGINE_FIELDMANAGER_TYPED_VALUE_H_
