#include "engine/fieldmanager/path.h"

#include <algorithm>
#include <string>

#include "engine/base/go_format.h"

namespace kdual::fieldmanager {

using nlohmann::json;

PathElement PathElement::Field(std::string name) {
  PathElement pe;
  pe.kind = Kind::kField;
  pe.field = std::move(name);
  return pe;
}

PathElement PathElement::Key(std::vector<std::pair<std::string, json>> fields) {
  PathElement pe;
  pe.kind = Kind::kKey;
  std::sort(fields.begin(), fields.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  pe.key = std::move(fields);
  return pe;
}

PathElement PathElement::Value(json v) {
  PathElement pe;
  pe.kind = Kind::kValue;
  pe.value = std::move(v);
  return pe;
}

PathElement PathElement::Index(int i) {
  PathElement pe;
  pe.kind = Kind::kIndex;
  pe.index = i;
  return pe;
}

namespace {

// value.Compare's total order over the kinds a key can hold (numbers, then
// strings, then booleans, then null), numbers compared by value.
int KindRank(const json& v) {
  if (v.is_number()) return 0;
  if (v.is_string()) return 1;
  if (v.is_boolean()) return 2;
  if (v.is_array()) return 3;
  if (v.is_object()) return 4;
  return 5;
}

int CompareValues(const json& a, const json& b) {
  int ra = KindRank(a), rb = KindRank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (a.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_string()) {
    int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.is_boolean()) return a.get<bool>() == b.get<bool>() ? 0 : (a.get<bool>() ? 1 : -1);
  std::string da = a.dump(), db = b.dump();
  return da < db ? -1 : (da > db ? 1 : 0);
}

}  // namespace

std::string ValueString(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_string()) return GoQuote(v.get_ref<const std::string&>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number()) return GoValueText(v, true);
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + ValueString(v[i]);
    return out + "]";
  }
  std::string out;
  for (const auto& [k, e] : v.items()) out += k + "=" + ValueString(e);
  return out;
}

std::string PathElement::String() const {
  switch (kind) {
    case Kind::kField: return "." + field;
    case Kind::kKey: {
      std::string out = "[";
      for (size_t i = 0; i < key.size(); ++i) {
        out += (i ? "," : "") + key[i].first + "=" + ValueString(key[i].second);
      }
      return out + "]";
    }
    case Kind::kValue: return "[=" + ValueString(value) + "]";
    case Kind::kIndex: return "[" + std::to_string(index) + "]";
  }
  return "";
}

int Compare(const PathElement& a, const PathElement& b) {
  if (a.kind != b.kind) return static_cast<int>(a.kind) < static_cast<int>(b.kind) ? -1 : 1;
  switch (a.kind) {
    case PathElement::Kind::kField: {
      int c = a.field.compare(b.field);
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case PathElement::Kind::kKey:
      // value.FieldList.Compare: name, then value, field by field; then length.
      for (size_t i = 0;; ++i) {
        if (i >= a.key.size() && i >= b.key.size()) return 0;
        if (i >= a.key.size()) return -1;
        if (i >= b.key.size()) return 1;
        int c = a.key[i].first.compare(b.key[i].first);
        if (c != 0) return c < 0 ? -1 : 1;
        c = CompareValues(a.key[i].second, b.key[i].second);
        if (c != 0) return c;
      }
    case PathElement::Kind::kValue: return CompareValues(a.value, b.value);
    case PathElement::Kind::kIndex: return a.index < b.index ? -1 : (a.index > b.index ? 1 : 0);
  }
  return 0;
}

std::string PathString(const Path& path) {
  std::string out;
  for (const auto& pe : path) out += pe.String();
  return out;
}

bool IterateOrder::operator()(const Path& a, const Path& b) const {
  for (size_t i = 0;; ++i) {
    if (i >= a.size() || i >= b.size()) return a.size() < b.size();
    const bool a_member = a.size() == i + 1, b_member = b.size() == i + 1;
    // At the node both paths reach, its members come before its children.
    if (a_member != b_member) return a_member;
    int c = Compare(a[i], b[i]);
    if (c != 0) return c < 0;
    if (a_member) return false;  // the same path
  }
}

}  // namespace kdual::fieldmanager
