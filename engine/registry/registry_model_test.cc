// Model-based test of the registry as a whole: create, update (type
// changes), delete, get and restart against a plain model that knows which
// Services exist, of which type, and how many addresses and node ports the
// ranges still have. Requests here are always valid, so the model can say
// exactly what the answer's code must be and what the allocators must hold.
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include "engine/registry/service_cluster.h"
#include "engine/testing/generators.h"
#include "engine/testing/seeded_property.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

struct RegistryModel {
  test::ClusterShape cluster;
  version::Profile profile;
  std::vector<net::Family> families;       // configured, primary first
  std::map<net::Family, size_t> capacity;  // addresses a dynamic allocation may take
  size_t port_capacity = 0;
  std::map<std::string, std::string> services;  // name -> type (ClusterIP, NodePort)
  std::map<std::string, bool> dual;             // name -> PreferDualStack

  size_t IPsUsed(net::Family f) const {
    size_t n = f == families[0] ? 1 : 0;  // the kubernetes Service
    for (const auto& [name, type] : services) {
      if (f == families[0] || dual.at(name)) ++n;
    }
    return n;
  }
  size_t PortsUsed() const {
    size_t n = 0;
    for (const auto& [name, type] : services) n += type == "NodePort" ? 1 : 0;
    return n;
  }
  bool CanAllocate(bool prefer_dual, bool node_port) const {
    if (IPsUsed(families[0]) >= capacity.at(families[0])) return false;
    // PreferDualStack takes a secondary address only when there is a
    // secondary range; a full secondary range fails the create.
    if (prefer_dual && families.size() > 1 && IPsUsed(families[1]) >= capacity.at(families[1]))
      return false;
    return !node_port || PortsUsed() < port_capacity;
  }
};

struct Sut {
  std::unique_ptr<ServiceCluster> cluster;
};

using RegistryCommand = rc::state::Command<RegistryModel, Sut>;

void CheckHolds(const RegistryModel& m, const Sut& s) {
  for (net::Family f : m.families) {
    RC_ASSERT(s.cluster->ip_allocator(f)->Used() == m.IPsUsed(f));
  }
  RC_ASSERT(s.cluster->port_allocator()->Used() == m.PortsUsed());
}

json ServiceBody(const std::string& name, const std::string& type, bool dual) {
  json spec = {
      {"type", type}, {"ports", json::array({{{"port", 80}}})}, {"selector", {{"app", name}}}};
  if (dual) spec["ipFamilyPolicy"] = "PreferDualStack";
  return {
      {"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", name}}}, {"spec", spec}};
}

std::string GenName() { return *rc::gen::element<std::string>("a", "b", "c", "d"); }

struct Create : RegistryCommand {
  std::string name = GenName();
  std::string type = *rc::gen::element<std::string>("ClusterIP", "NodePort");
  bool dual = *rc::gen::arbitrary<bool>();
  bool dry_run = *rc::gen::inRange(0, 5) == 0;
  void apply(RegistryModel& m) const override {
    if (dry_run || m.services.count(name) || !m.CanAllocate(dual, type == "NodePort")) return;
    m.services[name] = type;
    m.dual[name] = dual;
  }
  void run(const RegistryModel& m, Sut& s) const override {
    Request r;
    r.op = Op::kCreate;
    r.name = name;
    r.dry_run = dry_run;
    r.body = ServiceBody(name, type, dual);
    Answer a = s.cluster->Handle(r);
    if (m.services.count(name)) {
      RC_ASSERT(a.code == 409);
    } else if (dry_run || m.CanAllocate(dual, type == "NodePort")) {
      RC_ASSERT(a.code == 201);
      size_t want = dual && m.families.size() > 1 ? 2 : 1;
      RC_ASSERT(a.body["spec"]["clusterIPs"].size() == want);
    } else {
      RC_ASSERT(a.is_error());
      RC_ASSERT(a.code != 409);
    }
    CheckHolds(nextState(m), s);
  }
  void show(std::ostream& os) const override {
    os << "Create(" << name << ", " << type << (dual ? ", PreferDualStack" : "")
       << (dry_run ? ", dry-run" : "") << ")";
  }
};

// ClusterIP <-> NodePort through a get and an update of the object got.
struct ChangeType : RegistryCommand {
  std::string name = GenName();
  void checkPreconditions(const RegistryModel& m) const override {
    RC_PRE(m.services.count(name) > 0u);
  }
  bool Fits(const RegistryModel& m) const {
    return m.services.at(name) == "NodePort" || m.PortsUsed() < m.port_capacity;
  }
  void apply(RegistryModel& m) const override {
    if (!Fits(m)) return;
    m.services[name] = m.services[name] == "NodePort" ? "ClusterIP" : "NodePort";
  }
  void run(const RegistryModel& m, Sut& s) const override {
    Request get;
    get.op = Op::kGet;
    get.name = name;
    Answer g = s.cluster->Handle(get);
    RC_ASSERT(g.code == 200);
    Request u;
    u.op = Op::kUpdate;
    u.name = name;
    u.body = g.body;
    u.body["spec"]["type"] = m.services.at(name) == "NodePort" ? "ClusterIP" : "NodePort";
    Answer a = s.cluster->Handle(u);
    RC_ASSERT((a.code == 200) == Fits(m));
    CheckHolds(nextState(m), s);
  }
  void show(std::ostream& os) const override { os << "ChangeType(" << name << ")"; }
};

struct Delete : RegistryCommand {
  std::string name = GenName();
  bool dry_run = *rc::gen::inRange(0, 5) == 0;
  void apply(RegistryModel& m) const override {
    if (dry_run) return;
    m.services.erase(name);
    m.dual.erase(name);
  }
  void run(const RegistryModel& m, Sut& s) const override {
    Request r;
    r.op = Op::kDelete;
    r.name = name;
    r.dry_run = dry_run;
    Answer a = s.cluster->Handle(r);
    RC_ASSERT(a.code == (m.services.count(name) ? 200 : 404));
    CheckHolds(nextState(m), s);
  }
  void show(std::ostream& os) const override {
    os << "Delete(" << name << (dry_run ? ", dry-run" : "") << ")";
  }
};

struct Get : RegistryCommand {
  std::string name = GenName();
  void run(const RegistryModel& m, Sut& s) const override {
    Request r;
    r.op = Op::kGet;
    r.name = name;
    Answer a = s.cluster->Handle(r);
    RC_ASSERT(a.code == (m.services.count(name) ? 200 : 404));
    if (a.code == 200) RC_ASSERT(a.body["spec"]["type"] == m.services.at(name));
  }
  void show(std::ostream& os) const override { os << "Get(" << name << ")"; }
};

// A restart with the same flags keeps every object and allocation.
struct RestartSame : RegistryCommand {
  void run(const RegistryModel& m, Sut& s) const override {
    RC_ASSERT(s.cluster->Restart(m.cluster.Flags()).ok());
    CheckHolds(m, s);
  }
  void show(std::ostream& os) const override { os << "Restart"; }
};

KDUAL_PROP(RegistryModelTest, MatchesModel, 150, ()) {
  RegistryModel m;
  m.profile = *test::GenProfile();
  m.cluster = *test::GenAcceptedCluster();
  auto c = ServiceCluster::Create(m.cluster.Flags(), m.profile);
  RC_ASSERT(c.ok());
  Sut s{std::move(*c)};
  for (const auto& range : test::SplitRanges(m.cluster.service_cluster_ip_range)) {
    auto cidr = net::ParseCIDRSloppy(range);
    RC_ASSERT(cidr.ok());
    m.families.push_back(cidr->family());
    const auto* a = s.cluster->ip_allocator(cidr->family());
    // The bitmap's count of addresses bounds every mode on these ranges
    // (at most 20 host bits, so the IPv6 cap of 65536 is what dual write
    // adds to, and it is never reached here).
    m.capacity[cidr->family()] = static_cast<size_t>(a->bitmap_max());
  }
  m.port_capacity = static_cast<size_t>(s.cluster->port_allocator()->range().size);
  RC_TAG(m.profile.release.MinorString());
  CheckHolds(m, s);
  rc::state::check(
      m, s,
      rc::state::gen::execOneOfWithArgs<Create, Create, ChangeType, Delete, Get, RestartSame>());
}

}  // namespace
}  // namespace kdual::registry
