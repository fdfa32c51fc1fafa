// Field paths as sigs.k8s.io/structured-merge-diff's fieldpath package
// names them: a field `.spec`, a keyed list item `[port=80,protocol="TCP"]`,
// a set item `[="example.com/f"]`, an index `[3]`. The server prints them in
// apply conflicts and in the typed patch's validation errors; their order is
// the order fieldpath.Set.Iterate visits, which fixes the order of a
// conflict's causes.
#ifndef KDUAL_ENGINE_FIELDMANAGER_PATH_H_
#define KDUAL_ENGINE_FIELDMANAGER_PATH_H_

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kdual::fieldmanager {

// One step of a path (fieldpath.PathElement). Exactly one kind is set.
struct PathElement {
  enum class Kind { kField, kKey, kValue, kIndex };
  Kind kind = Kind::kField;
  std::string field;                                        // kField
  std::vector<std::pair<std::string, nlohmann::json>> key;  // kKey, sorted by name
  nlohmann::json value;                                     // kValue
  int index = 0;                                            // kIndex

  static PathElement Field(std::string name);
  static PathElement Key(std::vector<std::pair<std::string, nlohmann::json>> fields);
  static PathElement Value(nlohmann::json v);
  static PathElement Index(int i);

  // PathElement.String(): `.name`, `[k=v,...]`, `[=v]`, `[i]`.
  std::string String() const;
};

// fieldpath.PathElement.Compare: fields before keys before values before
// indices; within a kind by name, key fields, value.Compare or number.
int Compare(const PathElement& a, const PathElement& b);
inline bool operator==(const PathElement& a, const PathElement& b) { return Compare(a, b) == 0; }
inline bool operator<(const PathElement& a, const PathElement& b) { return Compare(a, b) < 0; }

using Path = std::vector<PathElement>;

// Path.String(): the elements' texts concatenated.
std::string PathString(const Path& path);

// value.ToString, as key and set values print: strings quoted as Go's %q,
// numbers and booleans as %v, null as null.
std::string ValueString(const nlohmann::json& v);

// The order fieldpath.Set.Iterate visits paths: at each node its members
// (sorted), then its children (sorted), depth first.
struct IterateOrder {
  bool operator()(const Path& a, const Path& b) const;
};

}  // namespace kdual::fieldmanager

#endif  // KDUAL_ENGINE_FIELDMANAGER_PATH_H_
