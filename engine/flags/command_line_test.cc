#include "engine/flags/command_line.h"

#include <gtest/gtest.h>

#include "engine/testing/status_matchers.h"

namespace kdual::flags {
namespace {

using test::IsOk;
using test::StatusIs;
using ::testing::HasSubstr;

TEST(SplitCommandLineTest, QuotesAndEscapesAsAShellReadsThem) {
  auto w = SplitCommandLine(R"(kube-apiserver --a='x y' --b="p \"q\" \$r" c\ d --e=f\
 --g)");
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(*w, (std::vector<std::string>{"kube-apiserver", "--a=x y", "--b=p \"q\" $r", "c d",
                                          "--e=f", "--g"}));
  EXPECT_FALSE(SplitCommandLine("kube-apiserver --a='x").ok());
}

TEST(FlagsFromWordsTest, APsLineKeepsTheComponentsFlagsOnly) {
  auto f = ParseComponentCommandLine(
      "root 812 1 3 09:12 ? 00:04:11 /usr/local/bin/kube-apiserver --advertise-address=172.18.0.2 "
      "--service-cluster-ip-range 10.96.0.0/16,fd00::/108 --allow-privileged --authorization-mode=Node,RBAC",
      "kube-apiserver");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(*f, (FlagMap{{"advertise-address", "172.18.0.2"},
                         {"allow-privileged", "true"},
                         {"authorization-mode", "Node,RBAC"},
                         {"service-cluster-ip-range", "10.96.0.0/16,fd00::/108"}}));
}

TEST(FlagsFromWordsTest, KlogVerbosityShorthand) {
  auto f = ParseComponentCommandLine("kube-apiserver -v 2 --b=1 -v=4", "kube-apiserver");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(*f, (FlagMap{{"b", "1"}, {"v", "4"}}));
}

TEST(FlagsFromWordsTest, FlagsAloneAndTheLastValueWins) {
  auto f = ParseComponentCommandLine("--a=1 --a=2", "kube-apiserver");
  ASSERT_THAT(f, IsOk());
  EXPECT_EQ(*f, (FlagMap{{"a", "2"}}));
}

TEST(FlagsFromWordsTest, RefusesWhatIsNoCommandLineOfTheComponent) {
  EXPECT_THAT(
      ParseComponentCommandLine("sshd: root@pts/0", "kube-apiserver"),
      StatusIs(StatusCode::kInvalidArgument, HasSubstr("no kube-apiserver in the command line")));
  EXPECT_THAT(ParseComponentCommandLine("kube-apiserver --a=1 extra", "kube-apiserver"),
              StatusIs(StatusCode::kInvalidArgument, HasSubstr("\"extra\" is not a flag")));
  EXPECT_THAT(ParseComponentCommandLine("kube-apiserver -x 2", "kube-apiserver"),
              StatusIs(StatusCode::kInvalidArgument, "unknown shorthand flag: 'x' in -x"));
  EXPECT_FALSE(ParseComponentCommandLine("   ", "kube-apiserver").ok());
}

}  // namespace
}  // namespace kdual::flags
