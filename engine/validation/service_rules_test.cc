// Rows of Kubernetes' TestValidateServiceCreate / TestValidateServiceUpdate
// (pkg/apis/core/validation/validation_test.go), checked by path, type and
// message in the server's order, per release.
#include <gtest/gtest.h>

#include "engine/defaults/service_defaults.h"
#include "engine/validation/rest_validation.h"
#include "engine/validation/service_validation.h"

namespace kdual::validation {
namespace {

using nlohmann::json;

version::Profile P(const char* r) { return *version::ProfileFor(*version::ParseRelease(r)); }

// tweakable base Service of the Go tests: ClusterIP, one TCP port, a
// selector, defaults applied.
api::Service Make(json spec_patch, json meta_patch = json::object(),
                  const char* release = "v1.37.2") {
  json body = {{"metadata", {{"name", "web"}, {"namespace", "default"}, {"resourceVersion", "1"}}},
               {"spec", {{"selector", {{"app", "web"}}}, {"ports", {{{"port", 80}}}}}}};
  // `{}` in a call is a JSON null here: nothing to merge.
  if (spec_patch.is_object()) body["spec"].merge_patch(spec_patch);
  if (meta_patch.is_object()) body["metadata"].merge_patch(meta_patch);
  auto s = api::DecodeService(body)->service;
  defaults::SetDefaultsService(s, P(release));
  return s;
}

struct Want {
  std::string field;
  ErrorType type;
  std::string body;  // ErrorBody()
};

void ExpectErrors(const ErrorList& got, const std::vector<Want>& want, bool json_values) {
  ASSERT_EQ(got.size(), want.size())
      << (got.empty() ? std::string("no errors") : got[0].Message(json_values));
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].field, want[i].field) << i;
    EXPECT_EQ(got[i].type, want[i].type) << i;
    EXPECT_EQ(got[i].Body(json_values), want[i].body) << i;
  }
}

const char* kNameRegex =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
    "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

TEST(ServiceRules, InvalidLabelAndAnnotation) {
  auto s = Make({}, {{"labels", {{"NoUppercaseOrSpecialCharsLike=Equals", "bar"}}}});
  ExpectErrors(
      ValidateServiceCreate(s, P("v1.37.2")),
      {{"metadata.labels", ErrorType::kInvalid,
        std::string("Invalid value: \"NoUppercaseOrSpecialCharsLike=Equals\": ") + kNameRegex}},
      true);
  s = Make({}, {{"annotations", {{"a/b/c", "x"}}}});
  ExpectErrors(
      ValidateServiceCreate(s, P("v1.33.13")),
      {{"metadata.annotations", ErrorType::kInvalid,
        "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or "
        "'.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or "
        "'123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an "
        "optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"}},
      false);
  // 1.37's content package calls it a label key and counts bytes.
  EXPECT_EQ(ValidateServiceCreate(s, P("v1.37.2"))[0].detail.substr(0, 21),
            "a valid label key mus");
  s = Make({}, {{"labels", {{"k", std::string(64, 'v')}}}});
  EXPECT_EQ(ValidateServiceCreate(s, P("v1.37.2"))[0].detail, "must be no more than 63 bytes");
  EXPECT_EQ(ValidateServiceCreate(s, P("v1.33.13"))[0].detail,
            "must be no more than 63 characters");
}

// A named targetPort without a letter: the same [a-z] rule, whose text
// apimachinery v0.25 corrected (it never allowed a name of digits only).
TEST(ServiceRules, TargetPortNameNeedsALetterPerRelease) {
  auto s = Make({{"ports", {{{"port", 80}, {"targetPort", "12-34"}}}}}, {}, "v1.24.17");
  ExpectErrors(
      ValidateServiceCreate(s, P("v1.24.17")),
      {{"spec.ports[0].targetPort", ErrorType::kInvalid,
        "Invalid value: \"12-34\": must contain at least one letter or number (a-z, 0-9)"}},
      false);
  ExpectErrors(ValidateServiceCreate(s, P("v1.25.15")),
               {{"spec.ports[0].targetPort", ErrorType::kInvalid,
                 "Invalid value: \"12-34\": must contain at least one letter (a-z)"}},
               false);
}

// MixedProtocolLBService, alpha and off in 1.23: a LoadBalancer may not mix
// protocols on create, nor start mixing them on update; on from 1.24.
TEST(ServiceRules, MixedProtocolLoadBalancerPerRelease) {
  json ports = {{{"name", "p"}, {"port", 80}, {"protocol", "TCP"}},
                {{"name", "q"}, {"port", 53}, {"protocol", "UDP"}, {"targetPort", "dns"}}};
  auto s = Make({{"type", "LoadBalancer"}, {"ports", ports}}, {}, "v1.23.17");
  s.ports[0].node_port = 30001;
  s.ports[1].node_port = 30002;
  ExpectErrors(
      ValidateServiceCreate(s, P("v1.23.17")),
      {{"spec.ports", ErrorType::kInvalid,
        "Invalid value: []core.ServicePort{core.ServicePort{Name:\"p\", Protocol:\"TCP\", "
        "AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:80, "
        "StrVal:\"\"}, NodePort:30001}, core.ServicePort{Name:\"q\", Protocol:\"UDP\", "
        "AppProtocol:(*string)(nil), Port:53, TargetPort:intstr.IntOrString{Type:1, IntVal:0, "
        "StrVal:\"dns\"}, NodePort:30002}}: may not contain more than 1 protocol when type is "
        "'LoadBalancer'"}},
      false);
  EXPECT_TRUE(ValidateServiceCreate(s, P("v1.24.17")).empty());
  // An update keeps a mix the old object already had.
  EXPECT_TRUE(ValidateConditionalService(s, &s, P("v1.23.17")).empty());
}

TEST(ServiceRules, InvalidSelector) {
  auto s = Make({{"selector", {{"NoSpecialCharsLike=Equals", "bar"}}}});
  ExpectErrors(ValidateServiceCreate(s, P("v1.37.2")),
               {{"spec.selector", ErrorType::kInvalid,
                 std::string("Invalid value: \"NoSpecialCharsLike=Equals\": ") + kNameRegex}},
               true);
}

TEST(ServiceRules, FinalizersAndOwnerReferences) {
  auto s = Make({}, {{"finalizers", {"bad finalizer"}}});
  ExpectErrors(
      ValidateServiceCreate(s, P("v1.37.2")),
      {{"metadata.finalizers", ErrorType::kInvalid,
        std::string("Invalid value: \"bad finalizer\": ") + kNameRegex},
       {"metadata.finalizers[0]", ErrorType::kInvalid,
        "Invalid value: \"bad finalizer\": name is neither a standard finalizer name nor is it fully "
        "qualified"}},
      true);
  s = Make({}, {{"ownerReferences",
                 {{{"apiVersion", "v1"}, {"kind", "Pod"}, {"name", "p"}, {"uid", ""}}}}});
  ExpectErrors(ValidateServiceCreate(s, P("v1.37.2")),
               {{"metadata.ownerReferences[0].uid", ErrorType::kRequired,
                 "Required value: must not be empty"}},
               true);
  ExpectErrors(ValidateServiceCreate(s, P("v1.29.15")),
               {{"metadata.ownerReferences.uid", ErrorType::kInvalid,
                 "Invalid value: \"\": uid must not be empty"}},
               false);
}

TEST(ServiceRules, ExternalIPsMustNotBeSpecial) {
  auto s = Make({{"externalIPs",
                  {"1.2.3.4", "127.0.0.1", "0.0.0.0", "169.254.1.1", "224.0.0.1", "fe80::1", "::1",
                   "not-an-ip"}}});
  ExpectErrors(
      ValidateServiceCreate(s, P("v1.37.2")),
      {{"spec.externalIPs[1]", ErrorType::kInvalid,
        "Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"},
       {"spec.externalIPs[2]", ErrorType::kInvalid,
        "Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)"},
       {"spec.externalIPs[3]", ErrorType::kInvalid,
        "Invalid value: \"169.254.1.1\": may not be in the link-local range (169.254.0.0/16, fe80::/10)"},
       {"spec.externalIPs[4]", ErrorType::kInvalid,
        "Invalid value: \"224.0.0.1\": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"},
       {"spec.externalIPs[5]", ErrorType::kInvalid,
        "Invalid value: \"fe80::1\": may not be in the link-local range (169.254.0.0/16, fe80::/10)"},
       {"spec.externalIPs[6]", ErrorType::kInvalid,
        "Invalid value: \"::1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"},
       {"spec.externalIPs[7]", ErrorType::kInvalid,
        "Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"}},
      true);
}

TEST(ServiceRules, StrictExternalIPsKeptOnUpdate) {
  auto p = P("v1.37.2");
  auto old = Make({{"externalIPs", {"001.002.003.004"}}});
  auto s = Make({{"externalIPs", {"001.002.003.004", "005.006.007.008"}}});
  ExpectErrors(ValidateServiceUpdate(s, old, p),
               {{"spec.externalIPs[1]", ErrorType::kInvalid,
                 "Invalid value: \"005.006.007.008\": must not have leading 0s"}},
               true);
  // Without the gate (1.33's default) both are fine.
  EXPECT_TRUE(ValidateServiceUpdate(s, old, P("v1.33.13")).empty());
}

TEST(ServiceRules, LoadBalancerSourceRanges) {
  auto lb = [](json extra, json meta = json::object()) {
    json spec = {{"type", "LoadBalancer"}};
    if (extra.is_object()) spec.merge_patch(extra);
    return Make(spec, meta);
  };
  EXPECT_TRUE(ValidateServiceCreate(
                  lb({{"loadBalancerSourceRanges", {" 10.0.0.0/8 ", "1.2.3.0/24"}}}), P("v1.37.2"))
                  .empty());
  ExpectErrors(
      ValidateServiceCreate(
          lb({{"loadBalancerSourceRanges", {"foo.bar", "1.2.3.4/33", "1.2.3.4/24"}}}),
          P("v1.37.2")),
      {{"spec.LoadBalancerSourceRanges[0]", ErrorType::kInvalid,
        "Invalid value: \"foo.bar\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"},
       {"spec.LoadBalancerSourceRanges[1]", ErrorType::kInvalid,
        "Invalid value: \"1.2.3.4/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"},
       {"spec.LoadBalancerSourceRanges[2]", ErrorType::kInvalid,
        "Invalid value: \"1.2.3.4/24\": must not have bits set beyond the prefix length"}},
      true);
  const std::string ann = "service.beta.kubernetes.io/load-balancer-source-ranges";
  ExpectErrors(ValidateServiceCreate(Make({}, {{"annotations", {{ann, ""}}}}), P("v1.37.2")),
               {{"metadata.annotations[" + ann + "]", ErrorType::kForbidden,
                 "Forbidden: may only be used when `type` is 'LoadBalancer'"}},
               true);
  // <= 1.32: one error for the whole list.
  ExpectErrors(ValidateServiceCreate(lb({{"loadBalancerSourceRanges", {"1.2.3.0/24", "foo"}}}),
                                     P("v1.29.15")),
               {{"spec.LoadBalancerSourceRanges", ErrorType::kInvalid,
                 "Invalid value: \"[1.2.3.0/24 foo]\": must be a list of IP ranges. For example, "
                 "10.240.0.0/24,10.250.0.0/24 "}},
               false);
  // An unchanged annotation is not re-checked on update.
  auto old = lb({}, {{"annotations", {{ann, "001.002.003.000/24"}}}});
  auto kept = ValidateServiceUpdate(old, old, P("v1.37.2"));
  EXPECT_TRUE(kept.empty()) << kept[0].Message(true);
}

TEST(ServiceRules, SessionAffinityConfig) {
  auto s = Make({{"sessionAffinity", "ClientIP"},
                 {"sessionAffinityConfig", {{"clientIP", {{"timeoutSeconds", 0}}}}}});
  ExpectErrors(ValidateServiceCreate(s, P("v1.37.2")),
               {{"spec.sessionAffinityConfig.clientIP.timeoutSeconds", ErrorType::kInvalid,
                 "Invalid value: 0: must be greater than 0 and less than 86400"}},
               true);
  s = Make({{"sessionAffinity", "ClientIP"},
            {"sessionAffinityConfig", {{"clientIP", {{"timeoutSeconds", 86401}}}}}});
  EXPECT_EQ(ValidateServiceCreate(s, P("v1.29.15")).size(), 1u);
}

TEST(ServiceRules, AppProtocolAndLoadBalancerClass) {
  auto s = Make({{"ports", {{{"port", 80}, {"appProtocol", "-bad"}}}}});
  auto el = ValidateServiceCreate(s, P("v1.37.2"));
  ASSERT_EQ(el.size(), 1u);
  EXPECT_EQ(el[0].field, "spec.ports[0].appProtocol");
  s = Make({{"type", "LoadBalancer"}, {"loadBalancerClass", "Bad/LoadBalancerClass"}});
  el = ValidateServiceCreate(s, P("v1.37.2"));
  ASSERT_EQ(el.size(), 1u);
  EXPECT_EQ(el[0].field, "spec.loadBalancerClass");
  EXPECT_EQ(el[0].detail.substr(0, 13), "prefix part a");
}

TEST(ServiceRules, TopologyAnnotationsMustMatch) {
  auto s = Make({}, {{"annotations",
                      {{"service.kubernetes.io/topology-mode", "Auto"},
                       {"service.kubernetes.io/topology-aware-hints", "Disabled"}}}});
  ExpectErrors(
      ValidateServiceCreate(s, P("v1.37.2")),
      {{"metadata.annotations[service.kubernetes.io/topology-mode]", ErrorType::kInvalid,
        "Invalid value: \"Auto\": must match annotations[service.kubernetes.io/topology-aware-hints] when "
        "both are specified"}},
      true);
}

TEST(ServiceRules, TrafficDistributionPerRelease) {
  auto s = Make({{"trafficDistribution", "PreferSameNode"}});
  EXPECT_TRUE(ValidateServiceCreate(s, P("v1.37.2")).empty());
  ExpectErrors(ValidateServiceCreate(s, P("v1.33.13")),
               {{"spec.trafficDistribution", ErrorType::kNotSupported,
                 "Unsupported value: \"PreferSameNode\": supported values: \"PreferClose\""}},
               false);
}

TEST(RestValidation, UpdateRunsMetaChecksPerPassAndDedupsFrom137) {
  auto old = Make({});
  auto s = Make({}, {{"labels", {{"Bad=Key", "x"}}}});
  // Common checks (create-style, update-style), the strategy's
  // ObjectMetaUpdate and, before 1.37, ValidateService's ObjectMeta.
  EXPECT_EQ(ValidateUpdate(s, old, P("v1.33.13")).size(), 4u);
  EXPECT_EQ(ValidateUpdate(s, old, P("v1.37.2")).size(), 1u);
  // loadBalancerClass checked twice on update; 1.37 keeps one.
  auto np = Make({{"type", "NodePort"}, {"loadBalancerClass", "a.com/b"}});
  EXPECT_EQ(ValidateUpdate(np, old, P("v1.33.13")).size(), 2u);
  EXPECT_EQ(ValidateUpdate(np, old, P("v1.37.2")).size(), 1u);
}

TEST(ServiceRules, GenerateNameMasksTwoCharacters) {
  // maskTrailingDash replaces the last two characters with "a".
  auto s = Make({}, {{"generateName", std::string(63, 'a') + "-"}});
  auto el = ValidateServiceCreate(s, P("v1.37.2"));
  EXPECT_TRUE(el.empty()) << el[0].Message(true);
  s = Make({}, {{"generateName", std::string(64, 'a') + "-"}});
  EXPECT_EQ(ValidateServiceCreate(s, P("v1.37.2")).size(), 1u);
}

}  // namespace
}  // namespace kdual::validation
