#include "engine/fieldmanager/schema.h"

namespace kdual::fieldmanager {

using K = TypeNode::Kind;
using nlohmann::json;

namespace {

// clang-format off
const TypeNode kString{K::kString, {}};
const TypeNode kNumeric{K::kNumeric, {}};
const TypeNode kBoolean{K::kBoolean, {}};
const TypeNode kUntyped{K::kUntyped, {}};
const TypeNode kStringMap{K::kMap, {}, false, &kString};
const TypeNode kAtomicStringMap{K::kAtomicMap, {}, false, &kString};
const TypeNode kAtomicStringList{K::kAtomicList, {}, false, &kString};
const TypeNode kStringSet{K::kSet, {}, false, &kString};

// metav1.OwnerReference: +structType=atomic, listed by uid.
const TypeNode kOwnerReference{K::kStruct,
    {{"apiVersion", &kString}, {"kind", &kString}, {"name", &kString}, {"uid", &kString},
     {"controller", &kBoolean}, {"blockOwnerDeletion", &kBoolean}}, true};
const TypeNode kOwnerReferences{K::kAssociativeList, {}, false, &kOwnerReference, {"uid"}, {{"uid", ""}}};
const TypeNode kManagedFieldsEntry{K::kStruct,
    {{"manager", &kString}, {"operation", &kString}, {"apiVersion", &kString}, {"time", &kString},
     {"fieldsType", &kString}, {"fieldsV1", &kUntyped}, {"subresource", &kString}}};
const TypeNode kManagedFields{K::kAtomicList, {}, false, &kManagedFieldsEntry};
const TypeNode kObjectMeta{K::kStruct,
    {{"name", &kString}, {"generateName", &kString}, {"namespace", &kString}, {"selfLink", &kString},
     {"uid", &kString}, {"resourceVersion", &kString}, {"generation", &kNumeric},
     {"creationTimestamp", &kString}, {"deletionTimestamp", &kString},
     {"deletionGracePeriodSeconds", &kNumeric}, {"labels", &kStringMap}, {"annotations", &kStringMap},
     {"ownerReferences", &kOwnerReferences}, {"finalizers", &kStringSet},
     {"clusterName", &kString, 0, 24}, {"managedFields", &kManagedFields}}};

// core/v1 ServicePort: +listType=map, +listMapKey=port, +listMapKey=protocol;
// port defaults to 0 and protocol to "TCP" (+default), so no key is ever
// missing.
const TypeNode kServicePort{K::kStruct,
    {{"name", &kString}, {"protocol", &kString}, {"appProtocol", &kString}, {"port", &kNumeric},
     {"targetPort", &kUntyped}, {"nodePort", &kNumeric}}};
const TypeNode kServicePorts{K::kAssociativeList, {}, false, &kServicePort, {"port", "protocol"},
                             {{"port", 0}, {"protocol", "TCP"}}};
const TypeNode kClientIPConfig{K::kStruct, {{"timeoutSeconds", &kNumeric}}};
const TypeNode kSessionAffinityConfig{K::kStruct, {{"clientIP", &kClientIPConfig}}};
const TypeNode kServiceSpec{K::kStruct,
    {{"ports", &kServicePorts}, {"selector", &kAtomicStringMap}, {"clusterIP", &kString},
     {"clusterIPs", &kAtomicStringList}, {"type", &kString}, {"externalIPs", &kAtomicStringList},
     {"sessionAffinity", &kString}, {"loadBalancerIP", &kString},
     {"loadBalancerSourceRanges", &kAtomicStringList}, {"externalName", &kString},
     {"externalTrafficPolicy", &kString}, {"healthCheckNodePort", &kNumeric},
     {"publishNotReadyAddresses", &kBoolean}, {"sessionAffinityConfig", &kSessionAffinityConfig},
     {"ipFamilies", &kAtomicStringList}, {"ipFamilyPolicy", &kString},
     {"allocateLoadBalancerNodePorts", &kBoolean}, {"loadBalancerClass", &kString},
     {"internalTrafficPolicy", &kString}, {"trafficDistribution", &kString, 30}}};
const TypeNode kPortStatus{K::kStruct, {{"port", &kNumeric}, {"protocol", &kString}, {"error", &kString}}};
const TypeNode kPortStatuses{K::kAtomicList, {}, false, &kPortStatus};
const TypeNode kIngress{K::kStruct,
    {{"ip", &kString}, {"hostname", &kString}, {"ipMode", &kString, 29}, {"ports", &kPortStatuses}}};
const TypeNode kIngresses{K::kAtomicList, {}, false, &kIngress};
const TypeNode kLoadBalancerStatus{K::kStruct, {{"ingress", &kIngresses}}};
const TypeNode kCondition{K::kStruct,
    {{"type", &kString}, {"status", &kString}, {"observedGeneration", &kNumeric},
     {"lastTransitionTime", &kString}, {"reason", &kString}, {"message", &kString}}};
const TypeNode kConditions{K::kAssociativeList, {}, false, &kCondition, {"type"}, {{"type", ""}}};
const TypeNode kServiceStatus{K::kStruct, {{"loadBalancer", &kLoadBalancerStatus}, {"conditions", &kConditions}}};
const TypeNode kService{K::kStruct,
    {{"apiVersion", &kString}, {"kind", &kString}, {"metadata", &kObjectMeta},
     {"spec", &kServiceSpec}, {"status", &kServiceStatus}}};
// clang-format on

}  // namespace

const TypeNode* Schema::FindField(const TypeNode& node, const std::string& name) const {
  if (node.kind != K::kStruct) return nullptr;
  for (const auto& f : node.fields) {
    if (f.name != name) continue;
    if (f.since_minor != 0 && minor < f.since_minor) return nullptr;
    if (f.until_minor != 0 && minor > f.until_minor) return nullptr;
    return f.type;
  }
  return nullptr;
}

const TypeNode* Schema::ChildType(const TypeNode& node, const std::string& name) const {
  if (node.kind == K::kStruct) return FindField(node, name);
  return node.elem;
}

Schema ServiceSchema(int minor) { return Schema{&kService, minor}; }

}  // namespace kdual::fieldmanager
