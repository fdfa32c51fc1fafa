#include "conformance/diff/case_generator.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <initializer_list>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/alloc/ip_allocator.h"
#include "engine/alloc/port_allocator.h"
#include "engine/alloc/static_band.h"
#include "engine/base/json_access.h"
#include "engine/registry/cluster.h"
#include "engine/shapes/shapes.h"
#include "engine/version/profile.h"

namespace kdual::diff {
namespace {

using golden::Step;
using golden::StepOp;
using nlohmann::json;

// --- choice helpers ---------------------------------------------------------

bool Coin(SeededChooser& c) { return c.Below(2) == 1; }
bool OneIn(SeededChooser& c, uint64_t n) { return c.Below(n) == n - 1; }

template <typename T>
T PickOf(SeededChooser& c, std::initializer_list<T> options) {
  return *(options.begin() + c.Below(options.size()));
}

std::string Pick(SeededChooser& c, std::initializer_list<const char*> options) {
  return *(options.begin() + c.Below(options.size()));
}

// --- flag sets --------------------------------------------------------------

net::Cidr MustCidr(const std::string& text) {
  auto cidr = net::ParseCIDRSloppy(text);
  return cidr.ok() ? *cidr : net::Cidr();
}

// Where a case's literal addresses go: the allocator's static band
// (engine/alloc/static_band.h, the one computation of calculateRangeOffset),
// or the whole range when it has none (16 addresses or fewer), so that even
// a tiny range gives each case a slot.
net::Uint128 LiteralBand(const net::Cidr& cidr) {
  int64_t offset = alloc::ClusterIPRangeOffset(cidr);
  return offset == 0 ? net::AddressCount(cidr) : static_cast<net::Uint128>(offset);
}

// The same for node ports (alloc::PortRangeOffset).
int LiteralPortBand(const flags::PortRange& range) {
  int offset = alloc::PortRangeOffset(range);
  return offset == 0 ? range.size : offset;
}

FlagSet MakeFlagSet(const std::string& label, const std::vector<std::string>& ranges,
                    const std::string& node_ports) {
  FlagSet set;
  set.label = label;
  std::string joined;
  for (const auto& r : ranges) {
    net::Cidr cidr = MustCidr(r);
    set.ranges.push_back(cidr);
    joined += (joined.empty() ? "" : ",") + cidr.ToString();
    if (cidr.host_bits() < 10) set.small = true;
  }
  set.flags.components[flags::kApiserver]["service-cluster-ip-range"] = joined;
  if (!node_ports.empty()) {
    set.flags.components[flags::kApiserver]["service-node-port-range"] = node_ports;
    auto parsed = flags::ParsePortRange(node_ports);
    if (parsed.ok()) set.node_ports = *parsed;
  }
  if (set.node_ports.size < 1000) set.small = true;
  return set;
}

FlagSet Rejected(const std::string& range, const std::string& node_ports) {
  FlagSet set;
  set.label = "rejected: " + range + (node_ports.empty() ? "" : " " + node_ports);
  set.rejected = true;
  set.small = true;
  set.flags.components[flags::kApiserver]["service-cluster-ip-range"] = range;
  if (!node_ports.empty())
    set.flags.components[flags::kApiserver]["service-node-port-range"] = node_ports;
  return set;
}

std::string V4Range(int prefix) { return "10.96.0.0/" + std::to_string(prefix); }
std::string V6Range(int prefix) { return "fd00:10:96::/" + std::to_string(prefix); }

// --- addresses --------------------------------------------------------------

// Where a case draws its literal addresses and node ports: a slot of its own
// in each static band, so that concurrent cases never ask for the same one.
struct Draw {
  SeededChooser& c;
  const FlagSet& set;
  size_t slot;
  size_t number;  // the case's number in the run
  int used = 0;   // literals drawn so far in this case
  // A Service drawn from the shared shapes asked for addresses or node ports
  // outside this case's slot: the case must run alone.
  bool unslotted_literals = false;
  // Draws for the rest of the API surface (JSON patches, metadata edits,
  // strategic directives, DeleteOptions, fieldValidation) come from their
  // own chooser, so a seed still draws the same flag sets, Services and
  // Node cases as before they were added.
  SeededChooser* w = nullptr;

  // Services are named by the case's number, so that cases running at once
  // never touch each other's: "a-17".
  std::string ServiceName(const std::string& letter) const {
    return letter + "-" + std::to_string(number);
  }

  const net::Cidr& Range(size_t i) const { return set.ranges[std::min(i, set.ranges.size() - 1)]; }

  std::string InBand(size_t range_index) {
    const net::Cidr& r = Range(range_index);
    // Offset 0 is the network address, 1 the kubernetes Service's.
    net::Uint128 band = std::min(LiteralBand(r), net::AddressCount(r));
    if (band < 3) return net::AddOffset(r.network(), band - 1).ToString();
    // Four addresses per slot; slots wrap around the band only after dozens
    // of cases, far more than run at once.
    net::Uint128 offset =
        2 +
        (static_cast<net::Uint128>(slot) * 4 + static_cast<net::Uint128>(used++ % 4)) % (band - 2);
    return net::AddOffset(r.network(), offset).ToString();
  }

  // In the range but above the static band (where the allocator hands out
  // addresses by itself).
  std::string OutOfBand(size_t range_index) {
    const net::Cidr& r = Range(range_index);
    net::Uint128 band = LiteralBand(r);
    net::Uint128 size = net::AddressCount(r);
    if (size <= band + 2) return InBand(range_index);
    net::Uint128 span = size - band - 2;
    // Not the top of the range, where the engine's dynamic picks go (the
    // highest free address first): a literal there would name what the
    // engine chose for another Service of the case, and the server's pick is
    // random.
    if (span > 32) span -= 16;
    uint64_t pick =
        c.Below(span > (net::Uint128{1} << 62) ? (uint64_t{1} << 62) : static_cast<uint64_t>(span));
    return net::AddOffset(r.network(), band + pick).ToString();
  }

  std::string Literal(net::Family family) {
    for (size_t i = 0; i < set.ranges.size(); ++i) {
      if (set.ranges[i].family() == family) return Coin(c) ? OutOfBand(i) : InBand(i);
    }
    return family == net::Family::kIPv4 ? "10.96.0." + std::to_string(2 + slot % 250)
                                        : "fd00:10:96::" + std::to_string(2 + slot % 250);
  }

  // Any cluster IP text: mostly in the cluster's ranges, else out of range,
  // the network or last address, or malformed (leading zeros, IPv4-mapped,
  // zones, upper case, garbage).
  std::string AnyAddress() {
    switch (c.Below(14)) {
      case 0:
      case 1:
      case 2:
      case 3: return InBand(c.Below(set.ranges.size()));
      case 4:
      case 5: return OutOfBand(c.Below(set.ranges.size()));
      case 6: return Pick(c, {"192.168.7.7", "2001:db8::7", "10.200.0.9", "fd00:99::9"});
      case 7: return Range(c.Below(set.ranges.size())).network().ToString();
      case 8: return Range(c.Below(set.ranges.size())).Last().ToString();
      case 9: {  // leading zeros
        std::string a = Literal(net::Family::kIPv4);
        std::string out;
        size_t start = 0;
        while (true) {
          size_t dot = a.find('.', start);
          out += "0" + a.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
          if (dot == std::string::npos) break;
          out += ".";
          start = dot + 1;
        }
        return out;
      }
      case 10: return "::ffff:" + Literal(net::Family::kIPv4);
      case 11: return Literal(net::Family::kIPv6) + "%eth0";
      case 12: {
        std::string a = Literal(net::Family::kIPv6);
        for (char& ch : a) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return a;
      }
      default:
        // Address text in the forms parsers disagree on, from the shapes the
        // properties and fuzzers draw too.
        return Coin(c) ? shapes::DrawAddressText(c)
                       : Pick(c, {"abc", "10.96.0.256", "1.2.3", "fd00::1::2", " 10.96.0.9", "-"});
    }
  }

  int NodePort() {
    const flags::PortRange& r = set.node_ports;
    switch (c.Below(8)) {
      case 0: return PickOf<int>(c, {80, 29999, 65536, 0, -1});
      case 1: return r.base + r.size;  // just past the range
      case 2:
        return r.base + LiteralPortBand(r) +
               static_cast<int>(
                   c.Below(static_cast<uint64_t>(std::max(1, r.size - LiteralPortBand(r)))));
      default:
        return r.base + static_cast<int>((slot * 3 + static_cast<size_t>(used++ % 3)) %
                                         static_cast<size_t>(LiteralPortBand(r)));
    }
  }
};

// --- Services ---------------------------------------------------------------

json Families(SeededChooser& c) {
  switch (c.Below(9)) {
    case 0: return json::array({"IPv4"});
    case 1: return json::array({"IPv6"});
    case 2: return json::array({"IPv4", "IPv6"});
    case 3: return json::array({"IPv6", "IPv4"});
    case 4: return json::array({"IPv4", "IPv4"});
    case 5: return json::array({"IPv5"});
    case 6: return json::array();
    case 7: return json::array({"IPv4", "IPv6", "IPv4"});
    default: return json::array({"IPv6"});
  }
}

std::string Policy(SeededChooser& c) {
  return Pick(c, {"SingleStack", "PreferDualStack", "RequireDualStack", "SingleStack",
                  "PreferDualStack", "RequireDualStack", "DualStack"});
}

json ClusterIPs(Draw& d) {
  SeededChooser& c = d.c;
  switch (c.Below(9)) {
    case 0: return json::array({d.AnyAddress()});
    case 1: return json::array({d.Literal(net::Family::kIPv4), d.Literal(net::Family::kIPv6)});
    case 2: return json::array({d.Literal(net::Family::kIPv6), d.Literal(net::Family::kIPv4)});
    case 3: return json::array({d.AnyAddress(), d.AnyAddress()});
    case 4: return json::array({"None"});
    case 5: return json::array({""});
    case 6: return json::array({d.Literal(net::Family::kIPv4), ""});
    case 7: return json::array({d.AnyAddress(), d.AnyAddress(), d.AnyAddress()});
    default: return json::array({d.Literal(Coin(c) ? net::Family::kIPv6 : net::Family::kIPv4)});
  }
}

json Ports(Draw& d, const std::string& type) {
  SeededChooser& c = d.c;
  json ports = json::array();
  size_t n = OneIn(c, 6) ? 2 : 1;
  if (OneIn(c, 20)) n = 0;
  for (size_t i = 0; i < n; ++i) {
    json p = {{"port", PickOf<int>(c, {80, 443, 8080, 53, 80, 1})}};
    if (p["port"] == 1 && OneIn(c, 2)) p["port"] = 0;
    if (n > 1) p["name"] = "p" + std::to_string(i);
    if (OneIn(c, 5)) p["protocol"] = Pick(c, {"UDP", "SCTP", "TCP", "tcp"});
    if (OneIn(c, 6)) p["targetPort"] = Coin(c) ? json(9376) : json("http");
    bool node = type == "NodePort" || type == "LoadBalancer";
    if ((node && Coin(c)) || OneIn(c, 12)) p["nodePort"] = d.NodePort();
    ports.push_back(p);
  }
  return ports;
}

// A Service manifest named `name`.
json Service(Draw& d, const std::string& name) {
  SeededChooser& c = d.c;
  json spec = json::object();
  std::string type;
  switch (c.Below(10)) {
    case 0:
    case 1:
    case 2: break;  // type left to its default
    case 3:
    case 4: type = "ClusterIP"; break;
    case 5:
    case 6: type = "NodePort"; break;
    case 7:
    case 8: type = "LoadBalancer"; break;
    default: type = OneIn(c, 4) ? "Bogus" : "ExternalName";
  }
  if (!type.empty()) spec["type"] = type;
  if (type == "ExternalName" && !OneIn(c, 5)) spec["externalName"] = "example.com";
  if (!OneIn(c, 6)) spec["selector"] = {{"app", name}};
  if (c.Below(3) != 0) spec["ipFamilyPolicy"] = Policy(c);
  if (c.Below(3) == 0) spec["ipFamilies"] = Families(c);
  switch (c.Below(8)) {
    case 0:
    case 1:
    case 2: break;
    case 3: spec["clusterIP"] = "None"; break;
    case 4: spec["clusterIP"] = d.AnyAddress(); break;
    case 5: spec["clusterIPs"] = ClusterIPs(d); break;
    case 6: {
      json ips = ClusterIPs(d);
      spec["clusterIPs"] = ips;
      spec["clusterIP"] = OneIn(c, 4) ? json(d.AnyAddress()) : ips[0];
      break;
    }
    default: spec["clusterIP"] = "";
  }
  json ports = Ports(d, type);
  if (!ports.empty() || Coin(c)) spec["ports"] = ports;
  if (type == "NodePort" || type == "LoadBalancer" || OneIn(c, 10)) {
    if (Coin(c)) spec["externalTrafficPolicy"] = Pick(c, {"Cluster", "Local", "Local", "Bogus"});
  }
  if (type == "LoadBalancer" || OneIn(c, 12)) {
    if (Coin(c)) spec["allocateLoadBalancerNodePorts"] = Coin(c);
  }
  if (OneIn(c, 12)) spec["internalTrafficPolicy"] = Pick(c, {"Local", "Cluster"});
  if (OneIn(c, 15) && spec.contains("externalTrafficPolicy") &&
      spec["externalTrafficPolicy"] == "Local") {
    spec["healthCheckNodePort"] = d.NodePort();
  }
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", name}, {"namespace", "default"}}},
          {"spec", spec}};
}

// A change to an existing Service, as a merge patch of its spec.
json SpecChange(Draw& d) {
  SeededChooser& c = d.c;
  json spec = json::object();
  size_t n = 1 + c.Below(2);
  for (size_t i = 0; i < n; ++i) {
    switch (c.Below(10)) {
      case 0:
        spec["type"] = Pick(c, {"ClusterIP", "NodePort", "LoadBalancer", "ExternalName"});
        if (spec["type"] == "ExternalName") spec["externalName"] = "example.com";
        break;
      case 1: spec["ipFamilyPolicy"] = Coin(c) ? json(Policy(c)) : json(nullptr); break;
      case 2: spec["ipFamilies"] = OneIn(c, 4) ? json(nullptr) : Families(c); break;
      case 3: spec["clusterIPs"] = OneIn(c, 4) ? json(nullptr) : ClusterIPs(d); break;
      case 4: spec["clusterIP"] = OneIn(c, 3) ? json(nullptr) : json(d.AnyAddress()); break;
      case 5: spec["ports"] = Ports(d, "NodePort"); break;
      case 6: spec["externalTrafficPolicy"] = Pick(c, {"Cluster", "Local"}); break;
      case 7: spec["allocateLoadBalancerNodePorts"] = Coin(c); break;
      case 8:
        spec["ipFamilyPolicy"] = "SingleStack";
        spec["clusterIPs"] = json::array({d.AnyAddress()});
        break;
      default:
        spec["ipFamilyPolicy"] = Pick(c, {"PreferDualStack", "RequireDualStack"});
        if (Coin(c)) spec["ipFamilies"] = Families(c);
    }
  }
  return {{"spec", spec}};
}

// --- the API surface beyond spec changes --------------------------------------
// Drawn from the types a client sends (metav1.ObjectMeta, metav1.DeleteOptions,
// RFC 6902), not from what the engine models: paths that are not there,
// values of the wrong type and directives included.

const char* const kFinalizer = "example.com/keep";

// A change to a Service's metadata, as a merge (or strategic) patch: the
// fields a client may set and the ones the server owns.
json MetadataChange(SeededChooser& w) {
  json meta = json::object();
  switch (w.Below(10)) {
    case 0: meta["finalizers"] = json::array({kFinalizer}); break;
    case 1: meta["finalizers"] = nullptr; break;
    case 2: meta["finalizers"] = json::array({"orphan", kFinalizer}); break;
    case 3: meta["labels"] = {{"tier", Pick(w, {"web", "db"})}}; break;
    case 4: meta["uid"] = "00000000-0000-0000-0000-000000000001"; break;
    case 5: meta["resourceVersion"] = Pick(w, {"0", "abc", "1"}); break;
    case 6: meta["deletionTimestamp"] = "2024-01-01T00:00:00Z"; break;
    case 7:
      meta["ownerReferences"] = json::array({{{"apiVersion", "v1"},
                                              {"kind", "ConfigMap"},
                                              {"name", "owner"},
                                              {"uid", "00000000-0000-0000-0000-00000000000a"}}});
      break;
    case 8: meta["annotations"] = {{"example.com/note", w.Text(8)}}; break;
    default: meta["name"] = nullptr;
  }
  return meta;
}

// Strategic merge directives on the lists of metadata and spec
// (strategicpatch: $deleteFromPrimitiveList, $setElementOrder, $retainKeys,
// $patch), merged into `patch`.
void StrategicDirective(SeededChooser& w, json& patch) {
  switch (w.Below(5)) {
    case 0:
      patch["metadata"]["$deleteFromPrimitiveList/finalizers"] = json::array({kFinalizer});
      break;
    case 1:
      patch["metadata"]["$setElementOrder/finalizers"] = json::array({kFinalizer, "orphan"});
      patch["metadata"]["finalizers"] = json::array({"orphan"});
      break;
    case 2: patch["spec"]["$retainKeys"] = json::array({"ports", "selector", "type"}); break;
    case 3: patch["spec"]["ports"] = json::array({{{"port", 80}, {"$patch", "delete"}}}); break;
    default:
      patch["spec"]["$setElementOrder/ports"] = json::array({{{"port", 443}}, {{"port", 80}}});
  }
}

// A JSON patch (RFC 6902): one to three operations on paths a Service has
// and ones it lacks, with values of the right type and of the wrong one.
json JsonPatch(Draw& d) {
  SeededChooser& w = *d.w;
  static const char* const kPaths[] = {"/spec/ports/0",
                                       "/spec/ports/1",
                                       "/spec/ports/-",
                                       "/spec/ports/0/port",
                                       "/spec/ports/0/nodePort",
                                       "/spec/clusterIPs/0",
                                       "/spec/clusterIPs/1",
                                       "/spec/clusterIPs/-",
                                       "/spec/ipFamilies/1",
                                       "/spec/ipFamilies/-",
                                       "/spec/ipFamilyPolicy",
                                       "/spec/clusterIP",
                                       "/spec/type",
                                       "/spec/nothere",
                                       "/spec/ports/5",
                                       "/spec/ports/-1",
                                       "/metadata/annotations",
                                       "/metadata/finalizers",
                                       "/metadata/finalizers/-",
                                       "/metadata/annotations/a",
                                       "/metadata/name",
                                       "/metadata/uid",
                                       "/status/loadBalancer",
                                       "/spec/selector/app"};
  auto value_for = [&](const std::string& path) -> json {
    if (w.Below(8) == 0) return json(nullptr);
    if (path.rfind("/spec/ports/", 0) == 0 && path.find('/', 12) == std::string::npos)
      return {{"port", PickOf<int>(w, {80, 443, 8080})}};
    if (path.find("port") != std::string::npos) {
      int v = PickOf<int>(w, {80, 30080, 0});
      // A literal node port outside the case's slot: the case runs alone.
      if (v == 30080 && path.find("nodePort") != std::string::npos) d.unslotted_literals = true;
      return v;
    }
    if (path.rfind("/spec/clusterIPs", 0) == 0 || path == "/spec/clusterIP") {
      // From the case's slot (InBand draws nothing from the main chooser).
      return OneIn(w, 4) ? Pick(w, {"192.168.7.7", "2001:db8::7"})
                         : d.InBand(w.Below(d.set.ranges.size()));
    }
    if (path.rfind("/spec/ipFamilies", 0) == 0) return Pick(w, {"IPv4", "IPv6"});
    if (path == "/spec/ipFamilyPolicy") return Policy(w);
    if (path == "/spec/type") return Pick(w, {"ClusterIP", "NodePort", "LoadBalancer"});
    if (path == "/metadata/finalizers") return json::array({kFinalizer});
    if (path == "/metadata/finalizers/-") return kFinalizer;
    if (w.Below(6) == 0) return 7;  // a number where text goes
    return Pick(w, {"web", "x"});
  };
  json ops = json::array();
  size_t n = 1 + w.Below(3);
  for (size_t i = 0; i < n; ++i) {
    std::string path = kPaths[w.Below(sizeof(kPaths) / sizeof(kPaths[0]))];
    std::string op = Pick(w, {"add", "remove", "replace", "test", "move", "copy"});
    json o = {{"op", op}, {"path", path}};
    if (op == "move" || op == "copy") {
      o["from"] = kPaths[w.Below(sizeof(kPaths) / sizeof(kPaths[0]))];
    } else if (op != "remove") {
      o["value"] = value_for(path);
    }
    ops.push_back(o);
  }
  return ops;
}

// A DeleteOptions body (metav1.DeleteOptions) with one to three fields.
json DeleteBody(SeededChooser& w, const std::string& name) {
  json o = json::object();
  size_t n = 1 + w.Below(3);
  for (size_t i = 0; i < n; ++i) {
    switch (w.Below(9)) {
      case 0:
      case 1:
        o["propagationPolicy"] = Pick(w, {"Orphan", "Background", "Foreground", "orphan"});
        break;
      case 2: o["orphanDependents"] = Coin(w); break;
      case 3:
        o["preconditions"]["uid"] =
            Coin(w) ? "${uid:" + name + "}" : "00000000-0000-0000-0000-000000000001";
        break;
      case 4:
        o["preconditions"]["resourceVersion"] = Coin(w) ? "${resourceVersion:" + name + "}" : "1";
        break;
      case 5: o["dryRun"] = OneIn(w, 4) ? json::array({"Some"}) : json::array({"All"}); break;
      case 6: o["gracePeriodSeconds"] = PickOf<int>(w, {0, 30, -1}); break;
      case 7:
        o["kind"] = "DeleteOptions";
        o["apiVersion"] = "v1";
        break;
      default: o[Pick(w, {"propagationPolicy", "gracePeriodSeconds", "dryRun"})] = true;
    }
  }
  return o;
}

// A load balancer status (v1.LoadBalancerStatus): ingress addresses of
// either family or none, in standard form or not, hostnames, ipModes and
// port statuses.
json LoadBalancerStatus(SeededChooser& w) {
  json ingress = json::array();
  size_t n = w.Below(3);
  for (size_t i = 0; i < n; ++i) {
    json ing = json::object();
    switch (w.Below(6)) {
      case 0:
      case 1: ing["ip"] = Pick(w, {"192.0.2.10", "2001:db8::10", "198.51.100.7"}); break;
      case 2: ing["ip"] = Pick(w, {"192.0.2.010", "::ffff:192.0.2.10", "not-an-ip", ""}); break;
      case 3: ing["hostname"] = Pick(w, {"lb.example.com", "192.0.2.1", "Bad_Name"}); break;
      case 4:
        ing["ip"] = "2001:db8::20";
        ing["hostname"] = "lb.example.com";
        break;
      default: break;  // an empty ingress
    }
    if (OneIn(w, 3)) ing["ipMode"] = Pick(w, {"VIP", "Proxy", "Direct"});
    if (OneIn(w, 4)) ing["ports"] = json::array({{{"port", 80}, {"protocol", "TCP"}}});
    ingress.push_back(ing);
  }
  return {{"ingress", ingress}};
}

// Turns an update or patch step into one of the writes beyond spec changes.
void WidenWrite(Draw& d, Step& s) {
  SeededChooser& w = *d.w;
  if (OneIn(w, 4)) {
    // The status subresource: what a load balancer controller writes.
    s.subresource = "status";
    if (s.op == StepOp::kPatch && OneIn(w, 3)) {
      s.patch_type = registry::PatchType::kJson;
      s.patch_type_given = true;
      s.patch = json::array({{{"op", Pick(w, {"add", "replace"})},
                              {"path", "/status/loadBalancer"},
                              {"value", LoadBalancerStatus(w)}}});
    } else {
      if (s.op == StepOp::kPatch) {
        s.patch_type = registry::PatchType::kMerge;
        s.patch_type_given = false;
      }
      s.patch["status"]["loadBalancer"] = LoadBalancerStatus(w);
      if (OneIn(w, 4)) s.patch["metadata"] = MetadataChange(w);
    }
    return;
  }
  if (s.op == StepOp::kPatch) {
    switch (w.Below(4)) {
      case 0:
        s.patch_type = registry::PatchType::kJson;
        s.patch_type_given = true;
        s.patch = JsonPatch(d);
        break;
      case 1:
        s.patch_type = registry::PatchType::kStrategic;
        s.patch_type_given = true;
        StrategicDirective(w, s.patch);
        break;
      default: s.patch["metadata"] = MetadataChange(w);
    }
  } else {
    s.patch["metadata"] = MetadataChange(w);
  }
  if (OneIn(w, 4)) {
    s.field_validation = PickOf<registry::FieldValidation>(
        w, {registry::FieldValidation::kStrict, registry::FieldValidation::kWarn,
            registry::FieldValidation::kIgnore});
    if (s.patch.is_object() && Coin(w)) s.patch["spec"]["unknownField"] = 1;
  }
}

// The flag set as the shared shapes describe a cluster.
shapes::ClusterShape ShapeOf(const FlagSet& set) {
  shapes::ClusterShape shape;
  bool v4_first = set.ranges.empty() || set.ranges[0].family() == net::Family::kIPv4;
  shape.stack = set.ranges.size() > 1
                    ? (v4_first ? shapes::Stack::kIPv4IPv6 : shapes::Stack::kIPv6IPv4)
                    : (v4_first ? shapes::Stack::kIPv4 : shapes::Stack::kIPv6);
  shape.service_cluster_ip_range =
      set.flags.Get(flags::kApiserver, "service-cluster-ip-range").value_or("");
  shape.service_node_port_range = set.flags.Get(flags::kApiserver, "service-node-port-range");
  return shape;
}

bool HasLiterals(const json& spec) {
  if (!spec.is_object()) return false;
  if (spec.contains("clusterIP") || spec.contains("clusterIPs") ||
      spec.contains("healthCheckNodePort"))
    return true;
  if (spec.contains("ports") && spec["ports"].is_array()) {
    for (const auto& p : spec["ports"]) {
      if (p.is_object() && p.contains("nodePort")) return true;
    }
  }
  return false;
}

Step CreateStep(Draw& d, const std::string& name) {
  Step s;
  s.op = StepOp::kCreate;
  if (OneIn(d.c, 4)) {
    // One Service in four comes from the shapes the properties and fuzzers
    // share (engine/shapes/shapes.h).
    s.object = shapes::DrawService(d.c, ShapeOf(d.set), name);
    if (s.object.is_object()) s.object["metadata"]["namespace"] = "default";
    if (s.object.contains("spec") && HasLiterals(s.object["spec"])) d.unslotted_literals = true;
  } else {
    s.object = Service(d, name);
  }
  s.dry_run = OneIn(d.c, 8);
  return s;
}

// The create names no Service and asks the server to make a name from a
// prefix (apiserver storage/names/generate.go): usually the Service's name
// and a dash, sometimes a prefix the server refuses or cuts to 58.
void GenerateName(SeededChooser& w, Step& create) {
  if (!create.object.is_object() || !create.object["metadata"].is_object()) return;
  json& meta = create.object["metadata"];
  std::string name =
      meta.contains("name") && meta["name"].is_string() ? meta["name"].get<std::string>() : "web";
  meta.erase("name");
  if (OneIn(w, 5)) meta["name"] = "";
  switch (w.Below(8)) {
    case 0: meta["generateName"] = std::string(64, 'g'); break;
    case 1: meta["generateName"] = Pick(w, {"-", "1-", "Web-", "web.", "web_"}); break;
    case 2: meta["generateName"] = std::string(62, 'g') + "-"; break;
    default: meta["generateName"] = name + "-";
  }
}

// A step after the first on the Services `names` of the case.
// A label selector from the grammar of apimachinery's labels.Parse, and
// the shapes it refuses: keys valid and not, every operator, value sets with
// empty members and doubled commas, stray symbols. Keys never name kdual's
// own labels (a live run adds them).
std::string LabelSelectorDraw(SeededChooser& w) {
  auto key = [&] { return Pick(w, {"app", "tier", "a/b/c", "a$b", "example.com/role", "", "in"}); };
  auto value = [&] { return Pick(w, {"web", "api", "2", "", "a/b", "x y", "-x"}); };
  std::string out;
  size_t n = 1 + w.Below(3);
  for (size_t i = 0; i < n; ++i) {
    if (i) out += Pick(w, {",", ",", ", ", ",,"});
    switch (w.Below(9)) {
      case 0: out += key() + "=" + value(); break;
      case 1: out += key() + "==" + value(); break;
      case 2: out += key() + "!=" + value(); break;
      case 3: out += key() + " in (" + value() + Pick(w, {",", ",,", ", "}) + value() + ")"; break;
      case 4: out += key() + " notin (" + value() + ")"; break;
      case 5: out += key(); break;
      case 6: out += "!" + key(); break;
      case 7: out += key() + Pick(w, {">", "<"}) + Pick(w, {"1", "3", "abc", "-2"}); break;
      default:
        out += Pick(w, {"app in web", "app in (web", "app=>web", "!app=web", "(", ")", "app web"});
    }
  }
  return out;
}

// A field selector: a Service's selectable fields and others, every
// operator and none, escapes right and wrong.
std::string FieldSelectorDraw(SeededChooser& w) {
  std::string out;
  size_t n = w.Below(3);
  for (size_t i = 0; i < n; ++i) {
    out += ",";
    out += Pick(w, {"metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type",
                    "spec.ports", "status.loadBalancer"});
    out += Pick(w, {"=", "==", "!=", ""});
    out += Pick(w, {"web", "default", "NodePort", "ClusterIP", "10.96.0.10", "a=b", "a\\,b", "a\\x",
                    "x\\", ""});
  }
  return out;
}

// A server-side apply of the Service `name` (which may not exist: the apply
// then creates it), drawn from the shared shapes, by one of a few field
// managers, sometimes forced or dry-run; one apply in four carries what the
// handler or the field manager refuses: another apiVersion or kind,
// managedFields, a field the schema does not declare, a value of the wrong
// type, a duplicate port key, a uid or resourceVersion.
Step ApplyStep(Draw& d, const std::string& name) {
  SeededChooser& w = *d.w;
  Step s;
  s.op = StepOp::kApply;
  json obj = shapes::DrawService(w, ShapeOf(d.set), name);
  if (!obj.is_object()) obj = json::object();
  obj.erase("status");
  if (!obj.contains("metadata") || !obj["metadata"].is_object()) obj["metadata"] = json::object();
  obj["metadata"]["name"] = name;
  obj["metadata"]["namespace"] = "default";
  obj["apiVersion"] = "v1";
  obj["kind"] = "Service";
  if (obj.contains("spec") && HasLiterals(obj["spec"])) d.unslotted_literals = true;
  if (OneIn(w, 3) && obj.contains("spec") && obj["spec"].is_object()) {
    // Often only part of the Service: an applier sends what it manages.
    json& spec = obj["spec"];
    for (const char* f : {"type", "selector", "sessionAffinity", "ipFamilyPolicy", "ipFamilies"}) {
      if (Coin(w)) spec.erase(f);
    }
  }
  if (OneIn(w, 4)) {
    json& spec = obj["spec"];
    if (!spec.is_object()) spec = json::object();
    switch (w.Below(9)) {
      case 0: obj["apiVersion"] = Pick(w, {"v2", "apps/v1", ""}); break;
      case 1: obj.erase("kind"); break;
      case 2: obj["metadata"]["managedFields"] = json::array(); break;
      case 3: spec[Pick(w, {"foo", "clusterIp", "ports2"})] = 1; break;
      case 4: spec["type"] = Coin(w) ? json(5) : json(true); break;
      case 5: spec["ports"] = json::array({{{"port", "80"}}}); break;
      case 6:
        spec["ports"] = json::array({{{"port", 80}, {"name", "a"}}, {{"port", 80}, {"name", "b"}}});
        break;
      case 7: obj["metadata"]["uid"] = "0c2b5a9e-0000-4000-8000-000000000001"; break;
      default: obj["metadata"]["resourceVersion"] = Pick(w, {"1", "0", "x"}); break;
    }
  }
  s.object = std::move(obj);
  s.field_manager = Pick(w, {"kdual", "helm", "deployer"});
  if (OneIn(w, 4)) s.force = true;
  s.dry_run = OneIn(w, 8);
  return s;
}

// A create tells its Service's name in `new_name`.
Step LaterStep(Draw& d, const std::vector<std::string>& names, std::string* new_name = nullptr) {
  SeededChooser& c = d.c;
  const std::string& name = names[c.Below(names.size())];
  Step s;
  switch (c.Below(10)) {
    case 0:
    case 1: {
      std::string created = d.ServiceName(Pick(c, {"b", "a", "c"}));
      Step create = CreateStep(d, created);
      if (d.w != nullptr && OneIn(*d.w, 6)) GenerateName(*d.w, create);
      // Named later all the same (a 404 when the name was generated), so the
      // main draws stay what they were before generated names.
      if (new_name != nullptr) *new_name = created;
      return create;
    }
    case 2:
    case 3:
      s.op = StepOp::kUpdate;
      s.patch = SpecChange(d);
      break;
    case 4:
    case 5:
      s.op = StepOp::kPatch;
      s.patch = SpecChange(d);
      if (OneIn(c, 3)) {
        s.patch_type = registry::PatchType::kStrategic;
        s.patch_type_given = true;
      }
      break;
    case 6:
    case 7: s.op = StepOp::kDelete; break;
    default:
      s.op = StepOp::kGet;
      if (d.w != nullptr && OneIn(*d.w, 3)) {
        // A list of the case's namespace with selectors; it leaves out the
        // kubernetes Service (a live run's namespace has none).
        Step list;
        list.op = StepOp::kList;
        if (OneIn(*d.w, 3) == false) list.label_selector = LabelSelectorDraw(*d.w);
        list.field_selector = "metadata.name!=kubernetes" + FieldSelectorDraw(*d.w);
        return list;
      }
  }
  s.name = name;
  if (s.op != StepOp::kGet && OneIn(c, 8)) s.dry_run = true;
  // An update becomes a server-side apply one time in three (the main
  // draws are made all the same).
  if (d.w != nullptr && s.op == StepOp::kUpdate && OneIn(*d.w, 3)) return ApplyStep(d, name);
  if (d.w != nullptr && OneIn(*d.w, 3)) {
    if (s.op == StepOp::kDelete) s.delete_options = DeleteBody(*d.w, name);
    if (s.op == StepOp::kUpdate || s.op == StepOp::kPatch) WidenWrite(d, s);
  }
  return s;
}

std::string Label(const char* family, const std::vector<int>& prefixes) {
  std::string out = family;
  for (size_t i = 0; i < prefixes.size(); ++i)
    out += (i ? ",/" : " /") + std::to_string(prefixes[i]);
  return out;
}

}  // namespace

uint64_t SeededChooser::Below(uint64_t n) {
  if (n <= 1) return 0;
  return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng_);
}

std::string SeededChooser::Text(size_t max_len) {
  size_t n = Below(max_len + 1);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(static_cast<char>(' ' + Below(95)));
  return s;
}

std::vector<FlagSet> FlagSetMenu(SeededChooser& c, const version::Release& release) {
  // Range sizes from small to large. Which of them a release accepts (20
  // host bits at most before 1.37, IPv6 /64 at most from 1.37 on) is the
  // engine's to say: a drawn flag set it refuses is drawn again, so that the
  // menu's six valid sets are ones the engine starts with (a server that
  // refuses one anyway is a divergence the run reports as a start-up case).
  std::vector<int> v4 = {12, 16, 20, 16, 24, 28, 29, 8};
  std::vector<int> v6 = {108, 112, 116, 112, 120, 124, 125, 64, 96};
  auto profile = version::ProfileFor(release);
  auto starts = [&](const FlagSet& set) {
    if (!profile.ok()) return true;
    return registry::Cluster::Start(set.flags, *profile).ok();
  };
  auto any = [&](const std::vector<int>& list) { return list[c.Below(list.size())]; };
  auto ports = [&]() -> std::string {
    switch (c.Below(6)) {
      case 0: return "30000-30015";
      case 1: return "31000-32999";
      default: return "";
    }
  };
  std::vector<FlagSet> menu;
  auto add = [&](int kind) {
    for (int attempt = 0; attempt < 16; ++attempt) {
      int a = any(v4), b = any(v6);
      FlagSet set;
      switch (kind) {
        case 0: set = MakeFlagSet(Label("IPv4", {a}), {V4Range(a)}, ports()); break;
        case 1: set = MakeFlagSet(Label("IPv6", {b}), {V6Range(b)}, ports()); break;
        case 2:
          set = MakeFlagSet(Label("dual IPv4 first", {a, b}), {V4Range(a), V6Range(b)}, ports());
          break;
        default:
          set = MakeFlagSet(Label("dual IPv6 first", {b, a}), {V6Range(b), V4Range(a)}, ports());
      }
      if (starts(set)) {
        menu.push_back(std::move(set));
        return;
      }
    }
  };
  for (int kind = 0; kind < 4; ++kind) add(kind);
  add(static_cast<int>(c.Below(4)));
  add(2 + static_cast<int>(c.Below(2)));
  // Two flag sets the API server refuses (or, on some releases, accepts:
  // the case records whichever it does). Not an IPv6 range shorter than
  // /64: from 1.33 the API server starts with it but never gets ready
  // (the ServiceCIDR allocator refuses it), which only costs a timeout.
  std::vector<FlagSet> rejected = {
      Rejected("10.0.0.0/8", ""),
      Rejected("10.96.0.0/30", ""),
      Rejected("10.96.0.0/16,10.97.0.0/16", ""),
      Rejected("10.96.0.0/16,fd00:10:96::/112,10.97.0.0/16", ""),
      Rejected("fd00:10:96::/112,fd00:10:97::/112", ""),
      Rejected("10.96.0.0/16", "30000-29000"),
      Rejected("10.96.0.0/33", ""),
      Rejected("fd00:10:96::/106", ""),
  };
  size_t first = c.Below(rejected.size());
  size_t second = (first + 1 + c.Below(rejected.size() - 1)) % rejected.size();
  menu.push_back(rejected[first]);
  menu.push_back(rejected[second]);
  return menu;
}

Result<FlagSet> FlagSetOf(const flags::ComponentFlags& flags, const version::Release& release) {
  auto ranges = flags.Get(flags::kApiserver, "service-cluster-ip-range");
  if (!ranges || ranges->empty()) {
    return InvalidArgument(
        "the cluster's service-cluster-ip-range is needed to generate cases for it");
  }
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t comma = ranges->find(',', start);
    parts.push_back(
        ranges->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (parts.size() > 2)
    return InvalidArgument("service-cluster-ip-range \"" + *ranges + "\" has more than two ranges");
  for (const auto& p : parts) {
    if (!net::ParseCIDRSloppy(p).ok()) {
      return InvalidArgument("service-cluster-ip-range \"" + *ranges + "\": \"" + p +
                             "\" is not a CIDR");
    }
  }
  auto ports = flags.Get(flags::kApiserver, "service-node-port-range");
  if (ports && !flags::ParsePortRange(*ports).ok()) {
    return InvalidArgument("service-node-port-range \"" + *ports + "\" is not a port range");
  }
  (void)release;
  FlagSet set = MakeFlagSet("the cluster's " + *ranges, parts, ports ? *ports : "");
  return set;
}

namespace {

// A Node case: kube-controller-manager's node IPAM on cluster CIDRs drawn
// from the API's shapes (one or two families in either order, node masks
// from the defaults to the address's end, capacities that fill up or do
// not), then Nodes created (plain, with pod CIDRs of their own in range,
// out of range, in the other family's order, or invalid), waited for,
// deleted, and a restart with other cluster CIDRs. Waits are for pod
// CIDRs only where the Node has them or the capacity is not reached, and
// for the CIDRNotAvailable event once it is: a wait never sits out its
// bound on a server.
GeneratedCase NodeCase(SeededChooser& c, const FlagSet& set, size_t number) {
  GeneratedCase g;
  g.exclusive = true;
  golden::GoldenCase& gc = g.golden_case;
  gc.cluster = set.flags;
  gc.requires_.push_back("fresh-cluster");
  const bool both = !OneIn(c, 3);
  const bool v6_first = Coin(c);                      // the first (or only) family is IPv6
  const int cap_bits = static_cast<int>(c.Below(4));  // 1, 2, 4 or 8 node CIDRs per family
  const int m4 = PickOf<int>(c, {24, 26, 28, 32}), m6 = PickOf<int>(c, {64, 72, 96, 120, 128});
  std::vector<std::string> cidrs;
  std::vector<net::Family> fams;
  auto add = [&](net::Family f) {
    if (f == net::Family::kIPv4) {
      cidrs.push_back("10.244.0.0/" + std::to_string(m4 - cap_bits));
    } else {
      cidrs.push_back("fd00:10:244::/" + std::to_string(m6 - cap_bits));
    }
    fams.push_back(f);
  };
  if (both) {
    add(v6_first ? net::Family::kIPv6 : net::Family::kIPv4);
    add(v6_first ? net::Family::kIPv4 : net::Family::kIPv6);
  } else {
    add(v6_first ? net::Family::kIPv6 : net::Family::kIPv4);
  }
  flags::FlagMap kcm;
  std::string joined;
  for (const auto& s : cidrs) joined += (joined.empty() ? "" : ",") + s;
  kcm["cluster-cidr"] = joined;
  for (auto f : fams) {
    if (f == net::Family::kIPv4)
      kcm["node-cidr-mask-size-ipv4"] = std::to_string(m4);
    else
      kcm["node-cidr-mask-size-ipv6"] = std::to_string(m6);
  }
  gc.cluster.components[flags::kControllerManager] = kcm;
  const size_t capacity = size_t{1} << cap_bits;
  auto node_object = [](const std::string& name) {
    return json{{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", {{"name", name}}}};
  };
  auto wait = [](const std::string& name, const std::string& what) {
    Step w;
    w.op = StepOp::kWait;
    w.kind = "Node";
    w.name = name;
    w.wait_for = what;
    return w;
  };
  auto first_of = [&](net::Family f) {
    return f == net::Family::kIPv4 ? "10.244.0.0/" + std::to_string(m4)
                                   : "fd00:10:244::/" + std::to_string(m6);
  };
  size_t allocated = 0;  // Nodes given pod CIDRs by node IPAM (an upper bound)
  size_t count = 1 + c.Below(std::min<uint64_t>(capacity + 2, 6));
  for (size_t i = 0; i < count; ++i) {
    std::string name = "n" + std::to_string(number) + "-" + std::to_string(i);
    Step create;
    create.op = StepOp::kCreate;
    create.object = node_object(name);
    bool own = false, invalid = false;
    switch (c.Below(12)) {
      case 0:  // its own pod CIDRs, the first of each family, in order
        for (auto f : fams) create.object["spec"]["podCIDRs"].push_back(first_of(f));
        own = true;
        break;
      case 1:  // in the other order (matched by index: out of range)
        for (auto it = fams.rbegin(); it != fams.rend(); ++it)
          create.object["spec"]["podCIDRs"].push_back(first_of(*it));
        own = true;
        break;
      case 2:  // outside the cluster CIDRs
        create.object["spec"]["podCIDRs"] = json::array({"10.99.0.0/24"});
        own = true;
        break;
      case 3:  // two of one family, or not a CIDR: refused
        create.object["spec"]["podCIDRs"] =
            Coin(c) ? json::array({"10.1.0.0/24", "10.2.0.0/24"}) : json::array({"10.1.0.0/33"});
        invalid = true;
        break;
      default: break;
    }
    gc.steps.push_back(create);
    if (invalid) continue;
    if (own) {
      gc.steps.push_back(wait(name, "podCIDRs"));
    } else if (allocated < capacity) {
      ++allocated;
      gc.steps.push_back(wait(name, "podCIDRs"));
    } else {
      gc.steps.push_back(wait(name, "event/CIDRNotAvailable"));
    }
    if (OneIn(c, 5)) {
      Step del;
      del.op = StepOp::kDelete;
      del.kind = "Node";
      del.name = name;
      gc.steps.push_back(del);
    }
  }
  if (OneIn(c, 6)) {
    // A restart with the same cluster CIDRs, or only the first family's:
    // Nodes with two pod CIDRs then stop node IPAM from starting.
    Step r;
    r.op = StepOp::kRestart;
    r.cluster = gc.cluster;
    if (both && Coin(c))
      (*r.cluster).components[flags::kControllerManager]["cluster-cidr"] = cidrs[0];
    gc.steps.push_back(r);
  }
  gc.description = "Generated Nodes on " + joined + " (masks " + std::to_string(m4) + "/" +
                   std::to_string(m6) + ", " + std::to_string(capacity) +
                   " node CIDRs per family) with " + set.label + ".";
  return g;
}

// A ServiceCIDR case (networking.k8s.io/v1; a release that does not serve
// it answers 404 to every step): ServiceCIDRs drawn from the API's field
// (zero to three CIDRs of either family, any prefix, the default range
// itself or inside it, host bits, leading zeros, non-canonical and
// IPv4-mapped forms, text that is not a CIDR; names valid or not, twice),
// created or dry-run, waited for, read and listed; then Services asking for
// addresses in and around them (network, first, last, broadcast, outside)
// or headless; at the end a delete. No dynamic address is asked for: the
// server picks among ServiceCIDRs at random (cidrallocator.go walks a Go
// map), and nothing after a delete, which the allocator learns of
// asynchronously.
GeneratedCase ServiceCIDRCase(SeededChooser& c, const FlagSet& set, size_t number) {
  GeneratedCase g;
  g.exclusive = true;  // its ranges would meet other cases' addresses
  golden::GoldenCase& gc = g.golden_case;
  gc.cluster = set.flags;
  auto cidr_text = [&]() -> std::string {
    const std::string n = std::to_string(100 + c.Below(50));
    switch (c.Below(14)) {
      case 0: return "10." + n + ".0.0/" + std::to_string(8 + c.Below(25) / 2 * 2);
      case 1: return "10." + n + ".0.0/24";
      case 2:
        return "fd00:" + n + "::/" + std::to_string(PickOf<int>(c, {48, 64, 96, 112, 120, 128}));
      case 3: return "fd00:" + n + "::/112";
      case 4: return set.ranges.empty() ? "10.96.0.0/16" : set.ranges[0].ToString();
      case 5: {  // inside the flag's first range
        if (set.ranges.empty() || !set.ranges[0].network().is_v4()) return "10.96.200.0/24";
        auto b = set.ranges[0].network().bytes();
        return std::to_string(b[0]) + "." + std::to_string(b[1]) + ".200.0/24";
      }
      case 6: return "10." + n + ".0.1/24";           // host bits
      case 7: return "10." + n + ".0.0/024";          // a leading zero
      case 8: return "010." + n + ".0.0/24";          // a leading zero in the address
      case 9: return "fd00:" + n + ":0::/112";        // not canonical
      case 10: return "::ffff:10." + n + ".0.0/120";  // IPv4-mapped
      case 11: return Pick(c, {"not-a-cidr", "10.100.0.0", "10.100.0.0/33", "", " 10.100.0.0/24"});
      case 12: return "192.168." + std::to_string(c.Below(256)) + ".0/24";
      default: return "10." + n + ".0.0/" + std::to_string(16 + c.Below(15));
    }
  };
  auto sc_object = [](const std::string& name, const json& cidrs) {
    return json{{"apiVersion", "networking.k8s.io/v1"},
                {"kind", "ServiceCIDR"},
                {"metadata", {{"name", name}}},
                {"spec", {{"cidrs", cidrs}}}};
  };
  auto sc_step = [](StepOp op, const std::string& name, const std::string& wait_for = "") {
    Step s;
    s.op = op;
    s.kind = "ServiceCIDR";
    if (op != StepOp::kList) s.name = name;
    s.wait_for = wait_for;
    return s;
  };
  std::vector<std::pair<std::string, std::vector<std::string>>> made;
  std::vector<Step> changes;
  const size_t count = 1 + c.Below(2);
  for (size_t i = 0; i < count; ++i) {
    std::string name = OneIn(c, 10) ? "Extra_" + std::to_string(i)
                       : OneIn(c, 8) && !made.empty()
                           ? made[0].first
                           : "extra-" + std::to_string(number) + "-" + std::to_string(i);
    std::vector<std::string> cidrs;
    const size_t n = OneIn(c, 12) ? 0 : OneIn(c, 12) ? 3 : 1 + c.Below(2);
    for (size_t k = 0; k < n; ++k) cidrs.push_back(cidr_text());
    Step create;
    create.op = StepOp::kCreate;
    create.object = sc_object(name, cidrs);
    if (OneIn(c, 20)) create.object.erase("spec");
    create.dry_run = OneIn(c, 8);
    gc.steps.push_back(create);
    gc.steps.push_back(sc_step(StepOp::kWait, name, "Ready"));
    if (Coin(c)) gc.steps.push_back(sc_step(OneIn(c, 3) ? StepOp::kList : StepOp::kGet, name));
    if (OneIn(c, 3)) {
      // A change of its CIDRs, as a PUT or a merge patch: one added, one
      // replaced, or all dropped. Sent after the Services (below): the
      // allocator learns of an update asynchronously, and nothing shows
      // when it has.
      std::vector<std::string> next = cidrs;
      switch (c.Below(3)) {
        case 0: next.push_back(cidr_text()); break;
        case 1:
          if (!next.empty()) next[0] = cidr_text();
          break;
        default: next.clear();
      }
      Step change;
      if (Coin(c)) {
        change.op = StepOp::kUpdate;
        change.object = sc_object(name, next);
      } else {
        change = sc_step(StepOp::kPatch, name);
        change.patch_type = registry::PatchType::kMerge;
        change.patch = {{"spec", {{"cidrs", next}}}};
      }
      change.dry_run = OneIn(c, 8);
      changes.push_back(change);
    }
    made.push_back({name, cidrs});
  }
  // Services asking for addresses in and around the drawn ranges.
  const size_t services = c.Below(4);
  for (size_t i = 0; i < services; ++i) {
    const auto& drawn = made[c.Below(made.size())].second;
    std::string ip = "10.120.0.10";
    if (!drawn.empty()) {
      auto cidr = net::ParseCIDRSloppy(drawn[c.Below(drawn.size())]);
      if (cidr.ok()) {
        const net::IPAddress base = cidr->network();
        switch (c.Below(5)) {
          case 0: ip = base.ToString(); break;                     // the network address
          case 1: ip = net::AddOffset(base, 1).ToString(); break;  // the first
          case 2: ip = net::AddOffset(base, 10).ToString(); break;
          case 3: ip = cidr->Last().ToString(); break;               // the last (IPv4: broadcast)
          default: ip = net::AddOffset(cidr->Last(), 1).ToString();  // just outside
        }
      }
    }
    Step s;
    s.op = StepOp::kCreate;
    json spec = {{"selector", {{"app", "web"}}}, {"ports", json::array({{{"port", 80}}})}};
    if (OneIn(c, 6)) {
      spec["clusterIP"] = "None";
    } else {
      spec["clusterIP"] = ip;
      if (OneIn(c, 4)) spec["ipFamilyPolicy"] = "PreferDualStack";
    }
    s.object = {{"apiVersion", "v1"},
                {"kind", "Service"},
                {"metadata", {{"name", "web-" + std::to_string(i)}, {"namespace", "default"}}},
                {"spec", spec}};
    // Drawn but not used: a dry run's range check takes a random one of the
    // family's ServiceCIDR allocators once a client has made another
    // (cidrallocator.go MetaAllocator.DryRun), so its answer is random.
    (void)OneIn(c, 8);
    s.dry_run = false;
    gc.steps.push_back(s);
  }
  for (auto& s : changes) gc.steps.push_back(std::move(s));
  std::optional<Step> cidr_delete;
  if (Coin(c)) cidr_delete = sc_step(StepOp::kDelete, made[c.Below(made.size())].first);
  // IPAddresses a client creates to reserve an address (drawn last, so a
  // seed's earlier draws stay as they were, and sent before the Services):
  // an address a Service asks for, one in or around a drawn range, or a
  // name the server refuses; parentRefs valid or not; some labelled as the
  // allocator's (their ServiceCIDR's delete then waits for them).
  std::vector<std::string> service_ips;
  for (const auto& st : gc.steps) {
    const json* ip = st.object.is_object() ? JsonAt(st.object, {"spec", "clusterIP"}) : nullptr;
    if (ip != nullptr && ip->is_string() && *ip != "None") service_ips.push_back(*ip);
  }
  std::vector<Step> reservations, after;
  const size_t addresses = Coin(c) ? 0 : 1 + c.Below(2);
  for (size_t i = 0; i < addresses; ++i) {
    std::string name;
    switch (c.Below(6)) {
      case 0:
      case 1:
        name = service_ips.empty() ? "10.96.0.60" : service_ips[c.Below(service_ips.size())];
        break;
      case 2: {
        const auto& drawn = made[c.Below(made.size())].second;
        auto cidr = drawn.empty() ? net::ParseCIDRSloppy("10.96.0.0/16")
                                  : net::ParseCIDRSloppy(drawn[c.Below(drawn.size())]);
        name =
            cidr.ok() ? net::AddOffset(cidr->network(), 1 + c.Below(20)).ToString() : "10.96.0.61";
        break;
      }
      case 3: name = Pick(c, {"10.96.0.1", "192.168.9.9", "fd00:10:96::1", "fd00:9::9"}); break;
      case 4:
        name = Pick(c, {"10.96.0.070", "::ffff:10.96.0.62", "fd00:10:96:0::62", "FD00:10:96::62",
                        "web", "", "10.96.0.0/24"});
        break;
      default: name = "10.96.0." + std::to_string(60 + c.Below(10));
    }
    json ref = {{"resource", "services"}, {"namespace", "default"}, {"name", "reserved"}};
    switch (c.Below(8)) {
      case 0: ref = nullptr; break;
      case 1: ref = json::object(); break;
      case 2:
        ref = {{"group", "gateway.networking.k8s.io"}, {"resource", "gateways"}, {"name", "gw"}};
        break;
      case 3: ref = {{"group", "Not_A_Group"}, {"resource", "a/b"}, {"name", ".."}}; break;
      default: break;
    }
    json meta = {{"name", name}};
    if (OneIn(c, 4)) {
      auto ip = net::ParseIPSloppy(name);
      meta["labels"] = {
          {"ipaddress.kubernetes.io/ip-family", ip.ok() && !ip->is_v4() ? "IPv6" : "IPv4"},
          {"ipaddress.kubernetes.io/managed-by", "ipallocator.k8s.io"}};
      // The repair loop deletes such an object whose parentRef is not a
      // Service (repairip.go), on its own schedule: keep it a Service's.
      ref = {{"resource", "services"}, {"namespace", "default"}, {"name", "reserved"}};
    }
    Step create;
    create.op = StepOp::kCreate;
    create.object = {{"apiVersion", "networking.k8s.io/v1"},
                     {"kind", "IPAddress"},
                     {"metadata", meta},
                     {"spec", ref.is_null() ? json::object() : json{{"parentRef", ref}}}};
    create.dry_run = OneIn(c, 8);
    reservations.push_back(create);
    Step get;
    get.op = StepOp::kGet;
    get.kind = "IPAddress";
    get.name = name.empty() ? "10.96.0.60" : name;
    if (Coin(c)) after.push_back(get);
    // A delete of an address a Service may hold instead would meet the
    // repair loop's own schedule (repairip.go): not drawn.
    const bool service_may_hold =
        std::find(service_ips.begin(), service_ips.end(), get.name) != service_ips.end() ||
        get.name == "10.96.0.1" || get.name == "fd00:10:96::1";
    if (OneIn(c, 3) && !service_may_hold) {
      // A JSON patch: a label, a parentRef change (immutable), a test that
      // may not hold, a path that is not there.
      Step patch = get;
      patch.op = StepOp::kPatch;
      patch.patch_type = registry::PatchType::kJson;
      patch.patch_type_given = true;
      switch (c.Below(4)) {
        case 0:
          patch.patch = json::array(
              {{{"op", "add"}, {"path", "/metadata/labels"}, {"value", {{"team", "net"}}}}});
          break;
        case 1:
          patch.patch = json::array(
              {{{"op", "replace"}, {"path", "/spec/parentRef/name"}, {"value", "other"}}});
          break;
        case 2:
          patch.patch = json::array(
              {{{"op", "test"}, {"path", "/spec/parentRef/resource"}, {"value", "services"}},
               {{"op", "add"}, {"path", "/metadata/annotations"}, {"value", {{"a", "b"}}}}});
          break;
        default:
          patch.patch = json::array({{{"op", "remove"}, {"path", "/metadata/labels/missing"}}});
      }
      patch.dry_run = OneIn(c, 6);
      after.push_back(patch);
    }
    if (OneIn(c, 3) && !service_may_hold) {
      Step del = get;
      del.op = StepOp::kDelete;
      del.dry_run = OneIn(c, 6);
      after.push_back(del);
    }
  }
  if (!reservations.empty()) {
    // After the ServiceCIDRs' creates and waits, before the first Service.
    size_t at = 0;
    while (at < gc.steps.size() && gc.steps[at].TargetKind() == "ServiceCIDR") ++at;
    gc.steps.insert(gc.steps.begin() + static_cast<std::ptrdiff_t>(at), reservations.begin(),
                    reservations.end());
    for (auto& s : after) gc.steps.push_back(std::move(s));
  }
  if (cidr_delete) gc.steps.push_back(*cidr_delete);
  gc.description = "Generated ServiceCIDRs and Services with static addresses in them" +
                   std::string(reservations.empty() ? "" : ", and IPAddresses reserving some") +
                   ", with " + set.label + ".";
  return g;
}

}  // namespace

Generation GenerateCases(const GeneratorOptions& options) {
  SeededChooser c(options.seed);
  SeededChooser wide(options.seed ^ 0x9e3779b97f4a7c15ULL);
  Generation gen;
  bool fixed = options.fixed_flag_set.has_value();
  if (fixed) {
    gen.flag_sets.push_back(*options.fixed_flag_set);
  } else {
    gen.flag_sets = FlagSetMenu(c, options.release);
  }
  std::vector<size_t> valid, rejected;
  for (size_t i = 0; i < gen.flag_sets.size(); ++i) {
    (gen.flag_sets[i].rejected ? rejected : valid).push_back(i);
  }
  std::vector<GeneratedCase> cases;
  std::vector<size_t> slots(gen.flag_sets.size(), 0);
  for (size_t n = 0; n < options.cases; ++n) {
    GeneratedCase g;
    golden::GoldenCase& gc = g.golden_case;
    gc.name = "gen-" + std::to_string(options.seed) + "-" + std::to_string(n);
    gc.source = golden::Source::kHandwritten;
    gc.kubernetes = options.release.ToString();
    // Each flag set the server should refuse is asked once (case 50 and case
    // 99): the same start asked again only costs another control plane.
    if (!rejected.empty() && (n == 50 || n == 99) && !fixed) {
      g.flag_set = rejected[(n == 99 ? 1 : 0) % rejected.size()];
      g.exclusive = true;
      gc.cluster = gen.flag_sets[g.flag_set].flags;
      gc.description =
          "Generated: a control plane started with " + gen.flag_sets[g.flag_set].label + ".";
      Step start;
      start.op = StepOp::kStart;
      gc.steps.push_back(start);
      cases.push_back(std::move(g));
      continue;
    }
    g.flag_set = valid[c.Below(valid.size())];
    const FlagSet& set = gen.flag_sets[g.flag_set];
    // One case in 25 is about Nodes, on a control plane kdual starts (an
    // existing cluster's Nodes are not kdual's to create).
    if (options.nodes && !fixed && OneIn(c, 25)) {
      GeneratedCase node = NodeCase(c, set, n);
      node.flag_set = g.flag_set;
      node.golden_case.name = gc.name;
      node.golden_case.source = gc.source;
      node.golden_case.kubernetes = gc.kubernetes;
      cases.push_back(std::move(node));
      continue;
    }
    gc.cluster = set.flags;
    bool fresh = !fixed && OneIn(c, 100);
    // A restart costs a control plane's start (and another when it changed
    // the flags): one case in 120 keeps 10,000 cases near an hour.
    bool restart = !fixed && OneIn(c, 120);
    g.exclusive = fresh || restart || set.small;
    // Every case takes the next slot, the exclusive ones too: they run
    // alone, but an address a failed dual-stack create leaves allocated on
    // the server (until its repair loop) would otherwise meet every later
    // case of the flag set.
    Draw d{c, set, slots[g.flag_set]++, n};
    d.w = &wide;
    size_t steps = 1;
    switch (c.Below(10)) {
      case 0:
      case 1:
      case 2:
      case 3: steps = 1; break;
      case 4:
      case 5:
      case 6: steps = 2; break;
      case 7:
      case 8: steps = 3; break;
      default: steps = 4 + c.Below(2);
    }
    if (fresh) {
      gc.requires_.push_back("fresh-cluster");
      steps += 2;
    }
    std::vector<std::string> names = {d.ServiceName("a")};
    gc.steps.push_back(CreateStep(d, names[0]));
    for (size_t i = 1; i < steps; ++i) {
      std::string created;
      Step s = LaterStep(d, names, &created);
      if (s.op == StepOp::kCreate) names.push_back(created);
      gc.steps.push_back(std::move(s));
    }
    if (d.unslotted_literals) g.exclusive = true;
    if (restart) {
      Step r;
      r.op = StepOp::kRestart;
      // The same flags (the stored objects must read back the same), or
      // another valid flag set of the menu.
      r.cluster = Coin(c) ? set.flags : gen.flag_sets[valid[c.Below(valid.size())]].flags;
      gc.steps.push_back(r);
      Step get;
      get.op = StepOp::kGet;
      get.name = names[0];
      gc.steps.push_back(get);
      if (Coin(c)) gc.steps.push_back(LaterStep(d, names));
    }
    gc.description = "Generated on " + set.label + (fresh ? ", on a fresh control plane" : "") +
                     (restart ? ", with a restart" : "") + ".";
    // One in 25 of these is replaced by a ServiceCIDR case, also on a
    // control plane kdual starts (cluster-scoped ranges every Service
    // allocates from). Drawn from the second stream, after the Service case
    // was drawn, so what a seed draws from the first stream stays as it was.
    if (options.nodes && options.service_cidrs && !fixed && OneIn(wide, 25)) {
      GeneratedCase cidrs = ServiceCIDRCase(wide, set, n);
      cidrs.flag_set = g.flag_set;
      cidrs.golden_case.name = gc.name;
      cidrs.golden_case.source = gc.source;
      cidrs.golden_case.kubernetes = gc.kubernetes;
      g = std::move(cidrs);
    }
    cases.push_back(std::move(g));
  }
  // Batches by flag set, in menu order; within each, shared cases first,
  // exclusive ones last, each group in generation order.
  std::stable_sort(cases.begin(), cases.end(), [](const GeneratedCase& a, const GeneratedCase& b) {
    if (a.flag_set != b.flag_set) return a.flag_set < b.flag_set;
    return a.exclusive < b.exclusive;
  });
  gen.cases = std::move(cases);
  return gen;
}

}  // namespace kdual::diff
