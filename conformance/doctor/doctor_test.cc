// kdual doctor's reading of ps output and configuration files, its checks
// and its plan. The component refusals themselves are the engine's models
// (engine/flags/), checked against the real binaries by golden cases.
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/doctor/cluster_config_files.h"
#include "conformance/doctor/diagnosis.h"
#include "conformance/doctor/doctor_report.h"
#include "conformance/doctor/dual_stack_plan.h"
#include "conformance/doctor/process_listing.h"

namespace kdual::doctor {
namespace {

using ::testing::HasSubstr;

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(KDUAL_SOURCE_DIR) + "/conformance/doctor/testdata/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const CrossCheck& CheckById(const Diagnosis& d, const std::string& id) {
  for (const auto& c : d.checks) {
    if (c.id == id) return c;
  }
  static CrossCheck none;
  ADD_FAILURE() << "no check " << id;
  return none;
}

const ComponentReport& Report(const Diagnosis& d, const std::string& component) {
  for (const auto& r : d.components) {
    if (r.instance->component == component) return r;
  }
  static ComponentReport none;
  ADD_FAILURE() << "no " << component;
  return none;
}

std::vector<std::string> PlanLines(const DualStackPlan& plan) {
  std::vector<std::string> out;
  for (const auto& s : plan.steps) {
    for (const auto& c : s.changes) {
      out.push_back(s.component + " " + (c.in_config_file ? c.config_field : "--" + c.flag) + "=" +
                    c.to);
    }
  }
  return out;
}

struct Run {
  ClusterInputs inputs;
  Diagnosis diagnosis;
  DualStackPlan plan;
};

// Diagnosis keeps pointers into the inputs: they live together.
std::unique_ptr<Run> FromPs(const std::string& text,
                            std::optional<version::Release> release = std::nullopt) {
  auto run = std::make_unique<Run>();
  auto parsed = ParseProcessListing(text, "ps.txt");
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  if (parsed.ok()) run->inputs = *parsed;
  run->diagnosis = Diagnose(run->inputs, release);
  run->plan = PlanDualStack(run->inputs, run->diagnosis, release);
  return run;
}

// The blog post's minikube v1.31 node: IPv4 everywhere, kube-proxy from
// its config file.
TEST(Doctor, MinikubeNodeIsSingleStackIPv4WithAPlanForEachComponent) {
  auto run = FromPs(ReadTestdata("minikube-v1.31-ps-ef.txt"));
  const Diagnosis& d = run->diagnosis;
  EXPECT_EQ(d.verdict, "consistently single-stack IPv4");
  EXPECT_FALSE(d.HasProblems());
  ASSERT_EQ(d.components.size(), 4u);  // etcd, kube-scheduler and the grep skipped
  const ComponentReport& proxy = Report(d, "kube-proxy");
  EXPECT_FALSE(proxy.known);
  ASSERT_FALSE(proxy.notes.empty());
  EXPECT_THAT(proxy.notes[0], HasSubstr("in its config file /var/lib/kube-proxy/config.conf"));
  EXPECT_EQ(CheckById(d, "cluster-cidrs-match").result, CheckResult::kUnknown);
  EXPECT_EQ(Report(d, "kubelet").instance->release->ToString(), "v1.27.3");
  EXPECT_EQ(Report(d, "kube-apiserver").assumed_release, "v1.27.3, the kubelet's");

  EXPECT_EQ(run->plan.goal, "make the cluster dual-stack, IPv4 primary");
  EXPECT_TRUE(run->plan.checked) << run->plan.checked_verdict;
  EXPECT_EQ(PlanLines(run->plan),
            (std::vector<std::string>{
                "kube-apiserver --service-cluster-ip-range=10.96.0.0/12,fd00:10:96::/112",
                "kube-controller-manager --service-cluster-ip-range=10.96.0.0/12,fd00:10:96::/112",
                "kube-controller-manager --cluster-cidr=10.244.0.0/16,fd00:10:244::/56",
                "kube-proxy clusterCIDR=10.244.0.0/16,fd00:10:244::/56",
                "kubelet --node-ip=192.168.49.2,<this node's IPv6 address>",
            }));
  std::string text = ReportText(d, run->plan);
  EXPECT_THAT(text, HasSubstr("Verdict: consistently single-stack IPv4"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "in /var/lib/kube-proxy/config.conf: clusterCIDR: \"10.244.0.0/16,fd00:10:244::/56\""));
}

TEST(ProcessListing, DuplicatePidsHeadersAndGrepAreCountedOnce) {
  std::string line =
      "root 10 1 0 09:00 ? 00:00:01 kube-apiserver --service-cluster-ip-range=10.96.0.0/16\n";
  auto in = ParseProcessListing("UID PID PPID C STIME TTY TIME CMD\n" + line + line +
                                    "root 99 1 0 09:00 pts/0 00:00:00 grep --color=auto kube\n",
                                "ps.txt");
  ASSERT_TRUE(in.ok()) << in.status().message();
  ASSERT_EQ(in->components.size(), 1u);
  EXPECT_EQ(in->components[0].origin, "ps.txt line 2 (PID 10)");
  ASSERT_FALSE(in->notes.empty());
  EXPECT_THAT(in->notes[0], HasSubstr("PID 10 was listed before"));
}

TEST(ProcessListing, PsAuxAndBareCommandLinesAndHyperkube) {
  auto in = ParseProcessListing(
      "root  2140  0.1  0.5 1000 2000 ?  Ssl 09:12 0:01 /usr/local/bin/kube-proxy --cluster-cidr 10.244.0.0/16\n"
      "kubelet --node-ip=10.0.0.5\n"
      "root 7 1 0 09:00 ? 00:00:01 /opt/v1.33.2/hyperkube kube-controller-manager --cluster-cidr=10.244.0.0/16\n",
      "paste");
  ASSERT_TRUE(in.ok()) << in.status().message();
  ASSERT_EQ(in->components.size(), 3u);
  EXPECT_EQ(in->components[0].flags.at("cluster-cidr"), "10.244.0.0/16");
  EXPECT_EQ(in->components[1].flags.at("node-ip"), "10.0.0.5");
  EXPECT_EQ(in->components[2].component, "kube-controller-manager");
  EXPECT_EQ(in->components[2].release->ToString(), "v1.33.2");
}

TEST(ProcessListing, ATruncatedLineIsNamedAndItsCutFlagDropped) {
  auto in = ParseProcessListing(
      "root 10 1 0 09:00 ? 00:00:01 kube-apiserver --secure-port=6443 --service-cluster-ip-ra\n",
      "ps.txt");
  ASSERT_TRUE(in.ok());
  ASSERT_EQ(in->components.size(), 1u);
  EXPECT_TRUE(in->components[0].truncated);
  EXPECT_THAT(in->components[0].truncation, HasSubstr("--service-cluster-ip-ra"));
  EXPECT_EQ(in->components[0].flags.count("service-cluster-ip-ra"), 0u);
  Diagnosis d = Diagnose(*in, std::nullopt);
  EXPECT_FALSE(Report(d, "kube-apiserver").known);  // not the 10.0.0.0/24 default
  EXPECT_TRUE(d.HasProblems());
}

// A release in a binary's path is read with bounds (fuzz_doctor found
// std::stoi overflowing on v4000000001.2.3/kubelet).
TEST(ProcessListing, ReleaseFromPathIsBounded) {
  EXPECT_EQ(ReleaseFromPath("/opt/k8s/v1.27.3/kubelet")->ToString(), "v1.27.3");
  EXPECT_FALSE(ReleaseFromPath("v4000000001.2.3/kubelet").has_value());
  EXPECT_FALSE(ReleaseFromPath("/x/v1.99999999999.0/kubelet").has_value());
  auto parsed = ParseProcessListing("v4000000001.2.3/kubelet", "ps.txt");
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
}

TEST(ProcessListing, BadInputIsRefusedWithItsName) {
  auto none = ParseProcessListing("hello\nworld\n", "notes.txt");
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.status().message(), HasSubstr("notes.txt: no kube-apiserver"));
  auto nul = ParseProcessListing(std::string("kube-apiserver\0x\n", 17), "bin");
  ASSERT_FALSE(nul.ok());
  EXPECT_THAT(nul.status().message(), HasSubstr("bin:1: not text"));
}

TEST(Doctor, FamiliesInAnotherOrderFailAndThePlanReordersThem) {
  auto run = FromPs(
      "kube-apiserver --service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112\n"
      "kube-controller-manager --allocate-node-cidrs=true --cluster-cidr=fd00:10:244::/56,10.244.0.0/16 "
      "--service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112\n"
      "kube-proxy --cluster-cidr=fd00:10:244::/56,10.244.0.0/16\n",
      version::Release{1, 33, 13});
  EXPECT_EQ(run->diagnosis.verdict, "inconsistent");
  EXPECT_EQ(CheckById(run->diagnosis, "families-agree").result, CheckResult::kFail);
  EXPECT_TRUE(run->plan.checked) << run->plan.checked_verdict;
  EXPECT_EQ(PlanLines(run->plan),
            (std::vector<std::string>{
                "kube-controller-manager --cluster-cidr=10.244.0.0/16,fd00:10:244::/56",
                "kube-proxy --cluster-cidr=10.244.0.0/16,fd00:10:244::/56",
            }));
}

TEST(Doctor, ARefusalIsTheComponentsOwnMessageAndThePlanFixesTheMask) {
  auto run = FromPs(
      "kube-apiserver --service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112\n"
      "kube-controller-manager --allocate-node-cidrs=true --cluster-cidr=10.244.0.0/16,fd00:10:244::/56 "
      "--node-cidr-mask-size=24 --service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112\n",
      version::Release{1, 37, 2});
  EXPECT_EQ(run->diagnosis.verdict, "a component refuses its flags");
  EXPECT_EQ(Report(run->diagnosis, "kube-controller-manager").refusal,
            "usage of --node-cidr-mask-size is not allowed with dual-stack clusters");
  EXPECT_TRUE(run->plan.checked) << run->plan.checked_verdict;
  EXPECT_EQ(PlanLines(run->plan), (std::vector<std::string>{
                                      "kube-controller-manager --node-cidr-mask-size=",
                                      "kube-controller-manager --node-cidr-mask-size-ipv4=24",
                                  }));
}

TEST(Doctor, MismatchedRangesAndOverlapsAreFound) {
  auto run = FromPs(
      "kube-apiserver --service-cluster-ip-range=10.96.0.0/12\n"
      "kube-controller-manager --allocate-node-cidrs=true --cluster-cidr=10.100.0.0/16 "
      "--service-cluster-ip-range=10.97.0.0/16\n"
      "kube-proxy --cluster-cidr=10.101.0.0/16\n"
      "kubelet --node-ip=10.100.3.4\n",
      version::Release{1, 29, 15});
  const Diagnosis& d = run->diagnosis;
  EXPECT_EQ(CheckById(d, "service-ranges-match").result, CheckResult::kFail);
  EXPECT_EQ(CheckById(d, "cluster-cidrs-match").result, CheckResult::kFail);
  const CrossCheck& apart = CheckById(d, "ranges-apart");
  EXPECT_EQ(apart.result, CheckResult::kFail);
  EXPECT_THAT(apart.detail,
              HasSubstr("service range 10.96.0.0/12 overlaps pod range 10.100.0.0/16"));
  EXPECT_THAT(apart.detail, HasSubstr("node IP 10.100.3.4 lies in the pod range 10.100.0.0/16"));
}

// A range that holds every address of a family holds every node's address
// too, whatever the kubelets say; and a plan's stand-in node address keeps
// out of wide planned ranges (found by fuzz_doctor: a kube-proxy
// --cluster-cidr=10.244.0.1/0 passed, and its plan failed on 192.0.2.10).
TEST(Doctor, RangesHoldingEveryAddressFailAndStandInsKeepOut) {
  auto whole = FromPs("kube-proxy --cluster-cidr=10.244.0.1/0\n", version::Release{1, 37, 2});
  const CrossCheck& apart = CheckById(whole->diagnosis, "ranges-apart");
  EXPECT_EQ(apart.result, CheckResult::kFail);
  EXPECT_THAT(apart.detail, HasSubstr("pod range 0.0.0.0/0 holds every IPv4 address"));
  // Two halves: the apiserver refuses a /1 (utils/net RangeSize counts it
  // as 0 addresses, captured on v1.29.15), so no service range joins the
  // pod range's half.
  auto halves = FromPs(
      "kube-apiserver --service-cluster-ip-range=128.0.0.0/1\n"
      "kube-proxy --cluster-cidr=0.0.0.0/1\n",
      version::Release{1, 37, 2});
  EXPECT_EQ(halves->diagnosis.verdict, "a component refuses its flags");
  EXPECT_EQ(CheckById(halves->diagnosis, "ranges-apart").result, CheckResult::kPass);
  // 192.0.0.0/2 holds the documentation address 192.0.2.10: the plan checks
  // out with another stand-in.
  auto wide = FromPs(
      "kube-apiserver --service-cluster-ip-range=10.96.0.0/12\n"
      "kube-proxy --cluster-cidr=192.0.0.0/2\n"
      "kubelet\n",
      version::Release{1, 37, 2});
  EXPECT_EQ(wide->diagnosis.verdict, "consistently single-stack IPv4");
  EXPECT_TRUE(wide->plan.checked) << wide->plan.checked_verdict;
}

TEST(Doctor, ADualStackClusterWithSingleStackKubeletsWarns) {
  auto run = FromPs(
      "kube-apiserver --service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112\n"
      "kubelet --node-ip=192.168.1.10\n",
      version::Release{1, 33, 13});
  EXPECT_EQ(CheckById(run->diagnosis, "node-ips").result, CheckResult::kWarn);
  EXPECT_EQ(
      PlanLines(run->plan),
      (std::vector<std::string>{"kubelet --node-ip=192.168.1.10,<this node's IPv6 address>"}));
}

TEST(Doctor, NothingToDoOnAConsistentDualStackCluster) {
  auto run = FromPs(
      "kube-apiserver --service-cluster-ip-range=fd00:10:96::/112,10.96.0.0/16\n"
      "kube-controller-manager --allocate-node-cidrs=true --cluster-cidr=fd00:10:244::/56,10.244.0.0/16 "
      "--service-cluster-ip-range=fd00:10:96::/112,10.96.0.0/16\n"
      "kube-proxy --cluster-cidr=fd00:10:244::/56,10.244.0.0/16\n"
      "kubelet --node-ip=fd00::5,10.0.0.5\n",
      version::Release{1, 37, 2});
  EXPECT_EQ(run->diagnosis.verdict, "consistently dual-stack, IPv6 primary");
  EXPECT_FALSE(run->diagnosis.HasProblems());
  EXPECT_TRUE(run->plan.goal.empty());
  EXPECT_TRUE(run->plan.steps.empty());
}

// Every single-stack configuration's plan leads to a consistent dual-stack
// cluster with the same primary family.
TEST(Doctor, EveryPlanFromSingleStackChecksOut) {
  const std::vector<std::pair<std::string, std::string>> ranges = {
      {"10.96.0.0/12", "10.244.0.0/16"},
      {"fd00:10:96::/112", "fd00:10:244::/56"},
      {"10.96.0.0/16", "10.96.128.0/17"},  // overlapping: the plan keeps them, the check says so
      {"2001:db8:1::/108", "2001:db8:2::/48"},
      {"172.16.0.0/16", "10.0.0.0/8"}};
  for (const auto& [svc, pods] : ranges) {
    const bool v6 = pods.find(':') != std::string::npos;
    for (std::string mask : {std::string(), std::string(v6 ? " --node-cidr-mask-size=64"
                                                           : " --node-cidr-mask-size=26")}) {
      std::string ps = "kube-apiserver --service-cluster-ip-range=" + svc + "\n" +
                       "kube-controller-manager --allocate-node-cidrs=true --cluster-cidr=" + pods +
                       " --service-cluster-ip-range=" + svc + mask + "\n" +
                       "kube-proxy --cluster-cidr=" + pods + "\n" + "kubelet\n";
      auto run = FromPs(ps, version::Release{1, 33, 13});
      bool overlap = svc == "10.96.0.0/16";
      EXPECT_EQ(run->plan.checked, !overlap) << ps << run->plan.checked_verdict;
    }
  }
}

// A range the plan picks keeps out of every known node IP: a kubelet whose
// node IP lies in the first default pod range gets the next one (fuzz_doctor
// found the plan putting 10.244.0.0/16 around a node at 10.244.0.0).
TEST(Doctor, ThePlansDefaultRangesKeepOutOfNodeIps) {
  auto run = FromPs("kubelet --node-ip=10.244.0.0\nkube-proxy\n", version::Release{1, 37, 2});
  EXPECT_EQ(run->diagnosis.verdict, "consistently single-stack IPv4");
  EXPECT_TRUE(run->plan.checked) << run->plan.checked_verdict;
  EXPECT_EQ(PlanLines(run->plan), (std::vector<std::string>{
                                      "kube-proxy --cluster-cidr=10.245.0.0/16,fd00:10:244::/56",
                                      "kubelet --node-ip=10.244.0.0,<this node's IPv6 address>",
                                  }));
  auto v6 = FromPs("kubelet --node-ip=fd00:10:96::5\nkube-apiserver\n", version::Release{1, 37, 2});
  EXPECT_TRUE(v6->plan.checked) << v6->plan.checked_verdict;
}

// An unspecified --node-ip (:: or 0.0.0.0, autodetect) cannot be half of a
// dual-stack pair: the plan asks for the node's own address of that family
// (fuzz_doctor found "::,<this node's IPv4 address>", which the kubelet
// refuses).
TEST(Doctor, AnUnspecifiedNodeIpIsReplacedInThePlan) {
  auto run = FromPs("kubelet --node-ip=::\n", version::Release{1, 37, 2});
  EXPECT_EQ(run->diagnosis.verdict, "consistently single-stack IPv6");
  EXPECT_TRUE(run->plan.checked) << run->plan.checked_verdict;
  EXPECT_EQ(PlanLines(run->plan),
            (std::vector<std::string>{
                "kubelet --node-ip=<this node's IPv6 address>,<this node's IPv4 address>"}));
}

// Two kube-apiservers (an HA control plane) with different service ranges
// are not a consistent cluster, whatever the first one says (fuzz_doctor
// found "consistently single-stack IPv6" for ::/2 beside the IPv4 default).
TEST(Doctor, InstancesOfAComponentMustAgree) {
  auto run = FromPs(
      "kube-apiserver -service-cluster-ip-range=::/2\n"
      "kube-apiserver -advertise-address=9.8.9.2\n",
      version::Release{1, 37, 2});
  EXPECT_EQ(run->diagnosis.verdict, "inconsistent");
  EXPECT_EQ(CheckById(run->diagnosis, "instances-agree").result, CheckResult::kFail);
  EXPECT_THAT(CheckById(run->diagnosis, "instances-agree").detail,
              HasSubstr("service range ::/2; ps.txt line 2: service range 10.0.0.0/24"));
  auto same = FromPs(
      "kube-apiserver --service-cluster-ip-range=10.96.0.0/12\n"
      "kube-apiserver --service-cluster-ip-range=10.96.0.0/12\n",
      version::Release{1, 37, 2});
  EXPECT_EQ(same->diagnosis.verdict, "consistently single-stack IPv4");
  EXPECT_EQ(CheckById(same->diagnosis, "instances-agree").result, CheckResult::kPass);
  EXPECT_TRUE(same->plan.checked) << same->plan.checked_verdict;
}

TEST(ConfigFiles, KubeadmConfigurationGivesTheFlagsKubeadmPasses) {
  auto docs = golden::ParseYamlStream(R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: v1.33.13
networking:
  podSubnet: 10.244.0.0/16,fd00:10:244::/56
  serviceSubnet: 10.96.0.0/16,fd00:10:96::/112
controllerManager:
  extraArgs:
  - name: node-cidr-mask-size-ipv6
    value: "72"
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
nodeRegistration:
  kubeletExtraArgs:
  - name: node-ip
    value: 10.0.0.5,fd00::5
)",
                                      "kubeadm.yaml");
  ASSERT_TRUE(docs.ok()) << docs.status().message();
  auto in = InputsFromConfigFile(*docs, "kubeadm.yaml");
  ASSERT_TRUE(in.ok()) << in.status().message();
  Diagnosis d = Diagnose(*in, std::nullopt);
  EXPECT_EQ(d.verdict, "consistently dual-stack, IPv4 primary");
  EXPECT_FALSE(d.HasProblems());
  EXPECT_EQ(Report(d, "kube-controller-manager").node_mask_sizes, (std::vector<int>{24, 72}));
  EXPECT_EQ(Report(d, "kube-proxy").state["clusterCIDR"].size(), 2u);
}

TEST(ConfigFiles, KindClusterDefaultsAndValidation) {
  auto docs = golden::ParseYamlStream(
      "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  ipFamily: dual\n",
      "kind.yaml");
  ASSERT_TRUE(docs.ok());
  auto in = InputsFromConfigFile(*docs, "kind.yaml");
  ASSERT_TRUE(in.ok()) << in.status().message();
  Diagnosis d = Diagnose(*in, version::Release{1, 37, 2});
  EXPECT_EQ(d.verdict, "consistently dual-stack, IPv4 primary");

  auto bad = golden::ParseYamlStream(
      "kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  ipFamily: ipv4\n  podSubnet: fd00::/56\n",
      "kind.yaml");
  ASSERT_TRUE(bad.ok());
  auto refused = InputsFromConfigFile(*bad, "kind.yaml");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "kind.yaml: invalid pod subnet expected IPv4 CIDR for IPv4 family");

  auto other = golden::ParseYamlStream("apiVersion: v1\nkind: Pod\n", "pod.yaml");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(InputsFromConfigFile(*other, "pod.yaml").ok());
}

TEST(ConfigFiles, KubeProxyConfigMapGivesItsConfigFile) {
  auto docs = golden::ParseYamlStream(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: kube-proxy, namespace: kube-system}
data:
  config.conf: |
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    clusterCIDR: 10.244.0.0/16
)",
                                      "cm.yaml");
  ASSERT_TRUE(docs.ok());
  auto cfg = KubeProxyConfigFrom(*docs, "cm.yaml");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  EXPECT_EQ((*cfg)["clusterCIDR"], "10.244.0.0/16");
}

}  // namespace
}  // namespace kdual::doctor
