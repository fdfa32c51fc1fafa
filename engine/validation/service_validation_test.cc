#include "engine/validation/service_validation.h"

#include <gtest/gtest.h>

namespace kdual::validation {
namespace {

version::Profile P(const char* r) { return *version::ProfileFor(*version::ParseRelease(r)); }

api::Service Svc(nlohmann::json spec) {
  nlohmann::json body = {{"metadata", {{"name", "web"}, {"namespace", "default"}}}, {"spec", spec}};
  return api::DecodeService(body)->service;
}

std::vector<std::string> Msgs(const ErrorList& el, bool json = false) {
  std::vector<std::string> out;
  for (const auto& e : el) out.push_back(e.Message(json));
  return out;
}

TEST(ClusterIPsRelatedFields, SyncAndFamilies) {
  auto p = P("v1.33.13");
  auto s = Svc({{"clusterIP", "10.0.0.5"}, {"clusterIPs", {"10.0.0.6"}}});
  EXPECT_EQ(
      Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, p)),
      std::vector<std::string>{
          "spec.clusterIPs: Invalid value: []string{\"10.0.0.6\"}: first value must match `clusterIP`"});
  s = Svc({{"clusterIPs", {"10.0.0.6"}}});
  EXPECT_EQ(
      Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, p))[0],
      "spec.clusterIPs: Invalid value: []string{\"10.0.0.6\"}: must be empty when `clusterIP` is not specified");
  s = Svc({{"ipFamilies", {"IPv4", "IPv4"}}, {"ipFamilyPolicy", "PreferDualStack"}});
  EXPECT_EQ(Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, p))[0],
            "spec.ipFamilies[1]: Duplicate value: \"IPv4\"");
  s = Svc({{"ipFamilyPolicy", "Foo"}});
  EXPECT_EQ(
      Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, p))[0],
      "spec.ipFamilyPolicy: Unsupported value: \"Foo\": supported values: \"PreferDualStack\", "
      "\"RequireDualStack\", \"SingleStack\"");
  s = Svc({{"clusterIP", "abc"}, {"clusterIPs", {"abc"}}});
  EXPECT_EQ(
      Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, p))[0],
      "spec.clusterIPs[0]: Invalid value: \"abc\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
  s = Svc({{"clusterIP", "2000::1"}, {"clusterIPs", {"2000::1"}}, {"ipFamilies", {"IPv4"}}});
  EXPECT_EQ(
      Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, p))[0],
      "spec.clusterIPs[0]: Invalid value: \"2000::1\": expected an IPv4 value as indicated by `ipFamilies[0]`");
  s = Svc({{"clusterIP", "10.0.0.5"}, {"clusterIPs", {"10.0.0.5", "10.0.0.6"}}});
  EXPECT_EQ(
      Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, p))[0],
      "spec.clusterIPs: Invalid value: []string{\"10.0.0.5\", \"10.0.0.6\"}: may specify no more than one IP "
      "for each IP family");
  s = Svc({{"clusterIP", "None"}, {"clusterIPs", {"None", "10.0.0.5"}}});
  EXPECT_EQ(
      Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, p))[0],
      "spec.clusterIPs: Invalid value: []string{\"None\", \"10.0.0.5\"}: 'None' must be the first and only value");
}

TEST(ClusterIPsRelatedFields, StrictIPsIn137) {
  auto s = Svc({{"clusterIP", "10.0.0.010"}, {"clusterIPs", {"10.0.0.010"}}});
  EXPECT_TRUE(ValidateServiceClusterIPsRelatedFields(s, nullptr, P("v1.33.13")).empty());
  EXPECT_EQ(Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, P("v1.37.2")))[0],
            "spec.clusterIPs[0]: Invalid value: \"10.0.0.010\": must not have leading 0s");
  s = Svc({{"clusterIP", "::ffff:10.0.0.10"}, {"clusterIPs", {"::ffff:10.0.0.10"}}});
  EXPECT_EQ(
      Msgs(ValidateServiceClusterIPsRelatedFields(s, nullptr, P("v1.37.2")))[0],
      "spec.clusterIPs[0]: Invalid value: \"::ffff:10.0.0.10\": must not be an IPv4-mapped IPv6 address");
}

TEST(ValidateServiceCreate, NameAndPorts) {
  auto p = P("v1.33.13");
  nlohmann::json body = {
      {"metadata", {{"name", "1web"}, {"namespace", "default"}}},
      {"spec",
       {{"type", "ClusterIP"}, {"sessionAffinity", "None"}, {"internalTrafficPolicy", "Cluster"}}}};
  auto s = api::DecodeService(body)->service;
  auto msgs = Msgs(ValidateServiceCreate(s, p));
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(
      msgs[0],
      "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric "
      "characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. "
      "'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  EXPECT_EQ(msgs[1], "spec.ports: Required value");
  // 1.37 (RelaxedServiceNameValidation): an RFC 1123 label is fine.
  EXPECT_EQ(Msgs(ValidateServiceCreate(s, P("v1.37.2"))).size(), 1u);
}

TEST(Warnings, ClusterIPForms) {
  auto s = Svc({{"clusterIP", "10.0.0.010"}, {"clusterIPs", {"10.0.0.010"}}});
  EXPECT_EQ(GetWarningsForService(s, nullptr, P("v1.33.13")),
            std::vector<std::string>{
                "spec.clusterIPs[0]: non-standard IP address \"10.0.0.010\" will be considered "
                "invalid in a future Kubernetes release: use \"10.0.0.10\""});
  EXPECT_EQ(GetWarningsForService(s, nullptr, P("v1.29.15")),
            std::vector<std::string>{
                "spec.clusterIPs[0]: IP address was accepted, but will be invalid in a future "
                "Kubernetes release: ParseAddr(\"10.0.0.010\"): IPv4 field has octet with "
                "leading zero"});
  s = Svc({{"clusterIP", "fd00:0::1"}, {"clusterIPs", {"fd00:0::1"}}});
  EXPECT_EQ(GetWarningsForService(s, nullptr, P("v1.33.13")),
            std::vector<std::string>{
                "spec.clusterIPs[0]: IPv6 address \"fd00:0::1\" should be in RFC 5952 canonical "
                "format (\"fd00::1\")"});
}

}  // namespace
}  // namespace kdual::validation
