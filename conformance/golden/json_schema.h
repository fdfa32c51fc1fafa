// A small JSON Schema validator: the subset of draft 2020-12 that the golden
// case schema uses (type, enum, const, properties, required,
// additionalProperties, items, minItems, minLength, minimum, maximum,
// pattern, oneOf, anyOf, $ref to "#/$defs/..."). Unknown keywords are an
// error at load time, so the schema cannot silently outgrow the validator.
#ifndef KDUAL_CONFORMANCE_GOLDEN_JSON_SCHEMA_H_
#define KDUAL_CONFORMANCE_GOLDEN_JSON_SCHEMA_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/status.h"

namespace kdual::golden {

struct SchemaError {
  std::string pointer;  // where in the instance ("/steps/0/op")
  std::string message;
};

class JsonSchema {
 public:
  static Result<JsonSchema> Load(const nlohmann::json& schema);

  // Every violation found, outermost first.
  std::vector<SchemaError> Validate(const nlohmann::json& instance) const;

 private:
  explicit JsonSchema(nlohmann::json schema) : schema_(std::move(schema)) {}
  nlohmann::json schema_;
};

// The golden case schema (conformance/golden/golden-case.schema.json),
// compiled into kdual.
const JsonSchema& GoldenCaseSchema();

}  // namespace kdual::golden

#endif  // KDUAL_CONFORMANCE_GOLDEN_JSON_SCHEMA_H_
