// Prints API answers the way kubectl does, so that kdual's object commands
// read like `kubectl create`, `kubectl get` and their errors.
#ifndef KDUAL_CONFORMANCE_CLI_KUBECTL_PRINT_H_
#define KDUAL_CONFORMANCE_CLI_KUBECTL_PRINT_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/registry/request.h"

namespace kdual::cli {

// YAML as `kubectl get -o yaml` writes it (sigs.k8s.io/yaml over yaml.v2):
// keys sorted, block sequences at their key's indentation, strings quoted
// only where yaml.v2 would read them as something else.
std::string KubectlYaml(const nlohmann::json& value);

// JSON as `kubectl get -o json` writes it: four-space indent.
std::string KubectlJson(const nlohmann::json& value);

struct TableOptions {
  bool with_namespace = false;  // -A: a NAMESPACE column first
  bool wide = false;            // -o wide: SELECTOR last
};

// `kubectl get services` columns: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S)
// (AGE is left out: the engine has no clock), as kubectl's printers fill
// them (pkg/printers/internalversion/printers.go printService).
std::string ServiceTable(const std::vector<nlohmann::json>& services,
                         const TableOptions& options = {});

// `kubectl get namespaces`: NAME STATUS (no AGE either).
std::string NamespaceTable(const std::vector<nlohmann::json>& namespaces);
// kubectl get nodes: NAME STATUS ROLES AGE VERSION (wide: addresses, OS
// image, kernel, container runtime).
std::string NodeTable(const std::vector<nlohmann::json>& nodes, bool wide);

// What kubectl prints for an error answer: "The Service \"web\" is
// invalid: ..." for Invalid (one cause on the line, several as a list),
// "Error from server (Reason): message" otherwise, with "error when
// <when>: " before the message when `when` is given ("creating \"svc.yaml\"").
std::string KubectlError(const registry::Answer& answer, const std::string& when = "");

}  // namespace kdual::cli

#endif  // KDUAL_CONFORMANCE_CLI_KUBECTL_PRINT_H_
