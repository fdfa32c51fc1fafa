#include "engine/base/go_format.h"

#include <cstdio>

namespace kdual {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns the code point and its length,
// or length 1 and -1 for an invalid byte (Go's utf8.DecodeRuneInString).
std::pair<int32_t, size_t> DecodeRune(std::string_view s, size_t i) {
  auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
    return {((b0 & 0x1F) << 6) | (at(1) & 0x3F), 2};
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    int32_t r = ((b0 & 0x0F) << 12) | ((at(1) & 0x3F) << 6) | (at(2) & 0x3F);
    if (r < 0x800 || (r >= 0xD800 && r <= 0xDFFF)) return {-1, 1};
    return {r, 3};
  }
  if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    int32_t r =
        ((b0 & 0x07) << 18) | ((at(1) & 0x3F) << 12) | ((at(2) & 0x3F) << 6) | (at(3) & 0x3F);
    if (r < 0x10000 || r > 0x10FFFF) return {-1, 1};
    return {r, 4};
  }
  return {-1, 1};
}

std::string Hex(unsigned v, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*x", width, v);
  return buf;
}

// A rough form of unicode.IsPrint for non-ASCII code points: Go treats most
// assigned graphic characters as printable; control and format ranges are not.
bool IsPrintNonASCII(int32_t r) {
  if (r < 0xA0) return false;                         // C1 controls
  if (r == 0xAD) return false;                        // soft hyphen (format)
  if (r >= 0x2000 && r <= 0x200F) return r < 0x200B;  // spaces print, ZW* do not
  if (r >= 0x2028 && r <= 0x202E) return false;
  if (r >= 0x2060 && r <= 0x206F) return false;
  if (r == 0xFEFF) return false;
  if (r >= 0xD800 && r <= 0xDFFF) return false;
  if (r >= 0xE000 && r <= 0xF8FF) return false;  // private use
  if (r == 0xFFFE || r == 0xFFFF) return false;
  return true;
}

}  // namespace

std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    auto [r, n] = DecodeRune(s, i);
    if (r < 0) {
      out += "\\x" + Hex(static_cast<unsigned char>(s[i]), 2);
      i += 1;
      continue;
    }
    switch (r) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        if (r < 0x80) {
          if (r < 0x20 || r == 0x7F) {
            out += "\\x" + Hex(static_cast<unsigned>(r), 2);
          } else {
            out += static_cast<char>(r);
          }
        } else if (IsPrintNonASCII(r)) {
          out.append(s.substr(i, n));
        } else if (r < 0x10000) {
          out += "\\u" + Hex(static_cast<unsigned>(r), 4);
        } else {
          out += "\\U" + Hex(static_cast<unsigned>(r), 8);
        }
    }
    i += n;
  }
  out += "\"";
  return out;
}

std::string GoJSONString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    auto [r, n] = DecodeRune(s, i);
    if (r < 0) {
      out += "\\ufffd";
      i += 1;
      continue;
    }
    switch (r) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '<':
      case '>':
      case '&': out += "\\u00" + Hex(static_cast<unsigned>(r), 2); break;
      default:
        if (r < 0x20) {
          out += "\\u00" + Hex(static_cast<unsigned>(r), 2);
        } else if (r == 0x2028 || r == 0x2029) {
          out += "\\u" + Hex(static_cast<unsigned>(r), 4);
        } else {
          out.append(s.substr(i, n));
        }
    }
    i += n;
  }
  out += "\"";
  return out;
}

AtoiResult GoAtoi(std::string_view s) {
  AtoiResult res;
  auto fail = [&](const char* why) {
    res.ok = false;
    res.error = "strconv.Atoi: parsing " + GoQuote(s) + ": " + why;
    return res;
  };
  std::string_view d = s;
  bool neg = false;
  if (!d.empty() && (d[0] == '+' || d[0] == '-')) {
    neg = d[0] == '-';
    d.remove_prefix(1);
  }
  if (d.empty()) return fail("invalid syntax");
  // Go's ParseInt accepts underscores only with a base prefix (base 0); Atoi
  // uses base 10, so digits only.
  unsigned __int128 v = 0;
  bool overflow = false;
  for (char c : d) {
    if (c < '0' || c > '9') return fail("invalid syntax");
    if (!overflow) {
      v = v * 10 + static_cast<unsigned>(c - '0');
      if (v > static_cast<unsigned __int128>(INT64_MAX) + 1) overflow = true;
    }
  }
  if (overflow || (!neg && v > static_cast<unsigned __int128>(INT64_MAX))) {
    return fail("value out of range");
  }
  res.ok = true;
  res.value = neg ? static_cast<int64_t>(-static_cast<__int128>(v)) : static_cast<int64_t>(v);
  return res;
}

namespace {

// strconv.underscoreOK: underscores only between digits (a base prefix
// counts as a digit), never first, doubled or last.
bool UnderscoreOK(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0') {
    char l = static_cast<char>(s[1] | 0x20);
    if (l == 'b' || l == 'o' || l == 'x') {
      i = 2;
      saw = '0';
      hex = l == 'x';
    }
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    char l = static_cast<char>(c | 0x20);
    if ((c >= '0' && c <= '9') || (hex && l >= 'a' && l <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

}  // namespace

AtoiResult GoParseIntBase0(std::string_view s0, int bit_size) {
  AtoiResult res;
  auto fail = [&](const char* why) {
    res.ok = false;
    res.error = "strconv.ParseInt: parsing " + GoQuote(s0) + ": " + why;
    return res;
  };
  std::string_view s = s0;
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  // strconv.ParseUint(s, 0, 64), reporting as ParseInt.
  if (s.empty()) return fail("invalid syntax");
  const std::string_view unsigned_text = s;
  unsigned base = 10;
  if (s[0] == '0') {
    char l = s.size() >= 3 ? static_cast<char>(s[1] | 0x20) : '\0';
    if (l == 'b')
      base = 2, s.remove_prefix(2);
    else if (l == 'o')
      base = 8, s.remove_prefix(2);
    else if (l == 'x')
      base = 16, s.remove_prefix(2);
    else
      base = 8, s.remove_prefix(1);
  }
  const uint64_t max_val = UINT64_MAX;
  const uint64_t cutoff = max_val / base + 1;
  uint64_t n = 0;
  bool underscores = false, range_error = false;
  for (char c : s) {
    unsigned d;
    char l = static_cast<char>(c | 0x20);
    if (c == '_') {
      underscores = true;
      continue;
    } else if (c >= '0' && c <= '9') {
      d = static_cast<unsigned>(c - '0');
    } else if (l >= 'a' && l <= 'z') {
      d = static_cast<unsigned>(l - 'a' + 10);
    } else {
      return fail("invalid syntax");
    }
    if (d >= base) return fail("invalid syntax");
    if (n >= cutoff) {
      range_error = true;
      break;
    }
    n *= base;
    uint64_t n1 = n + d;
    if (n1 < n) {
      range_error = true;
      break;
    }
    n = n1;
  }
  if (!range_error && underscores && !UnderscoreOK(unsigned_text)) return fail("invalid syntax");
  const uint64_t limit = uint64_t{1} << (bit_size - 1);
  if (range_error || (!neg && n >= limit) || (neg && n > limit)) return fail("value out of range");
  res.ok = true;
  res.value = neg ? static_cast<int64_t>(0 - n) : static_cast<int64_t>(n);
  return res;
}

ParseBoolResult GoParseBool(std::string_view s) {
  ParseBoolResult r;
  static const char* kTrue[] = {"1", "t", "T", "TRUE", "true", "True"};
  static const char* kFalse[] = {"0", "f", "F", "FALSE", "false", "False"};
  for (const char* t : kTrue) {
    if (s == t) return {true, true, ""};
  }
  for (const char* f : kFalse) {
    if (s == f) return {true, false, ""};
  }
  r.error = "strconv.ParseBool: parsing " + GoQuote(s) + ": invalid syntax";
  return r;
}

std::string GoValueText(const nlohmann::json& v, bool preserve_ints) {
  if (v.is_object()) {
    std::string out = "map[";
    bool first = true;
    for (auto it = v.begin(); it != v.end();
         ++it) {  // nlohmann keeps keys sorted, as fmt sorts them
      if (!first) out += " ";
      first = false;
      out += it.key() + ":" + GoValueText(it.value(), preserve_ints);
    }
    return out + "]";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + GoValueText(v[i], preserve_ints);
    return out + "]";
  }
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "<nil>";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  // Decoded with PreserveInts (the strict decoders), an integer is an int64.
  if (preserve_ints && (v.is_number_integer() || v.is_number_unsigned())) return v.dump();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v.get<double>());  // %v of a float64 is %g
  return buf;
}

}  // namespace kdual
