// Golden-case reading: any bytes must give a case or a clear error, never a
// crash, hang or exception; a case that reads must write and read back to
// the same case.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = kdual::golden::ParseCase(text, "fuzz.yaml");
  if (!parsed.ok()) {
    if (parsed.status().message().empty()) std::abort();  // errors must say something
    return 0;
  }
  std::string written = kdual::golden::WriteCase(*parsed);
  auto again = kdual::golden::ParseCase(written, "rewritten.yaml");
  if (!again.ok()) std::abort();
  if (kdual::golden::WriteCase(*again) != written) std::abort();
  return 0;
}
