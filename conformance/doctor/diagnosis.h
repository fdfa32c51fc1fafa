// `kdual doctor`'s judgement of a cluster's dual-stack configuration: each
// component's parsed dual-stack state by the engine's model of that
// component and release (engine/flags/), the component's own words where it
// would refuse to start, the checks across components, and a verdict.
#ifndef KDUAL_CONFORMANCE_DOCTOR_DIAGNOSIS_H_
#define KDUAL_CONFORMANCE_DOCTOR_DIAGNOSIS_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/doctor/component_instance.h"
#include "engine/net/cidr.h"
#include "engine/net/ip_address.h"

namespace kdual::doctor {

enum class Severity { kError, kWarning };

struct Problem {
  Severity severity = Severity::kError;
  std::string text;
};

// What one component does with its flags.
struct ComponentReport {
  const ComponentInstance* instance = nullptr;
  std::string rules;  // "v1.29.15" (the engine profile the checks used) and why
  // Where the component's own release is unknown: the release assumed and
  // from where ("v1.27.3, the kubelet's"); "" otherwise.
  std::string assumed_release;
  // The component's own fatal message when it would refuse to start.
  std::string refusal;
  // Parsed state (absent where unknown): the families in order and the
  // ranges or addresses that give them.
  std::vector<net::Family> families;
  std::vector<net::Cidr> service_cidrs;  // kube-apiserver; kube-controller-manager's carve-out
  std::vector<net::Cidr> cluster_cidrs;  // kube-controller-manager, kube-proxy
  std::vector<int> node_mask_sizes;      // kube-controller-manager, per cluster CIDR
  std::vector<net::IPAddress> node_ips;  // kubelet
  bool node_ipam = false;                // kube-controller-manager --allocate-node-cidrs
  bool known = true;                     // false: the state could not be read (named in notes)
  nlohmann::ordered_json state;          // the same, for the report
  std::vector<Problem> problems;
  std::vector<std::string> notes;
};

enum class CheckResult { kPass, kFail, kWarn, kUnknown, kNotApplicable };

struct CrossCheck {
  std::string id;     // "service-ranges-match"
  std::string title;  // "kube-apiserver and kube-controller-manager service ranges are equal"
  CheckResult result = CheckResult::kPass;
  std::string detail;
};

struct Diagnosis {
  std::vector<ComponentReport> components;
  std::vector<CrossCheck> checks;
  // "consistently single-stack IPv4", "consistently dual-stack (IPv6 primary)",
  // "inconsistent", "refused": the one-line answer.
  std::string verdict;
  bool dual_stack = false;             // every component dual-stack
  std::optional<net::Family> primary;  // the cluster's primary family when consistent
  std::vector<std::string> notes;
  bool HasProblems() const;
};

// Diagnoses `inputs`. `release_override`, when given (--version), is the
// release of every component whose own release is unknown.
Diagnosis Diagnose(const ClusterInputs& inputs,
                   const std::optional<version::Release>& release_override);

const char* CheckResultName(CheckResult r);  // "pass", "FAIL", "warn", "unknown", "n/a"

}  // namespace kdual::doctor

#endif  // KDUAL_CONFORMANCE_DOCTOR_DIAGNOSIS_H_
