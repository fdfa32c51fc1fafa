#include "engine/fieldmanager/typed_value.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kdual::fieldmanager {
namespace {

using nlohmann::json;

std::vector<std::string> Texts(const FieldSet& set) {
  std::vector<std::string> out;
  for (const auto& p : set.paths()) out.push_back(PathString(p));
  return out;
}

json Ports(std::vector<int> ports) {
  json list = json::array();
  for (int p : ports) list.push_back({{"port", p}});
  return {{"spec", {{"ports", list}}}};
}

std::vector<int> PortsOf(const json& svc) {
  std::vector<int> out;
  for (const auto& p : svc["spec"]["ports"]) out.push_back(p["port"].get<int>());
  return out;
}

TEST(TypedValue, KeyedListItemsPrintTheirKeysWithDefaults) {
  Schema s = ServiceSchema(37);
  FieldSet set =
      ToFieldSet(s, {{"spec", {{"ports", {{{"port", 80}}}}, {"selector", {{"app", "x"}}}}}});
  EXPECT_EQ(Texts(set),
            (std::vector<std::string>{".spec.selector", ".spec.ports[port=80,protocol=\"TCP\"]",
                                      ".spec.ports[port=80,protocol=\"TCP\"].port"}));
}

TEST(TypedValue, SetItemsAndMapKeysAreMembers) {
  Schema s = ServiceSchema(37);
  FieldSet set = ToFieldSet(
      s, {{"metadata", {{"labels", {{"app", "web"}}}, {"finalizers", {"example.com/f"}}}}});
  EXPECT_EQ(Texts(set), (std::vector<std::string>{".metadata.finalizers[=\"example.com/f\"]",
                                                  ".metadata.labels.app"}));
}

// merge.go visitListItems: shared items come in the configuration's order,
// live-only items keep their place.
TEST(TypedValue, MergeOrdersKeyedListsAsTheServer) {
  Schema s = ServiceSchema(37);
  EXPECT_EQ(PortsOf(Merge(s, Ports({1, 2, 3}), Ports({3, 4, 1}))), (std::vector<int>{2, 3, 4, 1}));
  EXPECT_EQ(PortsOf(Merge(s, Ports({1, 2}), Ports({2, 1}))), (std::vector<int>{2, 1}));
  EXPECT_EQ(PortsOf(Merge(s, Ports({1, 2}), Ports({3, 1}))), (std::vector<int>{3, 1, 2}));
  EXPECT_EQ(PortsOf(Merge(s, Ports({1, 2}), Ports({3}))), (std::vector<int>{1, 2, 3}));
}

TEST(TypedValue, MergeReplacesAtomicListsAndKeepsLiveMapsOnNull) {
  Schema s = ServiceSchema(37);
  json live = {{"metadata", {{"labels", {{"a", "1"}}}}},
               {"spec", {{"clusterIPs", {"10.0.0.1", "fd00::1"}}}}};
  json merged = Merge(
      s, live, {{"metadata", {{"labels", nullptr}}}, {"spec", {{"clusterIPs", {"10.0.0.2"}}}}});
  EXPECT_EQ(merged["spec"]["clusterIPs"], json({"10.0.0.2"}));
  EXPECT_EQ(merged["metadata"]["labels"], json({{"a", "1"}}));
}

TEST(TypedValue, CompareFindsAddedNodesAndModifiedLeaves) {
  Schema s = ServiceSchema(37);
  Comparison c =
      Compare(s, {{"spec", {{"type", "ClusterIP"}}}},
              {{"spec", {{"type", "NodePort"}}}, {"metadata", {{"labels", {{"a", "1"}}}}}});
  EXPECT_EQ(Texts(c.modified), (std::vector<std::string>{".spec.type"}));
  EXPECT_EQ(Texts(c.added),
            (std::vector<std::string>{".metadata", ".metadata.labels", ".metadata.labels.a"}));
  EXPECT_TRUE(c.removed.Empty());
}

TEST(TypedValue, ValidateUsesTheMergeLibrarysTexts) {
  Schema s = ServiceSchema(37);
  EXPECT_EQ(Validate(s, {{"spec", {{"foo", 1}}}}),
            (std::vector<std::string>{".spec.foo: field not declared in schema"}));
  EXPECT_EQ(Validate(s, {{"spec", {{"type", 5}}}}),
            (std::vector<std::string>{
                ".spec.type: expected string, got &value.valueUnstructured{Value:5}"}));
  EXPECT_EQ(
      Validate(s, {{"spec", {{"ports", {{{"port", "80"}}}}}}}),
      (std::vector<std::string>{
          ".spec.ports[port=\"80\",protocol=\"TCP\"].port: expected numeric (int or float), got string"}));
  EXPECT_EQ(Validate(s, {{"spec", {{"ports", {{{"port", 80}}, {{"port", 80}}}}}}}),
            (std::vector<std::string>{
                ".spec.ports: duplicate entries for key [port=80,protocol=\"TCP\"]"}));
  // A field a release does not have yet.
  EXPECT_EQ(
      Validate(ServiceSchema(29), {{"spec", {{"trafficDistribution", "PreferClose"}}}}).size(), 1u);
  EXPECT_TRUE(Validate(s, {{"spec", {{"trafficDistribution", "PreferClose"}}}}).empty());
}

TEST(TypedValue, RemoveItemsTakesSubtreesAndNullsWhatItEmpties) {
  Schema s = ServiceSchema(37);
  FieldSet items;
  items.Insert(
      {PathElement::Field("metadata"), PathElement::Field("labels"), PathElement::Field("a")});
  items.Insert({PathElement::Field("spec"), PathElement::Field("ports"),
                PathElement::Key({{"port", 2}, {"protocol", "TCP"}})});
  json out = RemoveItems(
      s, {{"metadata", {{"labels", {{"a", "1"}}}}}, {"spec", Ports({1, 2})["spec"]}}, items);
  EXPECT_TRUE(out["metadata"]["labels"].is_null());
  EXPECT_EQ(PortsOf(out), (std::vector<int>{1}));
}

}  // namespace
}  // namespace kdual::fieldmanager
