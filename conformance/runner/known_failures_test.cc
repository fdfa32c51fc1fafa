#include "conformance/runner/known_failures.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kdual::runner {
namespace {

using ::testing::HasSubstr;

TEST(KnownFailures, ParsesTabSeparatedLinesAndComments) {
  auto list =
      KnownFailures::Parse("# header\n\n1.33/a/x\tsteps[0] create: boom\tengine: not yet\n", "KF");
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->entries().size(), 1u);
  const KnownFailure* f = list->Find("1.33/a/x");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->first_line, "steps[0] create: boom");
  EXPECT_EQ(f->reason, "engine: not yet");
  EXPECT_EQ(list->Find("1.33/a/y"), nullptr);
}

TEST(KnownFailures, MalformedLinesNameFileAndLine) {
  EXPECT_THAT(KnownFailures::Parse("# c\n1.33/a/x only-two\tfields\n", "KF").status().message(),
              HasSubstr("KF:2: expected three tab-separated fields"));
  EXPECT_THAT(KnownFailures::Parse("a\tb\tc\na\tb\tc\n", "KF").status().message(),
              HasSubstr("KF:2: a is listed twice"));
}

TEST(KnownFailures, UpdateKeepsReasonsAndUnrunEntries) {
  auto list = KnownFailures::Parse(
      "# keep me\na\told\treason a\nb\told\treason b\nc\told\treason c\n", "KF");
  ASSERT_TRUE(list.ok());
  // a now fails differently, b passes, c did not run, d is new.
  std::string text =
      list->Updated({{"a", "new"}, {"d", "first"}}, {"a", "b", "d"}, "engine: not yet");
  EXPECT_EQ(text, "# keep me\na\tnew\treason a\nc\told\treason c\nd\tfirst\tengine: not yet\n");
}

TEST(KnownFailuresPathFor, TheMinorFolderOfTheCase) {
  EXPECT_EQ(KnownFailuresPathFor("/r/golden/1.33/a/x.yaml", "1.33/a/x"),
            "/r/golden/1.33/KNOWN_FAILURES");
  EXPECT_EQ(KnownFailuresPathFor("/r/other/x.yaml", "/r/other/x"), "");
}

}  // namespace
}  // namespace kdual::runner
