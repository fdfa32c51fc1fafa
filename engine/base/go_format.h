// Go formatting helpers: how Go's fmt, strconv and encoding/json print
// strings, so that messages the engine builds match the server's bytes.
#ifndef KDUAL_ENGINE_BASE_GO_FORMAT_H_
#define KDUAL_ENGINE_BASE_GO_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kdual {

// strconv.Quote(s): what %q and %#v print for a Go string.
std::string GoQuote(std::string_view s);

// encoding/json.Marshal of a Go string (HTML-safe escaping of <, >, &, and
// U+2028/U+2029; invalid UTF-8 becomes U+FFFD).
std::string GoJSONString(std::string_view s);

// strconv.Atoi(s) on a 64-bit platform. On failure the message is Go's
// `strconv.Atoi: parsing "s": invalid syntax` (or `value out of range`).
struct AtoiResult {
  bool ok = false;
  int64_t value = 0;
  std::string error;
};
AtoiResult GoAtoi(std::string_view s);

}  // namespace kdual

#endif  // KDUAL_ENGINE_BASE_GO_FORMAT_H_
