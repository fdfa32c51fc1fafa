// Benchmarks of the engine's paths, each the counterpart of one in
// bench/go (the same operation on the release's real Go code); scripts/bench
// runs both and prints the ratios. Not timed tests: ctest runs each once to
// check it still works.
#include <malloc.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/test_cases.h"
#include "engine/alloc/ip_allocator.h"
#include "engine/api/service.h"
#include "engine/flags/component_flags.h"
#include "engine/net/cidr.h"
#include "engine/net/ip_address.h"
#include "engine/registry/service_cluster.h"
#include "engine/validation/rest_validation.h"
#include "engine/version/profile.h"
#include "engine/version/release.h"

namespace kdual::bench {
namespace {

using nlohmann::json;

// A benchmark whose operation fails measures nothing: stop the run, so the
// ctest that runs each benchmark once fails (SkipWithError would not).
[[noreturn]] void Broken(const std::string& what) {
  std::fprintf(stderr, "benchmark broken: %s\n", what.c_str());
  std::abort();
}

version::Profile NewestProfile() { return *version::ProfileFor(version::PinnedReleases().back()); }

flags::ComponentFlags DualFlags() {
  flags::ComponentFlags f;
  f.components[flags::kApiserver] = {{"service-cluster-ip-range", "10.96.0.0/12,fd00:10:96::/108"},
                                     {"service-node-port-range", "30000-32767"}};
  return f;
}

json ServiceBody(const std::string& name, const std::string& policy,
                 const std::string& type = "ClusterIP") {
  json spec = {
      {"selector", {{"app", "web"}}}, {"ports", json::array({{{"port", 80}}})}, {"type", type}};
  if (!policy.empty()) spec["ipFamilyPolicy"] = policy;
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", name}, {"namespace", "default"}}},
          {"spec", spec}};
}

registry::Request Create(const json& body, bool dry_run = false) {
  registry::Request r;
  r.op = registry::Op::kCreate;
  r.body = body;
  r.dry_run = dry_run;
  return r;
}

registry::Request Delete(const std::string& name) {
  registry::Request r;
  r.op = registry::Op::kDelete;
  r.name = name;
  return r;
}

std::unique_ptr<registry::ServiceCluster> NewCluster() {
  auto c = registry::ServiceCluster::Create(DualFlags(), NewestProfile());
  if (!c.ok()) std::abort();
  return std::move(*c);
}

// --- parsing ---------------------------------------------------------------

void BM_ParseIPSloppy(benchmark::State& state) {
  const char* text = state.range(0) == 4 ? "10.96.12.34" : "fd00:10:96::1:2";
  for (auto _ : state) benchmark::DoNotOptimize(net::ParseIPSloppy(text));
}
BENCHMARK(BM_ParseIPSloppy)->Arg(4)->Arg(6);

void BM_ParseIPStrict(benchmark::State& state) {
  const char* text = state.range(0) == 4 ? "10.96.12.34" : "fd00:10:96::1:2";
  for (auto _ : state) benchmark::DoNotOptimize(net::ParseIPStrict(text));
}
BENCHMARK(BM_ParseIPStrict)->Arg(4)->Arg(6);

void BM_ParseCIDRSloppy(benchmark::State& state) {
  const char* text = state.range(0) == 4 ? "10.96.0.0/12" : "fd00:10:96::/108";
  for (auto _ : state) benchmark::DoNotOptimize(net::ParseCIDRSloppy(text));
}
BENCHMARK(BM_ParseCIDRSloppy)->Arg(4)->Arg(6);

// --- flags: the apiserver's start-up checks and the allocators it builds ---

void BM_StartCluster(benchmark::State& state) {
  const auto profile = NewestProfile();
  const auto flags = DualFlags();
  for (auto _ : state) benchmark::DoNotOptimize(registry::ServiceCluster::Create(flags, profile));
}
BENCHMARK(BM_StartCluster);

// --- the Service REST path -------------------------------------------------

// A create (timed) and its delete (not timed), so each iteration meets the
// same state.
void CreateThenDelete(benchmark::State& state, const json& body, bool dry_run) {
  auto cluster = NewCluster();
  const registry::Request create = Create(body, dry_run);
  const registry::Request del = Delete(body["metadata"]["name"]);
  for (auto _ : state) {
    registry::Answer a = cluster->Handle(create);
    if (a.is_error()) Broken(a.body.dump());
    if (!dry_run) {
      state.PauseTiming();
      cluster->Handle(del);
      state.ResumeTiming();
    }
  }
}

void BM_CreateSingleStack(benchmark::State& state) {
  CreateThenDelete(state, ServiceBody("web", ""), false);
}
BENCHMARK(BM_CreateSingleStack);

void BM_CreateDualStack(benchmark::State& state) {
  CreateThenDelete(state, ServiceBody("web", "RequireDualStack"), false);
}
BENCHMARK(BM_CreateDualStack);

void BM_CreateNodePort(benchmark::State& state) {
  CreateThenDelete(state, ServiceBody("web", "PreferDualStack", "NodePort"), false);
}
BENCHMARK(BM_CreateNodePort);

void BM_CreateDryRun(benchmark::State& state) {
  CreateThenDelete(state, ServiceBody("web", "RequireDualStack"), true);
}
BENCHMARK(BM_CreateDryRun);

// Single-stack to dual-stack and back: two updates an iteration.
void BM_UpdateUpgradeDowngrade(benchmark::State& state) {
  auto cluster = NewCluster();
  cluster->Handle(Create(ServiceBody("web", "SingleStack")));
  registry::Request up;
  up.op = registry::Op::kPatch;
  up.name = "web";
  up.patch_type = registry::PatchType::kMerge;
  up.body = {{"spec", {{"ipFamilyPolicy", "RequireDualStack"}}}};
  registry::Request down = up;
  down.body = {{"spec",
                {{"ipFamilyPolicy", "SingleStack"},
                 {"ipFamilies", json::array({"IPv4"})},
                 {"clusterIPs", nullptr}}}};
  for (auto _ : state) {
    registry::Answer a = cluster->Handle(up);
    registry::Answer b = cluster->Handle(down);
    if (a.is_error() || b.is_error()) Broken(a.body.dump() + b.body.dump());
  }
}
BENCHMARK(BM_UpdateUpgradeDowngrade);

// ValidateServiceCreate of a Service with many ports, externalIPs and
// source ranges (decoded once).
void BM_ValidateLargeService(benchmark::State& state) {
  json body = ServiceBody("web", "", "LoadBalancer");
  json ports = json::array(), ips = json::array(), ranges = json::array();
  for (int i = 0; i < state.range(0); ++i) {
    ports.push_back({{"name", "p" + std::to_string(i)},
                     {"port", 1000 + i},
                     {"nodePort", 30000 + i},
                     {"protocol", "TCP"},
                     {"targetPort", 1000 + i}});
    ips.push_back("192.0.2." + std::to_string(i % 250));
    ranges.push_back("198.51." + std::to_string(i % 250) + ".0/24");
  }
  body["spec"]["ports"] = ports;
  body["spec"]["externalIPs"] = ips;
  body["spec"]["loadBalancerSourceRanges"] = ranges;
  body["spec"]["clusterIP"] = "10.96.0.10";
  body["spec"]["clusterIPs"] = json::array({"10.96.0.10"});
  body["spec"]["ipFamilies"] = json::array({"IPv4"});
  body["spec"]["ipFamilyPolicy"] = "SingleStack";
  body["spec"]["externalTrafficPolicy"] = "Cluster";
  body["spec"]["sessionAffinity"] = "None";
  body["spec"]["internalTrafficPolicy"] = "Cluster";
  body["spec"]["allocateLoadBalancerNodePorts"] = true;  // defaulted, as on the create path
  auto decoded = api::DecodeService(body);
  if (!decoded.ok()) std::abort();
  const auto profile = NewestProfile();
  // A valid Service, as bench/go validates: the time is the checks', not
  // that of building error messages.
  if (auto errs = validation::ValidateCreate(decoded->service, profile); !errs.empty())
    Broken("the large Service does not validate: " + errs[0].field + ": " + errs[0].detail);
  for (auto _ : state)
    benchmark::DoNotOptimize(validation::ValidateCreate(decoded->service, profile));
}
BENCHMARK(BM_ValidateLargeService)->Arg(100);

// --- allocators ------------------------------------------------------------

// Allocating every address of a range, then releasing them (not timed);
// reported per address.
void AllocateUntilFull(benchmark::State& state, const char* cidr_text, int64_t count) {
  auto cidr = net::ParseCIDRSloppy(cidr_text);
  if (!cidr.ok()) std::abort();
  for (auto _ : state) {
    state.PauseTiming();
    auto a = std::make_unique<alloc::ClusterIPAllocator>(*cidr, alloc::IPAllocatorMode::kMeta);
    state.ResumeTiming();
    for (int64_t i = 0; i < count; ++i) {
      auto r = a->AllocateNext();
      if (!r.ok()) Broken(r.message);
    }
    state.PauseTiming();
    a.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * count);
}

void BM_AllocateUntilFull_IPv4_24(benchmark::State& state) {
  AllocateUntilFull(state, "10.96.0.0/24", 254);
}
BENCHMARK(BM_AllocateUntilFull_IPv4_24);
void BM_AllocateUntilFull_IPv4_16(benchmark::State& state) {
  AllocateUntilFull(state, "10.96.0.0/16", 65534);
}
BENCHMARK(BM_AllocateUntilFull_IPv4_16)->Unit(benchmark::kMillisecond);

// An IPv6 /64 cannot be filled: 2^16 addresses of it, per address, and the
// heap it takes per allocated address (mallinfo2 before and after).
void BM_Allocate_IPv6_64(benchmark::State& state) {
  auto cidr = net::ParseCIDRSloppy("fd00:10:96::/64");
  if (!cidr.ok()) std::abort();
  const int64_t count = state.range(0);
  double bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const size_t before = mallinfo2().uordblks;
    auto a = std::make_unique<alloc::ClusterIPAllocator>(*cidr, alloc::IPAllocatorMode::kMeta);
    state.ResumeTiming();
    for (int64_t i = 0; i < count; ++i) benchmark::DoNotOptimize(a->AllocateNext());
    state.PauseTiming();
    bytes = static_cast<double>(mallinfo2().uordblks - before) / static_cast<double>(count);
    a.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * count);
  state.counters["bytes_per_address"] = bytes;
}
BENCHMARK(BM_Allocate_IPv6_64)->Arg(1 << 12)->Arg(1 << 16)->Unit(benchmark::kMillisecond);

// --- golden cases ----------------------------------------------------------

void BM_GoldenCaseParse(benchmark::State& state) {
  for (auto _ : state) {
    auto c = golden::ParseCase(golden::samples::kFullCase, "bench.yaml");
    if (!c.ok()) Broken(c.status().message());
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_GoldenCaseParse);

}  // namespace
}  // namespace kdual::bench

BENCHMARK_MAIN();
