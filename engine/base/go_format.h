// Go formatting helpers: how Go's fmt, strconv and encoding/json print
// strings, so that messages the engine builds match the server's bytes.
#ifndef KDUAL_ENGINE_BASE_GO_FORMAT_H_
#define KDUAL_ENGINE_BASE_GO_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

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

// strconv.ParseInt(s, 0, bit_size), as pflag's Int32Var/IntVar read a value:
// base prefixes 0x, 0o, 0b and a leading 0 (octal), underscores between
// digits. On failure the message is `strconv.ParseInt: parsing "s": invalid
// syntax` (or `value out of range`).
AtoiResult GoParseIntBase0(std::string_view s, int bit_size);

// strconv.ParseBool(s): 1 t T TRUE true True 0 f F FALSE false False. On
// failure the message is `strconv.ParseBool: parsing "s": invalid syntax`.
struct ParseBoolResult {
  bool ok = false;
  bool value = false;
  std::string error;
};
ParseBoolResult GoParseBool(std::string_view s);

// A JSON value as Go's %v prints the interface{} json.Unmarshal made of it:
// map[k:v ...] with sorted keys, [a b] for lists, numbers as float64's %v
// (as int64's with `preserve_ints`, as kjson.UnmarshalStrict decodes them).
// Messages that quote a decoded patch print it so.
std::string GoValueText(const nlohmann::json& v, bool preserve_ints = false);

}  // namespace kdual

#endif  // KDUAL_ENGINE_BASE_GO_FORMAT_H_
