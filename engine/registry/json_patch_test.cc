#include "engine/registry/json_patch.h"

#include <gtest/gtest.h>

namespace kdual::registry {
namespace {

using nlohmann::json;

const json kDoc = json::parse(R"({"metadata":{"name":"web","labels":{"app":"web"}},
  "spec":{"ports":[{"port":80},{"port":443}],"selector":{"app":"web"},"type":"ClusterIP"}})");

JsonPatchOutcome Apply(const char* patch, FieldValidation v = FieldValidation::kUnset) {
  return ApplyJsonPatch(kDoc, json::parse(patch), v);
}

// The library texts below are evanphx/json-patch v4's (patch.go); the client
// only sees the handler's fixed 422, so they are checked here.
TEST(JsonPatchTest, LibraryErrorsAndTheFixedAnswer) {
  struct Row {
    const char* patch;
    const char* error;
  } rows[] = {
      {R"([{"op":"test","path":"/spec/type","value":"NodePort"}])",
       "testing value /spec/type failed: test failed"},
      {R"([{"op":"remove","path":"/spec/nothere"}])",
       "error in remove for path: '/spec/nothere': Unable to remove nonexistent key: nothere: missing value"},
      {R"([{"op":"add","path":"/metadata/annotations/a","value":"b"}])",
       "add operation does not apply: doc is missing path: \"/metadata/annotations/a\": missing value"},
      {R"([{"op":"add","path":"/spec/ports/5","value":{}}])",
       "error in add for path: '/spec/ports/5': Unable to access invalid index: 5: invalid index referenced"},
      {R"([{"op":"replace","path":"/spec/ports/2","value":{}}])",
       "replace operation does not apply: doc is missing key: /spec/ports/2: missing value"},
      {R"([{"op":"remove","path":"/spec/ports/-3"}])",
       "error in remove for path: '/spec/ports/-3': Unable to access invalid index: -3: invalid index referenced"},
      {R"([{"op":"frob","path":"/spec"}])", "Unexpected kind: frob"},
      {R"([{"op":"add","value":1}])", "add operation failed to decode path: missing value"},
      {R"([{"op":"add","path":"/spec/ports/x","value":1}])",
       "error in add for path: '/spec/ports/x': value was not a proper array index: 'x': strconv.Atoi: parsing "
       "\"x\": invalid syntax"},
  };
  for (const auto& row : rows) {
    auto out = Apply(row.patch);
    ASSERT_TRUE(out.refused) << row.patch;
    EXPECT_EQ(out.refused->code, 422) << row.patch;
    EXPECT_EQ(out.refused->body["message"],
              "the server rejected our request due to an error in our request");
    EXPECT_EQ(out.library_error, row.error) << row.patch;
  }
}

TEST(JsonPatchTest, TheLibrarysQuirks) {
  // replace of a key an object lacks sets it.
  auto replace = Apply(R"([{"op":"replace","path":"/metadata/labels/tier","value":"fe"}])");
  ASSERT_FALSE(replace.refused);
  EXPECT_EQ(replace.patched["metadata"]["labels"]["tier"], "fe");
  // test of a missing key against null holds; against a value it fails.
  EXPECT_FALSE(Apply(R"([{"op":"test","path":"/spec/nothere","value":null}])").refused);
  EXPECT_TRUE(Apply(R"([{"op":"test","path":"/spec/nothere","value":1}])").refused);
  // Numbers compare as written: 80.0 is not 80.
  EXPECT_FALSE(Apply(R"([{"op":"test","path":"/spec/ports/0/port","value":80}])").refused);
  EXPECT_TRUE(Apply(R"([{"op":"test","path":"/spec/ports/0/port","value":80.0}])").refused);
  // Negative indexes count from the end; the index just past the end appends.
  auto neg = Apply(
      R"([{"op":"remove","path":"/spec/ports/-1"},{"op":"add","path":"/spec/ports/1","value":{"port":8}}])");
  ASSERT_FALSE(neg.refused);
  EXPECT_EQ(neg.patched["spec"]["ports"], json::parse(R"([{"port":80},{"port":8}])"));
  // ~1 and ~0 in a token.
  auto esc = Apply(R"([{"op":"add","path":"/metadata/labels/a~1b~0c","value":"x"}])");
  ASSERT_FALSE(esc.refused);
  EXPECT_EQ(esc.patched["metadata"]["labels"]["a/b~c"], "x");
}

TEST(JsonPatchTest, TheHandlersDecodeOfTheOperations) {
  auto type = Apply(R"([{"op":1,"path":"/spec/type"}])");
  ASSERT_TRUE(type.refused);
  EXPECT_EQ(type.refused->code, 400);
  EXPECT_EQ(
      type.refused->body["message"],
      "error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string");
  auto unknown = Apply(R"([{"op":"add","path":"/spec/x","valeu":1}])");
  ASSERT_FALSE(unknown.refused);
  EXPECT_EQ(unknown.strict_errors,
            std::vector<std::string>{"json patch unknown field \"[0].valeu\""});
  // Ignore skips the handler's decode: the library refuses the op instead.
  auto ignored = Apply(R"([{"op":1,"path":"/spec/type"}])", FieldValidation::kIgnore);
  ASSERT_TRUE(ignored.refused);
  EXPECT_EQ(ignored.refused->code, 422);
  auto object = Apply(R"({"op":"add"})");
  ASSERT_TRUE(object.refused);
  EXPECT_EQ(
      object.refused->body["message"],
      "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp");
}

}  // namespace
}  // namespace kdual::registry
