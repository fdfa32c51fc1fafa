#include "engine/fieldmanager/field_set.h"

#include <algorithm>
#include <iterator>

namespace kdual::fieldmanager {

FieldSet FieldSet::Union(const FieldSet& other) const {
  FieldSet out = *this;
  out.paths_.insert(other.paths_.begin(), other.paths_.end());
  return out;
}

FieldSet FieldSet::Difference(const FieldSet& other) const {
  FieldSet out;
  for (const auto& p : paths_) {
    if (!other.Has(p)) out.paths_.insert(p);
  }
  return out;
}

FieldSet FieldSet::Intersection(const FieldSet& other) const {
  FieldSet out;
  for (const auto& p : paths_) {
    if (other.Has(p)) out.paths_.insert(p);
  }
  return out;
}

FieldSet FieldSet::WithoutSubtree(const Path& prefix) const {
  FieldSet out;
  for (const auto& p : paths_) {
    bool under = p.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), p.begin());
    if (!under) out.paths_.insert(p);
  }
  return out;
}

FieldSet FieldSet::Under(const PathElement& pe) const {
  FieldSet out;
  for (const auto& p : paths_) {
    if (p.size() > 1 && p[0] == pe) out.paths_.insert(Path(p.begin() + 1, p.end()));
  }
  return out;
}

}  // namespace kdual::fieldmanager
