// Server-side apply driven by the fuzzer's bytes: a release and cluster,
// then Services from the shapes of engine/shapes/shapes.h (some with a
// field the schema does not declare or a value of the wrong type, some
// partial) applied by a few field managers, forced or not, between plain
// updates. Checked after every apply: when the answer holds every value the
// configuration sets, the same configuration applied again at once by the
// same manager is a no-op answered with the same object; after a refusal it
// is refused again (not always in the same words: a dual-stack create whose
// second address fails keeps the first allocated, as the server's
// allocator does until its repair loop runs). An answer that rewrote an
// applied value (families appended to a RequireDualStack Service, say)
// makes the next apply a change, on the server as here.
#include <cstdint>
#include <string>

#include "engine/registry/service_cluster.h"
#include "engine/shapes/byte_chooser.h"
#include "engine/shapes/shapes.h"
#include "engine/testing/fuzz_cases.h"
#include "fuzz/fuzz_check.h"

namespace {

using nlohmann::json;

json DrawConfig(kdual::test::ByteChooser& c, const kdual::test::ClusterShape& shape,
                const std::string& name) {
  json obj = kdual::shapes::DrawService(c, shape, name);
  if (!obj.is_object()) obj = json::object();
  obj["apiVersion"] = "v1";
  obj["kind"] = "Service";
  if (!obj.contains("metadata") || !obj["metadata"].is_object()) obj["metadata"] = json::object();
  obj["metadata"]["name"] = name;
  obj["metadata"]["namespace"] = "default";
  obj.erase("status");
  json& spec = obj["spec"];
  if (!spec.is_object()) spec = json::object();
  switch (c.Below(8)) {
    case 0: spec["foo"] = 1; break;
    case 1: spec["type"] = 5; break;
    case 2: spec.erase("ports"); break;
    case 3:
      for (const char* f : {"type", "selector", "ipFamilyPolicy", "ipFamilies", "clusterIP"})
        spec.erase(f);
      break;
    case 4: obj["metadata"]["labels"] = {{"app", "web"}, {"tier", c.Below(2) ? "a" : "b"}}; break;
    default: break;
  }
  return obj;
}

// Whether `object` holds every value `config` sets, lists in their order.
bool Holds(const json& object, const json& config) {
  if (config.is_object()) {
    if (!object.is_object()) return false;
    for (const auto& [k, v] : config.items()) {
      auto it = object.find(k);
      if (it == object.end()) {
        if (!v.is_null() && !(v.is_structured() && v.empty())) return false;
      } else if (!Holds(*it, v)) {
        return false;
      }
    }
    return true;
  }
  if (config.is_array()) {
    if (!object.is_array() || object.size() != config.size()) return false;
    for (size_t i = 0; i < config.size(); ++i)
      if (!Holds(object[i], config[i])) return false;
    return true;
  }
  return object == config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  kdual::test::ByteChooser c(data, size);
  kdual::test::RegistryCase drawn = kdual::test::DrawRegistryCase(c);
  auto profile = kdual::version::ProfileFor(drawn.release);
  if (!profile.ok()) return 0;
  auto cluster = kdual::registry::ServiceCluster::Create(drawn.cluster.Flags(), *profile);
  KDUAL_FUZZ_CHECK(cluster.ok(), "accepted flags refused");
  auto& sut = **cluster;
  const char* kManagers[] = {"kubectl", "helm", "kdual"};
  const size_t steps = 1 + c.Below(6);
  for (size_t i = 0; i < steps && !c.exhausted(); ++i) {
    const std::string name = c.Below(2) ? "web" : "api";
    kdual::registry::Request r;
    r.namespace_name = "default";
    r.name = name;
    if (c.Below(4) == 0) {
      // A plain write between applies: an Update by "kdual".
      r.op = kdual::registry::Op::kPatch;
      r.body = {{"spec", {{"ports", json::array({{{"port", 80}, {"targetPort", 9090}}})}}}};
      sut.Handle(r);
      continue;
    }
    r.op = kdual::registry::Op::kApply;
    r.body = DrawConfig(c, drawn.cluster, name);
    r.field_manager = kManagers[c.Below(3)];
    r.force = c.Below(4) == 0;
    kdual::registry::Answer first = sut.Handle(r);
    kdual::registry::Answer again = sut.Handle(r);
    if (!first.is_error() && !Holds(first.body, r.body)) continue;
    const bool same =
        first.is_error() ? again.is_error() : !again.is_error() && again.body == first.body;
    KDUAL_FUZZ_CHECK(same, "applying " + r.body.dump() + " again answered " + again.body.dump() +
                               " after " + first.body.dump());
  }
  return 0;
}
