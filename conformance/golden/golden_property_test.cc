// Properties of the case format's building blocks, over generated values.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "conformance/golden/normalize.h"
#include "conformance/golden/yaml_reader.h"
#include "conformance/golden/yaml_writer.h"

namespace kdual::golden {
namespace {

using nlohmann::json;

// Strings biased toward what trips YAML writers: typed-looking words,
// indicators, placeholders, whitespace and control characters.
rc::Gen<std::string> TrickyString() {
  return rc::gen::oneOf(
      rc::gen::element<std::string>(
          "80", "on", "yes", "no", "null", "~", "1e3", "0x1F", "", "true", "- x", "a: b", "#c",
          "~IPv4:a", "10.96.0.1", "fd00::1", "1:20", "2001-12-14", " x", "x ", "\"q\"", "'s'",
          "tab\t", "nl\n", "[a]", "{b}", "*a", "&a", "!t", "%p", "@", "`", ".5", "-1", "=", "<<"),
      rc::gen::string<std::string>(),
      rc::gen::container<std::string>(rc::gen::inRange<char>(32, 127)));
}

rc::Gen<json> Scalar() {
  return rc::gen::oneOf(
      rc::gen::map(TrickyString(), [](std::string s) { return json(s); }),
      rc::gen::map(rc::gen::arbitrary<int64_t>(), [](int64_t i) { return json(i); }),
      rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return json(b); }),
      rc::gen::just(json(nullptr)));
}

json Build(int depth) {
  int kind = *rc::gen::inRange(0, depth > 0 ? 3 : 1);
  if (kind == 0) return *Scalar();
  int n = *rc::gen::inRange(0, 4);
  if (kind == 1) {
    json a = json::array();
    for (int i = 0; i < n; ++i) a.push_back(Build(depth - 1));
    return a;
  }
  json o = json::object();
  for (int i = 0; i < n; ++i) o[*TrickyString()] = Build(depth - 1);
  return o;
}

bool ValidUtf8(const std::string& s) {
  try {
    (void)json(s).dump();
    return true;
  } catch (...) {
    return false;
  }
}

RC_GTEST_PROP(YamlRoundTrip, WriterOutputReadsBackEqual, ()) {
  json v = Build(3);
  RC_PRE(ValidUtf8(v.dump(-1, ' ', false, json::error_handler_t::replace)) &&
         v.dump(-1, ' ', false, json::error_handler_t::replace) ==
             v.dump(-1, ' ', false, json::error_handler_t::ignore));
  std::string text = EmitYaml(v);
  auto back = ParseYaml(text, "rt.yaml");
  RC_ASSERT(back.ok());
  RC_ASSERT(back->value == v);
  RC_ASSERT(EmitYaml(back->value) == text);
}

RC_GTEST_PROP(Normalize, IsIdempotent, ()) {
  json v = Build(2);
  json object = {{"metadata", {{"name", "n"}, {"uid", *TrickyString()}, {"labels", Build(1)}}},
                 {"spec", v}};
  json once = NormalizeObject(object);
  RC_ASSERT(NormalizeObject(once) == once);
  RC_ASSERT(!once["metadata"].contains("uid"));
}

}  // namespace
}  // namespace kdual::golden
