// Service decoding: JSON or YAML bytes to the model and back. Any bytes give
// a Service or the server's decode error, never a crash; a decoded Service
// encodes to JSON that decodes to the same Service (encode . decode is
// idempotent), and the YAML writer's text of it reads back equal.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "conformance/golden/yaml_reader.h"
#include "conformance/golden/yaml_writer.h"
#include "engine/api/service.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16 * 1024) return 0;
  std::string text(reinterpret_cast<const char*>(data), size);
  nlohmann::json body = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    auto doc = kdual::golden::ParseYaml(text, "fuzz.yaml");
    if (!doc.ok()) return 0;
    body = doc->value;
  }
  auto first = kdual::api::DecodeService(body);
  if (!first.ok()) {
    KDUAL_FUZZ_CHECK(!first.status().message().empty(), "decode error without a message");
    return 0;
  }
  nlohmann::json once = kdual::api::EncodeService(first->service);
  auto second = kdual::api::DecodeService(once);
  KDUAL_FUZZ_CHECK(second.ok(), "encoded Service does not decode: " + once.dump());
  KDUAL_FUZZ_CHECK(second->warnings.empty(), "encoded Service has unknown fields: " + once.dump());
  nlohmann::json twice = kdual::api::EncodeService(second->service);
  KDUAL_FUZZ_CHECK(twice == once,
                   "encode . decode not idempotent:\n" + once.dump() + "\n" + twice.dump());
  std::string yaml = kdual::golden::EmitYaml(once);
  auto back = kdual::golden::ParseYaml(yaml, "rewritten.yaml");
  KDUAL_FUZZ_CHECK(back.ok() && back->value == once,
                   "YAML of the Service does not read back:\n" + yaml);
  return 0;
}
