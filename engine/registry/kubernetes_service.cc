// The `kubernetes` Service in `default`: created at start-up and on every
// restart by the apiserver's controller (pkg/controlplane/controller/
// kubernetesservice), at the first address of the primary range; its
// failure is the apiserver's fatal start-up error.
#include "engine/registry/service_cluster.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/explain_trace.h"
#include "engine/base/go_format.h"
#include "engine/defaults/service_defaults.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

Status ServiceCluster::EnsureKubernetesService() {
  if (store_.count({"default", "kubernetes"})) return Status::Ok();
  // pkg/controlplane/controller/kubernetesservice: created through the API
  // with a fixed clusterIP (the first address of the primary range).
  json body = {
      {"apiVersion", "v1"},
      {"kind", "Service"},
      {"metadata",
       {{"name", "kubernetes"},
        {"namespace", "default"},
        {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
      {"spec",
       {{"clusterIP", network_.kubernetes_service_ip.ToString()},
        {"ipFamilyPolicy", "SingleStack"},
        {"sessionAffinity", "None"},
        {"type", network_.kubernetes_service_node_port > 0 ? "NodePort" : "ClusterIP"},
        {"ports",
         json::array(
             {{{"name", "https"}, {"port", 443}, {"protocol", "TCP"}, {"targetPort", 6443}}})}}}};
  if (network_.kubernetes_service_node_port > 0) {
    body["spec"]["ports"][0]["nodePort"] = network_.kubernetes_service_node_port;
  }
  Request req;
  req.op = Op::kCreate;
  req.namespace_name = "default";
  req.body = body;
  req.field_manager = "kube-apiserver";  // its client's user agent
  Answer a = HandleCreate(req);
  // controller/kubernetesservice Start: the first sync failing is fatal
  // ("unable to sync kubernetes service: %v"); in 1.37 an IPv6 primary range
  // shorter than /64 gets there, because the IPAddress allocator refuses it
  // and the static address then matches no range.
  if (a.is_error() && a.body.is_object() && a.body.contains("message") &&
      a.body["message"].is_string()) {
    return InvalidArgument("unable to sync kubernetes service: " +
                           a.body["message"].get<std::string>());
  }
  return Status::Ok();
}

}  // namespace kdual::registry
