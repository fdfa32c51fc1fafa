// A set of field paths (fieldpath.Set): what a manager owns, what a
// comparison found added, removed or modified. Iterated in the server's
// order (path.h IterateOrder).
#ifndef KDUAL_ENGINE_FIELDMANAGER_FIELD_SET_H_
#define KDUAL_ENGINE_FIELDMANAGER_FIELD_SET_H_

#include <set>

#include "engine/fieldmanager/path.h"

namespace kdual::fieldmanager {

class FieldSet {
 public:
  using Paths = std::set<Path, IterateOrder>;

  void Insert(Path p) { paths_.insert(std::move(p)); }
  bool Has(const Path& p) const { return paths_.count(p) > 0; }
  bool Empty() const { return paths_.empty(); }
  size_t Size() const { return paths_.size(); }
  const Paths& paths() const { return paths_; }

  FieldSet Union(const FieldSet& other) const;
  FieldSet Difference(const FieldSet& other) const;
  FieldSet Intersection(const FieldSet& other) const;
  // Set.RecursiveDifference with a set of one path: every path at or
  // under `prefix` goes (the reset fields: `.status` of a Service).
  FieldSet WithoutSubtree(const Path& prefix) const;
  // Set.WithPrefix: the paths under `pe`, with `pe` taken off.
  FieldSet Under(const PathElement& pe) const;
  // Whether some path lies strictly under `pe` (a child node exists).
  bool HasUnder(const PathElement& pe) const { return !Under(pe).Empty(); }

  bool operator==(const FieldSet& other) const { return paths_ == other.paths_; }

 private:
  Paths paths_;
};

}  // namespace kdual::fieldmanager

#endif  // KDUAL_ENGINE_FIELDMANAGER_FIELD_SET_H_
