// Small string helpers with one home.
#ifndef KDUAL_ENGINE_BASE_STRINGS_H_
#define KDUAL_ENGINE_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace kdual {

// The parts with `sep` between them (strings.Join).
inline std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

// strings.Split(s, sep) for one separator character: "" gives [""], and
// every separator starts a new part (no trimming, empty parts kept).
inline std::vector<std::string> SplitString(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, at - start));
    start = at + 1;
  }
}

// strings.TrimSpace for ASCII text: the white space Go's unicode.IsSpace
// reports in the ASCII range.
inline std::string TrimSpace(std::string_view s) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace kdual

#endif  // KDUAL_ENGINE_BASE_STRINGS_H_
