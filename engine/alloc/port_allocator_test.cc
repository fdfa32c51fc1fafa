#include "engine/alloc/port_allocator.h"

#include <set>

#include <gtest/gtest.h>

namespace kdual::alloc {
namespace {

flags::PortRange R(const char* s) { return *flags::ParsePortRange(s); }

TEST(PortAllocator, AllocateReserved) {
  // TestAllocateReserved: 30000-30128 (size 129, offset 16): 113 dynamic
  // allocations fill 30016-30128, then the static band 30000-30015.
  PortAllocator a(R("30000-30128"), true);
  for (int i = 0; i < 113; ++i) {
    auto r = a.AllocateNext();
    ASSERT_TRUE(r.ok());
    ASSERT_GE(r.value, 30016);
  }
  EXPECT_EQ(a.AllocateNext().value, 30015);  // upper band full: the highest of the static band
  for (int p = 30000; p < 30015; ++p) EXPECT_TRUE(a.Allocate(p).ok());
  auto full = a.AllocateNext();
  EXPECT_TRUE(full.full());
  EXPECT_EQ(full.message, "range is full");
  a.Release(30053);
  EXPECT_EQ(a.AllocateNext().value, 30053);
}

TEST(PortAllocator, NextAvoidsPortsTheRequestNames) {
  // 16 ports: no static band. A later port of the same Service asks for
  // 30015, so the dynamic pick leaves it alone while anything else is free.
  PortAllocator a(R("30000-30015"), true);
  const std::set<int> requested = {30015};
  EXPECT_EQ(a.AllocateNext(&requested).value, 30014);
  for (int p = 30000; p < 30014; ++p) ASSERT_TRUE(a.Allocate(p).ok());
  EXPECT_EQ(a.AllocateNext(&requested).value, 30015);  // nothing else is free
  EXPECT_TRUE(a.AllocateNext(&requested).full());
}

TEST(PortAllocator, Errors) {
  PortAllocator a(R("10000-10200"), true);
  EXPECT_EQ(a.Allocate(20000).message,
            "provided port is not in the valid range. The range of valid ports is 10000-10200");
  EXPECT_TRUE(a.Allocate(10001).ok());
  EXPECT_EQ(a.Allocate(10001).message, "provided port is already allocated");
}

TEST(PortOperation, DryRunCountsFrom32769) {
  PortAllocator a(R("30000-32767"), true);
  PortOperation op(&a, true);
  EXPECT_EQ(op.AllocateNext().value, 32769);
  EXPECT_EQ(op.AllocateNext().value, 32770);
  EXPECT_TRUE(op.Allocate(80).ok());  // no range check in dry-run
  EXPECT_EQ(a.Used(), 0u);
}

TEST(PortOperation, RollbackReleasesCommitReleasesDeferred) {
  PortAllocator a(R("30000-32767"), true);
  {
    PortOperation op(&a, false);
    ASSERT_TRUE(op.Allocate(30080).ok());
    op.Rollback();
  }
  EXPECT_FALSE(a.Has(30080));
  ASSERT_TRUE(a.Allocate(30081).ok());
  PortOperation op(&a, false);
  op.ReleaseDeferred(30081);
  EXPECT_TRUE(a.Has(30081));
  op.Commit();
  EXPECT_FALSE(a.Has(30081));
}

}  // namespace
}  // namespace kdual::alloc
