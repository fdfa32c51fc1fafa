#include "engine/fieldmanager/managers.h"

#include <gtest/gtest.h>

namespace kdual::fieldmanager {
namespace {

using nlohmann::json;

json Service(json spec, json labels = nullptr) {
  json meta = {{"name", "web"}};
  if (!labels.is_null()) meta["labels"] = labels;
  return {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", meta}, {"spec", spec}};
}

const ManagerId kCreator{"kdual", false, "v1", ""};
const ManagerId kHelm{"helm", true, "v1", ""};
const ManagerId kOther{"other", true, "v1", ""};

TEST(Managers, IdentifiersAndPrintsAreTheServers) {
  EXPECT_EQ(kCreator.Identifier(), R"({"manager":"kdual","operation":"Update","apiVersion":"v1"})");
  EXPECT_EQ(kHelm.Identifier(), R"({"manager":"helm","operation":"Apply"})");
  EXPECT_EQ(kCreator.Print(), "\"kdual\" using v1");
  EXPECT_EQ(kHelm.Print(), "\"helm\"");
}

TEST(Managers, AnApplyConflictsWithTheCreatorsDefaultedFields) {
  Schema s = ServiceSchema(37);
  json created = Service({{"type", "ClusterIP"},
                          {"ports", {{{"port", 80}, {"protocol", "TCP"}, {"targetPort", 8080}}}}});
  Managers m;
  RecordUpdate(s, m, kCreator, nullptr, created);
  ApplyOutcome same =
      Apply(s, m, kHelm, created, Service({{"ports", {{{"port", 80}, {"targetPort", 8080}}}}}),
            false, true);
  EXPECT_TRUE(same.conflicts.empty());
  ApplyOutcome changed =
      Apply(s, m, kHelm, created,
            Service({{"type", "NodePort"}, {"ports", {{{"port", 80}, {"targetPort", 9090}}}}}),
            false, true);
  ASSERT_EQ(changed.conflicts.size(), 2u);
  json status = ConflictStatus(changed.conflicts);
  EXPECT_EQ(status["code"], 409);
  EXPECT_EQ(status["message"],
            "Apply failed with 2 conflicts: conflicts with \"kdual\" using v1:\n- .spec.type\n"
            "- .spec.ports[port=80,protocol=\"TCP\"].targetPort");
  ApplyOutcome forced =
      Apply(s, m, kHelm, created,
            Service({{"type", "NodePort"}, {"ports", {{{"port", 80}, {"targetPort", 9090}}}}}),
            true, true);
  EXPECT_TRUE(forced.conflicts.empty());
  ASSERT_TRUE(forced.object.has_value());
  EXPECT_EQ((*forced.object)["spec"]["type"], "NodePort");
}

TEST(Managers, PruneRemovesWhatOnlyTheApplierHeld) {
  Schema s = ServiceSchema(37);
  json first =
      Service({{"ports", {{{"port", 80}}, {{"port", 81}}}}}, {{"a", "1"}, {"shared", "x"}});
  ApplyOutcome a = Apply(s, {}, kHelm, nullptr, first, false, true);
  json live = *a.object;
  ApplyOutcome b = Apply(s, a.managers, kOther, live,
                         Service({{"ports", {{{"port", 81}}}}}, {{"shared", "x"}}), false, true);
  ASSERT_TRUE(b.conflicts.empty());
  ApplyOutcome c =
      Apply(s, b.managers, kHelm, live, Service({{"ports", {{{"port", 80}}}}}), false, true);
  ASSERT_TRUE(c.object.has_value());
  // Port 81 and the shared label stay (the other applier holds them).
  EXPECT_EQ((*c.object)["spec"]["ports"].size(), 2u);
  EXPECT_EQ((*c.object)["metadata"]["labels"], json({{"shared", "x"}}));
}

TEST(Managers, AnUnchangedApplyIsANoOp) {
  Schema s = ServiceSchema(37);
  json config = Service({{"ports", {{{"port", 80}}, {{"port", 81}}}}});
  ApplyOutcome a = Apply(s, {}, kHelm, nullptr, config, false, true);
  ApplyOutcome again = Apply(s, a.managers, kHelm, *a.object, config, false, true);
  EXPECT_FALSE(again.object.has_value());
  // A reorder is a change by equality (1.29+), not by comparison (before).
  json reordered = Service({{"ports", {{{"port", 81}}, {{"port", 80}}}}});
  EXPECT_TRUE(Apply(s, a.managers, kHelm, *a.object, reordered, false, true).object.has_value());
  EXPECT_FALSE(Apply(s, a.managers, kHelm, *a.object, reordered, false, false).object.has_value());
}

}  // namespace
}  // namespace kdual::fieldmanager
