#include "conformance/live/live_target.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "conformance/live/discovery.h"
#include "conformance/live/local_control_plane.h"
#include "conformance/live/rest_mapping.h"
#include "conformance/live/secrets.h"
#include "conformance/live/write_check.h"
#include "engine/base/json_access.h"
#include "engine/registry/service_cidrs.h"

namespace kdual::live {
namespace {

using nlohmann::json;

registry::Answer TransportAnswer(const std::string& message) {
  registry::Answer a;
  a.code = 0;
  a.body = {{"message", message}};
  return a;
}

}  // namespace

Result<std::unique_ptr<LiveTarget>> LiveTarget::Connect(const ClusterAccess& access) {
  std::unique_ptr<LiveTarget> target(new LiveTarget());
  auto client = HttpClient::Create(access);
  if (!client.ok()) return Unavailable(RedactSecrets(client.status().message(), SecretsOf(access)));
  target->client_ = std::move(client).value();
  target->UseAccess(access);
  target->running_ = true;
  return target;
}

LiveTarget::LiveTarget() : mapper_(RunIdentity::ForThisProcess()) {}

LiveTarget::LiveTarget(LocalClusterSpec local)
    : local_(std::move(local)), mapper_(RunIdentity::ForThisProcess()) {}

void LiveTarget::UseAccess(const ClusterAccess& access) {
  server_ = access.server;
  secrets_ = SecretsOf(access);
}

std::string LiveTarget::Redact(const std::string& text) const {
  return RedactSecrets(text, secrets_);
}

LiveTarget::~LiveTarget() {
  if (local_ && exists_) (void)Down();
}

std::string LiveTarget::Describe() const {
  std::string where = server_.empty() ? "local-cluster " + (local_ ? local_->name : "") : server_;
  if (local_) where += " (" + local_->version + ")";
  return where;
}

Status LiveTarget::Connect(const std::string& kubeconfig_path) {
  // Never fall back to KUBECONFIG or ~/.kube/config: that could be a real cluster.
  if (kubeconfig_path.empty()) return Unavailable("local-cluster printed no kubeconfig path");
  KubeconfigOptions options;
  options.kubeconfig = kubeconfig_path;
  auto access = LoadKubeconfig(options);
  if (!access.ok()) return access.status();
  auto client = HttpClient::Create(*access);
  if (!client.ok())
    return Unavailable(RedactSecrets(client.status().message(), SecretsOf(*access)));
  client_ = std::move(client).value();
  UseAccess(*access);
  return Status::Ok();
}

Status LiveTarget::Up(const flags::ComponentFlags& flags) {
  auto args = LocalClusterArgs(flags);
  if (!args.ok()) return args.status();
  std::vector<std::string> argv = {local_->script, "up",        "--name",
                                   local_->name,   "--version", local_->version};
  argv.insert(argv.end(), args->begin(), args->end());
  auto run = RunLocalCluster(argv);
  if (!run.ok()) return run.status();
  // A refused start leaves the cluster's folder (its logs) behind; Down
  // removes it, so a run whose last case was a refused start leaves
  // nothing for the next run's sweep.
  exists_ = true;
  if (run->exit_code != 0) return LaunchFailure(run->exit_code, run->err);
  namespaces_.clear();  // a new etcd
  KDUAL_RETURN_IF_ERROR(Connect(LastLine(run->out)));
  running_ = true;
  KDUAL_RETURN_IF_ERROR(CheckKubeProxy(flags));
  flags_ = flags;
  return Status::Ok();
}

Status LiveTarget::CheckKubeProxy(const flags::ComponentFlags& flags) {
  auto proxy = flags.components.find(flags::kKubeProxy);
  if (proxy == flags.components.end()) return Status::Ok();
  std::vector<std::string> argv = {local_->script, "kube-proxy-config", "--version",
                                   local_->version, "--"};
  for (const auto& [flag, value] : proxy->second) argv.push_back("--" + flag + "=" + value);
  auto run = RunLocalCluster(argv);
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) return LaunchFailure(run->exit_code, run->err);
  return Status::Ok();
}

Status LiveTarget::Start(const flags::ComponentFlags& flags) {
  if (!local_) return Cleanup();
  if (running_ && flags_ && flags_->components == flags.components && !fresh_required_) {
    return Cleanup();
  }
  fresh_required_ = false;
  if (exists_) KDUAL_RETURN_IF_ERROR(Down());
  return Up(flags);
}

Status LiveTarget::Restart(const flags::ComponentFlags& flags) {
  if (!local_) return FailedPrecondition("cannot restart a cluster this target did not start");
  if (!exists_) return Up(flags);
  auto args = LocalClusterArgs(flags);
  if (!args.ok()) return args.status();
  std::vector<std::string> argv = {local_->script, "restart", "--name", local_->name};
  argv.insert(argv.end(), args->begin(), args->end());
  auto run = RunLocalCluster(argv);
  if (!run.ok()) return run.status();
  running_ = false;
  flags_.reset();
  client_.reset();
  if (run->exit_code != 0) return LaunchFailure(run->exit_code, run->err);
  KDUAL_RETURN_IF_ERROR(Connect(LastLine(run->out)));
  running_ = true;
  KDUAL_RETURN_IF_ERROR(CheckKubeProxy(flags));
  flags_ = flags;
  return Status::Ok();
}

Status LiveTarget::Down() {
  client_.reset();
  running_ = false;
  flags_.reset();
  created_.clear();
  if (!local_ || !exists_) return Status::Ok();
  exists_ = false;
  namespaces_.clear();
  auto run = RunLocalCluster({local_->script, "down", "--name", local_->name});
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) return Unavailable("local-cluster down failed: " + LastLine(run->err));
  return Status::Ok();
}

Result<HttpResponse> LiveTarget::Call(const RestCall& call, const std::string& body) {
  if (!client_ || !running_) return Unavailable("no control plane is running");
  // The last guard before the wire: writes only inside kdual's namespaces.
  // Nodes are written only on a control plane kdual started (SendNode).
  const bool own_node = local_ && (call.path.rfind("/api/v1/nodes", 0) == 0 ||
                                   call.path.rfind(kServiceCIDRPath, 0) == 0 ||
                                   call.path.rfind(kIPAddressPath, 0) == 0);
  if (!own_node) KDUAL_RETURN_IF_ERROR(mapper_.CheckWrite(call.method, call.path, sweeping_));
  // A write whose answer is lost is checked, and resent only when it
  // provably did not happen (write_check.h).
  auto response = call.method == "GET"
                      ? client_->Do(call.method, call.path, body, call.content_type)
                      : SendWrite(*client_, {call.method, call.path, body, call.content_type, ""});
  if (!response.ok()) return Unavailable(Redact(response.status().message()));
  return response;
}

Status LiveTarget::EnsureNamespace(const std::string& run_namespace) {
  if (namespaces_.count(run_namespace)) return Status::Ok();
  auto start = std::chrono::steady_clock::now();
  auto r = Call({"POST", "/api/v1/namespaces", "application/json"},
                mapper_.NamespaceObject(run_namespace).dump());
  if (!r.ok()) return r.status().WithPrefix("cannot create namespace " + run_namespace);
  if (r->code == 409) {
    // Ours already (a retried create), or someone else's: never use that.
    auto got = Call({"GET", "/api/v1/namespaces/" + run_namespace, ""}, "");
    json ns = got.ok() ? json::parse(got->body, nullptr, false) : json();
    bool ours = ns.is_object() && ns.contains("metadata") && ns["metadata"].is_object() &&
                ns["metadata"].contains("labels") &&
                StringField(ns["metadata"]["labels"], kRunIdLabel) == mapper_.run().id;
    if (!ours)
      return FailedPrecondition("namespace " + run_namespace +
                                " exists already and is not this run's");
  } else if (r->code != 201 && r->code != 200) {
    json status = json::parse(r->body, nullptr, false);
    std::string message = StringField(status, "message");
    return Unavailable("cannot create namespace " + run_namespace + ": the server answered " +
                       std::to_string(r->code) + (message.empty() ? "" : " " + Redact(message)));
  }
  namespaces_.insert(run_namespace);
  namespace_times_.created++;
  namespace_times_.create_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Status::Ok();
}

Result<std::vector<std::string>> LiveTarget::SweepLeftovers(const SweepPolicy& policy) {
  std::string selector = PercentEncode(std::string(kManagedByLabel) + "=" + kManagedByValue);
  auto list = Call({"GET", "/api/v1/namespaces?labelSelector=" + selector, ""}, "");
  if (!list.ok()) return list.status().WithPrefix("cannot list kdual's namespaces");
  if (list->code != 200) {
    return Unavailable("cannot list kdual's namespaces: the server answered " +
                       std::to_string(list->code));
  }
  json namespaces = json::parse(list->body, nullptr, false);
  std::vector<std::string> swept;
  if (!namespaces.is_object() || !namespaces.contains("items") || !namespaces["items"].is_array()) {
    return swept;
  }
  int64_t now = static_cast<int64_t>(std::time(nullptr));
  Status result;
  for (const json& ns : namespaces["items"]) {
    auto reason = LeftoverReason(ns, mapper_.run(), now, policy);
    if (!reason) continue;
    std::string name = StringField(ns["metadata"], "name");
    if (name.empty() || !IsDns1123Label(name)) continue;
    if (ns.contains("status") && StringField(ns["status"], "phase") == "Terminating") {
      continue;  // the namespace controller is at it already
    }
    sweeping_.insert(name);
    std::string base = "/api/v1/namespaces/" + name;
    int services = 0;
    auto svcs = Call({"GET", base + "/services", ""}, "");
    json items = svcs.ok() ? json::parse(svcs->body, nullptr, false) : json();
    if (items.is_object() && items.contains("items") && items["items"].is_array()) {
      for (const json& svc : items["items"]) {
        std::string svc_name =
            svc.is_object() && svc.contains("metadata") ? StringField(svc["metadata"], "name") : "";
        if (svc_name.empty()) continue;
        auto del = Call({"DELETE", base + "/services/" + PercentEncode(svc_name), ""}, "");
        if (del.ok() && (del->code == 200 || del->code == 202 || del->code == 404)) ++services;
      }
    }
    auto del = Call({"DELETE", base, ""}, "");
    sweeping_.erase(name);
    if (!del.ok() || (del->code != 200 && del->code != 202 && del->code != 404)) {
      result = Unavailable("cannot delete leftover namespace " + name);
      continue;
    }
    swept.push_back(name + " (" + *reason + "; " + std::to_string(services) + " Service" +
                    (services == 1 ? "" : "s") + " deleted)");
  }
  if (!result.ok()) return result;
  return swept;
}

Result<std::vector<std::string>> LiveTarget::SweepLocalLeftovers(const std::string& prefix,
                                                                 const SweepPolicy& policy) {
  std::vector<std::string> stopped;
  if (!local_) return stopped;
  auto status = RunLocalCluster({local_->script, "status"});
  if (!status.ok()) return status.status();
  if (status->exit_code != 0)
    return Unavailable("local-cluster status failed: " + LastLine(status->err));
  auto alive = policy.process_alive ? policy.process_alive : KdualProcessAlive;
  std::istringstream lines(status->out);
  std::string line;
  while (std::getline(lines, line)) {
    // "<name>: version vX.Y.Z" starts each cluster's block.
    size_t colon = line.find(": version ");
    if (line.empty() || line[0] == ' ' || colon == std::string::npos) continue;
    std::string cluster = line.substr(0, colon);
    if (cluster.rfind(prefix, 0) != 0 || cluster == local_->name) continue;
    std::string pid_text = cluster.substr(prefix.size());
    if (pid_text.empty() || pid_text.size() > 9 ||
        !std::all_of(pid_text.begin(), pid_text.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
      continue;
    }
    if (alive(std::stoll(pid_text))) continue;
    auto down = RunLocalCluster({local_->script, "down", "--name", cluster});
    if (!down.ok()) return down.status();
    if (down->exit_code != 0)
      return Unavailable("local-cluster down --name " + cluster +
                         " failed: " + LastLine(down->err));
    stopped.push_back(cluster);
  }
  return stopped;
}

Status LiveTarget::Finish(std::chrono::milliseconds wait) {
  Status result = Cleanup();
  if (!client_ || !running_) return result;
  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> deleting;
  for (const std::string& ns : namespaces_) {
    auto del = Call({"DELETE", "/api/v1/namespaces/" + ns, ""}, "");
    if (!del.ok() || (del->code != 200 && del->code != 202 && del->code != 404)) {
      result = Unavailable("cannot delete namespace " + ns);
      continue;
    }
    deleting.push_back(ns);
  }
  auto deadline = start + wait;
  std::vector<std::string> left = deleting;
  while (!left.empty()) {
    std::vector<std::string> still;
    for (const std::string& ns : left) {
      auto got = Call({"GET", "/api/v1/namespaces/" + ns, ""}, "");
      if (!got.ok() || got->code != 404) still.push_back(ns);
    }
    left = still;
    if (left.empty() || std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  namespace_times_.deleted += static_cast<int>(deleting.size() - left.size());
  namespace_times_.delete_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  namespaces_.clear();
  if (!left.empty() && result.ok()) {
    std::string names;
    for (const auto& ns : left) names += (names.empty() ? "" : ", ") + ns;
    result = Unavailable("namespace " + names +
                         " is still terminating; the next run's sweep "
                         "deletes it if it stays");
  }
  return result;
}

Status LiveTarget::Cleanup() {
  Status result;
  auto nodes = created_nodes_;
  for (const auto& name : nodes) {
    registry::Request del;
    del.resource = registry::Resource::kNodes;
    del.op = registry::Op::kDelete;
    del.name = name;
    registry::Answer a = Send(del);
    if (a.code == 0 || (a.is_error() && a.code != 404))
      result = Unavailable("cannot delete Node " + name + " after the case");
  }
  created_nodes_.clear();
  auto created = created_;
  for (const auto& [ns, name] : created) {
    registry::Request del;
    del.op = registry::Op::kDelete;
    del.namespace_name = ns;
    del.name = name;
    // A delete is safe to send again (the second finds the object gone), so
    // an unavailable or throttled answer is tried again: a Service left
    // behind would meet the next case of the same name.
    registry::Answer a = Send(del);
    for (int attempt = 1; attempt < 6 && (a.code == 0 || a.code == 429 || a.code >= 500);
         ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << attempt));
      a = Send(del);
    }
    if (a.code == 0 || (a.is_error() && a.code != 404)) {
      result = Unavailable("cannot delete Service " + ns + "/" + name + " after the case");
      continue;
    }
    // Only marked: finalizers a case left (its own, or the garbage
    // collector's orphan and foregroundDeletion, which no controller
    // removes on a local control plane) would keep the Service, and its
    // namespace, forever. Clearing them lets the store delete it.
    if (!a.is_error() && a.body.is_object() && a.body.contains("metadata") &&
        a.body["metadata"].is_object() && a.body["metadata"].contains("deletionTimestamp")) {
      registry::Request clear = del;
      clear.op = registry::Op::kPatch;
      clear.patch_type = registry::PatchType::kMerge;
      clear.body = {{"metadata", {{"finalizers", nullptr}}}};
      Send(clear);
    }
    // Wait until it is gone, so its addresses and ports are free again.
    registry::Request get = del;
    get.op = registry::Op::kGet;
    for (int i = 0; i < 50 && Send(get).code != 404; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  created_.clear();
  // The IPAddresses a case created hold no Service; one labelled as the
  // allocator's would hold a ServiceCIDR's delete, so they go first.
  for (const auto& name : created_ip_addresses_) {
    registry::Request del;
    del.resource = registry::Resource::kIPAddresses;
    del.op = registry::Op::kDelete;
    del.name = name;
    registry::Answer a = SendToServer(del);
    if (a.code == 0 || (a.is_error() && a.code != 404))
      result = Unavailable("cannot delete IPAddress " + name + " after the case");
  }
  created_ip_addresses_.clear();
  // Last, once no Service holds an address of theirs: a ServiceCIDR is gone
  // only once its finalizer is (the controller manager's servicecidrs
  // controller), so it is deleted, then polled until 404, and the next case
  // starts without it.
  for (const auto& name : created_service_cidrs_) {
    registry::Request del;
    del.resource = registry::Resource::kServiceCIDRs;
    del.op = registry::Op::kDelete;
    del.name = name;
    registry::Answer a = SendToServer(del);
    if (a.code == 0 || (a.is_error() && a.code != 404)) {
      result = Unavailable("cannot delete ServiceCIDR " + name + " after the case");
      continue;
    }
    registry::Request get = del;
    get.op = registry::Op::kGet;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (true) {
      registry::Answer g = SendToServer(get);
      if (g.code == 404) break;
      if (g.code == 0 || std::chrono::steady_clock::now() > deadline) {
        result = Unavailable("ServiceCIDR " + name + " is still there 30 s after its delete");
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  created_service_cidrs_.clear();
  return result;
}

Result<std::string> LiveTarget::ServiceHolding(const std::string& value, bool is_port) {
  if (!client_ || !running_) return Unavailable("no control plane is running");
  auto services = ListServiceAddresses(*client_);
  if (!services.ok()) return Unavailable(Redact(services.status().message()));
  for (const auto& s : *services) {
    bool holds = is_port ? std::to_string(s.health_check_node_port) == value ||
                               std::any_of(s.node_ports.begin(), s.node_ports.end(),
                                           [&](int p) { return std::to_string(p) == value; })
                         : std::find(s.cluster_ips.begin(), s.cluster_ips.end(), value) !=
                               s.cluster_ips.end();
    if (holds) return s.namespace_name + "/" + s.name;
  }
  return std::string();
}

Result<std::string> LiveTarget::ServerVersion() {
  auto r = Call({"GET", "/version", ""}, "");
  if (!r.ok()) return r.status();
  if (r->code != 200) return Unavailable("/version answered " + std::to_string(r->code));
  json v = json::parse(r->body, nullptr, false);
  if (!v.is_object() || !v.contains("gitVersion") || !v["gitVersion"].is_string()) {
    return Unavailable("/version has no gitVersion");
  }
  return v["gitVersion"].get<std::string>();
}

registry::Answer LiveTarget::Send(const registry::Request& request) {
  if (request.resource == registry::Resource::kNodes) return SendNode(request);
  if (request.resource == registry::Resource::kServiceCIDRs) return SendServiceCIDR(request);
  if (request.resource == registry::Resource::kIPAddresses) return SendIPAddress(request);
  auto mapped = mapper_.ToServer(request);
  if (!mapped.ok()) return TransportAnswer(mapped.status().message());
  // A case sees the namespaces of a fresh control plane and no others: a
  // request in any other namespace goes to a run namespace that is never
  // created, so the server answers 404 as it would (NamespaceLifecycle).
  if (client_ && running_ && IsFreshClusterNamespace(request.namespace_name)) {
    Status ns = EnsureNamespace(mapped->namespace_name);
    if (!ns.ok()) return TransportAnswer(ns.message());
  }
  registry::Answer answer = SendToServer(*mapped);
  mapper_.FromServer(&answer);
  // A write that got no answer (code 0: its fate is unknown, or it provably
  // happened) may have left an object behind: it is cleaned up like one
  // that was answered, or the next case meets it ("already exists").
  const bool unanswered = answer.code == 0;
  if ((!answer.is_error() || unanswered) && !request.dry_run) {
    std::string name = ObjectName(request);
    if (answer.body.is_object() && answer.body.contains("metadata") &&
        answer.body["metadata"].is_object() && answer.body["metadata"].contains("name") &&
        answer.body["metadata"]["name"].is_string()) {
      name = answer.body["metadata"]["name"].get<std::string>();
    }
    const bool may_create =
        request.op == registry::Op::kCreate || request.op == registry::Op::kApply ||
        (request.op == registry::Op::kUpdate && (answer.code == 201 || unanswered)) ||
        (request.op == registry::Op::kPatch && unanswered);
    if (may_create && !name.empty()) {
      created_.insert({request.namespace_name, name});
    } else if (request.op == registry::Op::kDelete && !unanswered &&
               !(answer.body.is_object() && answer.body.contains("metadata") &&
                 answer.body["metadata"].is_object() &&
                 answer.body["metadata"].contains("deletionTimestamp"))) {
      // A delete that only marked the Service (finalizers) leaves it there:
      // the cleanup still has to clear them.
      created_.erase({request.namespace_name, name});
    }
  }
  return answer;
}

// `request` is in the run namespace already.
registry::Answer LiveTarget::SendToServer(const registry::Request& request) {
  auto call = RestCallFor(request);
  if (!call.ok()) return TransportAnswer(call.status().message());
  json body = request.body;
  if (request.op == registry::Op::kUpdate && body.is_object()) {
    const json* meta = body.contains("metadata") ? &body["metadata"] : nullptr;
    bool has_version = meta && meta->is_object() && meta->contains("resourceVersion") &&
                       (*meta)["resourceVersion"].is_string() &&
                       !(*meta)["resourceVersion"].get<std::string>().empty();
    if (!has_version) {
      registry::Request get = request;
      get.op = registry::Op::kGet;
      get.dry_run = false;
      get.name = ObjectName(request);
      registry::Answer current = SendToServer(get);
      // As kubectl replace does (cli-runtime resource/helper.go Replace):
      // when the object is not there the PUT is sent all the same, without
      // a resourceVersion, and the server answers it (Services allow create
      // on update). Answering the GET's 404 would record what the server
      // never said to the PUT.
      if (current.code == 0 || (current.is_error() && current.code != 404)) return current;
      if (!current.is_error() && current.body.contains("metadata") &&
          current.body["metadata"].contains("resourceVersion")) {
        body["metadata"]["resourceVersion"] = current.body["metadata"]["resourceVersion"];
      }
    }
  }
  bool has_body = request.op != registry::Op::kGet &&
                  (request.op != registry::Op::kDelete || !request.body.is_null());
  auto response = Call(*call, has_body ? body.dump() : "");
  if (!response.ok()) return TransportAnswer(response.status().message());
  if (response->fate_unknown) return TransportAnswer(response->body);
  registry::Answer answer;
  answer.code = static_cast<int>(response->code);
  answer.warnings = response->warnings;
  json parsed = json::parse(response->body, nullptr, false);
  if (parsed.is_discarded()) {
    if (answer.is_error()) {
      answer = registry::StatusAnswer(answer.code, "", response->body);
      answer.warnings = response->warnings;
    } else {
      answer.body = {{"message", response->body}};
    }
  } else {
    answer.body = std::move(parsed);
  }
  return answer;
}

namespace {

// A cluster-scoped object a create made (or may have made: no answer), to
// delete after the case. An IPAddress's noop name generator makes a
// generateName the name.
void NoteCreated(const registry::Request& request, const registry::Answer& answer,
                 std::set<std::string>* created) {
  if (request.dry_run || request.op != registry::Op::kCreate) return;
  if (answer.code != 201 && answer.code != 0) return;
  std::string name = ObjectName(request);
  if (name.empty() && request.body.is_object())
    name = request.body.value("/metadata/generateName"_json_pointer, "");
  if (!name.empty()) created->insert(name);
}

}  // namespace

registry::Answer LiveTarget::SendNode(const registry::Request& request) {
  if (!local_) {
    return TransportAnswer(
        "Node requests run only on a control plane kdual starts (they create cluster-scoped "
        "Nodes), not on an existing cluster");
  }
  if (request.op == registry::Op::kWait) return WaitForNode(request);
  registry::Answer answer = SendToServer(request);
  std::string name = ObjectName(request);
  if (!request.dry_run && !name.empty()) {
    if (request.op == registry::Op::kCreate && (answer.code == 201 || answer.code == 0))
      created_nodes_.insert(name);
    if (request.op == registry::Op::kDelete && !answer.is_error()) created_nodes_.erase(name);
  }
  return answer;
}

registry::Answer LiveTarget::SendIPAddress(const registry::Request& request) {
  if (!local_) {
    return TransportAnswer(
        "IPAddress requests run only on a control plane kdual starts (a client's IPAddress "
        "reserves a cluster IP for the whole cluster), not on an existing cluster");
  }
  registry::Answer answer = SendToServer(request);
  NoteCreated(request, answer, &created_ip_addresses_);
  return answer;
}

registry::Answer LiveTarget::SendServiceCIDR(const registry::Request& request) {
  if (!local_) {
    return TransportAnswer(
        "ServiceCIDR requests run only on a control plane kdual starts (they create "
        "cluster-scoped ranges every Service allocates from), not on an existing cluster");
  }
  if (request.op == registry::Op::kWait) return WaitForServiceCIDR(request);
  registry::Answer answer = SendToServer(request);
  NoteCreated(request, answer, &created_service_cidrs_);
  return answer;
}

// The controllers work asynchronously: poll (every 200 ms, 30 s at most)
// until the ServiceCIDR is Ready (the Ready condition True and the
// controller's finalizer on it), Terminating (being deleted with Ready
// False) or deleted (404). The answer when it never is: the engine's 504.
registry::Answer LiveTarget::WaitForServiceCIDR(const registry::Request& request) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  registry::Request get = request;
  get.op = registry::Op::kGet;
  while (true) {
    registry::Answer cidr = SendToServer(get);
    if (cidr.code == 0) return cidr;
    if (request.wait_for == "deleted") {
      if (cidr.code == 404) return cidr;
    } else if (cidr.is_error()) {
      return cidr;
    } else {
      const json* meta = JsonAt(cidr.body, {"metadata"});
      const bool deleting = meta != nullptr && meta->contains("deletionTimestamp");
      bool finalized = false;
      if (const json* f = JsonAt(cidr.body, {"metadata", "finalizers"}); f && f->is_array()) {
        for (const auto& x : *f) finalized = finalized || x == registry::kServiceCIDRFinalizer;
      }
      std::string ready;
      if (const json* c = JsonAt(cidr.body, {"status", "conditions"}); c && c->is_array()) {
        for (const auto& x : *c) {
          if (x.is_object() && x.value("type", "") == "Ready") ready = x.value("status", "");
        }
      }
      if (request.wait_for == "Ready" && !deleting && finalized && ready == "True") return cidr;
      if (request.wait_for == "Terminating" && deleting && ready == "False") return cidr;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return request.wait_for == "deleted"
                 ? registry::StatusAnswer(
                       504, "Timeout",
                       "ServiceCIDR " + request.name + " is still there after the wait")
                 : registry::StatusAnswer(504, "Timeout",
                                          "ServiceCIDR " + request.name + " is not " +
                                              request.wait_for + " after the wait");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

// The controller manager works asynchronously: poll (every 200 ms, 30 s at
// most) until the Node has pod CIDRs or an event of the reason names it.
// The answer when it never does is the engine's: a 504 Status.
registry::Answer LiveTarget::WaitForNode(const registry::Request& request) {
  const bool events = request.wait_for.rfind("event/", 0) == 0;
  const std::string reason = events ? request.wait_for.substr(6) : "";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  registry::Request get = request;
  get.op = registry::Op::kGet;
  while (true) {
    registry::Answer node = SendToServer(get);
    if (node.code == 0 || node.is_error()) return node;
    if (!events) {
      const json& spec = node.body.contains("spec") ? node.body["spec"] : json::object();
      if (spec.is_object() && spec.contains("podCIDRs")) return node;
    } else {
      RestCall call{
          "GET",
          "/api/v1/namespaces/default/events?fieldSelector=" +
              PercentEncode("involvedObject.kind=Node,involvedObject.name=" + request.name),
          ""};
      auto listed = Call(call, "");
      if (listed.ok() && listed->code == 200) {
        json list = json::parse(listed->body, nullptr, false);
        if (list.is_object() && list.contains("items") && list["items"].is_array()) {
          for (const auto& e : list["items"]) {
            if (e.value("reason", "") == reason) {
              registry::Answer a;
              a.body = {{"type", e.value("type", "")},
                        {"reason", reason},
                        {"message", e.value("message", "")}};
              return a;
            }
          }
        }
      }
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return events
                 ? registry::StatusAnswer(
                       504, "Timeout",
                       "no " + reason + " event about Node " + request.name + " within the wait")
                 : registry::StatusAnswer(
                       504, "Timeout", "Node " + request.name + " got no podCIDRs within the wait");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

}  // namespace kdual::live
