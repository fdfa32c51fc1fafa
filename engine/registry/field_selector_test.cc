#include "engine/registry/field_selector.h"

#include <gtest/gtest.h>

#include "engine/version/release.h"

namespace kdual::registry {
namespace {

version::Profile ProfileOf(const char* minor) {
  return *version::ProfileFor(*version::ResolveRelease(minor));
}

std::string Error(const std::string& text, const char* minor = "1.37") {
  auto s = FieldSelector::ParseForServices(text, ProfileOf(minor));
  return s.ok() ? "ok" : s.status().message();
}

TEST(FieldSelector, ParsesUnescapesAndMatches) {
  auto s = FieldSelector::ParseForServices(",,metadata.name=we\\,b,spec.type!=ClusterIP,",
                                           ProfileOf("1.37"));
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->terms().size(), 2u);
  EXPECT_EQ(s->terms()[0].value, "we,b");
  EXPECT_TRUE(s->Matches({{"metadata.name", "we,b"}, {"spec.type", "NodePort"}}));
  EXPECT_FALSE(s->Matches({{"metadata.name", "we,b"}, {"spec.type", "ClusterIP"}}));
  EXPECT_FALSE(s->Matches({{"metadata.name", "web"}}));
}

TEST(FieldSelector, ErrorsInTheServersWords) {
  EXPECT_EQ(Error("metadata.name"),
            "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  EXPECT_EQ(Error("metadata.name=a=b"), "invalid field selector: unescaped character in value: 61");
  EXPECT_EQ(Error("metadata.name=a\\x"), "invalid field selector: invalid escape sequence: \\x");
  EXPECT_EQ(Error("metadata.name=web\\"), "invalid field selector: invalid escape sequence: \\");
  // Sorted before they are converted: metadata.bar is refused first.
  EXPECT_EQ(Error("spec.foo=1,metadata.bar=2"), "field label not supported: metadata.bar");
}

// kubernetes/kubernetes#123905 (1.31): spec.clusterIP and spec.type.
TEST(FieldSelector, ServiceFieldsPerRelease) {
  EXPECT_EQ(Error("spec.clusterIP=10.96.0.10", "1.31"), "ok");
  EXPECT_EQ(Error("spec.type=NodePort", "1.30"),
            "\"spec.type\" is not a known field selector: only \"metadata.name\", "
            "\"metadata.namespace\"");
  EXPECT_EQ(Error("spec.ports=80", "1.37"), "field label not supported: spec.ports");
  // The label is quoted with %q before 1.31: an escaped comma's backslash
  // is doubled (found by kdual diff seed 58 on v1.24.17); from 1.31 %s.
  EXPECT_EQ(Error("metadata.namespacex\\,spec.ports=1", "1.24"),
            "\"metadata.namespacex\\\\,spec.ports\" is not a known field selector: only "
            "\"metadata.name\", \"metadata.namespace\"");
  EXPECT_EQ(Error("metadata.namespacex\\,spec.ports=1", "1.37"),
            "field label not supported: metadata.namespacex\\,spec.ports");
}

}  // namespace
}  // namespace kdual::registry
