// The Service codec over generated Services: decoding what the encoder wrote
// gives the same object back (encode . decode is idempotent), and a decode
// error is the server's message, never an exception.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "engine/api/service.h"
#include "engine/testing/generators.h"
#include "engine/testing/seeded_property.h"

namespace kdual::api {
namespace {

using nlohmann::json;

KDUAL_PROP(ServiceCodec, EncodeDecodeRoundTrips, 300, ()) {
  test::ClusterShape cluster = *test::GenAcceptedCluster();
  json body = *test::GenService(cluster, *rc::gen::element<std::string>("a", "web", ""));
  auto first = DecodeService(body);
  if (!first.ok()) {
    RC_ASSERT(!first.status().message().empty());
    return;
  }
  json once = EncodeService(first->service);
  auto second = DecodeService(once);
  RC_ASSERT(second.ok());
  RC_ASSERT(second->warnings.empty());
  json twice = EncodeService(second->service);
  RC_ASSERT(twice == once);
  // JSON text round trip too: what the server writes, it reads.
  auto third = DecodeService(json::parse(once.dump()));
  RC_ASSERT(third.ok());
  RC_ASSERT(EncodeService(third->service) == once);
}

// Any JSON value in any Service field: a decoded Service or the server's
// decode error.
KDUAL_PROP(ServiceCodec, WrongTypesGiveDecodeErrors, 300, ()) {
  test::ClusterShape cluster = *test::GenAcceptedCluster();
  json body = *test::GenService(cluster, "a");
  const std::vector<std::string> fields = {"type",
                                           "clusterIP",
                                           "clusterIPs",
                                           "ipFamilies",
                                           "ipFamilyPolicy",
                                           "ports",
                                           "selector",
                                           "externalName",
                                           "healthCheckNodePort",
                                           "allocateLoadBalancerNodePorts",
                                           "sessionAffinity"};
  json value = *rc::gen::element<json>(json(nullptr), json(1), json(-1.5), json("x"), json(true),
                                       json::array(), json::object(), json::array({1, "a"}),
                                       json(int64_t{1} << 40));
  body["spec"][*rc::gen::elementOf(fields)] = value;
  auto decoded = DecodeService(body);
  if (!decoded.ok()) {
    RC_ASSERT(decoded.status().message().find("cannot be handled as a Service") !=
              std::string::npos);
  } else {
    RC_ASSERT(EncodeService(decoded->service).is_object());
  }
}

}  // namespace
}  // namespace kdual::api
