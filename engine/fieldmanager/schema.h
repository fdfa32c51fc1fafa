// The v1 Service as structured-merge-diff sees it: the schema the
// apiserver's type converter builds from the release's OpenAPI definitions
// (kube-openapi pkg/schemaconv), which decides what is a leaf, which lists
// merge by key (spec.ports by port and protocol), which are sets
// (metadata.finalizers) and which are atomic (spec.clusterIPs, spec.selector).
// The markers come from k8s.io/api core/v1 types.go (+listType, +listMapKey,
// +mapType, +structType, +default) and are the same in every pinned release
// but for the fields a release adds or drops.
#ifndef KDUAL_ENGINE_FIELDMANAGER_SCHEMA_H_
#define KDUAL_ENGINE_FIELDMANAGER_SCHEMA_H_

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kdual::fieldmanager {

struct TypeNode;

struct TypeField {
  const char* name;
  const TypeNode* type;
  int since_minor = 0;  // the first minor whose v1 type has it
  int until_minor = 0;  // the last minor that has it (0: still there)
};

struct TypeNode {
  enum class Kind {
    kString,
    kNumeric,
    kBoolean,
    kUntyped,  // int-or-string, and a Time
    kStruct,   // declared fields; unknown ones are refused
    kMap,      // granular map[string]elem (labels)
    kAtomicMap,
    kAtomicList,
    kAssociativeList,  // keyed by `keys`
    kSet,              // scalar items, keyed by value
  };
  Kind kind;
  std::vector<TypeField> fields = {};  // kStruct
  bool atomic = false;                 // kStruct: +structType=atomic (a leaf)
  const TypeNode* elem = nullptr;
  std::vector<std::string> keys = {};  // kAssociativeList
  // Key defaults (+default): a missing key field takes it.
  std::vector<std::pair<std::string, nlohmann::json>> key_defaults = {};

  bool IsScalar() const { return kind <= Kind::kUntyped; }
  bool IsMapLike() const {
    return kind == Kind::kStruct || kind == Kind::kMap || kind == Kind::kAtomicMap;
  }
  bool IsList() const {
    return kind == Kind::kAtomicList || kind == Kind::kAssociativeList || kind == Kind::kSet;
  }
  bool IsLeaf() const {
    return IsScalar() || kind == Kind::kAtomicMap || kind == Kind::kAtomicList ||
           (kind == Kind::kStruct && atomic);
  }
};

// A release's v1 Service schema.
struct Schema {
  const TypeNode* root;
  int minor;
  // The declared field `name` of a struct node, or null (a map's key, an
  // unknown field, a field this release does not have).
  const TypeNode* FindField(const TypeNode& node, const std::string& name) const;
  // The type of a map entry or struct field (null: not declared).
  const TypeNode* ChildType(const TypeNode& node, const std::string& name) const;
};

Schema ServiceSchema(int minor);

}  // namespace kdual::fieldmanager

#endif  // KDUAL_ENGINE_FIELDMANAGER_SCHEMA_H_
