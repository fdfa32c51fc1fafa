// The shapes of generated inputs, written once and drawn two ways: RapidCheck
// properties draw them through a chooser backed by rc::gen (shrinkable,
// engine/testing/generators.h), fuzz targets through a chooser that reads the
// fuzzer's bytes (engine/shapes/byte_chooser.h). A chooser is any type with
//
//   uint64_t Below(uint64_t n);        // a number in [0, n), n >= 1
//   std::string Text(size_t max_len);  // arbitrary bytes, at most max_len
//
// so one description of "a Service", "a cluster's flags" or "a sequence of
// requests" serves the properties, the fuzzers and the case generator of the
// differential runner alike. Choice 0 is always the plainest option, so that
// shrinking (toward 0) and short fuzz inputs both give simple cases.
//
// Draws happen one per statement (never two operands of one expression,
// whose order C++ leaves to the compiler), so the same bytes stand for the
// same case in the gcc replay build and the clang fuzz build.
#ifndef KDUAL_ENGINE_TESTING_SHAPES_H_
#define KDUAL_ENGINE_TESTING_SHAPES_H_

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/flags/component_flags.h"
#include "engine/net/cidr.h"
#include "engine/net/ip_address.h"
#include "engine/registry/request.h"

namespace kdual::shapes {

// --- choice helpers -------------------------------------------------------

template <typename C>
bool Coin(C& c) {
  return c.Below(2) == 1;
}

// True one time in `n` (n >= 1).
template <typename C>
bool OneIn(C& c, uint64_t n) {
  return c.Below(n) == n - 1;
}

template <typename C, typename T>
T PickOf(C& c, std::initializer_list<T> options) {
  return *(options.begin() + c.Below(options.size()));
}

template <typename C>
std::string PickText(C& c, std::initializer_list<const char*> options) {
  return std::string(*(options.begin() + c.Below(options.size())));
}

template <typename C>
uint64_t InRange(C& c, uint64_t lo, uint64_t hi) {  // [lo, hi]
  return lo + c.Below(hi - lo + 1);
}

template <typename C>
uint32_t Draw32(C& c) {
  return static_cast<uint32_t>(c.Below(uint64_t{1} << 32));
}

// Text that may travel in JSON and YAML: bytes outside printable ASCII become
// '?'. (Raw bytes go to the parsers directly; objects must stay valid UTF-8.)
inline std::string Printable(std::string s) {
  for (char& ch : s) {
    if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) > 0x7e) ch = '?';
  }
  return s;
}

// --- addresses --------------------------------------------------------------

template <typename C>
net::IPAddress DrawIPv4(C& c) {
  if (Coin(c)) {
    return net::IPAddress::V4(
        PickOf<C, uint32_t>(c, {0x0A000001u, 0x0A600001u, 0x00000000u, 0xFFFFFFFFu, 0x7F000001u,
                                0xC0A80001u, 0x0A0000FFu, 0xAC100001u}));
  }
  return net::IPAddress::V4(Draw32(c));
}

template <typename C>
net::IPAddress DrawIPv6(C& c) {
  if (Coin(c)) {
    static const net::Uint128 kFd00 = net::Uint128{0xfd00} << 112;
    return net::IPAddress::V6(PickOf<C, net::Uint128>(
        c, {kFd00 | 1, net::Uint128{1}, net::Uint128{0}, ~net::Uint128{0}, kFd00 | 0xffff,
            (net::Uint128{0x20010db8} << 96) | 0x10, (net::Uint128{0xfe80} << 112) | 1}));
  }
  net::Uint128 v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 32) | Draw32(c);
  return net::IPAddress::V6(v);
}

template <typename C>
net::IPAddress DrawIP(C& c) {
  return Coin(c) ? DrawIPv6(c) : DrawIPv4(c);
}

// The dotted quad of `v` with each octet written with `zeros` leading zeros.
inline std::string DottedWithZeros(uint32_t v, int zeros) {
  std::string out;
  for (int i = 3; i >= 0; --i) {
    out += std::string(static_cast<size_t>(zeros), '0') + std::to_string((v >> (8 * i)) & 0xff);
    if (i) out += '.';
  }
  return out;
}

// Address text in the forms parsers disagree on: canonical and leading-zero
// IPv4, IPv4-mapped and embedded IPv4 in IPv6, zones, upper case, the long
// form, over-long groups and octets, and plain garbage.
template <typename C>
std::string DrawAddressText(C& c) {
  switch (c.Below(16)) {
    case 0: return DrawIPv4(c).ToString();
    case 1: return DrawIPv6(c).ToString();
    case 2: {
      uint32_t v = static_cast<uint32_t>(DrawIPv4(c).ToUint128());
      return DottedWithZeros(v, static_cast<int>(InRange(c, 1, 2)));
    }
    case 3: return "::ffff:" + DrawIPv4(c).ToString();
    case 4: {
      std::string prefix = PickText(c, {"64:ff9b::", "::", "fd00::", "2001:db8::1:"});
      return prefix + DrawIPv4(c).ToString();
    }
    case 5: {
      std::string ip = DrawIPv6(c).ToString();
      return ip + "%" + PickText(c, {"eth0", "1", "", "%"});
    }
    case 6: {
      std::string s = DrawIPv6(c).ToString();
      for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      return s;
    }
    case 7: {  // the long form, every group written
      net::Uint128 v = DrawIPv6(c).ToUint128();
      std::string s;
      for (int g = 7; g >= 0; --g) {
        char buf[8];
        std::snprintf(buf, sizeof buf, Coin(c) ? "%04x" : "%x",
                      static_cast<unsigned>((v >> (16 * g)) & 0xffff));
        s += buf;
        if (g) s += ':';
      }
      return s;
    }
    case 8:
      return PickText(
          c, {"1:2:3:4:5:6:7:8:9", "12345::1", "fd00::00001", "1::2::3", ":::", "::ffff:1.2.3",
              "1.2.3.4.5", "256.1.1.1", "1.2.3", "01.2.3.4", "1.2.3.04", "0x1.2.3.4", "1.2.3.-4",
              "+1.2.3.4", "::1.2.3.4", "::ffff:010.1.2.3", "fd00::1:2:3:4:5:6:7"});
    case 9: return " " + DrawIPv4(c).ToString();
    case 10: {
      std::string ip = DrawIPv4(c).ToString();
      return ip + PickText(c, {" ", "\n", ".", "/32", "%eth0"});
    }
    case 11: return "";
    case 12: return c.Text(24);
    case 13: return DottedWithZeros(DrawIPv4(c).ToUint128(), 0).substr(0, c.Below(16));
    case 14: return "::ffff:" + DottedWithZeros(DrawIPv4(c).ToUint128(), 1);
    default: {
      std::string ip = DrawIPv6(c).ToString();
      return ip + PickText(c, {"::", ":", ":0", "1"});
    }
  }
}

// CIDR text: a network, a prefix with host bits set, leading-zero and
// out-of-range prefixes, IPv4-mapped networks, garbage.
template <typename C>
std::string DrawCidrText(C& c) {
  bool v6 = Coin(c);
  int bits = v6 ? 128 : 32;
  std::string addr = v6 ? DrawIPv6(c).ToString() : DrawIPv4(c).ToString();
  int prefix = static_cast<int>(c.Below(static_cast<uint64_t>(bits) + 1));
  switch (c.Below(8)) {
    case 0: return net::Cidr(v6 ? DrawIPv6(c) : DrawIPv4(c), prefix).ToString();
    case 1: return addr + "/" + std::to_string(prefix);  // host bits usually set
    case 2: return DrawAddressText(c) + "/" + std::to_string(prefix);
    case 3:
      return addr + "/" +
             PickText(c, {"024", "-1", "", "33", "129", "+8", "1e1", " 8", "0x10", "999999999999"});
    case 4: {
      std::string ip = DrawIPv4(c).ToString();
      return "::ffff:" + ip + "/" + std::to_string(InRange(c, 90, 128));
    }
    case 5: return addr;
    case 6: return c.Text(32);
    default: return addr + "/" + std::to_string(prefix) + PickText(c, {"/8", ",", " ", "%eth0"});
  }
}

// --- cluster flags ------------------------------------------------------------

enum class Stack { kIPv4, kIPv6, kIPv4IPv6, kIPv6IPv4 };

// The kube-apiserver flags of a generated cluster, as text on its command line.
struct ClusterShape {
  Stack stack = Stack::kIPv4;
  std::string service_cluster_ip_range = "10.0.0.0/24";
  std::optional<std::string> service_node_port_range;
  std::optional<std::string> kubernetes_service_node_port;

  flags::ComponentFlags Flags() const {
    flags::ComponentFlags f;
    auto& api = f.components[flags::kApiserver];
    api["service-cluster-ip-range"] = service_cluster_ip_range;
    if (service_node_port_range) api["service-node-port-range"] = *service_node_port_range;
    if (kubernetes_service_node_port)
      api["kubernetes-service-node-port"] = *kubernetes_service_node_port;
    return f;
  }
};

// A service range every pinned release accepts: from 8 addresses (/29,
// /125: the smallest ServiceIPRange allows) up to 20 host bits, small ranges
// most often so that exhaustion and the lower band are reached.
template <typename C>
std::string DrawAcceptedRange(C& c, bool v6) {
  int host_bits;
  switch (c.Below(4)) {
    case 0: host_bits = 4; break;                                   // 16 addresses: no static band
    case 1: host_bits = 3; break;                                   // 8: the smallest accepted
    case 2: host_bits = 5 + static_cast<int>(c.Below(4)); break;    // 32..256: a 16-address band
    default: host_bits = 3 + static_cast<int>(c.Below(18)); break;  // up to 20 host bits
  }
  if (v6) {
    net::Uint128 base = PickOf<C, net::Uint128>(
        c, {net::Uint128{0xfd00} << 112,
            (net::Uint128{0xfd00} << 112) | (net::Uint128{0x10} << 96) | (0x96u << 16),
            net::Uint128{0x20010db8} << 96});
    return net::Cidr(net::IPAddress::V6(base), 128 - host_bits).ToString();
  }
  uint32_t base = PickOf<C, uint32_t>(c, {0x0A000000u, 0x0A600000u, 0xC0A80000u, 0xAC100000u});
  std::string text = net::Cidr(net::IPAddress::V4(base), 32 - host_bits).ToString();
  if (OneIn(c, 8)) {  // host bits set: ParseCIDRSloppy masks them
    text = net::IPAddress::V4(base + 1).ToString() + "/" + std::to_string(32 - host_bits);
  }
  return text;
}

template <typename C>
std::optional<std::string> DrawNodePortRange(C& c) {
  switch (c.Below(6)) {
    case 0: return std::nullopt;                // the default 30000-32767
    case 1: return std::string("30000-30015");  // 16 ports: no static band
    case 2: return std::string("30000-30049");  // 50 ports: a 16-port band
    case 3: return std::string("30000+19");
    case 4: return std::string("20000-22767");
    default: {
      uint64_t low = 30000 + c.Below(100);
      return std::to_string(low) + "-" + std::to_string(30100 + c.Below(4000));
    }
  }
}

template <typename C>
ClusterShape DrawAcceptedCluster(C& c) {
  ClusterShape s;
  s.stack = PickOf<C, Stack>(c, {Stack::kIPv4, Stack::kIPv4IPv6, Stack::kIPv6IPv4, Stack::kIPv6});
  switch (s.stack) {
    case Stack::kIPv4: s.service_cluster_ip_range = DrawAcceptedRange(c, false); break;
    case Stack::kIPv6: s.service_cluster_ip_range = DrawAcceptedRange(c, true); break;
    case Stack::kIPv4IPv6: {
      std::string first = DrawAcceptedRange(c, false);
      s.service_cluster_ip_range = first + "," + DrawAcceptedRange(c, true);
      break;
    }
    case Stack::kIPv6IPv4: {
      std::string first = DrawAcceptedRange(c, true);
      s.service_cluster_ip_range = first + "," + DrawAcceptedRange(c, false);
      break;
    }
  }
  s.service_node_port_range = DrawNodePortRange(c);
  return s;
}

// Flags of any kind: mostly accepted ones, often ones a release refuses (too
// small, too large, two ranges of one family, three ranges, garbage, a
// node-port range that is backwards or out of bounds).
template <typename C>
ClusterShape DrawAnyCluster(C& c) {
  ClusterShape s = DrawAcceptedCluster(c);
  switch (c.Below(12)) {
    case 0:
      s.service_cluster_ip_range =
          PickText(c, {"10.0.0.0/30", "10.0.0.0/32", "fd00::/126", "fd00::/128"});
      break;
    case 1:
      s.service_cluster_ip_range = PickText(
          c, {"10.0.0.0/8", "10.0.0.0/11", "fd00::/64", "fd00::/48", "fd00::/107", "::/0"});
      break;
    case 2: s.service_cluster_ip_range = "10.0.0.0/24,10.1.0.0/24"; break;
    case 3: s.service_cluster_ip_range = "10.0.0.0/24,fd00::/120,10.1.0.0/24"; break;
    case 4: s.service_cluster_ip_range = Printable(DrawCidrText(c)); break;
    case 5: {
      std::string first = DrawCidrText(c);
      s.service_cluster_ip_range = Printable(first + "," + DrawCidrText(c));
      break;
    }
    case 6:
      s.service_node_port_range = PickText(
          c, {"32767-30000", "abc", "", "30000-70000", "-1-5", "30000+-1", "0-0", "30000"});
      break;
    case 7:
      s.kubernetes_service_node_port = PickText(c, {"30001", "0", "-1", "65536", "x", "32767"});
      break;
    default: break;
  }
  return s;
}

// --- Services -----------------------------------------------------------------

// Addresses of the cluster's first range, to ask for as clusterIP: the
// network address, the first usable ones (the lower band), one in the upper
// band, the last, and the IPv4 broadcast.
template <typename C>
std::string DrawClusterIPFor(C& c, const std::string& range_text) {
  auto cidr = net::ParseCIDRSloppy(range_text);
  if (!cidr.ok()) return Printable(DrawAddressText(c));
  net::Uint128 count = net::AddressCount(*cidr);
  net::Uint128 offset;
  switch (c.Below(6)) {
    case 0: offset = 1 + c.Below(4); break;                            // the lower band
    case 1: offset = count > 64 ? 40 + c.Below(8) : count / 2; break;  // the upper band
    case 2: offset = 0; break;                                         // the network address
    case 3: offset = count - 1; break;                                 // the last (IPv4 broadcast)
    case 4: offset = count; break;                                     // just outside
    default:
      offset = c.Below(count > (1u << 20) ? (1u << 20) : static_cast<uint64_t>(count));
      break;
  }
  std::string text = net::AddOffset(cidr->network(), offset).ToString();
  if (OneIn(c, 8) && cidr->family() == net::Family::kIPv4) {
    text = DottedWithZeros(
        static_cast<uint32_t>(net::AddOffset(cidr->network(), offset).ToUint128()), 1);
  }
  return text;
}

inline std::vector<std::string> SplitRanges(const std::string& flag) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t comma = flag.find(',', start);
    out.push_back(
        flag.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

template <typename C>
std::string DrawAnyClusterIP(C& c, const ClusterShape& cluster) {
  std::vector<std::string> ranges = SplitRanges(cluster.service_cluster_ip_range);
  switch (c.Below(5)) {
    case 0:
    case 1: return DrawClusterIPFor(c, ranges[c.Below(ranges.size())]);
    case 2: return PickText(c, {"None", "", "none"});
    case 3: return Printable(DrawAddressText(c));
    default: return DrawIP(c).ToString();
  }
}

template <typename C>
nlohmann::json DrawPorts(C& c, const ClusterShape& cluster, bool want_node_ports) {
  nlohmann::json ports = nlohmann::json::array();
  int n = static_cast<int>(PickOf<C, int>(c, {1, 0, 2, 3}));
  for (int i = 0; i < n; ++i) {
    nlohmann::json p = nlohmann::json::object();
    p["port"] = OneIn(c, 16) ? static_cast<int64_t>(PickOf<C, int>(c, {0, 65536, -1, 10250}))
                             : static_cast<int64_t>(PickOf<C, int>(c, {80, 443, 53, 8080}) + i);
    if (n > 1 || OneIn(c, 4)) p["name"] = OneIn(c, 8) ? std::string("p") : "p" + std::to_string(i);
    if (OneIn(c, 3)) p["protocol"] = PickText(c, {"UDP", "TCP", "SCTP", "ICMP"});
    if (OneIn(c, 4)) p["targetPort"] = OneIn(c, 2) ? nlohmann::json("http") : nlohmann::json(9376);
    if (want_node_ports && OneIn(c, 3)) {
      int base = 30000;
      if (cluster.service_node_port_range) {
        auto dash = cluster.service_node_port_range->find_first_of("-+");
        base = std::atoi(cluster.service_node_port_range->substr(0, dash).c_str());
      }
      p["nodePort"] =
          PickOf<C, int>(c, {base, base + 1, base + 20, base + 40, 32767, 29999, 65536});
    }
    ports.push_back(std::move(p));
  }
  return ports;
}

// A Service the server should accept on `cluster` (most of the time: an
// address may still be taken, a range full): a known type, a consistent
// policy and family list, no address or one from the cluster's ranges,
// well-formed ports.
template <typename C>
nlohmann::json DrawPlainService(C& c, const ClusterShape& cluster, const std::string& name) {
  nlohmann::json spec = nlohmann::json::object();
  std::string type =
      PickText(c, {"", "ClusterIP", "NodePort", "LoadBalancer", "ClusterIP", "ExternalName"});
  if (!type.empty()) spec["type"] = type;
  spec["selector"] = {{"app", name}};
  if (type == "ExternalName") {
    spec["externalName"] = "example.com";
    if (Coin(c)) spec["ports"] = nlohmann::json::array({{{"port", 80}}});
    return {{"apiVersion", "v1"},
            {"kind", "Service"},
            {"metadata", {{"name", name}}},
            {"spec", std::move(spec)}};
  }
  std::vector<std::string> ranges = SplitRanges(cluster.service_cluster_ip_range);
  bool dual = ranges.size() > 1;
  std::vector<std::string> families;
  for (const auto& r : ranges)
    families.push_back(r.find(':') == std::string::npos ? "IPv4" : "IPv6");
  switch (c.Below(4)) {
    case 0: break;
    case 1: spec["ipFamilyPolicy"] = "SingleStack"; break;
    case 2: spec["ipFamilyPolicy"] = "PreferDualStack"; break;
    default: spec["ipFamilyPolicy"] = dual ? "RequireDualStack" : "PreferDualStack"; break;
  }
  std::string policy = spec.value("ipFamilyPolicy", "SingleStack");
  size_t want = policy == "SingleStack" ? 1 : families.size();
  if (OneIn(c, 3)) {  // families, in the cluster's order or reversed
    nlohmann::json fams = nlohmann::json::array();
    bool reversed = dual && Coin(c);
    for (size_t i = 0; i < want; ++i)
      fams.push_back(families[reversed ? families.size() - 1 - i : i]);
    spec["ipFamilies"] = fams;
  }
  switch (c.Below(5)) {
    case 0:
    case 1:
    case 2: break;
    case 3: spec["clusterIP"] = "None"; break;
    default: {
      std::vector<std::string> ips;
      for (size_t i = 0; i < want; ++i) ips.push_back(DrawClusterIPFor(c, ranges[i]));
      if (spec.contains("ipFamilies") && spec["ipFamilies"][0] != families[0])
        std::swap(ips.front(), ips.back());
      if (Coin(c)) spec["clusterIPs"] = ips;
      if (!spec.contains("clusterIPs") || Coin(c)) spec["clusterIP"] = ips[0];
      break;
    }
  }
  bool node_ports = type == "NodePort" || type == "LoadBalancer";
  nlohmann::json ports = nlohmann::json::array();
  int n = static_cast<int>(InRange(c, 1, 2));
  for (int i = 0; i < n; ++i) {
    nlohmann::json port = {{"port", 80 + i}};
    if (n > 1) port["name"] = "p" + std::to_string(i);
    if (node_ports && OneIn(c, 3)) {
      int base = 30000;
      if (cluster.service_node_port_range) {
        auto dash = cluster.service_node_port_range->find_first_of("-+");
        base = std::atoi(cluster.service_node_port_range->substr(0, dash).c_str());
      }
      port["nodePort"] = base + static_cast<int>(PickOf<C, int>(c, {0, 1, 20, 40}));
    }
    ports.push_back(port);
  }
  spec["ports"] = ports;
  if (node_ports && OneIn(c, 3)) spec["externalTrafficPolicy"] = "Local";
  if (type == "LoadBalancer" && OneIn(c, 3)) spec["allocateLoadBalancerNodePorts"] = false;
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", name}}},
          {"spec", std::move(spec)}};
}

// A v1 Service of any type, policy, family list and clusterIP(s): literal
// addresses of the cluster's ranges (both bands, network, broadcast),
// None, empty, invalid; ports with and without node ports. Two times in
// three a plain one (DrawPlainService), so that sequences build up state.
template <typename C>
nlohmann::json DrawService(C& c, const ClusterShape& cluster, const std::string& name) {
  if (c.Below(3) != 2) return DrawPlainService(c, cluster, name);
  nlohmann::json spec = nlohmann::json::object();
  std::string type =
      PickText(c, {"", "ClusterIP", "NodePort", "LoadBalancer", "ExternalName", "Foo"});
  if (!type.empty()) spec["type"] = type;
  switch (c.Below(6)) {
    case 0: break;
    case 1: spec["ipFamilyPolicy"] = "SingleStack"; break;
    case 2: spec["ipFamilyPolicy"] = "PreferDualStack"; break;
    case 3: spec["ipFamilyPolicy"] = "RequireDualStack"; break;
    case 4: spec["ipFamilyPolicy"] = PickOf<C, nlohmann::json>(c, {"bogus", nullptr, ""}); break;
    default: break;
  }
  switch (c.Below(8)) {
    case 0:
    case 1: break;
    case 2: spec["ipFamilies"] = {"IPv4"}; break;
    case 3: spec["ipFamilies"] = {"IPv6"}; break;
    case 4: spec["ipFamilies"] = {"IPv4", "IPv6"}; break;
    case 5: spec["ipFamilies"] = {"IPv6", "IPv4"}; break;
    case 6: spec["ipFamilies"] = nlohmann::json::array(); break;
    default:
      spec["ipFamilies"] =
          PickOf<C, nlohmann::json>(c, {{"IPv4", "IPv4"}, {"IPv5"}, {"IPv4", "IPv6", "IPv4"}});
      break;
  }
  switch (c.Below(5)) {
    case 0:
    case 1: break;
    case 2: spec["clusterIP"] = DrawAnyClusterIP(c, cluster); break;
    case 3: {
      std::vector<std::string> ips;
      int n = static_cast<int>(InRange(c, 1, OneIn(c, 8) ? 3 : 2));
      std::vector<std::string> ranges = SplitRanges(cluster.service_cluster_ip_range);
      for (int i = 0; i < n; ++i) {
        ips.push_back(i < static_cast<int>(ranges.size()) && !OneIn(c, 4)
                          ? DrawClusterIPFor(c, ranges[i])
                          : DrawAnyClusterIP(c, cluster));
      }
      spec["clusterIPs"] = ips;
      if (Coin(c)) spec["clusterIP"] = OneIn(c, 4) ? DrawAnyClusterIP(c, cluster) : ips[0];
      break;
    }
    default: spec["clusterIP"] = PickText(c, {"None", ""}); break;
  }
  bool node_ports = type == "NodePort" || type == "LoadBalancer";
  spec["ports"] = DrawPorts(c, cluster, node_ports || OneIn(c, 8));
  if (spec["ports"].empty() && !OneIn(c, 4)) spec.erase("ports");
  if (Coin(c)) spec["selector"] = {{"app", name}};
  if (type == "ExternalName" || OneIn(c, 16))
    spec["externalName"] = PickText(c, {"example.com", "", "x_y"});
  if (node_ports && OneIn(c, 3)) {
    spec["externalTrafficPolicy"] = "Local";
    if (OneIn(c, 3))
      spec["healthCheckNodePort"] = PickOf<C, int>(c, {30010, 30045, 32000, 0, 70000});
  }
  if (type == "LoadBalancer" && OneIn(c, 3)) spec["allocateLoadBalancerNodePorts"] = false;
  if (OneIn(c, 16)) spec["externalTrafficPolicy"] = PickText(c, {"Cluster", "Local", "Foo"});
  if (OneIn(c, 16)) spec["sessionAffinity"] = PickText(c, {"ClientIP", "None", "Sticky"});
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", name}}},
          {"spec", std::move(spec)}};
}

// --- operation sequences --------------------------------------------------------

enum class OpKind { kCreate, kUpdate, kPatch, kDelete, kGet, kRestart };

// One step of a sequence: a request, or a restart with new flags.
struct Operation {
  OpKind kind = OpKind::kCreate;
  registry::Request request;
  ClusterShape restart;  // kRestart only
};

inline const char* OpKindName(OpKind k) {
  switch (k) {
    case OpKind::kCreate: return "create";
    case OpKind::kUpdate: return "update";
    case OpKind::kPatch: return "patch";
    case OpKind::kDelete: return "delete";
    case OpKind::kGet: return "get";
    case OpKind::kRestart: return "restart";
  }
  return "?";
}

inline const std::vector<std::string>& ServiceNames() {
  static const std::vector<std::string> kNames = {"a", "b", "c", "kubernetes"};
  return kNames;
}

// A merge patch touching the fields the Service logic owns.
template <typename C>
nlohmann::json DrawSpecPatch(C& c, const ClusterShape& cluster, const std::string& name) {
  nlohmann::json full = DrawService(c, cluster, name)["spec"];
  nlohmann::json patch = nlohmann::json::object();
  for (auto it = full.begin(); it != full.end(); ++it) {
    if (Coin(c)) patch[it.key()] = it.value();
  }
  if (OneIn(c, 4))
    patch[PickText(c, {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "type"})] =
        nullptr;
  return {{"spec", patch}};
}

template <typename C>
Operation DrawOperation(C& c, const ClusterShape& cluster, bool allow_restart = true) {
  Operation op;
  op.kind = PickOf<C, OpKind>(c, {OpKind::kCreate, OpKind::kCreate, OpKind::kUpdate,
                                  OpKind::kDelete, OpKind::kGet, OpKind::kPatch, OpKind::kRestart});
  if (!allow_restart && op.kind == OpKind::kRestart) op.kind = OpKind::kGet;
  const auto& names = ServiceNames();
  std::string name = names[OneIn(c, 16) ? 3 : c.Below(3)];
  op.request.name = name;
  op.request.dry_run = OneIn(c, 5);
  switch (op.kind) {
    case OpKind::kCreate:
      op.request.op = registry::Op::kCreate;
      op.request.body = DrawService(c, cluster, name);
      break;
    case OpKind::kUpdate:
      op.request.op = registry::Op::kUpdate;
      op.request.body = DrawService(c, cluster, name);
      break;
    case OpKind::kPatch:
      op.request.op = registry::Op::kPatch;
      op.request.patch_type = registry::PatchType::kMerge;
      op.request.body = DrawSpecPatch(c, cluster, name);
      break;
    case OpKind::kDelete: op.request.op = registry::Op::kDelete; break;
    case OpKind::kGet:
      op.request.op = registry::Op::kGet;
      op.request.dry_run = false;  // ?dryRun is for writes only
      break;
    case OpKind::kRestart:
      op.request.op = registry::Op::kGet;  // unused
      op.restart =
          OneIn(c, 3) ? cluster : (OneIn(c, 4) ? DrawAnyCluster(c) : DrawAcceptedCluster(c));
      break;
  }
  return op;
}

// A short human-readable line for a failing case's log.
inline std::string Describe(const Operation& op) {
  if (op.kind == OpKind::kRestart)
    return "restart --service-cluster-ip-range=" + op.restart.service_cluster_ip_range;
  std::string s = std::string(OpKindName(op.kind)) + (op.request.dry_run ? " (dry-run) " : " ") +
                  op.request.name;
  if (!op.request.body.is_null()) s += " " + op.request.body.dump();
  return s;
}

inline std::string Describe(const ClusterShape& c) {
  std::string s = "--service-cluster-ip-range=" + c.service_cluster_ip_range;
  if (c.service_node_port_range) s += " --service-node-port-range=" + *c.service_node_port_range;
  if (c.kubernetes_service_node_port)
    s += " --kubernetes-service-node-port=" + *c.kubernetes_service_node_port;
  return s;
}

}  // namespace kdual::shapes

#endif  // KDUAL_ENGINE_TESTING_SHAPES_H_
