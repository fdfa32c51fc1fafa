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

}  // namespace kdual

#endif  // KDUAL_ENGINE_BASE_STRINGS_H_
