#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "engine/registry/cluster.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

// Small JSON values of every type, to put in any Service field.
rc::Gen<json> AnyScalar() {
  return rc::gen::oneOf(rc::gen::just(json(nullptr)),
                        rc::gen::map(rc::gen::arbitrary<bool>(), [](bool b) { return json(b); }),
                        rc::gen::map(rc::gen::arbitrary<int>(), [](int i) { return json(i); }),
                        rc::gen::map(rc::gen::element<std::string>(
                                         "", "None", "10.0.0.5", "fd00::5", "IPv4", "IPv6",
                                         "SingleStack", "PreferDualStack", "RequireDualStack",
                                         "NodePort", "LoadBalancer", "ExternalName", "x"),
                                     [](std::string s) { return json(s); }),
                        rc::gen::just(json::array()), rc::gen::just(json::object()),
                        rc::gen::just(json::array({"10.0.0.7", "fd00::7"})));
}

RC_GTEST_PROP(RegistryProperty, HandleNeverThrowsAndAnswersAStatusOrAService, ()) {
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.0.0.0/28,fd00::/124";
  auto c = Cluster::Start(f, *version::ProfileFor(*version::ParseRelease("v1.33.13")));
  RC_ASSERT(c.ok());
  const std::vector<std::string> fields = {"type",
                                           "clusterIP",
                                           "clusterIPs",
                                           "ipFamilies",
                                           "ipFamilyPolicy",
                                           "ports",
                                           "selector",
                                           "externalName",
                                           "externalTrafficPolicy",
                                           "allocateLoadBalancerNodePorts",
                                           "healthCheckNodePort"};
  int steps = *rc::gen::inRange(1, 12);
  for (int i = 0; i < steps; ++i) {
    json spec = json::object();
    int n = *rc::gen::inRange(0, 5);
    for (int k = 0; k < n; ++k) spec[*rc::gen::elementOf(fields)] = *AnyScalar();
    if (*rc::gen::arbitrary<bool>())
      spec["ports"] = json::array({{{"port", *rc::gen::inRange(0, 70000)}}});
    Request r;
    r.op = *rc::gen::element(Op::kCreate, Op::kUpdate, Op::kPatch, Op::kDelete, Op::kGet);
    r.name = *rc::gen::element<std::string>("a", "b");
    r.dry_run = *rc::gen::arbitrary<bool>();
    r.body = r.op == Op::kPatch ? json{{"spec", spec}}
                                : json{{"metadata", {{"name", r.name}}}, {"spec", spec}};
    Answer a = (*c)->Handle(r);
    RC_ASSERT(a.code >= 200);
    RC_ASSERT(a.code < 600);
    if (a.is_error()) {
      RC_ASSERT(a.body["kind"] == "Status");
    } else {
      RC_ASSERT(a.body["kind"] == "Service");
    }
  }
}

}  // namespace
}  // namespace kdual::registry
