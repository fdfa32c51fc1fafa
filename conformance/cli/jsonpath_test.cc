#include "conformance/cli/jsonpath.h"

#include <gtest/gtest.h>

namespace kdual::cli {
namespace {

using nlohmann::json;

// Expected texts are what `kubectl get -o jsonpath=...` prints for the same
// objects (client-go util/jsonpath with AllowMissingKeys).
const json kList = json::parse(R"({"apiVersion":"v1","kind":"List","items":[
  {"metadata":{"name":"kubernetes","namespace":"default"},
   "spec":{"clusterIP":"10.96.0.1","clusterIPs":["10.96.0.1"],"ipFamilies":["IPv4"],"ports":[{"port":443}]}},
  {"metadata":{"name":"web","namespace":"default","labels":{"a":"<b>&"}},
   "spec":{"clusterIP":"10.96.0.9","clusterIPs":["10.96.0.9","fd00::9"],"ipFamilies":["IPv4","IPv6"],
           "ports":[{"port":80},{"port":8080}]}}]})");

std::string Print(const std::string& t, const json& v = kList) {
  auto r = JsonPathPrint(t, v);
  if (!r.ok()) return "ERROR: " + r.status().message();
  return *r;
}

TEST(JsonPathTest, FieldsWildcardsAndIndexes) {
  EXPECT_EQ(Print("{.items[*].metadata.name}"), "kubernetes web");
  EXPECT_EQ(Print("{.items[1].spec.clusterIPs}"), R"(["10.96.0.9","fd00::9"])");
  EXPECT_EQ(Print("{.items[-1].spec.clusterIPs[1]}"), "fd00::9");
  EXPECT_EQ(Print("{.items[0:1].metadata.name}"), "kubernetes");
  EXPECT_EQ(Print("{.items[*].spec.ports[*].port}"), "443 80 8080");
  EXPECT_EQ(Print("{$.kind}"), "List");
  EXPECT_EQ(Print("{.items[1].metadata['name']}"), "web");
}

TEST(JsonPathTest, MissingFieldsPrintNothing) {
  EXPECT_EQ(Print("a{.items[0].spec.nothere}b"), "ab");
  EXPECT_EQ(Print("{.items[7].metadata.name}"), "");
}

TEST(JsonPathTest, RangeAndLiterals) {
  EXPECT_EQ(Print(R"({range .items[*]}{.metadata.name}{"\t"}{.spec.ipFamilies[*]}{"\n"}{end})"),
            "kubernetes\tIPv4\nweb\tIPv4 IPv6\n");
  EXPECT_EQ(Print("{range .items}x{end}"), "x");  // one result: one iteration
}

TEST(JsonPathTest, FiltersAndRecursiveDescent) {
  EXPECT_EQ(Print(R"({.items[?(@.metadata.name=="web")].spec.clusterIP})"), "10.96.0.9");
  EXPECT_EQ(Print("{.items[?(@.spec.ports[0].port>100)].metadata.name}"), "kubernetes");
  EXPECT_EQ(Print("{.items[?(@.metadata.labels)].metadata.name}"), "web");
  EXPECT_EQ(Print("{..clusterIP}"), "10.96.0.1 10.96.0.9");
}

TEST(JsonPathTest, MapsPrintAsGoMarshalsThem) {
  EXPECT_EQ(Print("{.items[1].metadata.labels}"), R"({"a":"\u003cb\u003e\u0026"})");
  EXPECT_EQ(Print("{.items[0].spec.ports[0].port}"), "443");
}

TEST(JsonPathTest, BadTemplatesAreErrors) {
  EXPECT_NE(Print("{.items[*"), Print("{.items[*]}"));
  EXPECT_EQ(Print("{range .items[*]}{.x}").rfind("ERROR", 0), 0u);
  EXPECT_EQ(Print("{end}").rfind("ERROR", 0), 0u);
  EXPECT_EQ(Print("{.items[x]}").rfind("ERROR", 0), 0u);
}

}  // namespace
}  // namespace kdual::cli
