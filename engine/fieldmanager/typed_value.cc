#include "engine/fieldmanager/typed_value.h"

#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/go_format.h"

namespace kdual::fieldmanager {

using nlohmann::json;
using K = TypeNode::Kind;

namespace {

// %#v of the interface{} the YAML decoder made (int64, float64, string,
// bool, map[string]interface {}, []interface {}).
std::string GoSharp(const json& v) {
  if (v.is_null()) return "interface {}(nil)";
  if (v.is_string()) return GoQuote(v.get_ref<const std::string&>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return GoValueText(v, true);
  if (v.is_array()) {
    std::string out = "[]interface {}{";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + GoSharp(v[i]);
    return out + "}";
  }
  std::string out = "map[string]interface {}{";
  bool first = true;
  for (const auto& [k, e] : v.items()) {
    out += (first ? "" : ", ") + GoQuote(k) + ":" + GoSharp(e);
    first = false;
  }
  return out + "}";
}

// %T of that value.
std::string GoType(const json& v) {
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "float64";
  if (v.is_number()) return "int64";
  if (v.is_array()) return "[]interface {}";
  if (v.is_object()) return "map[string]interface {}";
  return "<nil>";
}

// %v and %#v of the *value.valueUnstructured that wraps it.
std::string ValueV(const json& v) { return "&{" + GoValueText(v, true) + "}"; }
std::string ValueSharpV(const json& v) {
  return "&value.valueUnstructured{Value:" + GoSharp(v) + "}";
}

// listItemToPathElement: the item's key (keyed list), value (set) or index
// (atomic list); an error text where the item cannot have one.
std::optional<PathElement> ItemElement(const TypeNode& t, const json& item, int index,
                                       std::string* error) {
  if (t.kind == K::kAssociativeList) {
    if (item.is_null()) {
      *error = "associative list with keys may not have a null element";
      return std::nullopt;
    }
    if (!item.is_object()) {
      *error = "associative list with keys may not have non-map elements";
      return std::nullopt;
    }
    std::vector<std::pair<std::string, json>> key;
    for (const auto& name : t.keys) {
      if (auto it = item.find(name); it != item.end()) {
        key.emplace_back(name, *it);
        continue;
      }
      bool defaulted = false;
      for (const auto& [dn, dv] : t.key_defaults) {
        if (dn == name) {
          key.emplace_back(name, dv);
          defaulted = true;
        }
      }
      if (!defaulted) {
        *error = "associative list with keys has an element that omits key field " + GoQuote(name) +
                 " (and doesn't have default value)";
        return std::nullopt;
      }
    }
    return PathElement::Key(std::move(key));
  }
  if (t.kind == K::kSet) {
    if (item.is_object()) {
      *error = "associative list without keys has an element that's a map type";
      return std::nullopt;
    }
    if (item.is_array()) {
      *error = "not supported: associative list with lists as elements";
      return std::nullopt;
    }
    if (item.is_null()) {
      *error = "associative list without keys has an element that's an explicit null";
      return std::nullopt;
    }
    return PathElement::Value(item);
  }
  return PathElement::Index(index);
}

PathElement ItemElementOrIndex(const TypeNode& t, const json& item, int index) {
  std::string error;
  auto pe = ItemElement(t, item, index, &error);
  return pe ? *pe : PathElement::Index(index);
}

const TypeNode kUntypedLeaf{K::kUntyped, {}};

const TypeNode& ChildOrUntyped(const Schema& s, const TypeNode& t, const std::string& name) {
  const TypeNode* c = s.ChildType(t, name);
  return c ? *c : kUntypedLeaf;
}

// ---- validate.go ----
struct Validator {
  const Schema& s;
  std::vector<std::string> errors;

  void Error(const std::string& path, const std::string& message) {
    errors.push_back(path.empty() ? message : path + ": " + message);
  }

  void Walk(const TypeNode& t, const json& v, const std::string& path) {
    if (v.is_null()) return;
    if (t.IsScalar()) {
      if (t.kind == K::kNumeric && !v.is_number()) {
        Error(path, "expected numeric (int or float), got " + GoType(v));
      } else if (t.kind == K::kString && !v.is_string()) {
        Error(path, "expected string, got " + ValueSharpV(v));
      } else if (t.kind == K::kBoolean && !v.is_boolean()) {
        Error(path, "expected boolean, got " + ValueV(v));
      }
      return;
    }
    if (t.IsList()) {
      if (!v.is_array()) {
        Error(path, "expected list, got " + ValueV(v));
        return;
      }
      std::vector<PathElement> seen;
      for (size_t i = 0; i < v.size(); ++i) {
        std::string error;
        auto pe = ItemElement(t, v[i], static_cast<int>(i), &error);
        if (!pe) {
          Error(path, "element " + std::to_string(i) + ": " + error);
          return;
        }
        if (t.kind != K::kAtomicList) {
          bool dup = false;
          for (const auto& s2 : seen) dup = dup || s2 == *pe;
          if (dup) Error(path, "duplicate entries for key " + pe->String());
          seen.push_back(*pe);
        }
        Walk(*t.elem, v[i], path + pe->String());
      }
      return;
    }
    if (!v.is_object()) {
      Error(path, "expected map, got " + ValueV(v));
      return;
    }
    for (const auto& [key, child] : v.items()) {
      const TypeNode* ct = s.ChildType(t, key);
      if (!ct) {
        Error(path + "." + key, "field not declared in schema");
        return;
      }
      Walk(*ct, child, path + "." + key);
    }
  }
};

// ---- tofieldset.go ----
void ToSet(const Schema& s, const TypeNode& t, const json& v, Path& path, FieldSet& out) {
  if (t.IsScalar()) {
    out.Insert(path);
    return;
  }
  if (t.IsList()) {
    if (t.kind == K::kAtomicList) {
      out.Insert(path);
      return;
    }
    if (!v.is_array()) return;
    for (size_t i = 0; i < v.size(); ++i) {
      path.push_back(ItemElementOrIndex(t, v[i], static_cast<int>(i)));
      ToSet(s, *t.elem, v[i], path, out);
      out.Insert(path);
      path.pop_back();
    }
    return;
  }
  if (t.IsLeaf()) {
    out.Insert(path);
    return;
  }
  if (!v.is_object()) return;
  for (const auto& [key, child] : v.items()) {
    path.push_back(PathElement::Field(key));
    ToSet(s, ChildOrUntyped(s, t, key), child, path, out);
    if (child.is_null() || (child.is_object() && child.empty()) || !s.FindField(t, key)) {
      out.Insert(path);
    }
    path.pop_back();
  }
}

// ---- merge.go (Merge, and Compare through the same walk) ----
struct MergeWalk {
  const Schema& s;
  Comparison* cmp;  // null: merging

  // Returns w.out: nullopt where merge.go leaves it nil.
  std::optional<json> Merge(const TypeNode& t, const json* lhs, const json* rhs, Path& path) {
    bool leaf = t.IsLeaf();
    std::optional<json> out;
    if (!leaf && t.IsList()) {
      const json* l = lhs && lhs->is_array() ? lhs : nullptr;
      const json* r = rhs && rhs->is_array() ? rhs : nullptr;
      if ((!l || l->empty()) && (!r || r->empty())) {
        leaf = true;  // emptyPromoteToLeaf
      } else {
        out = VisitList(t, l, r, path);
      }
    } else if (!leaf) {
      const json* l = lhs && lhs->is_object() ? lhs : nullptr;
      const json* r = rhs && rhs->is_object() ? rhs : nullptr;
      if ((!l || l->empty()) && (!r || r->empty())) {
        leaf = true;
      } else {
        out = VisitMap(t, l, r, path);
      }
    }
    if (leaf) {
      if (cmp) {
        if (!lhs)
          cmp->added.Insert(path);
        else if (!rhs)
          cmp->removed.Insert(path);
        else if (*lhs != *rhs)
          cmp->modified.Insert(path);
      }
      return rhs ? *rhs : *lhs;
    }
    // postItemHook: a node only one side has.
    if (cmp && !path.empty()) {
      if (!lhs)
        cmp->added.Insert(path);
      else if (!rhs)
        cmp->removed.Insert(path);
    }
    return out;
  }

  std::optional<json> VisitMap(const TypeNode& t, const json* l, const json* r, Path& path) {
    json out = json::object();
    std::map<std::string, std::pair<const json*, const json*>> keys;
    if (l)
      for (const auto& [k, v] : l->items()) keys[k].first = &v;
    if (r)
      for (const auto& [k, v] : r->items()) keys[k].second = &v;
    for (const auto& [k, sides] : keys) {
      path.push_back(PathElement::Field(k));
      auto child = Merge(ChildOrUntyped(s, t, k), sides.first, sides.second, path);
      path.pop_back();
      if (child) out[k] = std::move(*child);
    }
    if (out.empty()) return std::nullopt;
    return out;
  }

  struct Indexed {
    std::vector<PathElement> order;
    std::vector<const json*> items;
    const json* Get(const PathElement& pe) const {
      for (size_t i = 0; i < order.size(); ++i)
        if (order[i] == pe) return items[i];
      return nullptr;
    }
  };
  Indexed Index(const TypeNode& t, const json* list) {
    Indexed idx;
    if (!list) return idx;
    for (size_t i = 0; i < list->size(); ++i) {
      std::string error;
      auto pe = ItemElement(t, (*list)[i], static_cast<int>(i), &error);
      if (!pe || idx.Get(*pe)) continue;  // an error, or a duplicate: skipped
      idx.order.push_back(*pe);
      idx.items.push_back(&(*list)[i]);
    }
    return idx;
  }

  std::optional<json> Item(const TypeNode& t, const PathElement& pe, const json* l, const json* r,
                           Path& path) {
    path.push_back(pe);
    auto out = Merge(*t.elem, l, r, path);
    path.pop_back();
    return out;
  }

  std::optional<json> VisitList(const TypeNode& t, const json* lhs, const json* rhs, Path& path) {
    json out = json::array();
    Indexed r = Index(t, rhs), l = Index(t, lhs);
    std::vector<PathElement> shared;
    for (const auto& pe : r.order)
      if (l.Get(pe)) shared.push_back(pe);
    size_t next_shared_i = 0;
    const PathElement* next_shared = nullptr;
    auto advance = [&]() {
      next_shared = next_shared_i < shared.size() ? &shared[next_shared_i++] : nullptr;
    };
    advance();
    const size_t ln = l.order.size(), rn = r.order.size();
    for (size_t li = 0, ri = 0; li < ln || ri < rn;) {
      if (li < ln && ri < rn) {
        const PathElement& pe = l.order[li];
        if (pe == r.order[ri]) {
          if (auto o = Item(t, pe, l.items[li], r.items[ri], path)) out.push_back(std::move(*o));
          ++li;
          ++ri;
          advance();
          continue;
        }
        if (r.Get(pe) && next_shared && !(*next_shared == pe)) {
          ++li;  // a shared item, emitted in the configuration's order
          continue;
        }
      }
      if (li < ln) {
        const PathElement& pe = l.order[li];
        if (!r.Get(pe)) {
          if (auto o = Item(t, pe, l.items[li], nullptr, path)) out.push_back(std::move(*o));
          ++li;
          continue;
        }
      }
      if (ri < rn) {
        const PathElement& pe = r.order[ri];
        if (auto o = Item(t, pe, l.Get(pe), r.items[ri], path)) out.push_back(std::move(*o));
        ++ri;
        if (next_shared && *next_shared == pe) advance();
      }
    }
    if (out.empty()) return std::nullopt;
    return out;
  }
};

// ---- remove.go ----
json Remove(const Schema& s, const TypeNode& t, const json& v, const FieldSet& items) {
  if (t.IsScalar()) return v;
  if (t.IsList()) {
    if (!v.is_array() || v.empty() || t.kind == K::kAtomicList) return nullptr;
    json out = json::array();
    for (size_t i = 0; i < v.size(); ++i) {
      PathElement pe = ItemElementOrIndex(t, v[i], static_cast<int>(i));
      if (items.Has(Path{pe})) continue;
      FieldSet sub = items.Under(pe);
      out.push_back(sub.Empty() ? v[i] : Remove(s, *t.elem, v[i], sub));
    }
    return out.empty() ? json(nullptr) : out;
  }
  if (!v.is_object() || v.empty() || t.IsLeaf()) return nullptr;
  json out = json::object();
  for (const auto& [k, child] : v.items()) {
    PathElement pe = PathElement::Field(k);
    if (items.Has(Path{pe})) continue;
    FieldSet sub = items.Under(pe);
    out[k] = sub.Empty() ? child : Remove(s, ChildOrUntyped(s, t, k), child, sub);
  }
  return out.empty() ? json(nullptr) : out;
}

}  // namespace

std::vector<std::string> Validate(const Schema& schema, const json& value) {
  Validator v{schema, {}};
  v.Walk(*schema.root, value, "");
  return v.errors;
}

std::string ValidationErrorsText(const std::vector<std::string>& errors) {
  if (errors.size() == 1) return errors[0];
  std::string out = "errors:";
  for (const auto& e : errors) out += "\n  " + e;
  return out;
}

FieldSet ToFieldSet(const Schema& schema, const json& value) {
  FieldSet out;
  Path path;
  ToSet(schema, *schema.root, value, path, out);
  return out;
}

Comparison Comparison::Excluding(const Path& prefix) const {
  return Comparison{added.WithoutSubtree(prefix), removed.WithoutSubtree(prefix),
                    modified.WithoutSubtree(prefix)};
}

Comparison Compare(const Schema& schema, const json& lhs, const json& rhs) {
  Comparison c;
  MergeWalk w{schema, &c};
  Path path;
  w.Merge(*schema.root, &lhs, &rhs, path);
  return c;
}

json Merge(const Schema& schema, const json& lhs, const json& rhs) {
  MergeWalk w{schema, nullptr};
  Path path;
  auto out = w.Merge(*schema.root, &lhs, &rhs, path);
  return out ? *out : json::object();
}

json RemoveItems(const Schema& schema, const json& value, const FieldSet& items) {
  json out = Remove(schema, *schema.root, value, items);
  return out.is_null() ? json::object() : out;
}

FieldSet EnsureNamedFieldsAreMembers(const Schema& schema, const FieldSet& set) {
  FieldSet out = set;
  for (const auto& p : set.paths()) {
    const TypeNode* t = schema.root;
    for (size_t i = 0; i + 1 < p.size() && t; ++i) {
      const PathElement& pe = p[i];
      if (pe.kind == PathElement::Kind::kField) {
        const TypeNode* field = schema.FindField(*t, pe.field);
        if (field) out.Insert(Path(p.begin(), p.begin() + i + 1));
        t = schema.ChildType(*t, pe.field);
      } else {
        t = t->elem;
      }
    }
  }
  return out;
}

}  // namespace kdual::fieldmanager
