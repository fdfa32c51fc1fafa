#include "engine/registry/strategic_merge.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <vector>

#include "engine/base/go_format.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

constexpr const char* kDirective = "$patch";
constexpr const char* kRetainKeys = "$retainKeys";
constexpr const char* kDeletePrefix = "$deleteFromPrimitiveList";
constexpr const char* kOrderPrefix = "$setElementOrder";

// A merge error and how the patch handler answers it.
struct MergeError {
  enum class Kind { kBadRequest, kUnprocessable, kPlain } kind = Kind::kPlain;
  std::string text;
};

[[noreturn]] void Fail(MergeError::Kind kind, std::string text) {
  throw MergeError{kind, std::move(text)};
}

// The struct tags of the Service's lists, by field path (list elements
// share their list's path).
struct PatchMeta {
  bool merge = false;
  std::string merge_key;
};
PatchMeta LookupList(const std::string& path) {
  static const std::map<std::string, PatchMeta> kMeta = {
      {"metadata.finalizers", {true, ""}},
      {"metadata.ownerReferences", {true, "uid"}},
      {"spec.ports", {true, "port"}},
      {"status.conditions", {true, "type"}},
  };
  auto it = kMeta.find(path);
  return it == kMeta.end() ? PatchMeta() : it->second;
}

std::string Child(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// The Go type of a value decoded as interface{} (PreserveInts).
enum class GoType { kNil, kMap, kSlice, kString, kBool, kInt, kFloat };
GoType TypeOf(const json& v) {
  if (v.is_null()) return GoType::kNil;
  if (v.is_object()) return GoType::kMap;
  if (v.is_array()) return GoType::kSlice;
  if (v.is_string()) return GoType::kString;
  if (v.is_boolean()) return GoType::kBool;
  if (v.is_number_float()) return GoType::kFloat;
  return GoType::kInt;
}

// Go's == on two interface{} scalars: same type and value (80 is not 80.0).
bool GoEqual(const json& a, const json& b) {
  if (TypeOf(a) != TypeOf(b)) return false;
  switch (TypeOf(a)) {
    case GoType::kNil: return true;
    case GoType::kString: return a.get<std::string>() == b.get<std::string>();
    case GoType::kBool: return a.get<bool>() == b.get<bool>();
    case GoType::kInt: return a.dump() == b.dump();
    case GoType::kFloat: return a.get<double>() == b.get<double>();
    default: return a == b;  // Go would panic on maps and slices
  }
}

std::string NoMergeKey(const json& m, const std::string& key) {
  return "map: " + GoValueText(m, /*preserve_ints=*/true) +
         " does not contain declared merge key: " + key;
}

std::string BadPatchType(const json& t, const json& m) {
  std::string s = t.is_string() ? t.get<std::string>() : "%!s(" + GoValueText(t, true) + ")";
  return "unknown patch type: " + s + " in map: " + GoValueText(m, true);
}

// extractKey: "<prefix>/<key>" -> key.
std::string ExtractKey(const std::string& s, const std::string& prefix) {
  size_t slash = s.find('/');
  if (slash == std::string::npos || s.substr(0, slash) != prefix) {
    Fail(MergeError::Kind::kBadRequest, prefix == kDeletePrefix
                                            ? "invalid patch format of primitive list"
                                            : "invalid patch format of setElementOrder list");
  }
  return s.substr(slash + 1);
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The rules of the merge running on this thread (StrategicMerge sets them
// for its call): the recursive merge functions below read them rather than
// pass them down every level.
thread_local StrategicMergeRules t_rules;

// removeDirectives: a map holding $patch goes, recursively.
bool RemoveDirectives(json& v) {
  if (v.is_object()) {
    if (v.contains(kDirective)) return false;
    for (auto it = v.begin(); it != v.end();) {
      if (!RemoveDirectives(*it)) {
        it = v.erase(it);
      } else {
        ++it;
      }
    }
  } else if (v.is_array()) {
    json out = json::array();
    for (auto& e : v) {
      if (RemoveDirectives(e)) out.push_back(std::move(e));
    }
    v = std::move(out);
  }
  return true;
}

void DiscardNulls(json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end();) {
      if (it->is_null()) {
        it = v.erase(it);
      } else {
        DiscardNulls(*it);
        ++it;
      }
    }
  } else if (v.is_array()) {
    for (auto& e : v) DiscardNulls(e);
  }
}

// sliceElementType: the one type of every element, no lists of lists.
GoType ElementType(const std::vector<const json*>& slices) {
  std::optional<GoType> prev;
  for (const json* s : slices) {
    for (const auto& v : *s) {
      GoType t = TypeOf(v);
      if (!prev) {
        prev = t;
        if (t == GoType::kSlice)
          Fail(MergeError::Kind::kUnprocessable, "lists of lists are not supported");
      } else if (*prev != t) {
        std::string all = "[";
        for (size_t i = 0; i < slices.size(); ++i)
          all += (i ? " " : "") + GoValueText(*slices[i], true);
        Fail(MergeError::Kind::kPlain, "list element types are not identical: " + all + "]");
      }
    }
  }
  if (!prev) Fail(MergeError::Kind::kPlain, "no elements in any of the given slices");
  return *prev;
}

// index: the item's position in `l`, by merge key value for maps.
long Index(const json& l, const json& item, const std::string& key, GoType kind) {
  auto val = [&](const json& v) -> json {
    if (kind != GoType::kMap) return v;
    if (!v.is_object()) return json();
    auto it = v.find(key);
    return it == v.end() ? json() : *it;
  };
  json want = val(item);
  for (size_t i = 0; i < l.size(); ++i) {
    if (GoEqual(want, val(l[i]))) return static_cast<long>(i);
  }
  return -1;
}

// normalizeSliceOrder: sort.SliceStable (an insertion sort for up to 20
// items) with the upstream comparison, $patch: delete items last.
json NormalizeSliceOrder(json to_sort, const json& order, const std::string& key, GoType kind) {
  json deleted = json::array();
  if (kind == GoType::kMap) {
    for (const json* list : std::initializer_list<const json*>{&to_sort, &order}) {
      for (const auto& item : *list) {
        if (!item.is_object())
          Fail(MergeError::Kind::kPlain,
               std::string("expected a map, but received a ") + item.type_name());
        if (!item.contains(key)) Fail(MergeError::Kind::kPlain, NoMergeKey(item, key));
      }
    }
    json keep = json::array();
    for (auto& item : to_sort) {
      auto d = item.find(kDirective);
      (d != item.end() && *d == "delete" ? deleted : keep).push_back(item);
    }
    to_sort = std::move(keep);
  }
  auto less = [&](const json& a, const json& b) {
    long ia = Index(order, a, key, kind);
    if (ia >= 0) {
      long ib = Index(order, b, key, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  };
  for (size_t i = 1; i < to_sort.size(); ++i) {
    for (size_t j = i; j > 0 && less(to_sort[j], to_sort[j - 1]); --j)
      std::swap(to_sort[j], to_sort[j - 1]);
  }
  for (auto& d : deleted) to_sort.push_back(d);
  return to_sort;
}

// mergeSortedSlice: server-only items (left) inserted among the patch items
// (right) by their order on the server.
json MergeSortedSlice(const json& left, const json& right, const json& server_order,
                      const std::string& key, GoType kind) {
  json out = json::array();
  size_t i = 0, j = 0;
  while (i < left.size() || j < right.size()) {
    if (i >= left.size()) {
      out.push_back(right[j++]);
    } else if (j >= right.size()) {
      out.push_back(left[i++]);
    } else {
      long li = Index(server_order, left[i], key, kind),
           ri = Index(server_order, right[j], key, kind);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push_back(left[i++]);
      } else {
        out.push_back(right[j++]);
      }
    }
  }
  return out;
}

json NormalizeElementOrder(const json& patch_items, const json& server_only,
                           const json& patch_order, const json& server_order,
                           const std::string& key, GoType kind) {
  json p = NormalizeSliceOrder(patch_items, patch_order, key, kind);
  json s = NormalizeSliceOrder(server_only, server_order, key, kind);
  return MergeSortedSlice(s, p, server_order, key, kind);
}

// partition*ByPresentInList: (items in `by`, the others).
std::pair<json, json> Partition(const json& merged, const json& by, const std::string& key,
                                GoType kind) {
  json in = json::array(), out = json::array();
  for (const auto& v : merged) {
    if (kind == GoType::kMap) {
      if (!v.is_object())
        Fail(MergeError::Kind::kPlain,
             std::string("expected a map, but received a ") + v.type_name());
      if (!v.contains(key)) Fail(MergeError::Kind::kPlain, NoMergeKey(v, key));
    }
    (Index(by, v, key, kind) >= 0 ? in : out).push_back(v);
  }
  return {in, out};
}

json MergeMap(json original, json patch, const std::string& path);

// mergeSlice: scalars deduplicated (or deleted, for a deletion list); maps
// merged by their merge key, after the $patch elements.
json MergeSlice(json original, json patch, const std::string& path, const std::string& key,
                bool delete_list) {
  if (original.empty() && patch.empty()) return original;
  GoType kind = ElementType({&original, &patch});
  json merged = json::array();
  if (kind != GoType::kMap) {
    if (delete_list) {
      json kept = json::array();
      for (const auto& v : original) {
        bool drop = false;
        for (const auto& d : patch) drop = drop || GoEqual(v, d);
        if (!drop) kept.push_back(v);
      }
      return kept;
    }
    // deduplicateScalars: a later duplicate takes the last item's place.
    std::vector<json> s(original.begin(), original.end());
    s.insert(s.end(), patch.begin(), patch.end());
    size_t length = s.size() - 1;
    for (size_t i = 0; i < length; ++i) {
      for (size_t j = i + 1; j <= length; ++j) {
        if (GoEqual(s[i], s[j])) {
          s[j] = s[length];
          s.resize(length);
          --length;
          --j;
        }
      }
    }
    for (auto& v : s) merged.push_back(std::move(v));
  } else {
    if (key.empty())
      Fail(MergeError::Kind::kPlain, "cannot merge lists without merge key for " + path);
    // mergeSliceWithSpecialElements.
    json plain = json::array();
    bool replace = false;
    for (const auto& v : patch) {
      auto d = v.find(kDirective);
      if (d == v.end()) {
        plain.push_back(v);
        continue;
      }
      if (*d == "delete") {
        auto mv = v.find(key);
        if (mv == v.end()) Fail(MergeError::Kind::kPlain, NoMergeKey(v, key));
        json kept = json::array();
        for (const auto& o : original) {
          if (!o.is_object()) Fail(MergeError::Kind::kPlain, "value for key is not a map");
          auto ok = o.find(key);
          if (!(ok != o.end() && GoEqual(*ok, *mv))) kept.push_back(o);
        }
        original = std::move(kept);
      } else if (*d == "replace") {
        replace = true;
      } else if (*d == "merge") {
        Fail(MergeError::Kind::kPlain, "merging lists cannot yet be specified in the patch");
      } else {
        Fail(MergeError::Kind::kPlain, BadPatchType(*d, v));
      }
    }
    if (replace) {
      original = plain;
      patch = json::array();
    } else {
      patch = plain;
    }
    // mergeSliceWithoutSpecialElements.
    merged = original;
    for (const auto& v : patch) {
      auto mv = v.find(key);
      if (mv == v.end()) Fail(MergeError::Kind::kPlain, NoMergeKey(v, key));
      bool found = false;
      for (size_t i = 0; i < merged.size() && !found; ++i) {
        if (!merged[i].is_object())
          Fail(MergeError::Kind::kPlain, "value for key " + std::to_string(i) + " is not a map");
        auto ok = merged[i].find(key);
        if (ok != merged[i].end() && GoEqual(*ok, *mv)) {
          merged[i] = MergeMap(merged[i], v, path);
          found = true;
        }
      }
      if (!found) merged.push_back(v);
    }
  }
  auto [patch_items, server_only] = Partition(merged, patch, key, kind);
  return NormalizeElementOrder(patch_items, server_only, patch, original, key, kind);
}

// applyRetainKeysDirective.
void ApplyRetainKeys(json& original, json& patch) {
  auto it = patch.find(kRetainKeys);
  if (it == patch.end()) return;
  json keep = *it;
  patch.erase(it);
  if (!keep.is_array()) Fail(MergeError::Kind::kBadRequest, "invalid patch format of retainKeys");
  auto listed = [&](const std::string& k) {
    for (const auto& v : keep) {
      if (v.is_string() && v.get<std::string>() == k) return true;
    }
    return false;
  };
  for (auto p = patch.begin(); p != patch.end(); ++p) {
    if (p->is_null() || StartsWith(p.key(), kDeletePrefix) || StartsWith(p.key(), kOrderPrefix))
      continue;
    if (!listed(p.key())) Fail(MergeError::Kind::kBadRequest, "invalid patch format of retainKeys");
  }
  for (auto o = original.begin(); o != original.end();) {
    if (!listed(o.key())) {
      o = original.erase(o);
    } else {
      ++o;
    }
  }
}

// validatePatchWithSetOrderList.
void ValidateOrder(const json& patch_list, const json& order, const std::string& key) {
  if (order.empty() || patch_list.empty()) return;
  json non_delete = json::array();
  for (const auto& v : patch_list) {
    if (!key.empty()) {
      if (!v.is_object())
        Fail(MergeError::Kind::kPlain,
             std::string("expected a map, but received a ") + v.type_name());
      auto d = v.find(kDirective);
      if (d != v.end() && *d == "delete") continue;
    }
    non_delete.push_back(v);
  }
  size_t pi = 0, oi = 0;
  while (pi < non_delete.size() && oi < order.size()) {
    if (non_delete[pi].is_object() && non_delete[pi].contains(kDirective)) {
      ++pi;
      continue;
    }
    bool equal;
    if (key.empty()) {
      equal = GoEqual(non_delete[pi], order[oi]);
    } else {
      if (!order[oi].is_object())
        Fail(MergeError::Kind::kPlain,
             std::string("expected a map, but received a ") + order[oi].type_name());
      if (!non_delete[pi].contains(key))
        Fail(MergeError::Kind::kPlain, NoMergeKey(non_delete[pi], key));
      if (!order[oi].contains(key)) Fail(MergeError::Kind::kPlain, NoMergeKey(order[oi], key));
      equal = GoEqual(non_delete[pi][key], order[oi][key]);
    }
    if (equal) ++pi;
    ++oi;
  }
  if (pi < non_delete.size() && oi >= order.size()) {
    Fail(MergeError::Kind::kPlain, "The order in patch list:\n" + GoValueText(patch_list, true) +
                                       "\n doesn't match " + kOrderPrefix + " list:\n" +
                                       GoValueText(order, true) + "\n");
  }
}

// mergePatchIntoOriginal: the $setElementOrder lists and their lists.
void MergeOrderedLists(json& original, json& patch, const std::string& path) {
  std::vector<std::string> keys;
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (StartsWith(it.key(), kOrderPrefix)) keys.push_back(it.key());
  }
  for (const auto& k : keys) {
    json order = patch[k];
    patch.erase(k);
    if (!order.is_array())
      Fail(MergeError::Kind::kPlain,
           std::string("expected a []interface {}, but received a ") + order.type_name());
    std::string list = ExtractKey(k, kOrderPrefix);
    const bool in_original = original.contains(list), in_patch = patch.contains(list);
    json orig = in_original ? original[list] : json::array();
    json pat = in_patch ? patch[list] : json::array();
    if (!orig.is_array() || !pat.is_array())
      Fail(MergeError::Kind::kPlain, "expected a []interface {}");
    const std::string list_path = Child(path, list);
    PatchMeta meta = LookupList(list_path);
    ValidateOrder(pat, order, meta.merge_key);
    json merged;
    if (in_original && !in_patch) {
      merged = orig;
    } else if (!in_original && in_patch) {
      merged = pat;
      if (t_rules.directives_removed_from_taken_values) RemoveDirectives(merged);
    } else if (in_original && in_patch) {
      merged = meta.merge ? MergeSlice(orig, pat, list_path, meta.merge_key, false) : pat;
    } else {
      continue;
    }
    GoType kind = ElementType({&orig, &pat});
    auto [patch_items, server_only] = Partition(merged, order, meta.merge_key, kind);
    original[list] =
        NormalizeElementOrder(patch_items, server_only, order, orig, meta.merge_key, kind);
    patch.erase(list);
  }
}

json MergeMap(json original, json patch, const std::string& path) {
  if (auto d = patch.find(kDirective); d != patch.end()) {
    if (*d == "replace") {
      patch.erase(kDirective);
      return patch;
    }
    if (*d == "delete") return json::object();
    Fail(MergeError::Kind::kPlain, BadPatchType(*d, patch));
  }
  if (original.is_null()) original = json::object();
  ApplyRetainKeys(original, patch);
  MergeOrderedLists(original, patch, path);
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    std::string k = it.key();
    json pv = *it;
    bool delete_list = false;
    if (StartsWith(k, kDeletePrefix)) {
      k = ExtractKey(k, kDeletePrefix);
      delete_list = true;
    }
    if (pv.is_null()) {
      original.erase(k);
      continue;  // IgnoreUnmatchedNulls
    }
    auto take_patch = [&]() {
      if (delete_list) return;
      DiscardNulls(pv);
      if (!t_rules.directives_removed_from_taken_values || RemoveDirectives(pv)) {
        original[k] = pv;
      } else {
        original.erase(k);
      }
    };
    if (!original.contains(k) || TypeOf(original[k]) != TypeOf(pv)) {
      take_patch();
      continue;
    }
    const std::string child = Child(path, k);
    if (pv.is_object()) {
      original[k] = MergeMap(original[k], pv, child);
    } else if (pv.is_array()) {
      PatchMeta meta = LookupList(child);
      original[k] = meta.merge || (delete_list && t_rules.delete_list_on_any_list)
                        ? MergeSlice(original[k], pv, child, meta.merge_key, delete_list)
                        : pv;
    } else if (!t_rules.directives_removed_from_taken_values || RemoveDirectives(pv)) {
      original[k] = pv;
    } else {
      original.erase(k);
    }
  }
  return original;
}

}  // namespace

StrategicMergeResult StrategicMerge(const json& current, const json& patch,
                                    StrategicMergeRules rules) {
  t_rules = rules;
  StrategicMergeResult r;
  try {
    r.merged = MergeMap(current, patch.is_null() ? json::object() : patch, "");
  } catch (const MergeError& e) {
    // interpretStrategicMergePatchError (apiserver handlers/patch.go).
    switch (e.kind) {
      case MergeError::Kind::kBadRequest:
        r.refused = FromStatusJson(validation::BadRequestStatus(e.text));
        break;
      case MergeError::Kind::kUnprocessable: r.refused = PatchNotApplicableAnswer(); break;
      case MergeError::Kind::kPlain:
        r.refused = FromStatusJson(validation::UnknownErrorStatus(e.text));
        break;
    }
  }
  return r;
}

}  // namespace kdual::registry
