// Invariants of the registry that hold for every request sequence, shared by
// the registry properties and the registry fuzz targets. Each check returns
// "" when it holds and otherwise a sentence naming the step and what broke:
//   - every answer is a Service or a Status, never an escaped exception;
//   - clusterIP == clusterIPs[0], and clusterIPs' families are ipFamilies in
//     order, as many as the policy allows;
//   - the allocators hold exactly the addresses and node ports of the stored
//     Services, each once (so deleting a Service or changing its type gives
//     back exactly what it held), except the address of the first family
//     that a failed dual-stack allocation leaves held, as the server does;
//   - a dynamically allocated address is inside its range, never the network
//     address nor the IPv4 broadcast, and comes from the upper band while that
//     band has room; node ports likewise;
//   - a dry run changes nothing; a create followed by a get answers the same
//     object; an update that changes nothing changes nothing.
#ifndef KDUAL_ENGINE_TESTING_REGISTRY_INVARIANTS_H_
#define KDUAL_ENGINE_TESTING_REGISTRY_INVARIANTS_H_

#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/json_access.h"
#include "engine/registry/service_cluster.h"
#include "engine/shapes/shapes.h"

namespace kdual::test {

// The test helpers draw the shapes of engine/shapes (the same the
// production case generator draws).
using namespace ::kdual::shapes;  // NOLINT(google-build-using-namespace)

using nlohmann::json;
using registry::Answer;
using registry::Op;
using registry::Request;
using registry::ServiceCluster;

// Returns the failure (a sentence naming the step) from the enclosing function.
#define KDUAL_CHECK(cond, what)                             \
  do {                                                      \
    if (!(cond)) return std::string(what) + " [" #cond "]"; \
  } while (0)
#define KDUAL_CHECK_OK(expr)                            \
  do {                                                  \
    std::string kdual_failure_ = (expr);                \
    if (!kdual_failure_.empty()) return kdual_failure_; \
  } while (0)

struct Snapshot {
  std::map<std::string, json> objects;  // name -> the object a get answers
  size_t ips_v4 = 0, ips_v6 = 0, ports = 0;
  Snapshot WithoutResourceVersions() const {
    Snapshot out = *this;
    for (auto& [name, obj] : out.objects) {
      if (obj.contains("metadata") && obj["metadata"].is_object())
        obj["metadata"].erase("resourceVersion");
    }
    return out;
  }
  bool operator==(const Snapshot& o) const {
    return objects == o.objects && ips_v4 == o.ips_v4 && ips_v6 == o.ips_v6 && ports == o.ports;
  }
};

// What differs between two snapshots, for a failure message: each object
// that appeared, went or changed (both versions), and each count that moved.
inline std::string SnapshotDifference(const Snapshot& before, const Snapshot& after) {
  std::string out;
  for (const auto& [name, obj] : before.objects) {
    auto it = after.objects.find(name);
    if (it == after.objects.end())
      out += " " + name + " went;";
    else if (it->second != obj)
      out += " " + name + " changed from " + obj.dump() + " to " + it->second.dump() + ";";
  }
  for (const auto& [name, obj] : after.objects) {
    if (!before.objects.count(name)) out += " " + name + " appeared: " + obj.dump() + ";";
  }
  auto count = [&out](const char* what, size_t b, size_t a) {
    if (b != a)
      out += std::string(" ") + what + " " + std::to_string(b) + " -> " + std::to_string(a) + ";";
  };
  count("IPv4 addresses", before.ips_v4, after.ips_v4);
  count("IPv6 addresses", before.ips_v6, after.ips_v6);
  count("node ports", before.ports, after.ports);
  return out;
}

inline json WithoutResourceVersion(json obj) {
  if (obj.contains("metadata") && obj["metadata"].is_object())
    obj["metadata"].erase("resourceVersion");
  return obj;
}

inline Snapshot Take(ServiceCluster& c) {
  Snapshot s;
  for (const auto& name : test::ServiceNames()) {
    // A name not stored would answer 404, which a snapshot leaves out:
    // asked only when stored (building that Status was 5% of the time).
    if (!c.Stores("default", name)) continue;
    Request get;
    get.op = Op::kGet;
    get.name = name;
    Answer a = c.Handle(get);
    if (a.code == 200) s.objects[name] = std::move(a.body);
  }
  if (auto* a = c.ip_allocator(net::Family::kIPv4)) s.ips_v4 = a->Used();
  if (auto* a = c.ip_allocator(net::Family::kIPv6)) s.ips_v6 = a->Used();
  if (c.port_allocator()) s.ports = c.port_allocator()->Used();
  return s;
}

// The answer to any request: a Service or a Status, and never the engine's
// own catch-all for an exception thrown inside it.
inline std::string CheckAnswerShape(const Answer& a, const std::string& step) {
  KDUAL_CHECK(a.code >= 200 && a.code < 600, step + ": HTTP code " + std::to_string(a.code));
  KDUAL_CHECK(a.body.is_object(), step + ": body is not an object");
  if (a.is_error()) {
    KDUAL_CHECK(StringField(a.body, "kind") == "Status",
                step + ": error without a Status: " + a.body.dump());
    KDUAL_CHECK(StringField(a.body, "message").rfind("kdual engine:", 0) != 0,
                step + ": exception escaped inside the engine: " + StringField(a.body, "message"));
    KDUAL_CHECK(!StringField(a.body, "message").empty(), step + ": error without a message");
  } else {
    KDUAL_CHECK(StringField(a.body, "kind") == "Service",
                step + ": success without a Service: " + a.body.dump());
  }
  return "";
}

// The family and policy invariants of a Service as the server answers it.
inline std::string CheckServiceShape(const json& svc, const std::string& step) {
  const json& spec = ObjectField(svc, "spec");
  std::vector<std::string> ips, fams;
  if (spec.contains("clusterIPs")) ips = spec["clusterIPs"].get<std::vector<std::string>>();
  if (spec.contains("ipFamilies")) fams = spec["ipFamilies"].get<std::vector<std::string>>();
  std::string cluster_ip = StringField(spec, "clusterIP");
  if (!ips.empty())
    KDUAL_CHECK(cluster_ip == ips[0], step + ": clusterIP != clusterIPs[0]: " + spec.dump());
  if (ips.empty())
    KDUAL_CHECK(cluster_ip.empty(), step + ": clusterIP without clusterIPs: " + spec.dump());
  if (StringField(spec, "type") == "ExternalName") return "";
  if (cluster_ip == "None") return "";
  KDUAL_CHECK(ips.size() == fams.size(),
              step + ": clusterIPs and ipFamilies differ in length: " + spec.dump());
  for (size_t i = 0; i < ips.size(); ++i) {
    auto ip = net::ParseIPSloppy(ips[i]);
    KDUAL_CHECK(ip.ok(), step + ": clusterIP does not parse: " + ips[i]);
    KDUAL_CHECK(net::FamilyName(ip->family()) == fams[i],
                step + ": family of " + ips[i] + " is not " + fams[i]);
  }
  std::string policy = StringField(spec, "ipFamilyPolicy");
  if (policy == "SingleStack")
    KDUAL_CHECK(fams.size() == 1, step + ": SingleStack with " + spec.dump());
  if (policy == "RequireDualStack")
    KDUAL_CHECK(fams.size() == 2, step + ": RequireDualStack with " + spec.dump());
  if (fams.size() == 2)
    KDUAL_CHECK(fams[0] != fams[1], step + ": one family twice: " + spec.dump());
  return "";
}

// The allocators hold exactly what the stored Services hold, each once.
// After a restart onto other ranges a stored address may lie outside every
// range: it is then not held, and the count is only an upper bound.
// `leaked` counts addresses a failed dual-stack allocation left held, as the
// server leaves them (alloc.go txnAllocClusterIPs does not revert): held by
// the allocators, by no Service.
inline std::string CheckAccounting(ServiceCluster& c, const Snapshot& s, bool exact,
                                   const std::string& step,
                                   const std::map<net::Family, size_t>& leaked = {},
                                   bool repaired = false) {
  auto leaks = [&](net::Family f) {
    auto it = leaked.find(f);
    return it == leaked.end() ? size_t{0} : it->second;
  };
  std::map<net::Family, std::set<std::string>> held;
  std::set<int64_t> ports;
  size_t port_count = 0;
  // Node ports carried by Services of other types (validation allows them
  // on ExternalName): never allocated on write, but the node-port repair
  // loop re-adds every Service's node ports, whatever its type
  // (portallocator/controller/repair.go collectServiceNodePorts), so after a
  // restart the allocator may hold them.
  std::set<int64_t> carried;
  for (const auto& [name, svc] : s.objects) {
    const json& spec = ObjectField(svc, "spec");
    bool holds_ips =
        StringField(spec, "type") != "ExternalName" && StringField(spec, "clusterIP") != "None";
    if (holds_ips && spec.contains("clusterIPs")) {
      for (const auto& t : spec["clusterIPs"]) {
        auto ip = net::ParseIPSloppy(t.get<std::string>());
        if (!ip.ok()) continue;
        const auto* a = c.ip_allocator(ip->family());
        bool is_held = a && a->Has(*ip);
        if (exact)
          KDUAL_CHECK(is_held,
                      step + ": " + name + "'s address " + ip->ToString() + " is not held");
        if (is_held) {
          KDUAL_CHECK(held[ip->family()].insert(ip->ToString()).second,
                      step + ": address " + ip->ToString() + " held by two Services");
        }
      }
    }
    std::vector<int64_t> svc_ports;
    // Only these types hold node ports; another type may carry a nodePort
    // that was never allocated (validation allows it on ExternalName).
    std::string type = StringField(spec, "type");
    if (type != "NodePort" && type != "LoadBalancer") {
      for (const auto& p : ArrayField(spec, "ports")) {
        if (p.contains("nodePort") && p["nodePort"].is_number_integer())
          carried.insert(p["nodePort"].get<int64_t>());
      }
      continue;
    }
    for (const auto& p : ArrayField(spec, "ports")) {
      if (p.contains("nodePort")) svc_ports.push_back(p["nodePort"].get<int64_t>());
    }
    if (spec.contains("healthCheckNodePort"))
      svc_ports.push_back(spec["healthCheckNodePort"].get<int64_t>());
    std::set<int64_t> own(svc_ports.begin(), svc_ports.end());  // one port may serve TCP and UDP
    for (int64_t p : own) {
      bool is_held = c.port_allocator()->Has(static_cast<int>(p));
      if (exact)
        KDUAL_CHECK(is_held,
                    step + ": " + name + "'s node port " + std::to_string(p) + " is not held");
      if (is_held) {
        ++port_count;
        KDUAL_CHECK(ports.insert(p).second,
                    step + ": node port " + std::to_string(p) + " held by two Services");
      }
    }
  }
  // Held by Services <= held by the allocators <= that plus an upper bound
  // on what failed requests left held (exact when nothing failed).
  KDUAL_CHECK(s.ips_v4 >= held[net::Family::kIPv4].size() &&
                  s.ips_v4 <= held[net::Family::kIPv4].size() + leaks(net::Family::kIPv4),
              step + ": IPv4 allocator holds " + std::to_string(s.ips_v4) +
                  " addresses, Services hold " + std::to_string(held[net::Family::kIPv4].size()) +
                  ", leaked " + std::to_string(leaks(net::Family::kIPv4)));
  KDUAL_CHECK(s.ips_v6 >= held[net::Family::kIPv6].size() &&
                  s.ips_v6 <= held[net::Family::kIPv6].size() + leaks(net::Family::kIPv6),
              step + ": IPv6 allocator holds " + std::to_string(s.ips_v6) +
                  " addresses, Services hold " + std::to_string(held[net::Family::kIPv6].size()) +
                  ", leaked " + std::to_string(leaks(net::Family::kIPv6)));
  size_t carried_held = 0;
  for (int64_t p : carried) {
    if (!ports.count(p) && c.port_allocator()->Has(static_cast<int>(p))) ++carried_held;
  }
  // Before any restart nothing re-added them: a carried port held then is
  // one a write allocated, which the server never does.
  if (!repaired)
    KDUAL_CHECK(carried_held == 0,
                step + ": a node port carried by a Service of another type is held");
  // A range that holds port 0 ("0-0") hands out 0, which a Service cannot
  // show (0 means unset) nor ever give back: the server does it too (captured
  // on v1.37.2: a LoadBalancer on --service-node-port-range=0-0 is created
  // once, and every later node port is "range is full").
  if (c.port_allocator()->range().Contains(0) && c.port_allocator()->Has(0)) ++carried_held;
  KDUAL_CHECK(s.ports == port_count + carried_held,
              step + ": port allocator holds " + std::to_string(s.ports) +
                  " ports, Services hold " + std::to_string(port_count) + " (and " +
                  std::to_string(carried_held) + " carried by other types are held)");
  return "";
}

// A dynamically allocated address: inside the range, not the network address
// nor the IPv4 broadcast, and from the lower band only when the upper band
// is full (checked on ranges small enough to walk).
inline std::string CheckDynamicAddress(const ServiceCluster& c, const net::IPAddress& ip,
                                       const std::string& step) {
  const auto* a = c.ip_allocator(ip.family());
  KDUAL_CHECK(a != nullptr, step + ": address of an unconfigured family " + ip.ToString());
  KDUAL_CHECK(a->cidr().Contains(ip),
              step + ": " + ip.ToString() + " outside " + a->cidr().ToString());
  KDUAL_CHECK(ip != a->cidr().network(), step + ": the network address was allocated");
  if (ip.is_v4())
    KDUAL_CHECK(ip != a->cidr().Last(), step + ": the broadcast address was allocated");
  net::Uint128 index = net::Distance(a->bitmap_base(), ip);
  auto band = static_cast<net::Uint128>(a->range_offset());
  if (index < band && a->bitmap_max() <= 4096) {
    for (net::Uint128 i = band; i < a->bitmap_max(); ++i) {
      KDUAL_CHECK(
          a->Has(net::AddOffset(a->bitmap_base(), i)),
          step + ": " + ip.ToString() + " from the lower band while the upper band has room");
    }
  }
  return "";
}

inline std::string CheckDynamicPort(const ServiceCluster& c, int port, const std::string& step) {
  const auto* pa = c.port_allocator();
  KDUAL_CHECK(pa->range().Contains(port),
              step + ": node port " + std::to_string(port) + " outside the range");
  if (port - pa->range().base < pa->offset()) {
    for (int p = pa->range().base + pa->offset(); p <= pa->range().last(); ++p) {
      KDUAL_CHECK(pa->Has(p), step + ": node port " + std::to_string(port) +
                                  " from the lower band while the upper band has room");
    }
  }
  return "";
}

// How many addresses of family `f` the stored Services of `s` name.
inline size_t HeldBy(const Snapshot& s, net::Family f) {
  size_t n = 0;
  for (const auto& [name, svc] : s.objects) {
    const json& spec = ObjectField(svc, "spec");
    if (StringField(spec, "type") == "ExternalName" || StringField(spec, "clusterIP") == "None")
      continue;
    for (const auto& t : ArrayField(spec, "clusterIPs")) {
      auto ip = net::ParseIPSloppy(t.is_string() ? t.get<std::string>() : "");
      if (ip.ok() && ip->family() == f) ++n;
    }
  }
  return n;
}

struct RegistryRun {
  version::Profile profile;
  ClusterShape cluster;
  std::unique_ptr<ServiceCluster> sut;
  bool exact = true;  // no restart onto other ranges yet
  // Addresses failed dual-stack allocations left held (cleared by a
  // restart, which rebuilds the allocators from the stored Services).
  std::map<net::Family, size_t> leaked;
  // Per family, addresses the allocators held beyond the stored Services'
  // after the previous step: what a failed request adds is measured from it.
  std::map<net::Family, size_t> unaccounted;
  // A restart ran the repair loops (node ports of every Service re-added).
  bool repaired = false;
};

// Addresses of family `f` the allocators hold that no stored Service names.
// Only addresses the allocator holds count as named: after a restart onto
// other ranges a Service may name one that is in no range.
inline size_t Unaccounted(const ServiceCluster& c, const Snapshot& s, net::Family f) {
  size_t used = f == net::Family::kIPv4 ? s.ips_v4 : s.ips_v6;
  const auto* a = c.ip_allocator(f);
  std::set<std::string> named;
  for (const auto& [name, svc] : s.objects) {
    const json& spec = ObjectField(svc, "spec");
    if (StringField(spec, "type") == "ExternalName" || StringField(spec, "clusterIP") == "None")
      continue;
    for (const auto& t : ArrayField(spec, "clusterIPs")) {
      auto ip = net::ParseIPSloppy(t.is_string() ? t.get<std::string>() : "");
      if (ip.ok() && ip->family() == f && a && a->Has(*ip)) named.insert(ip->ToString());
    }
  }
  return used > named.size() ? used - named.size() : 0;
}

inline std::string Step(RegistryRun& r, const Operation& op, int i) {
  std::string step = "step " + std::to_string(i) + " (" + test::Describe(op) + ")";
  // Only a dry run needs the state before (Take is most of the cost).
  Snapshot before;
  if (op.kind != OpKind::kRestart && op.request.dry_run) before = Take(*r.sut);
  if (op.kind == OpKind::kRestart) {
    Status st = r.sut->Restart(op.restart.Flags());
    if (st.ok()) {
      if (op.restart.service_cluster_ip_range != r.cluster.service_cluster_ip_range ||
          op.restart.service_node_port_range != r.cluster.service_node_port_range) {
        r.exact = false;
      }
      r.cluster = op.restart;
      r.leaked.clear();
      r.repaired = true;
    } else {
      KDUAL_CHECK(!st.message().empty(), step + ": a refused restart must say why");
      // A refused restart leaves the old control plane running in the test;
      // start it again as it was. That too may be refused: from 1.33 the
      // first start's ServiceCIDR outlives restarts, and a kubernetes Service
      // deleted meanwhile cannot be re-created outside it ("unable to sync
      // kubernetes service"), as on the real server. Then start afresh.
      r.repaired = true;  // started again: the repair loops ran
      Status again = r.sut->Restart(r.cluster.Flags());
      if (!again.ok()) {
        KDUAL_CHECK(!again.message().empty(), step + ": a refused restart must say why");
        auto fresh = ServiceCluster::Create(r.cluster.Flags(), r.profile);
        KDUAL_CHECK(fresh.ok(), step + ": the first flags no longer start a fresh control plane");
        r.sut = std::move(*fresh);
        r.exact = true;
        r.leaked.clear();
        r.repaired = false;
      }
    }
    Snapshot restarted = Take(*r.sut);
    for (net::Family f : {net::Family::kIPv4, net::Family::kIPv6})
      r.unaccounted[f] = Unaccounted(*r.sut, restarted, f);
    return CheckAccounting(*r.sut, restarted, r.exact, step, r.leaked, r.repaired);
  }
  Answer a = r.sut->Handle(op.request);
  KDUAL_CHECK_OK(CheckAnswerShape(a, step));
  if (!a.is_error()) KDUAL_CHECK_OK(CheckServiceShape(a.body, step));
  Snapshot after = Take(*r.sut);
  if (op.request.dry_run) {
    KDUAL_CHECK(after == before, step + ": a dry run changed the stored state");
  }
  // A stored ExternalName Service may carry a nodePort it never held;
  // deleting it gives that port back even when another Service holds it
  // (alloc.go releaseNodePorts collects every nodePort, as the engine does).
  // From then on the port count is only an upper bound.
  for (const auto& [name, obj] : after.objects) {
    const json& spec = ObjectField(obj, "spec");
    std::string type = StringField(spec, "type");
    if (type == "NodePort" || type == "LoadBalancer") continue;
    for (const auto& p : ArrayField(spec, "ports")) {
      if (p.contains("nodePort")) r.exact = false;
    }
  }
  if (a.is_error() && !op.request.dry_run) {
    // At most the first family of a dual-stack allocation stays held. (The
    // allocators' counts may also grow by addresses stored Services hold,
    // such as default/kubernetes, created on first use.)
    // Measured from the previous step's count, not from `before` (taken
    // only for dry runs): one leak per failed request, however many
    // failed before it.
    size_t grew = 0;
    std::string grown;
    for (net::Family f : {net::Family::kIPv4, net::Family::kIPv6}) {
      size_t b = r.unaccounted[f];
      size_t n = Unaccounted(*r.sut, after, f);
      if (n > b) {
        r.leaked[f] += n - b;
        grew += n - b;
        grown += std::string(" ") + net::FamilyName(f) + " +" + std::to_string(n - b);
      }
    }
    KDUAL_CHECK(grew <= 1, step + ": a failed request left " + std::to_string(grew) +
                               " addresses held (" + grown + " )");
  }
  for (net::Family f : {net::Family::kIPv4, net::Family::kIPv6})
    r.unaccounted[f] = Unaccounted(*r.sut, after, f);
  KDUAL_CHECK_OK(CheckAccounting(*r.sut, after, r.exact, step, r.leaked, r.repaired));
  bool created = !op.request.dry_run && !a.is_error() &&
                 (op.kind == OpKind::kCreate || (op.kind == OpKind::kUpdate && a.code == 201));
  if (created) {
    // Create, then get: the same object.
    KDUAL_CHECK(after.objects.count(op.request.name), step + ": created but not stored");
    KDUAL_CHECK(after.objects[op.request.name] == a.body,
                step + ": get answers " + after.objects[op.request.name].dump() +
                    " after create answered " + a.body.dump());
    const json spec = a.body["spec"];
    const json& asked = ObjectField(op.request.body, "spec");
    bool asked_ips = asked.contains("clusterIP") || asked.contains("clusterIPs");
    if (!asked_ips && spec.contains("clusterIPs") && StringField(spec, "clusterIP") != "None") {
      for (const auto& t : spec["clusterIPs"]) {
        auto ip = net::ParseIPSloppy(t.get<std::string>());
        KDUAL_CHECK(ip.ok(), step + ": allocated address does not parse");
        KDUAL_CHECK_OK(CheckDynamicAddress(*r.sut, *ip, step));
      }
    }
    const json& asked_ports = ArrayField(asked, "ports");
    const json& ports = ArrayField(spec, "ports");
    for (size_t k = 0; k < ports.size(); ++k) {
      bool asked_port = k < asked_ports.size() && asked_ports[k].is_object() &&
                        asked_ports[k].contains("nodePort");
      if (ports[k].contains("nodePort") && !asked_port) {
        KDUAL_CHECK_OK(CheckDynamicPort(*r.sut, ports[k]["nodePort"].get<int>(), step));
      }
    }
  }
  // An update that changes nothing changes nothing. Skipped for an
  // ExternalName Service that kept clusterIPs: the server stores such an
  // object and then refuses it when sent back unchanged (captured:
  // golden/<minor>/update/to-externalname-new-clusterip.yaml).
  auto changes_when_sent_back = [&]() {
    const json& obj = after.objects[op.request.name];
    const json& spec = ObjectField(obj, "spec");
    if (StringField(spec, "type") == "ExternalName" && spec.contains("clusterIPs")) return true;
    // A Service that needs node ports but shows a port without one was
    // given port 0 by a --service-node-port-range of 0-0 (the range's only
    // port, omitted from JSON); sent back unchanged, that 0 reads as "pick
    // one" and the update allocates (alloc.go updateNodePorts: AllocateNext
    // for every port whose nodePort is 0). Captured:
    // golden/<minor>/restart/node-port-range-zero-then-default-update.yaml.
    bool needs_node_ports = StringField(spec, "type") == "NodePort" ||
                            (StringField(spec, "type") == "LoadBalancer" &&
                             spec.value("allocateLoadBalancerNodePorts", true) != false);
    if (needs_node_ports) {
      for (const auto& p : ArrayField(spec, "ports")) {
        if (p.is_object() && !p.contains("nodePort")) return true;
      }
    }
    return false;
  };
  if (!a.is_error() && op.kind != OpKind::kDelete && after.objects.count(op.request.name) &&
      !changes_when_sent_back()) {
    Request same;
    same.op = Op::kUpdate;
    same.name = op.request.name;
    same.body = after.objects[op.request.name];
    Answer u = r.sut->Handle(same);
    // After a restart onto other ranges an unchanged object may be refused
    // (a family no longer configured, alloc.go initIPFamilyFields); refused
    // or not, it changes nothing.
    // The resourceVersion may move: the server hides some stored fields on
    // read (storage.go defaultOnReadInternalTrafficPolicy drops an
    // ExternalName Service's internalTrafficPolicy), so the object sent back
    // can differ from the stored one and be written.
    if (r.exact) {
      KDUAL_CHECK(u.code == 200, step + ": unchanged update answered " + u.body.dump());
      KDUAL_CHECK(WithoutResourceVersion(u.body) == WithoutResourceVersion(same.body),
                  step + ": unchanged update changed the object: " + u.body.dump());
    }
    Snapshot now = Take(*r.sut).WithoutResourceVersions();
    KDUAL_CHECK(now == after.WithoutResourceVersions(),
                step + ": unchanged update changed the stored state:" +
                    SnapshotDifference(after.WithoutResourceVersions(), now));
  }
  return "";
}

#undef KDUAL_CHECK
#undef KDUAL_CHECK_OK

}  // namespace kdual::test

#endif  // KDUAL_ENGINE_TESTING_REGISTRY_INVARIANTS_H_
