// Reading fields out of JSON that may not have the expected shape (an
// answer from a server, a kubeconfig, a decoded body): missing keys, other
// types and non-objects all read as "absent", never as an exception.
#ifndef KDUAL_ENGINE_BASE_JSON_ACCESS_H_
#define KDUAL_ENGINE_BASE_JSON_ACCESS_H_

#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

namespace kdual {

// The value at a path of keys ({"metadata", "name"}); null when a step is
// missing or not an object.
inline const nlohmann::json* JsonAt(const nlohmann::json& j,
                                    std::initializer_list<const char*> path) {
  const nlohmann::json* v = &j;
  for (const char* key : path) {
    if (!v->is_object()) return nullptr;
    auto it = v->find(key);
    if (it == v->end()) return nullptr;
    v = &*it;
  }
  return v;
}

// The object at `key` of an object; an empty object when absent or not an
// object (a reference: reading a field costs no copy).
inline const nlohmann::json& ObjectField(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const nlohmann::json* v = JsonAt(object, {key});
  return v != nullptr && v->is_object() ? *v : kEmpty;
}

// The array at `key` of an object; an empty array when absent or not an
// array.
inline const nlohmann::json& ArrayField(const nlohmann::json& object, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json* v = JsonAt(object, {key});
  return v != nullptr && v->is_array() ? *v : kEmpty;
}

// The string at `key` of an object; "" when absent or not a string.
inline std::string StringField(const nlohmann::json& object, const char* key) {
  const nlohmann::json* v = JsonAt(object, {key});
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

// The string at a path of keys; "" when absent or not a string.
inline std::string StringAt(const nlohmann::json& j, std::initializer_list<const char*> path) {
  const nlohmann::json* v = JsonAt(j, path);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

// How Go's encoding/json names a JSON value's kind in its type errors
// ("json: cannot unmarshal <kind> into ..."): object, array, string, bool,
// number (null never errs).
inline std::string GoJsonKind(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::boolean: return "bool";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    default: return "number";
  }
}

}  // namespace kdual

#endif  // KDUAL_ENGINE_BASE_JSON_ACCESS_H_
