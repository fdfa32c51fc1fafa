#include "conformance/golden/yaml_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <regex>
#include <set>

#include "conformance/golden/yaml_reader.h"

namespace kdual::golden {
namespace {

using nlohmann::json;

constexpr size_t kFlowWidth = 72;

// Forms that some YAML 1.1 or 1.2 reader types as non-string even where
// yaml.v2 keeps a string: sexagesimal numbers, timestamps, 1.2 core words in
// any case, octal and hex forms, and the YAML 1.1 "=" value.
bool LooksTypedElsewhere(const std::string& s) {
  static const std::regex kOther(
      R"(^([-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$)"  // 1:20
      R"(|^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?)$)"     // dates
      R"(|^[-+]?(0[xXoObB][0-9a-fA-F_]+|[0-9][0-9_]*|\.[0-9_]+|[0-9][0-9_]*\.[0-9_]*)([eE][-+]?[0-9]+)?$)"
      R"(|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$|^=$|^<<$)");
  std::string lower = s;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  static const std::set<std::string> kWords = {"y",    "n",     "yes",  "no", "on", "off",
                                               "true", "false", "null", "~",  ""};
  return kWords.count(lower) > 0 || std::regex_match(s, kOther);
}

// The code point of a non-ASCII character at s[i] that a YAML reader does not
// take as itself when written raw: the line breaks NEL (U+0085), LS (U+2028)
// and PS (U+2029), which libyaml and yaml.v2 fold like a newline, and what
// their reader refuses as not printable (the C1 controls, U+FEFF, U+FFFE,
// U+FFFF). 0 for any other character; *len is its length in bytes.
uint32_t RawUnsafe(const std::string& s, size_t i, size_t* len) {
  auto byte = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
  unsigned char c = byte(i);
  *len = 1;
  if (c == 0xC2 && byte(i + 1) >= 0x80 && byte(i + 1) <= 0x9F) {
    *len = 2;
    return byte(i + 1);
  }
  if (c == 0xE2 && byte(i + 1) == 0x80 && (byte(i + 2) == 0xA8 || byte(i + 2) == 0xA9)) {
    *len = 3;
    return 0x2000 + (byte(i + 2) - 0x80);
  }
  if (c == 0xEF && ((byte(i + 1) == 0xBB && byte(i + 2) == 0xBF) ||
                    (byte(i + 1) == 0xBF && (byte(i + 2) == 0xBE || byte(i + 2) == 0xBF)))) {
    *len = 3;
    return ((c & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F);
  }
  return 0;
}

bool IsIndicator(char c) {
  return std::string_view("-?:,[]{}#&*!|>'\"%@`").find(c) != std::string_view::npos;
}

bool NeedsQuotesIn(const std::string& s, bool flow) {
  if (s.empty()) return true;
  if (!ResolvePlainScalar(s).is_string() || LooksTypedElsewhere(s)) return true;
  char first = s[0];
  if (IsIndicator(first)) {
    // "-x", "?x" and ":x" are plain in block context; keep it simple and
    // allow only "-" followed by a non-space character.
    if (!(first == '-' && s.size() > 1 && s[1] != ' ')) return true;
  }
  if (first == ' ' || s.back() == ' ' || s.back() == ':') return true;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return true;
    size_t len;
    if (c >= 0x80 && RawUnsafe(s, i, &len) != 0) return true;
    if (c == ':' && i + 1 < s.size() && s[i + 1] == ' ') return true;
    if (c == '#' && i > 0 && s[i - 1] == ' ') return true;
    if (flow && (c == ',' || c == '[' || c == ']' || c == '{' || c == '}')) return true;
    // yaml-cpp reads "?" before a flow indicator ("[a?]") as a key indicator.
    if (flow && c == '?') return true;
  }
  return false;
}

std::string Scalar(const json& v, bool flow) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return v.get<bool>() ? "true" : "false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return v.dump();
    case json::value_t::number_float: {
      double d = v.get<double>();
      if (std::isnan(d)) return ".nan";
      if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
      return v.dump();
    }
    case json::value_t::string: {
      const std::string& s = v.get_ref<const std::string&>();
      return NeedsQuotesIn(s, flow) ? DoubleQuoted(s) : s;
    }
    case json::value_t::object: return "{}";
    case json::value_t::array: return "[]";
    default: return "null";
  }
}

bool IsScalarOrEmpty(const json& v) { return !(v.is_object() || v.is_array()) || v.empty(); }

// A list of scalars short enough for one line, written in flow style.
bool FlowList(const json& v, std::string* out) {
  if (!v.is_array() || v.empty()) return false;
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i].is_object() || v[i].is_array()) return false;
    if (i) s += ", ";
    s += Scalar(v[i], true);
  }
  s += "]";
  if (s.size() > kFlowWidth) return false;
  *out = s;
  return true;
}

class Writer {
 public:
  explicit Writer(const KeyOrder& order) : order_(order) {}

  // Longer keys are written explicitly ("? key"); below YAML's 1024 limit
  // with room for the quoting.
  static constexpr size_t kMaxImplicitKey = 1000;

  std::string Emit(const json& value) {
    std::string flow;
    if (IsScalarOrEmpty(value)) return Scalar(value, false) + "\n";
    if (FlowList(value, &flow)) return flow + "\n";
    Node(value, "", 0, false);
    return out_;
  }

 private:
  std::vector<std::string> OrderedKeys(const json& object, const std::string& pointer) {
    std::vector<std::string> keys;
    std::set<std::string> seen;
    if (order_) {
      for (const std::string& k : order_(pointer)) {
        if (object.contains(k) && seen.insert(k).second) keys.push_back(k);
      }
    }
    for (auto it = object.begin(); it != object.end(); ++it) {  // sorted already
      if (seen.insert(it.key()).second) keys.push_back(it.key());
    }
    return keys;
  }

  // Writes a non-empty object or array. When `inline_first` is set, the
  // caller already wrote "- " and the first line continues it.
  void Node(const json& value, const std::string& pointer, int indent, bool inline_first) {
    std::string pad(indent, ' ');
    bool first = true;
    if (value.is_object()) {
      for (const std::string& key : OrderedKeys(value, pointer)) {
        const json& child = value[key];
        std::string lead = (first && inline_first) ? "" : pad;
        first = false;
        std::string k = NeedsQuotesIn(key, false) ? DoubleQuoted(key) : key;
        std::string flow;
        if (k.size() > kMaxImplicitKey) {
          // YAML limits an implicit key to 1024 characters (yaml-cpp
          // enforces it): a longer key is written as an explicit one.
          out_ += lead + "? " + k + "\n";
          if (IsScalarOrEmpty(child)) {
            out_ += pad + ": " + Scalar(child, false) + "\n";
          } else if (FlowList(child, &flow)) {
            out_ += pad + ": " + flow + "\n";
          } else {
            out_ += pad + ":\n";
            Node(child, PointerChild(pointer, key), indent + 2, false);
          }
          continue;
        }
        if (IsScalarOrEmpty(child)) {
          out_ += lead + k + ": " + Scalar(child, false) + "\n";
        } else if (FlowList(child, &flow)) {
          out_ += lead + k + ": " + flow + "\n";
        } else {
          out_ += lead + k + ":\n";
          Node(child, PointerChild(pointer, key), indent + 2, false);
        }
      }
      return;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      const json& item = value[i];
      std::string lead = (first && inline_first) ? "" : pad;
      first = false;
      std::string flow;
      if (IsScalarOrEmpty(item)) {
        out_ += lead + "- " + Scalar(item, false) + "\n";
      } else if (FlowList(item, &flow)) {
        out_ += lead + "- " + flow + "\n";
      } else {
        out_ += lead + "- ";
        Node(item, PointerChild(pointer, i), indent + 2, true);
      }
    }
  }

  const KeyOrder& order_;
  std::string out_;
};

}  // namespace

bool NeedsQuotes(const std::string& text) { return NeedsQuotesIn(text, false); }

std::string DoubleQuoted(const std::string& text) {
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t len = 1;
    if (uint32_t cp = c >= 0x80 ? RawUnsafe(text, i, &len) : 0) {
      char buf[16];
      if (cp == 0x85)
        out += "\\N";
      else if (cp == 0x2028)
        out += "\\L";
      else if (cp == 0x2029)
        out += "\\P";
      else {
        std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
        out += buf;
      }
      i += len - 1;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string EmitYaml(const nlohmann::json& value, const KeyOrder& order) {
  return Writer(order).Emit(value);
}

}  // namespace kdual::golden
