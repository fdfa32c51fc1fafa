#include "conformance/io/bounded_read.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace kdual::io {
namespace {

class BoundedReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kdual-bounded-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string dir_;
};

TEST_F(BoundedReadTest, ReadsAFileWithinTheLimit) {
  auto r = ReadFileBounded(Write("a.yaml", "kind: Service\n"), 100, "the manifest");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, "kind: Service\n");
}

TEST_F(BoundedReadTest, RefusesALargeFileFromItsSize) {
  std::string path = Write("big.yaml", std::string(101, 'a'));
  auto r = ReadFileBounded(path, 100, "the manifest");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(r.status().message(),
            path + ": file of 101 bytes is over the limit of 100 bytes (the manifest)");
}

TEST_F(BoundedReadTest, SaysNoSuchFileAndIsADirectory) {
  auto missing = ReadFileBounded(dir_ + "/nope.yaml", 100, "the manifest");
  EXPECT_EQ(missing.status().message(), dir_ + "/nope.yaml: no such file (the manifest)");
  auto folder = ReadFileBounded(dir_, 100, "the manifest");
  EXPECT_EQ(folder.status().message(), dir_ + ": is a directory (the manifest)");
}

TEST_F(BoundedReadTest, AnEndlessDeviceStopsAtTheLimit) {
  auto r = ReadFileBounded("/dev/zero", size_t{1} << 20, "kubeconfig");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "/dev/zero: input of more than 1 MiB is over the limit of 1 MiB (kubeconfig)");
}

TEST(ReadStreamBounded, ReadsToTheEndOrRefusesPastTheLimit) {
  std::istringstream small("abc");
  auto r = ReadStreamBounded(small, 3, "<stdin>");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, "abc");
  std::istringstream big("abcd");
  auto over = ReadStreamBounded(big, 3, "<stdin>");
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().message(),
            "<stdin>: input of more than 3 bytes is over the limit of 3 bytes");
}

}  // namespace
}  // namespace kdual::io
