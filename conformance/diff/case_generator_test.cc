#include "conformance/diff/case_generator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "conformance/golden/case_reader.h"
#include "conformance/golden/case_writer.h"
#include "conformance/golden/json_schema.h"
#include "conformance/golden/placeholder.h"
#include "conformance/golden/yaml_reader.h"
#include "engine/registry/cluster.h"
#include "engine/version/profile.h"

namespace kdual::diff {
namespace {

version::Release V(int minor) {
  version::Release r;
  r.minor = minor;
  r.patch = 2;
  return r;
}

std::vector<std::string> Written(const Generation& gen) {
  std::vector<std::string> out;
  for (const auto& c : gen.cases) out.push_back(golden::WriteCase(c.golden_case));
  return out;
}

GeneratorOptions Options(uint64_t seed, size_t cases, int minor = 37) {
  GeneratorOptions o;
  o.seed = seed;
  o.cases = cases;
  o.release = V(minor);
  return o;
}

TEST(CaseGeneratorTest, SameSeedGivesTheSameCases) {
  EXPECT_EQ(Written(GenerateCases(Options(7, 300))), Written(GenerateCases(Options(7, 300))));
}

TEST(CaseGeneratorTest, OtherSeedsGiveOtherCases) {
  EXPECT_NE(Written(GenerateCases(Options(7, 50))), Written(GenerateCases(Options(8, 50))));
}

TEST(CaseGeneratorTest, EveryCaseReadsBackAndPassesTheSchema) {
  for (uint64_t seed : {1, 2, 3}) {
    Generation gen = GenerateCases(Options(seed, 400, seed == 2 ? 29 : 37));
    for (const auto& c : gen.cases) {
      std::string text = golden::WriteCase(c.golden_case);
      auto doc = golden::ParseYaml(text, c.golden_case.name);
      ASSERT_TRUE(doc.ok()) << doc.status().message() << "\n" << text;
      auto problems = golden::GoldenCaseSchema().Validate(doc->value);
      EXPECT_TRUE(problems.empty()) << text << "\n"
                                    << (problems.empty() ? "" : problems[0].message);
      auto parsed = golden::CaseFromDocument(*doc, c.golden_case.name + ".yaml");
      ASSERT_TRUE(parsed.ok()) << parsed.status().message() << "\n" << text;
      EXPECT_TRUE(parsed->AwaitingCapture());
      EXPECT_EQ(golden::WriteCase(*parsed), text);
    }
  }
}

// The generator draws the requests a client can send, not only the ones the
// engine models: each kind of write beyond spec changes shows up.
TEST(CaseGeneratorTest, RequestsCoverTheApiSurfaceBeyondTheSpec) {
  std::map<std::string, int> seen;
  for (const auto& g : GenerateCases(Options(5, 2500)).cases) {
    for (const auto& s : g.golden_case.steps) {
      if (s.op == golden::StepOp::kDelete && !s.delete_options.is_null()) ++seen["deleteOptions"];
      if (s.op == golden::StepOp::kPatch && s.patch_type == registry::PatchType::kJson)
        ++seen["json patch"];
      if (s.patch.is_object() && s.patch.contains("metadata")) {
        ++seen["metadata edit"];
        for (auto it = s.patch["metadata"].begin(); it != s.patch["metadata"].end(); ++it) {
          if (it.key().rfind("$", 0) == 0) ++seen["strategic directive"];
        }
      }
      if (s.patch.is_object() && s.patch.contains("spec") && s.patch["spec"].is_object() &&
          s.patch["spec"].contains("$retainKeys"))
        ++seen["strategic directive"];
      if (s.field_validation != registry::FieldValidation::kUnset) ++seen["fieldValidation"];
      if (s.op == golden::StepOp::kCreate && !golden::GenerateNameOf(s.object).empty())
        ++seen["generateName"];
      if (s.op == golden::StepOp::kList && s.label_selector) ++seen["label selector"];
      if (s.subresource == "status") ++seen["status"];
      if (s.op == golden::StepOp::kApply) ++seen["apply"];
      if (s.op == golden::StepOp::kApply && s.force.value_or(false)) ++seen["forced apply"];
      if (!s.delete_options.is_null() && s.delete_options.contains("preconditions")) {
        ++seen["preconditions"];
      }
    }
  }
  for (const char* kind :
       {"deleteOptions", "json patch", "metadata edit", "strategic directive", "fieldValidation",
        "preconditions", "status", "generateName", "label selector", "apply", "forced apply"}) {
    EXPECT_GE(seen[kind], 10) << kind << " (seen: " << seen[kind] << ")";
  }
}

// Those draws come from a chooser of their own: a seed still gives the
// flag sets, Services and Node cases it gave before, so the Node cases
// captured for one release can be generated again for the next one.
TEST(CaseGeneratorTest, TheWiderSurfaceLeavesEarlierDrawsAlone) {
  auto path = std::string(KDUAL_SOURCE_DIR) + "/scenarios/nodegen/gen-21-1013-v1.29.yaml";
  auto kept = golden::ReadCaseFile(path);
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  Generation gen = GenerateCases(Options(21, 2500, 29));
  auto it = std::find_if(gen.cases.begin(), gen.cases.end(), [](const GeneratedCase& c) {
    return c.golden_case.name == "gen-21-1013";
  });
  ASSERT_NE(it, gen.cases.end());
  golden::GoldenCase drawn = it->golden_case;
  drawn.name = kept->name;
  drawn.source = kept->source;
  drawn.kubernetes = kept->kubernetes;
  drawn.ref = kept->ref;
  EXPECT_EQ(golden::WriteCase(drawn), golden::WriteCase(*kept));
}

TEST(CaseGeneratorTest, AMenuOfAtMostEightFlagSetsWithEveryFamilyLayout) {
  Generation gen = GenerateCases(Options(11, 500));
  ASSERT_LE(gen.flag_sets.size(), 8u);
  std::set<std::string> layouts;
  int rejected = 0;
  for (const auto& set : gen.flag_sets) {
    if (set.rejected) {
      ++rejected;
      continue;
    }
    std::string layout;
    for (const auto& r : set.ranges) layout += r.family() == net::Family::kIPv4 ? "4" : "6";
    layouts.insert(layout);
  }
  EXPECT_EQ(layouts, (std::set<std::string>{"4", "6", "46", "64"}));
  EXPECT_EQ(rejected, 2);
}

// The valid flag sets of a menu are those the engine starts with on the
// release: 1.29 and 1.33 refuse ranges of more than 20 host bits, 1.37
// takes IPv6 ranges up to /64 and IPv4 /8.
TEST(CaseGeneratorTest, TheMenuOffersOnlyFlagSetsTheReleaseStartsWith) {
  for (int minor : {29, 33, 37}) {
    auto profile = version::ProfileFor(V(minor));
    ASSERT_TRUE(profile.ok());
    int most_host_bits = 0;
    for (uint64_t seed = 1; seed <= 40; ++seed) {
      Generation gen = GenerateCases(Options(seed, 1, minor));
      int valid = 0;
      for (const auto& set : gen.flag_sets) {
        if (set.rejected) continue;
        ++valid;
        auto started = registry::Cluster::Start(set.flags, *profile);
        EXPECT_TRUE(started.ok()) << "1." << minor << " " << set.label << ": "
                                  << started.status().message();
        for (const auto& r : set.ranges) most_host_bits = std::max(most_host_bits, r.host_bits());
      }
      EXPECT_EQ(valid, 6) << "1." << minor << " seed " << seed;
    }
    if (minor < 37) {
      EXPECT_EQ(most_host_bits, 20) << "1." << minor;
    } else {
      EXPECT_GT(most_host_bits, 20) << "1." << minor;
    }
  }
}

TEST(CaseGeneratorTest, CasesComeInBatchesByFlagSetSharedOnesFirst) {
  Generation gen = GenerateCases(Options(5, 600));
  for (size_t i = 1; i < gen.cases.size(); ++i) {
    const auto& a = gen.cases[i - 1];
    const auto& b = gen.cases[i];
    ASSERT_LE(a.flag_set, b.flag_set);
    if (a.flag_set == b.flag_set) {
      EXPECT_LE(a.exclusive, b.exclusive) << b.golden_case.name;
    }
    // A Node case adds kube-controller-manager's flags to its flag set's.
    auto apiserver = b.golden_case.cluster.components;
    apiserver.erase("kube-controller-manager");
    EXPECT_EQ(apiserver, gen.flag_sets[b.flag_set].flags.components);
  }
}

TEST(CaseGeneratorTest, NodeCasesRunAloneAndNeverWaitWithoutEnd) {
  Generation gen = GenerateCases(Options(11, 2000));
  int node_cases = 0, waits = 0, events = 0;
  for (const auto& c : gen.cases) {
    if (!c.golden_case.cluster.components.count("kube-controller-manager")) continue;
    ++node_cases;
    EXPECT_TRUE(c.exclusive);
    EXPECT_TRUE(c.golden_case.RequiresFreshCluster());
    for (const auto& s : c.golden_case.steps) {
      if (s.op != golden::StepOp::kWait) continue;
      ++waits;
      EXPECT_EQ(s.TargetKind(), "Node");
      if (s.wait_for != "podCIDRs") {
        EXPECT_EQ(s.wait_for, "event/CIDRNotAvailable");
        ++events;
      }
    }
  }
  EXPECT_GT(node_cases, 40);  // about one in 25
  EXPECT_LT(node_cases, 140);
  EXPECT_GT(waits, node_cases);
  EXPECT_GT(events, 0);
  // Without Node cases (a run fixed before they existed) none is drawn.
  GeneratorOptions no_nodes = Options(11, 500);
  no_nodes.nodes = false;
  for (const auto& c : GenerateCases(no_nodes).cases) {
    EXPECT_FALSE(c.golden_case.cluster.components.count("kube-controller-manager"));
  }
}

TEST(CaseGeneratorTest, FreshClusterAndStartCasesAreRareAndRunAlone) {
  Generation gen = GenerateCases(Options(3, 3000));
  int fresh = 0, start = 0, restart = 0;
  std::set<golden::StepOp> ops;
  for (const auto& c : gen.cases) {
    if (c.golden_case.RequiresFreshCluster()) {
      ++fresh;
      EXPECT_TRUE(c.exclusive);
    }
    for (const auto& s : c.golden_case.steps) {
      ops.insert(s.op);
      if (s.op == golden::StepOp::kStart) {
        ++start;
        EXPECT_TRUE(c.exclusive);
        EXPECT_TRUE(gen.flag_sets[c.flag_set].rejected);
      }
      if (s.op == golden::StepOp::kRestart) {
        ++restart;
        EXPECT_TRUE(c.exclusive);
      }
    }
  }
  EXPECT_GT(fresh, 10);
  EXPECT_LT(fresh, 60 + 3000 / 25 + 40);  // about one in a hundred, and the Node cases (one in 25)
  EXPECT_EQ(start, 2);                    // each refused flag set once
  EXPECT_GT(restart, 10);
  for (auto op : {golden::StepOp::kCreate, golden::StepOp::kUpdate, golden::StepOp::kPatch,
                  golden::StepOp::kDelete, golden::StepOp::kGet, golden::StepOp::kRestart,
                  golden::StepOp::kStart}) {
    EXPECT_TRUE(ops.count(op)) << golden::StepOpName(op);
  }
}

// Concurrent cases of one flag set must not ask for the same static
// address: their in-band literals come from slots of their own, which wrap
// around the band only after many more cases than run at once.
TEST(CaseGeneratorTest, NearbySharedCasesOfAFlagSetAskForDifferentStaticAddresses) {
  Generation gen = GenerateCases(Options(9, 400));
  std::map<size_t, std::vector<std::pair<std::string, std::set<std::string>>>> by_set;
  for (const auto& c : gen.cases) {
    if (c.exclusive) continue;
    const FlagSet& set = gen.flag_sets[c.flag_set];
    std::set<std::string> mine;
    for (const auto& s : c.golden_case.steps) {
      for (const auto* doc : {&s.object, &s.patch}) {
        if (!doc->is_object() || !doc->contains("spec") || !(*doc)["spec"].is_object()) continue;
        const auto& spec = (*doc)["spec"];
        std::vector<nlohmann::json> ips;
        if (spec.contains("clusterIPs") && spec["clusterIPs"].is_array()) {
          for (const auto& ip : spec["clusterIPs"]) ips.push_back(ip);
        }
        if (spec.contains("clusterIP")) ips.push_back(spec["clusterIP"]);
        for (const auto& ip : ips) {
          if (!ip.is_string()) continue;
          std::string text = ip.get<std::string>();
          auto parsed =
              net::ParseCIDRSloppy(text + (text.find(':') == std::string::npos ? "/32" : "/128"));
          if (!parsed.ok()) continue;
          for (const auto& r : set.ranges) {
            // The network address (offset 0) is never allocated; the first
            // address (offset 1) is the kubernetes Service's.
            net::Uint128 offset = parsed->network().ToUint128() - r.network().ToUint128();
            if (r.Contains(parsed->network()) && offset >= 2 && offset < 256) {
              mine.insert(parsed->network().ToString());
            }
          }
        }
      }
    }
    by_set[c.flag_set].push_back({c.golden_case.name, mine});
  }
  size_t compared = 0;
  for (const auto& [set, cases] : by_set) {
    for (size_t i = 0; i < cases.size(); ++i) {
      for (size_t j = i + 1; j < cases.size() && j < i + 8; ++j) {
        for (const auto& ip : cases[i].second) {
          EXPECT_EQ(cases[j].second.count(ip), 0u)
              << ip << " asked for by " << cases[i].first << " and " << cases[j].first;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 20u);
}

TEST(CaseGeneratorTest, AClusterThatIsRunningGetsOnlyItsOwnFlags) {
  flags::ComponentFlags f;
  f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.96.0.0/16,fd00:10:96::/112";
  auto set = FlagSetOf(f, V(33));
  ASSERT_TRUE(set.ok()) << set.status().message();
  GeneratorOptions o = Options(4, 300, 33);
  o.fixed_flag_set = *set;
  Generation gen = GenerateCases(o);
  ASSERT_EQ(gen.flag_sets.size(), 1u);
  for (const auto& c : gen.cases) {
    EXPECT_EQ(c.golden_case.cluster.components, f.components);
    EXPECT_FALSE(c.golden_case.RequiresFreshCluster());
    for (const auto& s : c.golden_case.steps) {
      EXPECT_NE(s.op, golden::StepOp::kRestart);
      EXPECT_NE(s.op, golden::StepOp::kStart);
    }
  }
}

TEST(CaseGeneratorTest, FlagSetOfRefusesWhatDoesNotParse) {
  flags::ComponentFlags f;
  EXPECT_FALSE(FlagSetOf(f, V(37)).ok());
  f.components[flags::kApiserver]["service-cluster-ip-range"] = "10.96.0.0/16,bogus";
  auto set = FlagSetOf(f, V(37));
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("\"bogus\""), std::string::npos) << set.status().message();
}

}  // namespace
}  // namespace kdual::diff
