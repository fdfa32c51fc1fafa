// The flag changes that make a cluster dual-stack, or make its components
// agree, in the order to apply them: kube-apiserver first (Services can
// only get a second family once the apiserver has a second range), then
// kube-controller-manager, kube-proxy, and every kubelet. The plan keeps
// each component's existing ranges and the cluster's primary family (a
// Service's primary family never changes), adds the other family's range
// where one is missing, and is checked by diagnosing the configuration it
// leads to.
#ifndef KDUAL_CONFORMANCE_DOCTOR_DUAL_STACK_PLAN_H_
#define KDUAL_CONFORMANCE_DOCTOR_DUAL_STACK_PLAN_H_

#include <string>
#include <vector>

#include "conformance/doctor/component_instance.h"
#include "conformance/doctor/diagnosis.h"

namespace kdual::doctor {

struct FlagChange {
  std::string flag;             // "service-cluster-ip-range"
  std::string from;             // "" when not set
  std::string to;               // "" when the flag is to be removed
  bool in_config_file = false;  // a field of kube-proxy's --config file, not a flag
  std::string config_field;     // "clusterCIDR"
};

struct PlanStep {
  std::string component;
  std::string where;  // the instance's origin
  std::vector<FlagChange> changes;
  std::vector<std::string> notes;
};

struct DualStackPlan {
  std::string goal;  // "make the cluster dual-stack, IPv4 primary"; "" when nothing to do
  std::vector<PlanStep> steps;
  std::vector<std::string> afterwards;  // what the flags alone do not change
  // The configuration the plan leads to, diagnosed (placeholder addresses
  // stand in for the ones only the user knows): its verdict.
  std::string checked_verdict;
  bool checked = false;  // the verdict is consistently dual-stack with the same primary
};

DualStackPlan PlanDualStack(const ClusterInputs& inputs, const Diagnosis& diagnosis,
                            const std::optional<version::Release>& release_override);

}  // namespace kdual::doctor

#endif  // KDUAL_CONFORMANCE_DOCTOR_DUAL_STACK_PLAN_H_
