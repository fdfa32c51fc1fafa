#include "engine/registry/json_patch.h"

#include <cctype>
#include <cstdint>
#include <limits>

#include "engine/base/json_access.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

constexpr size_t kMaxOperations = 10000;  // patch.go maxJSONPatchOperations
const char* const kMissing = "missing value";
const char* const kInvalidIndex = "invalid index referenced";
const char* const kTestFailed = "test failed";

// strconv.Atoi: an optional sign and decimal digits, in int64's range.
bool Atoi(const std::string& s, long long* out, std::string* err) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i == s.size()) {
    *err = "strconv.Atoi: parsing \"" + s + "\": invalid syntax";
    return false;
  }
  unsigned long long v = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      *err = "strconv.Atoi: parsing \"" + s + "\": invalid syntax";
      return false;
    }
    if (v > (std::numeric_limits<unsigned long long>::max() - 9) / 10) overflow = true;
    v = v * 10 + static_cast<unsigned>(s[i] - '0');
  }
  const unsigned long long limit = neg ? 9223372036854775808ULL : 9223372036854775807ULL;
  if (overflow || v > limit) {
    *err = "strconv.Atoi: parsing \"" + s + "\": value out of range";
    return false;
  }
  *out = neg ? static_cast<long long>(0 - v) : static_cast<long long>(v);
  return true;
}

std::string InvalidIndex(long long idx) {
  return "Unable to access invalid index: " + std::to_string(idx) + ": " + kInvalidIndex;
}

// A list index as partialArray resolves it: negative indexes count from
// the end (SupportNegativeIndices), down to -n; false (with the library's
// error) below that.
bool ResolveNegative(long long* idx, long long n, std::string* err) {
  if (*idx >= 0) return true;
  if (*idx < -n) {
    *err = InvalidIndex(*idx);
    return false;
  }
  *idx += n;
  return true;
}

// RFC 6901 decoding of one reference token: ~1 is '/', then ~0 is '~'.
std::string DecodeKey(const std::string& k) {
  std::string out;
  for (size_t i = 0; i < k.size(); ++i) {
    if (k[i] == '~' && i + 1 < k.size() && (k[i + 1] == '1' || k[i + 1] == '0')) {
      out += k[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += k[i];
    }
  }
  return out;
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t slash = path.find('/', start);
    parts.push_back(
        path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return parts;
    start = slash + 1;
  }
}

// A value an operation carries: absent ("value" not given) and null both
// stand for Go's nil node.
using Value = std::optional<json>;

// A container of the document: an object or a list.
struct Container {
  json* node = nullptr;

  // partialDoc.get never fails: a missing key reads as nil.
  bool Get(const std::string& key, Value* out, std::string* err) const {
    if (node->is_object()) {
      auto it = node->find(key);
      *out = it == node->end() || it->is_null() ? Value() : Value(*it);
      return true;
    }
    long long idx;
    if (!Atoi(key, &idx, err)) return false;
    long long n = static_cast<long long>(node->size());
    if (!ResolveNegative(&idx, n, err)) return false;
    if (idx >= n) {
      *err = InvalidIndex(idx);
      return false;
    }
    const json& v = (*node)[static_cast<size_t>(idx)];
    *out = v.is_null() ? Value() : Value(v);
    return true;
  }

  bool Set(const std::string& key, const Value& v, std::string* err) {
    if (node->is_object()) {
      (*node)[key] = v ? *v : json();
      return true;
    }
    long long idx;
    if (!Atoi(key, &idx, err)) return false;
    if (!ResolveNegative(&idx, static_cast<long long>(node->size()), err)) return false;
    (*node)[static_cast<size_t>(idx)] = v ? *v : json();
    return true;
  }

  bool Add(const std::string& key, const Value& v, std::string* err) {
    if (node->is_object()) {
      (*node)[key] = v ? *v : json();
      return true;
    }
    if (key == "-") {
      node->push_back(v ? *v : json());
      return true;
    }
    long long idx;
    std::string atoi_err;
    if (!Atoi(key, &idx, &atoi_err)) {
      *err = "value was not a proper array index: '" + key + "': " + atoi_err;
      return false;
    }
    long long size = static_cast<long long>(node->size()) + 1;
    if (idx >= size) {
      *err = InvalidIndex(idx);
      return false;
    }
    if (!ResolveNegative(&idx, size, err)) return false;
    node->insert(node->begin() + idx, v ? *v : json());
    return true;
  }

  bool Remove(const std::string& key, std::string* err) {
    if (node->is_object()) {
      if (!node->contains(key)) {
        *err = "Unable to remove nonexistent key: " + key + ": " + kMissing;
        return false;
      }
      node->erase(key);
      return true;
    }
    long long idx;
    if (!Atoi(key, &idx, err)) return false;
    long long n = static_cast<long long>(node->size());
    if (idx >= n) {
      *err = InvalidIndex(idx);
      return false;
    }
    if (!ResolveNegative(&idx, n, err)) return false;
    node->erase(node->begin() + idx);
    return true;
  }
};

// findObject: the container holding the path's last token, or none when a
// step is missing, null, or neither an object nor a list.
std::optional<Container> FindObject(json& doc, const std::string& path, std::string* key) {
  std::vector<std::string> split = SplitPath(path);
  if (split.size() < 2) return std::nullopt;
  json* node = &doc;
  for (size_t i = 1; i + 1 < split.size(); ++i) {
    Container c{node};
    Value next;
    std::string ignored;
    if (!c.Get(DecodeKey(split[i]), &next, &ignored) || !next) return std::nullopt;
    json* child;
    if (node->is_object()) {
      child = &(*node)[DecodeKey(split[i])];
    } else {
      long long idx;
      Atoi(DecodeKey(split[i]), &idx, &ignored);
      if (idx < 0) idx += static_cast<long long>(node->size());
      child = &(*node)[static_cast<size_t>(idx)];
    }
    if (!child->is_object() && !child->is_array()) return std::nullopt;
    node = child;
  }
  *key = DecodeKey(split.back());
  return Container{node};
}

// lazyNode.equal: objects and lists structurally, anything else by its
// compact JSON text (so 80 and 80.0 differ, as raw bytes do).
bool Equal(const json& a, const json& b) {
  if (a.is_object() || b.is_object()) {
    if (!a.is_object() || !b.is_object() || a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      auto o = b.find(it.key());
      if (o == b.end()) return false;
      if (it->is_null() != o->is_null()) return false;
      if (!it->is_null() && !Equal(*it, *o)) return false;
    }
    return true;
  }
  if (a.is_array() || b.is_array()) {
    if (!a.is_array() || !b.is_array() || a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!Equal(a[i], b[i])) return false;
    }
    return true;
  }
  return a.dump() == b.dump();
}

// Operation.Path / From: a string, else an error (missing, or not one).
bool OpString(const json& op, const char* name, std::string* out, std::string* err,
              const char* missing) {
  auto it = op.find(name);
  if (it == op.end() || it->is_null()) {
    *err = std::string(missing) + ": " + kMissing;
    return false;
  }
  if (!it->is_string()) {
    *err = "json: cannot unmarshal " + GoJsonKind(*it) + " into Go value of type string";
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

Value OpValue(const json& op) {
  auto it = op.find("value");
  if (it == op.end() || it->is_null()) return Value();
  return Value(*it);
}

bool HasValueKey(const json& op) { return op.contains("value"); }

// One operation on `doc`; "" when it applied, else the library's error.
std::string ApplyOne(json& doc, const json& op) {
  std::string kind = "unknown";
  if (op.contains("op") && op["op"].is_string()) kind = op["op"].get<std::string>();
  std::string path, from, err, key;
  if (kind == "add") {
    if (!OpString(op, "path", &path, &err, "operation missing path field")) {
      return std::string("add operation failed to decode path: ") + kMissing;
    }
    auto con = FindObject(doc, path, &key);
    if (!con)
      return "add operation does not apply: doc is missing path: \"" + path + "\": " + kMissing;
    if (!con->Add(key, OpValue(op), &err)) return "error in add for path: '" + path + "': " + err;
    return "";
  }
  if (kind == "remove") {
    if (!OpString(op, "path", &path, &err, "operation missing path field")) {
      return std::string("remove operation failed to decode path: ") + kMissing;
    }
    auto con = FindObject(doc, path, &key);
    if (!con)
      return "remove operation does not apply: doc is missing path: \"" + path + "\": " + kMissing;
    if (!con->Remove(key, &err)) return "error in remove for path: '" + path + "': " + err;
    return "";
  }
  if (kind == "replace") {
    if (!OpString(op, "path", &path, &err, "operation missing path field")) {
      return "replace operation failed to decode path: " + err;
    }
    if (path.empty()) {
      Value v = OpValue(op);
      if (!v || (!v->is_object() && !v->is_array())) {
        return "replace operation value must be object or array: %!w(<nil>)";
      }
      doc = *v;
      return "";
    }
    auto con = FindObject(doc, path, &key);
    if (!con)
      return "replace operation does not apply: doc is missing path: " + path + ": " + kMissing;
    Value ignored;
    if (!con->Get(key, &ignored, &err)) {
      return "replace operation does not apply: doc is missing key: " + path + ": " + kMissing;
    }
    if (!con->Set(key, OpValue(op), &err))
      return "error in remove for path: '" + path + "': " + err;
    return "";
  }
  if (kind == "move") {
    if (!OpString(op, "from", &from, &err, "operation, missing from field")) {
      return "move operation failed to decode from: " + err;
    }
    auto con = FindObject(doc, from, &key);
    if (!con)
      return "move operation does not apply: doc is missing from path: " + from + ": " + kMissing;
    Value val;
    if (!con->Get(key, &val, &err)) return "error in move for path: '" + key + "': " + err;
    if (!con->Remove(key, &err)) return "error in move for path: '" + key + "': " + err;
    if (!OpString(op, "path", &path, &err, "operation missing path field")) {
      return "move operation failed to decode path: " + err;
    }
    auto dest = FindObject(doc, path, &key);
    if (!dest)
      return "move operation does not apply: doc is missing destination path: " + path + ": " +
             kMissing;
    if (!dest->Add(key, val, &err)) return "error in move for path: '" + path + "': " + err;
    return "";
  }
  if (kind == "test") {
    if (!OpString(op, "path", &path, &err, "operation missing path field")) {
      return "test operation failed to decode path: " + err;
    }
    const std::string failed = "testing value " + path + " failed: " + kTestFailed;
    if (path.empty()) {
      Value v = OpValue(op);
      return v && Equal(doc, *v) ? "" : failed;
    }
    auto con = FindObject(doc, path, &key);
    if (!con) return "test operation does not apply: is missing path: " + path + ": " + kMissing;
    Value val;
    if (!con->Get(key, &val, &err)) return "error in test for path: '" + path + "': " + err;
    Value want = OpValue(op);
    if (!val) return want ? failed : "";  // nil against nil (absent or null) holds
    if (!HasValueKey(op) || !want) return failed;
    return Equal(*val, *want) ? "" : failed;
  }
  if (kind == "copy") {
    if (!OpString(op, "from", &from, &err, "operation, missing from field")) {
      return "copy operation failed to decode from: " + err;
    }
    auto con = FindObject(doc, from, &key);
    if (!con)
      return "copy operation does not apply: doc is missing from path: " + from + ": " + kMissing;
    Value val;
    if (!con->Get(key, &val, &err)) return "error in copy for from: '" + from + "': " + err;
    if (!OpString(op, "path", &path, &err, "operation missing path field")) {
      return std::string("copy operation failed to decode path: ") + kMissing;
    }
    auto dest = FindObject(doc, path, &key);
    if (!dest)
      return "copy operation does not apply: doc is missing destination path: " + path + ": " +
             kMissing;
    if (!dest->Add(key, val, &err)) return "error while adding value during copy: " + err;
    return "";
  }
  return "Unexpected kind: " + kind;
}

}  // namespace

JsonPatchOutcome ApplyJsonPatch(const json& document, const json& patch,
                                FieldValidation validation) {
  JsonPatchOutcome out;
  auto bad_request = [&](const std::string& message) {
    out.refused = FromStatusJson(validation::BadRequestStatus(message));
    return out;
  };
  // The handler's decode into []jsonPatchOp (Warn, Strict, and no
  // parameter): type errors refuse the patch; unknown keys are strict errors.
  if (validation != FieldValidation::kIgnore && !patch.is_null()) {
    if (!patch.is_array()) {
      return bad_request("error decoding patch: json: cannot unmarshal " + GoJsonKind(patch) +
                         " into Go value of type []handlers.jsonPatchOp");
    }
    std::string first_error;
    for (size_t i = 0; i < patch.size(); ++i) {
      const json& op = patch[i];
      if (op.is_null()) continue;
      if (!op.is_object()) {
        if (first_error.empty()) {
          first_error = "json: cannot unmarshal " + GoJsonKind(op) +
                        " into Go value of type handlers.jsonPatchOp";
        }
        continue;
      }
      for (auto it = op.begin(); it != op.end(); ++it) {
        const std::string& k = it.key();
        if (k == "op" || k == "path" || k == "from") {
          if (!it->is_null() && !it->is_string() && first_error.empty()) {
            first_error = "json: cannot unmarshal " + GoJsonKind(*it) +
                          " into Go struct field jsonPatchOp." + k + " of type string";
          }
        } else if (k != "value") {
          out.strict_errors.push_back("json patch unknown field \"[" + std::to_string(i) + "]." +
                                      k + "\"");
        }
      }
    }
    if (!first_error.empty()) return bad_request("error decoding patch: " + first_error);
  }
  // jsonpatch.DecodePatch: a list of objects.
  if (!patch.is_null() && !patch.is_array()) {
    return bad_request("json: cannot unmarshal " + GoJsonKind(patch) +
                       " into Go value of type jsonpatch.Patch");
  }
  const json ops = patch.is_null() ? json::array() : patch;
  for (const json& op : ops) {
    if (!op.is_null() && !op.is_object()) {
      return bad_request("json: cannot unmarshal " + GoJsonKind(op) +
                         " into Go value of type jsonpatch.Operation");
    }
  }
  if (ops.size() > kMaxOperations) {
    out.refused = StatusAnswer(
        413, "RequestEntityTooLarge",
        "Request entity too large: The allowed maximum operations in a JSON patch is " +
            std::to_string(kMaxOperations) + ", got " + std::to_string(ops.size()));
    return out;
  }
  json doc = document;
  for (const json& op : ops) {
    std::string err = ApplyOne(doc, op.is_null() ? json::object() : op);
    if (!err.empty()) {
      // errors.NewGenericServerResponse(422, "", GroupResource{}, "", err, 0,
      // false): a fixed message, no causes; the library's text is lost.
      out.library_error = err;
      out.refused = PatchNotApplicableAnswer();
      return out;
    }
  }
  out.patched = std::move(doc);
  return out;
}

}  // namespace kdual::registry
