#include "engine/net/ip_address.h"

#include <cstdio>

#include "engine/base/go_format.h"

namespace kdual::net {
namespace {

// Inputs longer than this cannot be an address; refuse them early so that no
// input, however long, costs more than a bounded scan.
constexpr size_t kMaxAddressText = 256;

constexpr int kBig = 0xFFFFFF;  // Go net's dtoi/xtoi overflow bound

// Go 1.16 net.dtoi: decimal digits, any number of leading zeros.
bool Dtoi(std::string_view s, int* n, size_t* consumed) {
  int v = 0;
  size_t i = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
    v = v * 10 + (s[i] - '0');
    if (v >= kBig) {
      *n = kBig;
      *consumed = i;
      return false;
    }
  }
  if (i == 0) return false;
  *n = v;
  *consumed = i;
  return true;
}

int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go 1.16 net.xtoi.
bool Xtoi(std::string_view s, int* n, size_t* consumed) {
  int v = 0;
  size_t i = 0;
  for (; i < s.size(); ++i) {
    int h = HexVal(s[i]);
    if (h < 0) break;
    v = v * 16 + h;
    if (v >= kBig) return false;
  }
  if (i == 0) return false;
  *n = v;
  *consumed = i;
  return true;
}

// k8s.io/utils/internal/third_party/forked/golang/net parseIPv4 (Go 1.16).
bool SloppyV4(std::string_view s, std::array<uint8_t, 4>* out) {
  for (int i = 0; i < 4; ++i) {
    if (s.empty()) return false;
    if (i > 0) {
      if (s[0] != '.') return false;
      s.remove_prefix(1);
    }
    int n = 0;
    size_t c = 0;
    if (!Dtoi(s, &n, &c) || n > 0xFF) return false;
    s.remove_prefix(c);
    (*out)[static_cast<size_t>(i)] = static_cast<uint8_t>(n);
  }
  return s.empty();
}

// The forked parseIPv6 (Go 1.16, zones not allowed).
bool SloppyV6(std::string_view s, std::array<uint8_t, 16>* ip) {
  ip->fill(0);
  int ellipsis = -1;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return true;
  }
  int i = 0;
  while (i < 16) {
    int n = 0;
    size_t c = 0;
    if (!Xtoi(s, &n, &c) || n > 0xFFFF) return false;
    if (c < s.size() && s[c] == '.') {
      if (ellipsis < 0 && i != 12) return false;
      if (i + 4 > 16) return false;
      std::array<uint8_t, 4> v4{};
      if (!SloppyV4(s, &v4)) return false;
      for (int k = 0; k < 4; ++k) (*ip)[static_cast<size_t>(i + k)] = v4[static_cast<size_t>(k)];
      s = std::string_view();
      i += 4;
      break;
    }
    (*ip)[static_cast<size_t>(i)] = static_cast<uint8_t>(n >> 8);
    (*ip)[static_cast<size_t>(i + 1)] = static_cast<uint8_t>(n);
    i += 2;
    s.remove_prefix(c);
    if (s.empty()) break;
    if (s[0] != ':' || s.size() == 1) return false;
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return false;
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return false;
  if (i < 16) {
    if (ellipsis < 0) return false;
    int n = 16 - i;
    for (int j = i - 1; j >= ellipsis; --j)
      (*ip)[static_cast<size_t>(j + n)] = (*ip)[static_cast<size_t>(j)];
    for (int j = ellipsis + n - 1; j >= ellipsis; --j) (*ip)[static_cast<size_t>(j)] = 0;
  } else if (ellipsis >= 0) {
    return false;
  }
  return true;
}

bool IsMapped(const std::array<uint8_t, 16>& b) {
  for (int i = 0; i < 10; ++i) {
    if (b[static_cast<size_t>(i)] != 0) return false;
  }
  return b[10] == 0xFF && b[11] == 0xFF;
}

IPAddress From16(const std::array<uint8_t, 16>& b) {
  if (IsMapped(b)) {
    uint32_t v = (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15];
    return IPAddress::V4(v);
  }
  Uint128 v = 0;
  for (uint8_t x : b) v = (v << 8) | x;
  return IPAddress::V6(v);
}

std::string FormatV6(const std::array<uint8_t, 16>& p) {
  // Go net.IP.String / netip: longest run of two or more zero groups
  // becomes "::" (the first such run on ties).
  int e0 = -1, e1 = -1;
  for (int i = 0; i < 16; i += 2) {
    int j = i;
    while (j < 16 && p[static_cast<size_t>(j)] == 0 && p[static_cast<size_t>(j + 1)] == 0) j += 2;
    if (j > i && j - i > e1 - e0) {
      e0 = i;
      e1 = j;
      i = j;
    }
  }
  if (e1 - e0 <= 2) {
    e0 = -1;
    e1 = -1;
  }
  std::string out;
  char buf[8];
  for (int i = 0; i < 16; i += 2) {
    if (i == e0) {
      out += "::";
      i = e1;
      if (i >= 16) break;
    } else if (i > 0) {
      out += ':';
    }
    unsigned g = (unsigned{p[static_cast<size_t>(i)]} << 8) | p[static_cast<size_t>(i + 1)];
    std::snprintf(buf, sizeof buf, "%x", g);
    out += buf;
  }
  return out;
}

Status BadIP(std::string_view text) {
  return InvalidArgument("ParseIP(" + GoQuote(text.substr(0, kMaxAddressText)) +
                         "): not a valid IP address");
}

// --- netip.ParseAddr (Go 1.23+ text and its 4-digit group rule; Go 1.22's
// where NetipRules::kGo122 says) ---

struct NetipError {
  std::string msg;
  std::string at;
  bool has_at = false;
};

bool ParseV4Fields(std::string_view in, size_t off, size_t end, uint8_t* fields, NetipError* err) {
  int val = 0, pos = 0, dig_len = 0;
  std::string_view s = in.substr(off, end - off);
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (dig_len == 1 && val == 0) {
        *err = {"IPv4 field has octet with leading zero", "", false};
        return false;
      }
      val = val * 10 + (c - '0');
      ++dig_len;
      if (val > 255) {
        *err = {"IPv4 field has value >255", "", false};
        return false;
      }
    } else if (c == '.') {
      if (i == 0 || i == s.size() - 1 || s[i - 1] == '.') {
        *err = {"IPv4 field must have at least one digit", std::string(s.substr(i)), true};
        return false;
      }
      if (pos == 3) {
        *err = {"IPv4 address too long", "", false};
        return false;
      }
      fields[pos++] = static_cast<uint8_t>(val);
      val = 0;
      dig_len = 0;
    } else {
      *err = {"unexpected character", std::string(s.substr(i)), true};
      return false;
    }
  }
  if (pos < 3) {
    *err = {"IPv4 address too short", "", false};
    return false;
  }
  fields[3] = static_cast<uint8_t>(val);
  return true;
}

bool NetipV6(std::string_view in, std::array<uint8_t, 16>* ip, std::string* zone, NetipError* err,
             NetipRules rules) {
  std::string_view s = in;
  size_t pct = s.find('%');
  if (pct != std::string_view::npos) {
    *zone = std::string(s.substr(pct + 1));
    s = s.substr(0, pct);
    if (zone->empty()) {
      *err = {"zone must be a non-empty string", "", false};
      return false;
    }
  }
  ip->fill(0);
  int ellipsis = -1;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return true;
  }
  int i = 0;
  while (i < 16) {
    size_t off = 0;
    uint32_t acc = 0;
    for (; off < s.size(); ++off) {
      int h = HexVal(s[off]);
      if (h < 0) break;
      acc = (acc << 4) + static_cast<uint32_t>(h);
      if (off > 3 && rules == NetipRules::kGo123) {
        *err = {"each group must have 4 or less digits", std::string(s), true};
        return false;
      }
      if (acc > 0xFFFF) {
        *err = {"IPv6 field has value >=2^16", std::string(s), true};
        return false;
      }
    }
    if (off == 0) {
      *err = {"each colon-separated field must have at least one digit", std::string(s), true};
      return false;
    }
    if (off < s.size() && s[off] == '.') {
      if (ellipsis < 0 && i != 12) {
        *err = {"embedded IPv4 address must replace the final 2 fields of the address",
                std::string(s), true};
        return false;
      }
      if (i + 4 > 16) {
        *err = {"too many hex fields to fit an embedded IPv4 at the end of the address",
                std::string(s), true};
        return false;
      }
      size_t end = in.size();
      if (!zone->empty()) end -= zone->size() + 1;
      uint8_t f[4];
      if (rules == NetipRules::kGo122) {
        // Go 1.22 parseIPv6: parseIPv4(s) on the rest (the zone cut off), its
        // error wrapped as the message of the whole address's.
        if (!ParseV4Fields(s, 0, s.size(), f, err)) {
          std::string inner = "ParseAddr(" + GoQuote(s) + "): " + err->msg;
          if (err->has_at) inner += " (at " + GoQuote(err->at) + ")";
          *err = {inner, std::string(s), true};
          return false;
        }
      } else if (!ParseV4Fields(in, end - s.size(), end, f, err)) {
        return false;
      }
      for (int k = 0; k < 4; ++k) (*ip)[static_cast<size_t>(i + k)] = f[k];
      s = std::string_view();
      i += 4;
      break;
    }
    (*ip)[static_cast<size_t>(i)] = static_cast<uint8_t>(acc >> 8);
    (*ip)[static_cast<size_t>(i + 1)] = static_cast<uint8_t>(acc);
    i += 2;
    s.remove_prefix(off);
    if (s.empty()) break;
    if (s[0] != ':') {
      *err = {"unexpected character, want colon", std::string(s), true};
      return false;
    } else if (s.size() == 1) {
      *err = {"colon must be followed by more characters", std::string(s), true};
      return false;
    }
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) {
        *err = {"multiple :: in address", std::string(s), true};
        return false;
      }
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) {
    *err = {"trailing garbage after address", std::string(s), true};
    return false;
  }
  if (i < 16) {
    if (ellipsis < 0) {
      *err = {"address string too short", "", false};
      return false;
    }
    int n = 16 - i;
    for (int j = i - 1; j >= ellipsis; --j)
      (*ip)[static_cast<size_t>(j + n)] = (*ip)[static_cast<size_t>(j)];
    for (int j = ellipsis; j < ellipsis + n; ++j) (*ip)[static_cast<size_t>(j)] = 0;
  } else if (ellipsis >= 0) {
    *err = {"the :: must expand to at least one field of zeros", "", false};
    return false;
  }
  return true;
}

}  // namespace

const char* FamilyName(Family family) { return family == Family::kIPv4 ? "IPv4" : "IPv6"; }

IPAddress IPAddress::V4(uint32_t host_order) {
  IPAddress ip;
  ip.family_ = Family::kIPv4;
  ip.bytes_[0] = static_cast<uint8_t>(host_order >> 24);
  ip.bytes_[1] = static_cast<uint8_t>(host_order >> 16);
  ip.bytes_[2] = static_cast<uint8_t>(host_order >> 8);
  ip.bytes_[3] = static_cast<uint8_t>(host_order);
  return ip;
}

IPAddress IPAddress::V6(Uint128 host_order) {
  IPAddress ip;
  ip.family_ = Family::kIPv6;
  for (int i = 15; i >= 0; --i) {
    ip.bytes_[static_cast<size_t>(i)] = static_cast<uint8_t>(host_order & 0xFF);
    host_order >>= 8;
  }
  return ip;
}

Uint128 IPAddress::ToUint128() const {
  Uint128 v = 0;
  size_t n = is_v4() ? 4 : 16;
  for (size_t i = 0; i < n; ++i) v = (v << 8) | bytes_[i];
  return v;
}

std::string IPAddress::ToString() const {
  if (is_v4()) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes_[0], bytes_[1], bytes_[2], bytes_[3]);
    return buf;
  }
  return FormatV6(bytes_);
}

Result<IPAddress> ParseIPSloppy(std::string_view text) {
  if (text.size() > kMaxAddressText) return BadIP(text);
  for (char c : text) {
    if (c == '.') {
      std::array<uint8_t, 4> v4{};
      if (!SloppyV4(text, &v4)) return BadIP(text);
      return IPAddress::V4((uint32_t{v4[0]} << 24) | (uint32_t{v4[1]} << 16) |
                           (uint32_t{v4[2]} << 8) | v4[3]);
    }
    if (c == ':') {
      std::array<uint8_t, 16> v6{};
      if (!SloppyV6(text, &v6)) return BadIP(text);
      return From16(v6);
    }
  }
  return BadIP(text);
}

Result<NetipAddr> ParseAddrNetip(std::string_view text, NetipRules rules) {
  auto fail = [&](const NetipError& e) -> Result<NetipAddr> {
    std::string msg = "ParseAddr(" + GoQuote(text) + "): " + e.msg;
    if (e.has_at) msg += " (at " + GoQuote(e.at) + ")";
    return InvalidArgument(msg);
  };
  if (text.size() > kMaxAddressText) {
    return InvalidArgument("ParseAddr(" + GoQuote(text.substr(0, kMaxAddressText)) +
                           "): unable to parse IP");
  }
  for (char c : text) {
    if (c == '.') {
      uint8_t f[4];
      NetipError err;
      if (!ParseV4Fields(text, 0, text.size(), f, &err)) return fail(err);
      NetipAddr a;
      a.ip = IPAddress::V4((uint32_t{f[0]} << 24) | (uint32_t{f[1]} << 16) | (uint32_t{f[2]} << 8) |
                           f[3]);
      return a;
    }
    if (c == ':') {
      std::array<uint8_t, 16> b{};
      NetipAddr a;
      NetipError err;
      if (!NetipV6(text, &b, &a.zone, &err, rules)) return fail(err);
      a.is4in6 = IsMapped(b);
      a.ip = From16(b);
      return a;
    }
    if (c == '%') return fail({"missing IPv6 address", "", false});
  }
  return fail({"unable to parse IP", "", false});
}

std::string NetipAddr::ToString() const {
  std::string s = is4in6 ? "::ffff:" + ip.ToString() : ip.ToString();
  if (!zone.empty()) s += "%" + zone;
  return s;
}

Result<IPAddress> ParseIPStrict(std::string_view text) {
  auto r = ParseAddrNetip(text);
  if (!r.ok()) return r.status();
  if (!r->zone.empty()) {
    return InvalidArgument("ParseAddr(" + GoQuote(text) + "): zones are not accepted here");
  }
  return r->ip;
}

}  // namespace kdual::net
