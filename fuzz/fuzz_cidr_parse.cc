// CIDR parsing (ParseCIDRSloppy): any text gives a network or an error that
// says something; a network has no host bits, contains its first and last
// address, and its printed form reads back as itself.
#include <cstdint>
#include <string>

#include "engine/net/cidr.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto cidr = kdual::net::ParseCIDRSloppy(text);
  if (!cidr.ok()) {
    KDUAL_FUZZ_CHECK(!cidr.status().message().empty(), "error without a message");
    return 0;
  }
  KDUAL_FUZZ_CHECK(cidr->prefix_length() >= 0 && cidr->prefix_length() <= cidr->address_bits(),
                   "prefix out of bounds for " + text);
  KDUAL_FUZZ_CHECK(cidr->Contains(cidr->network()) && cidr->Contains(cidr->Last()),
                   "bounds not contained: " + text);
  KDUAL_FUZZ_CHECK(
      kdual::net::Cidr(cidr->network(), cidr->prefix_length()).network() == cidr->network(),
      "host bits left in " + text);
  auto again = kdual::net::ParseCIDRSloppy(cidr->ToString());
  KDUAL_FUZZ_CHECK(again.ok() && *again == *cidr,
                   "printed form does not read back: " + cidr->ToString());
  // AddressCount saturates for ::/0 (2^128 does not fit), as documented.
  if (cidr->host_bits() < 128) {
    KDUAL_FUZZ_CHECK(
        kdual::net::Distance(cidr->network(), cidr->Last()) == kdual::net::AddressCount(*cidr) - 1,
        "size disagrees with bounds for " + text);
  }
  (void)kdual::net::RangeSizeInt64(*cidr);
  return 0;
}
