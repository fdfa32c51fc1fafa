#include "conformance/io/subprocess.h"

#include <gtest/gtest.h>

namespace kdual::io {
namespace {

TEST(RunProcessTest, ArgumentsReachTheProgramAsTheyAre) {
  // No shell: a quote, a space, $ and ; are plain characters.
  const std::string tricky = "it's a \"name\" with $HOME; `x`";
  auto r = RunProcess({"printf", "%s|%s", tricky, "two words"});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->out, tricky + "|two words");
}

TEST(RunProcessTest, StdoutStderrAndExitCode) {
  auto r = RunProcess({"sh", "-c", "echo out; echo err >&2; exit 3"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "out\n");
  EXPECT_EQ(r->err, "err\n");
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->signaled);
}

TEST(RunProcessTest, BothStreamsFloodingDoNotStall) {
  // 1 MiB on each stream: more than a pipe holds, read together.
  auto r = RunProcess({"sh", "-c", "head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out.size(), 1048576u);
  EXPECT_EQ(r->err.size(), 1048576u);
}

TEST(RunProcessTest, EnvironmentDeadlineAndCap) {
  ProcessOptions env;
  env.extra_env = {"KDUAL_TEST_VAR=a b"};
  auto e = RunProcess({"sh", "-c", "printf %s \"$KDUAL_TEST_VAR\""}, env);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->out, "a b");

  ProcessOptions quick;
  quick.timeout_s = 1;
  auto t = RunProcess({"sleep", "30"}, quick);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->timed_out);
  EXPECT_TRUE(t->signaled);

  ProcessOptions small;
  small.max_output = 1000;
  auto f = RunProcess({"sh", "-c", "yes"}, small);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(f->too_much);
}

TEST(RunProcessTest, AMissingProgramIsExit127) {
  auto r = RunProcess({"/nonexistent/kdual-no-such-program", "x"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, 127);
  EXPECT_NE(r->err.find("No such file or directory"), std::string::npos);
  EXPECT_FALSE(RunProcess({}).ok());
}

}  // namespace
}  // namespace kdual::io
