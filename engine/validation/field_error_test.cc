#include "engine/validation/field_error.h"

#include <gtest/gtest.h>

namespace kdual::validation {
namespace {

TEST(FieldError, GoRendering) {
  EXPECT_EQ(
      Invalid("spec.ipFamilies[0]", FieldValue::Named("IPv6"), "not configured on this cluster")
          .Message(false),
      "spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster");
  EXPECT_EQ(Invalid("spec.clusterIPs", FieldValue::List({"10.0.0.1", "2000::1"}), "x").Body(false),
            "Invalid value: []string{\"10.0.0.1\", \"2000::1\"}: x");
  EXPECT_EQ(Invalid("spec.ipFamilyPolicy", FieldValue::NamedPtr(std::nullopt), "x").Body(false),
            "Invalid value: \"null\": x");
  EXPECT_EQ(Required("spec.ports").Message(false), "spec.ports: Required value");
  EXPECT_EQ(Forbidden("spec.clusterIPs", "may not be set for ExternalName services").Body(false),
            "Forbidden: may not be set for ExternalName services");
  EXPECT_EQ(
      NotSupported("spec.ipFamilyPolicy", FieldValue::NamedPtr(std::string("Foo")),
                   {"PreferDualStack", "RequireDualStack", "SingleStack"})
          .Body(false),
      "Unsupported value: \"Foo\": supported values: \"PreferDualStack\", \"RequireDualStack\", \"SingleStack\"");
  EXPECT_EQ(Invalid("spec.ports[0].nodePort", FieldValue::Int(30080),
                    "provided port is already allocated")
                .Body(false),
            "Invalid value: 30080: provided port is already allocated");
  EXPECT_EQ(Duplicate("spec.ipFamilies[1]", FieldValue::Named("IPv4")).Body(false),
            "Duplicate value: \"IPv4\"");
}

TEST(FieldError, JsonRendering137) {
  EXPECT_EQ(Invalid("spec.clusterIPs", FieldValue::List({"10.0.0.1", "2000::1"}), "x").Body(true),
            "Invalid value: [\"10.0.0.1\",\"2000::1\"]: x");
  EXPECT_EQ(Invalid("p", FieldValue::NamedPtr(std::nullopt), "x").Body(true),
            "Invalid value: null: x");
  EXPECT_EQ(Invalid("p", FieldValue::List({}, "[]string", true), "x").Body(false),
            "Invalid value: []string(nil): x");
  EXPECT_EQ(Invalid("p", FieldValue::List({}, "[]string", true), "x").Body(true),
            "Invalid value: null: x");
}

TEST(InvalidStatus, LayoutAndAggregate) {
  ErrorList errs = {
      Invalid("spec.ipFamilyPolicy", FieldValue::NamedPtr(std::string("RequireDualStack")),
              "this cluster is not configured for dual-stack services"),
      Invalid("spec.ipFamilies[0]", FieldValue::Named("IPv6"), "not configured on this cluster"),
  };
  auto s = InvalidStatus("Service", "web", errs, false);
  EXPECT_EQ(s["code"], 422);
  EXPECT_EQ(s["reason"], "Invalid");
  EXPECT_EQ(s["status"], "Failure");
  EXPECT_EQ(
      s["message"],
      "Service \"web\" is invalid: [spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is "
      "not configured for dual-stack services, spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on "
      "this cluster]");
  EXPECT_EQ(s["details"]["kind"], "Service");
  EXPECT_EQ(s["details"]["name"], "web");
  EXPECT_EQ(s["details"]["causes"][1]["field"], "spec.ipFamilies[0]");
  EXPECT_EQ(s["details"]["causes"][1]["reason"], "FieldValueInvalid");
  EXPECT_EQ(s["details"]["causes"][1]["message"],
            "Invalid value: \"IPv6\": not configured on this cluster");
  // Identical messages are printed once.
  ErrorList dup = {Required("spec.ports"), Required("spec.ports")};
  EXPECT_EQ(InvalidStatus("Service", "x", dup, false)["message"],
            "Service \"x\" is invalid: spec.ports: Required value");
  EXPECT_EQ(InvalidStatus("Service", "x", dup, false)["details"]["causes"].size(), 2u);
}

TEST(OtherStatuses, Texts) {
  EXPECT_EQ(NotFoundStatus("services", "web")["message"], "services \"web\" not found");
  EXPECT_EQ(NotFoundStatus("services", "web")["details"]["kind"], "services");
  EXPECT_EQ(AlreadyExistsStatus("services", "web")["code"], 409);
  EXPECT_EQ(InternalErrorStatus("failed to allocate a serviceIP: range is full")["message"],
            "Internal error occurred: failed to allocate a serviceIP: range is full");
}

}  // namespace
}  // namespace kdual::validation
