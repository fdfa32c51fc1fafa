// An independent reading of address text, for the parser checks: the C
// library's inet_pton, and both it and the engine's IPAddress as 16 bytes
// (IPv4 as ::ffff:a.b.c.d) so the two families compare. Used by the parse
// properties and the IP parse fuzz target.
#ifndef KDUAL_ENGINE_TESTING_IP_ORACLE_H_
#define KDUAL_ENGINE_TESTING_IP_ORACLE_H_

#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "engine/net/ip_address.h"

namespace kdual::test {

inline std::array<uint8_t, 16> As16(const net::IPAddress& ip) {
  std::array<uint8_t, 16> out{};
  if (ip.is_v4()) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, ip.bytes().data(), 4);
  } else {
    out = ip.bytes();
  }
  return out;
}

// What inet_pton reads `text` as; nullopt when it refuses it (and for any
// text with a NUL, which C strings cannot carry).
inline std::optional<std::array<uint8_t, 16>> InetPton(const std::string& text) {
  if (text.find('\0') != std::string::npos) return std::nullopt;
  std::array<uint8_t, 16> out{};
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

}  // namespace kdual::test

#endif  // KDUAL_ENGINE_TESTING_IP_ORACLE_H_
