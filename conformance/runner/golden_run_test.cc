#include "conformance/runner/golden_run.h"

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "conformance/runner/report.h"

namespace kdual::runner {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr const char* kHeader =
    "apiVersion: kdual/v1\nkind: GoldenCase\nname: t\nsource: {from: handwritten, kubernetes: v1.33.13}\n";
constexpr const char* kCreate =
    "steps:\n  - op: create\n    object: {apiVersion: v1, kind: Service, metadata: {name: web}, "
    "spec: {ports: [{port: 80}]}}\n";

class GoldenRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("kdual-run-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "golden/1.33/t");
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string Write(const std::string& rel, const std::string& text) {
    fs::path p = root_ / "golden" / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.string();
  }

  CaseOutcome RunOne(const std::string& path) {
    RunReport r = RunGolden({path}, RunOptions());
    EXPECT_EQ(r.cases.size(), 1u);
    return r.cases.at(0);
  }

  fs::path root_;
};

const std::string kPassing = std::string(kHeader) + kCreate +
                             "    expect: {match: subset, object: {spec: {type: ClusterIP}}}\n";
const std::string kFailing =
    std::string(kHeader) + kCreate + "    expect: {error: {code: 422, reason: Invalid}}\n";
const std::string kFailingLine =
    "steps[0] create: expected error 422 Invalid, got an object (HTTP 201)";

TEST_F(GoldenRunTest, PassAndFailWithDiff) {
  EXPECT_EQ(RunOne(Write("1.33/t/pass.yaml", kPassing)).outcome, Outcome::kPassed);
  CaseOutcome fail = RunOne(Write("1.33/t/fail.yaml", kFailing));
  EXPECT_EQ(fail.outcome, Outcome::kFailed);
  EXPECT_EQ(fail.id, "1.33/t/fail");
  EXPECT_EQ(fail.first_line, kFailingLine);
}

TEST_F(GoldenRunTest, KnownFailuresAreStrict) {
  std::string pass = Write("1.33/t/pass.yaml", kPassing);
  std::string fail = Write("1.33/t/fail.yaml", kFailing);
  Write("1.33/KNOWN_FAILURES", "1.33/t/fail\t" + kFailingLine + "\tengine: not yet\n");
  EXPECT_EQ(RunOne(fail).outcome, Outcome::kKnownFailure);
  Write("1.33/KNOWN_FAILURES", "1.33/t/fail\tsomething else\tengine: not yet\n");
  EXPECT_EQ(RunOne(fail).outcome, Outcome::kDifferent);
  Write("1.33/KNOWN_FAILURES", "1.33/t/pass\twhatever\tstale\n");
  EXPECT_EQ(RunOne(pass).outcome, Outcome::kStale);
}

TEST_F(GoldenRunTest, MalformedCasesFailAndTheRunGoesOn) {
  std::string bad = Write("1.33/t/bad.yaml", std::string(kHeader) + "steps:\n  - op: frob\n");
  std::string worse = Write("1.33/t/worse.yaml", "a: [unclosed\n");
  std::string good = Write("1.33/t/pass.yaml", kPassing);
  RunReport r = RunGolden({bad, worse, good}, RunOptions());
  ASSERT_EQ(r.cases.size(), 3u);
  EXPECT_EQ(r.cases[0].outcome, Outcome::kFailed);
  EXPECT_THAT(r.cases[0].details.at(1), HasSubstr("bad.yaml:6: steps[0].op: unknown op \"frob\""));
  EXPECT_EQ(r.cases[1].outcome, Outcome::kFailed);
  EXPECT_EQ(r.cases[2].outcome, Outcome::kPassed);
  EXPECT_EQ(r.failed(), 2);
  std::string text = RenderText(r, false);
  EXPECT_THAT(text, HasSubstr("FAIL 1.33/t/bad"));
  EXPECT_THAT(text, ::testing::EndsWith("1 passed, 2 failed, 0 skipped\n"));
}

// Several workers give the report one worker gives: same cases, same
// order, same outcomes and texts; progress still comes in file order.
TEST_F(GoldenRunTest, WorkersGiveTheSameReportInFileOrder) {
  std::vector<std::string> files;
  for (int i = 0; i < 24; ++i) {
    std::string name = "1.33/t/c" + std::to_string(10 + i);
    const std::string* text = i % 3 == 0 ? &kFailing : &kPassing;
    if (i == 7)
      files.push_back(Write(name + ".yaml", "a: [unclosed\n"));
    else
      files.push_back(Write(name + ".yaml", *text));
  }
  RunReport one = RunGolden(files, RunOptions());
  RunOptions parallel;
  parallel.jobs = 4;
  std::vector<size_t> progress;
  parallel.on_case = [&](size_t done, size_t total, const CaseOutcome& c) {
    EXPECT_EQ(total, files.size());
    EXPECT_EQ(c.path, files.at(done - 1));
    progress.push_back(done);
  };
  RunReport four = RunGolden(files, parallel);
  ASSERT_EQ(four.cases.size(), one.cases.size());
  for (size_t i = 0; i < one.cases.size(); ++i) {
    EXPECT_EQ(four.cases[i].path, files[i]);
    EXPECT_EQ(four.cases[i].id, one.cases[i].id);
    EXPECT_EQ(four.cases[i].outcome, one.cases[i].outcome) << files[i];
    EXPECT_EQ(four.cases[i].details, one.cases[i].details) << files[i];
    EXPECT_EQ(progress.at(i), i + 1);
  }
  EXPECT_EQ(RenderText(four, true), RenderText(one, true));
  EXPECT_EQ(one.failed(), 9);
}

TEST_F(GoldenRunTest, SkipsScenariosAwaitingCaptureAndVersionsWithoutProfile) {
  CaseOutcome awaiting = RunOne(Write("1.33/t/awaiting.yaml", std::string(kHeader) + kCreate));
  EXPECT_EQ(awaiting.outcome, Outcome::kSkipped);
  EXPECT_THAT(awaiting.details.at(0), HasSubstr("awaiting capture"));
  std::string old = kPassing;
  old.replace(old.find("v1.33.13"), 8, "v1.22.2");
  CaseOutcome unprofiled = RunOne(Write("1.22/t/old.yaml", old));
  EXPECT_EQ(unprofiled.outcome, Outcome::kSkipped);
}

TEST_F(GoldenRunTest, UpdateKnownFailuresRewritesTheList) {
  std::string fail = Write("1.33/t/fail.yaml", kFailing);
  std::string pass = Write("1.33/t/pass.yaml", kPassing);
  Write("1.33/KNOWN_FAILURES", "# list\n1.33/t/pass\told\tkept reason\n");
  RunReport r = RunGolden({fail, pass}, RunOptions());
  auto written = UpdateKnownFailures(r);
  ASSERT_TRUE(written.ok()) << written.status().message();
  std::ifstream in(root_ / "golden/1.33/KNOWN_FAILURES");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "# list\n1.33/t/fail\t" + kFailingLine + "\tengine: not yet\n");
  EXPECT_TRUE(CheckKnownFailures((root_ / "golden/1.33").string()).ok());
  Write("1.33/KNOWN_FAILURES", "1.33/t/gone\tx\ty\n");
  EXPECT_THAT(CheckKnownFailures((root_ / "golden/1.33").string()).message(),
              HasSubstr("names no case file"));
}

TEST_F(GoldenRunTest, ReportsAsJsonAndJunit) {
  RunReport r = RunGolden({Write("1.33/t/fail.yaml", kFailing)}, RunOptions());
  EXPECT_THAT(RenderJson(r), HasSubstr("\"failed\": 1"));
  std::string junit = RenderJunit(r);
  EXPECT_THAT(junit, HasSubstr("<testcase classname=\"1.33/t\" name=\"fail\""));
  EXPECT_THAT(junit, HasSubstr("<failure message=\"failed\">"));
}

}  // namespace
}  // namespace kdual::runner
