#include "conformance/cli/command_flags.h"

#include <gtest/gtest.h>

namespace kdual::cli {
namespace {

// Every spelling kubectl takes gives the same value and moves past it.
TEST(TakeOutputFlag, KubectlSpellings) {
  const std::vector<Args> forms = {{"-o", "json", "next"},
                                   {"-o=json", "next"},
                                   {"-ojson", "next"},
                                   {"--output", "json", "next"},
                                   {"--output=json", "next"}};
  for (const auto& args : forms) {
    ASSERT_TRUE(IsOutputFlag(args[0])) << args[0];
    size_t i = 0;
    std::string out;
    EXPECT_EQ(TakeOutputFlag(args, &i, "run", {"text", "json"}, &out), kExitOk) << args[0];
    EXPECT_EQ(out, "json") << args[0];
    EXPECT_EQ(args[i + 1], "next") << args[0];
  }
}

TEST(TakeOutputFlag, NotOutputFlags) {
  EXPECT_FALSE(IsOutputFlag("--out"));
  EXPECT_FALSE(IsOutputFlag("--outputs"));
  EXPECT_FALSE(IsOutputFlag("-f"));
  EXPECT_FALSE(IsOutputFlag("output"));
}

TEST(TakeOutputFlag, RefusesValuesNotAllowedAndNamesThem) {
  Args args = {"-o", "wide"};
  size_t i = 0;
  std::string out = "text";
  testing::internal::CaptureStderr();
  EXPECT_EQ(TakeOutputFlag(args, &i, "doctor", {"text", "json", "yaml"}, &out), kExitUsage);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("kdual doctor: -o must be text, json or yaml, not \"wide\""),
            std::string::npos)
      << err;
  EXPECT_EQ(out, "text");  // unchanged
}

TEST(TakeOutputFlag, MissingValue) {
  Args args = {"--output"};
  size_t i = 0;
  std::string out;
  testing::internal::CaptureStderr();
  EXPECT_EQ(TakeOutputFlag(args, &i, "run", {"text"}, &out), kExitUsage);
  EXPECT_NE(testing::internal::GetCapturedStderr().find("-o needs a value"), std::string::npos);
}

TEST(TakeOutputFlag, PrefixChoice) {
  Args args = {"-o=jsonpath={.spec.clusterIP}"};
  size_t i = 0;
  std::string out;
  EXPECT_EQ(TakeOutputFlag(args, &i, "get", {"yaml", "jsonpath="}, &out), kExitOk);
  EXPECT_EQ(out, "jsonpath={.spec.clusterIP}");
}

TEST(TakeValue, BothForms) {
  Args args = {"--version=1.33", "--out", "dir"};
  size_t i = 0;
  std::string v;
  ASSERT_TRUE(TakeValue(args, &i, "--version", &v));
  EXPECT_EQ(v, "1.33");
  i = 1;
  ASSERT_TRUE(TakeValue(args, &i, "--out", &v));
  EXPECT_EQ(v, "dir");
  EXPECT_EQ(i, 2u);
  i = 2;
  EXPECT_FALSE(TakeValue(args, &i, "dir", &v));
}

}  // namespace
}  // namespace kdual::cli
