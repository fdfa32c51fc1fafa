#include "engine/registry/delete_options.h"

#include <gtest/gtest.h>

#include "engine/version/release.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

Request Delete(const char* body, bool query_dry_run = false) {
  Request r;
  r.op = Op::kDelete;
  r.name = "web";
  if (body != nullptr) r.body = json::parse(body);
  r.dry_run = query_dry_run;
  return r;
}

version::Profile ProfileOf(const char* minor) {
  return *version::ProfileFor(*version::ResolveRelease(minor));
}

const version::Profile& P37() {
  static const version::Profile p = ProfileOf("1.37");
  return p;
}

std::string Refusal(const DeleteOptionsOutcome& o) {
  if (!o.refused) return "";
  return std::to_string(o.refused->code) + " " + o.refused->body.value("message", "");
}

// Texts as v1.37.2 answered them (golden/1.37/deleteoptions).
TEST(DeleteOptionsTest, DecodeErrorsAreTheDecodersFirst) {
  struct Row {
    const char* body;
    const char* refusal;
  } rows[] = {
      {R"({"propagationPolicy":5})",
       "400 json: cannot unmarshal number into Go struct field DeleteOptions.propagationPolicy of "
       "type v1.DeletionPropagation"},
      {R"({"gracePeriodSeconds":"30"})",
       "400 json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of "
       "type int64"},
      {R"({"gracePeriodSeconds":1.5})",
       "400 json: cannot unmarshal number 1.5 into Go struct field DeleteOptions.gracePeriodSeconds "
       "of type int64"},
      {R"({"preconditions":{"uid":7}})",
       "400 json: cannot unmarshal number into Go struct field Preconditions.preconditions.uid of "
       "type types.UID"},
      {R"({"dryRun":"All"})",
       "400 json: cannot unmarshal string into Go struct field DeleteOptions.dryRun of type "
       "[]string"},
      // Keys in the order sent: orphanDependents comes first.
      {R"({"orphanDependents":"true","propagationPolicy":1})",
       "400 json: cannot unmarshal string into Go struct field DeleteOptions.orphanDependents of "
       "type bool"},
      {R"({"apiVersion":"v1","kind":"Service"})",
       "400 no kind \"Service\" is registered for version \"v1\" in scheme "
       "\"pkg/runtime/scheme.go:111\""},
      {R"([])",
       "400 couldn't get version/kind; json parse error: json: cannot unmarshal array into Go "
       "value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind "
       "string \"json:\\\"kind,omitempty\\\"\" }"},
  };
  for (const auto& row : rows) {
    EXPECT_EQ(Refusal(ReadDeleteOptions(Delete(row.body), P37())), row.refusal) << row.body;
  }
}

// Before 1.35 the decoder's error went out as a 500 without a reason
// (kubernetes/kubernetes#133358), and the scheme's line was another.
TEST(DeleteOptionsTest, OlderReleasesAnswerDecodeErrorsWith500) {
  auto o = ReadDeleteOptions(Delete(R"({"kind":"Service"})"), ProfileOf("1.29"));
  ASSERT_TRUE(o.refused);
  EXPECT_EQ(o.refused->code, 500);
  EXPECT_FALSE(o.refused->body.contains("reason"));  // StatusReasonUnknown, omitted
  EXPECT_EQ(o.refused->body["message"],
            "no kind \"Service\" is registered for version \"meta.k8s.io/v1\" in scheme "
            "\"pkg/runtime/scheme.go:100\"");
  EXPECT_EQ(Refusal(ReadDeleteOptions(Delete(R"({"apiVersion":1,"kind":"DeleteOptions"})"),
                                      ProfileOf("1.33"))),
            "500 couldn't get version/kind; json parse error: json: cannot unmarshal number into "
            "Go struct field .apiVersion of type string");
}

TEST(DeleteOptionsTest, ValidationRefusesAsDeleteOptionsMetaK8sIo) {
  auto o = ReadDeleteOptions(Delete(R"({"propagationPolicy":"background"})"), P37());
  EXPECT_EQ(Refusal(o),
            "422 DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: "
            "\"background\": supported values: \"Foreground\", \"Background\", \"Orphan\", "
            "\"nil\"");
  ASSERT_TRUE(o.refused);
  EXPECT_EQ(o.refused->body["details"]["group"], "meta.k8s.io");
  EXPECT_EQ(o.refused->body["details"]["kind"], "DeleteOptions");

  o = ReadDeleteOptions(Delete(R"({"orphanDependents":false,"propagationPolicy":"Background"})"),
                        P37());
  EXPECT_EQ(Refusal(o),
            "422 DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: "
            "\"Background\": orphanDependents and deletionPropagation cannot be both set");
  // Field values as each release prints them.
  EXPECT_EQ(Refusal(ReadDeleteOptions(Delete(R"({"dryRun":["Some"]})"), P37())),
            "422 DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: "
            "[\"Some\"]: supported values: \"All\"");
  EXPECT_EQ(Refusal(ReadDeleteOptions(Delete(R"({"dryRun":["Some"]})"), ProfileOf("1.33"))),
            "422 DeleteOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: "
            "[]string{\"Some\"}: supported values: \"All\"");
}

TEST(DeleteOptionsTest, ABodyHidesTheQuery) {
  // No body: ?dryRun=All is read.
  EXPECT_TRUE(ReadDeleteOptions(Delete(nullptr, /*query_dry_run=*/true), P37()).options.DryRun());
  // A body: the query is not read at all.
  auto o = ReadDeleteOptions(Delete(R"({"propagationPolicy":"Background"})", true), P37());
  EXPECT_FALSE(o.refused);
  EXPECT_FALSE(o.options.DryRun());
  // Unknown keys (a wrong case included) are dropped, not refused.
  o = ReadDeleteOptions(Delete(R"({"propagationpolicy":"Orphan","DryRun":["All"]})"), P37());
  EXPECT_FALSE(o.refused);
  EXPECT_FALSE(o.options.propagation_policy);
  EXPECT_FALSE(o.options.DryRun());
  // Every value All is a dry run; an empty list is none.
  EXPECT_TRUE(ReadDeleteOptions(Delete(R"({"dryRun":["All","All"]})"), P37()).options.DryRun());
  EXPECT_FALSE(ReadDeleteOptions(Delete(R"({"dryRun":[]})"), P37()).options.DryRun());
  o = ReadDeleteOptions(Delete(R"({"apiVersion":"v2","kind":"DeleteOptions",
                                   "preconditions":{"uid":"u","resourceVersion":"7"}})"),
                        P37());
  EXPECT_FALSE(o.refused);
  EXPECT_EQ(o.options.precondition_uid.value_or(""), "u");
  EXPECT_EQ(o.options.precondition_resource_version.value_or(""), "7");
}

}  // namespace
}  // namespace kdual::registry
