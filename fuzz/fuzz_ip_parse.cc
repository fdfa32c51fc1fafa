// Address parsing: the sloppy parser (ParseIPSloppy), the strict ones
// (ParseIPStrict, netip's ParseAddr) and the C library's inet_pton must agree
// on every text they all accept; the strict parsers accept only what the
// sloppy one does; a printed address reads back as itself.
#include <arpa/inet.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

#include "engine/net/ip_address.h"
#include "engine/testing/ip_oracle.h"
#include "fuzz/fuzz_check.h"

namespace {

using kdual::net::IPAddress;
using kdual::test::As16;
using kdual::test::InetPton;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto sloppy = kdual::net::ParseIPSloppy(text);
  auto strict = kdual::net::ParseIPStrict(text);
  auto netip = kdual::net::ParseAddrNetip(text);
  auto libc = InetPton(text);
  if (!sloppy.ok())
    KDUAL_FUZZ_CHECK(!sloppy.status().message().empty(), "sloppy error without a message");
  if (strict.ok()) {
    KDUAL_FUZZ_CHECK(sloppy.ok(), "strict accepts what sloppy refuses: " + text);
    KDUAL_FUZZ_CHECK(As16(*strict) == As16(*sloppy), "strict and sloppy disagree on " + text);
  }
  if (netip.ok() && netip->zone.empty()) {
    KDUAL_FUZZ_CHECK(sloppy.ok(), "netip accepts what sloppy refuses: " + text);
    KDUAL_FUZZ_CHECK(As16(netip->ip) == As16(*sloppy), "netip and sloppy disagree on " + text);
    auto again = kdual::net::ParseAddrNetip(netip->ToString());
    KDUAL_FUZZ_CHECK(again.ok() && again->ToString() == netip->ToString(),
                     "netip form does not read back: " + text);
  }
  if (sloppy.ok() && libc)
    KDUAL_FUZZ_CHECK(*libc == As16(*sloppy), "inet_pton and sloppy disagree on " + text);
  if (sloppy.ok()) {
    std::string printed = sloppy->ToString();
    auto again = kdual::net::ParseIPSloppy(printed);
    KDUAL_FUZZ_CHECK(again.ok() && *again == *sloppy,
                     "printed form does not read back: " + printed);
    KDUAL_FUZZ_CHECK(kdual::net::ParseIPStrict(printed).ok(),
                     "printed form is not strict: " + printed);
  }
  return 0;
}
