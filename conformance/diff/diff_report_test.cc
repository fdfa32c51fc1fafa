#include "conformance/diff/diff_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "conformance/golden/case_reader.h"

namespace kdual::diff {
namespace {

DiffReport Sample() {
  DiffReport r;
  r.target = "https://127.0.0.1:6443 (v1.37.2)";
  r.server_version = "v1.37.2";
  r.planned = 10;
  r.checked = 9;
  r.agreed = 7;
  r.parallel = 4;
  r.seconds = 4.5;
  auto c = golden::ParseCase(R"(apiVersion: kdual/v1
kind: GoldenCase
name: diff-0123456789ab
description: Found.
source: {from: apiserver, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: 10.96.0.0/16}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: svc-b, namespace: default}
      spec: {type: NodePort, ports: [{port: 80}]}
    expect:
      error: {code: 422, reason: Invalid, message: "a <b> & \"c\""}
)",
                             "d.yaml");
  EXPECT_TRUE(c.ok()) << c.status().message();
  Divergence d;
  d.case_name = "gen-7-12";
  d.flag_set = "IPv4 /16";
  d.minimal = *c;
  d.mismatches = {"steps[0] create: error.code: expected 422, got 201"};
  d.original_steps = 3;
  d.original_size = 40;
  d.shrink_attempts = 14;
  d.written = "out/diff-0123456789ab.yaml";
  r.divergences.push_back(d);
  r.non_deterministic.push_back(
      {"gen-7-40", "dual IPv4 first /16,/112", "steps[0] create: spec.ipFamilies[0]: x"});
  r.not_checked.push_back({"gen-7-41", "IPv6 /112", "the control plane did not start"});
  return r;
}

TEST(DiffReportTest, TextHasCountsRateEachDivergenceWithItsCaseAndDiff) {
  std::string text = RenderDiffText(Sample());
  EXPECT_NE(text.find("9 of 10 cases checked in 4.5 s (2.00 cases/s, parallel 4)"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(
          "DIVERGENCE diff-0123456789ab (from gen-7-12 on IPv4 /16; shrunk from 3 steps, 40 request fields to 1 steps, 11 request fields in 14 attempts)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("  written to out/diff-0123456789ab.yaml\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  steps[0] create: error.code: expected 422, got 201\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("    name: diff-0123456789ab\n"), std::string::npos) << text;
  EXPECT_NE(text.find("NON-DETERMINISTIC gen-7-40 (dual IPv4 first /16,/112)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("NOT CHECKED gen-7-41 (IPv6 /112): the control plane did not start"),
            std::string::npos);
  EXPECT_EQ(text.substr(text.rfind('\n', text.size() - 2) + 1),
            "7 agreed, 1 diverged, 1 non-deterministic, 0 interference, 1 not checked\n");
}

TEST(DiffReportTest, JsonCarriesTheMinimalCase) {
  auto j = nlohmann::json::parse(RenderDiffJson(Sample()));
  EXPECT_EQ(j["checked"], 9);
  EXPECT_DOUBLE_EQ(j["casesPerSecond"].get<double>(), 2.0);
  ASSERT_EQ(j["divergences"].size(), 1u);
  EXPECT_EQ(j["divergences"][0]["minimal"]["name"], "diff-0123456789ab");
  EXPECT_EQ(j["divergences"][0]["minimal"]["steps"][0]["op"], "create");
  EXPECT_EQ(j["divergences"][0]["mismatches"][0],
            "steps[0] create: error.code: expected 422, got 201");
  EXPECT_EQ(j["nonDeterministic"][0]["case"], "gen-7-40");
  EXPECT_EQ(j["notChecked"][0]["why"], "the control plane did not start");
}

TEST(DiffReportTest, JunitCountsFailuresAndEscapes) {
  std::string xml = RenderDiffJunit(Sample());
  EXPECT_NE(xml.find("tests=\"4\" failures=\"1\" skipped=\"2\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase classname=\"diff.divergence\" name=\"diff-0123456789ab\">"),
            std::string::npos);
  EXPECT_NE(xml.find("a &lt;b&gt; &amp; "), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<b>"), std::string::npos);
}

TEST(DiffReport, HtmlShowsBothSidesAndTheMinimalCaseEscaped) {
  std::string html = RenderDiffHtml(Sample());
  EXPECT_NE(
      html.find("<td class=\"exp\"><code>422</code></td><td class=\"got\"><code>201</code></td>"),
      std::string::npos);
  EXPECT_NE(html.find("a &lt;b&gt; &amp;"), std::string::npos);  // the minimal case, escaped
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("written to out/diff-0123456789ab.yaml"), std::string::npos);
  EXPECT_NE(html.find("<h2>Not checked</h2>"), std::string::npos);
}

}  // namespace
}  // namespace kdual::diff
