#include "conformance/live/rest_mapping.h"

#include <gtest/gtest.h>

namespace kdual::live {
namespace {

TEST(RestCallForTest, MapsEveryOp) {
  registry::Request r;
  r.body = {{"metadata", {{"name", "web"}}}};
  r.dry_run = true;
  auto create = RestCallFor(r);
  ASSERT_TRUE(create.ok());
  EXPECT_EQ(create->method, "POST");
  EXPECT_EQ(create->path, "/api/v1/namespaces/default/services?dryRun=All");
  EXPECT_EQ(create->content_type, "application/json");

  r.dry_run = false;
  r.op = registry::Op::kUpdate;
  EXPECT_EQ(RestCallFor(r)->path, "/api/v1/namespaces/default/services/web");
  EXPECT_EQ(RestCallFor(r)->method, "PUT");

  r.op = registry::Op::kPatch;
  r.name = "other";
  r.patch_type = registry::PatchType::kStrategic;
  EXPECT_EQ(RestCallFor(r)->path, "/api/v1/namespaces/default/services/other");
  EXPECT_EQ(RestCallFor(r)->content_type, "application/strategic-merge-patch+json");
  r.patch_type = registry::PatchType::kJson;
  EXPECT_EQ(RestCallFor(r)->content_type, "application/json-patch+json");
  r.patch_type = registry::PatchType::kMerge;
  EXPECT_EQ(RestCallFor(r)->content_type, "application/merge-patch+json");

  r.op = registry::Op::kApply;
  r.force = true;
  EXPECT_EQ(RestCallFor(r)->path,
            "/api/v1/namespaces/default/services/other?fieldManager=kdual&force=true");

  r.op = registry::Op::kDelete;
  r.dry_run = true;
  EXPECT_EQ(RestCallFor(r)->method, "DELETE");
  EXPECT_EQ(RestCallFor(r)->path, "/api/v1/namespaces/default/services/other?dryRun=All");
  r.body = nullptr;
  EXPECT_EQ(RestCallFor(r)->content_type, "");
  r.body = {{"propagationPolicy", "Orphan"}};  // DeleteOptions go as JSON
  EXPECT_EQ(RestCallFor(r)->content_type, "application/json");

  registry::Request nameless;
  nameless.op = registry::Op::kGet;
  EXPECT_FALSE(RestCallFor(nameless).ok());
}

}  // namespace
}  // namespace kdual::live
