#include "engine/alloc/interval_set.h"

#include <random>
#include <set>

#include <gtest/gtest.h>

namespace kdual::alloc {
namespace {

TEST(IntervalSet, MergesAndSplits) {
  IntervalSet s;
  EXPECT_TRUE(s.Insert(5));
  EXPECT_TRUE(s.Insert(7));
  EXPECT_EQ(s.intervals(), 2u);
  EXPECT_TRUE(s.Insert(6));  // joins both
  EXPECT_EQ(s.intervals(), 1u);
  EXPECT_FALSE(s.Insert(6));
  EXPECT_EQ(s.size(), 3u);
  EXPECT_TRUE(s.Erase(6));  // splits
  EXPECT_EQ(s.intervals(), 2u);
  EXPECT_FALSE(s.Contains(6));
  EXPECT_TRUE(s.Contains(7));
  EXPECT_FALSE(s.Erase(6));
  EXPECT_EQ(s.size(), 2u);
}

TEST(IntervalSet, HighestFreeSkipsTheTopRun) {
  IntervalSet s;
  IntervalSet::Value v = 0;
  EXPECT_TRUE(s.HighestFreeIn(10, 20, &v));
  EXPECT_EQ(v, IntervalSet::Value(20));
  for (int i = 15; i <= 20; ++i) s.Insert(i);
  EXPECT_TRUE(s.HighestFreeIn(10, 20, &v));
  EXPECT_EQ(v, IntervalSet::Value(14));
  for (int i = 10; i <= 14; ++i) s.Insert(i);
  EXPECT_FALSE(s.HighestFreeIn(10, 20, &v));
  EXPECT_TRUE(s.HighestFreeIn(10, 21, &v));
  EXPECT_EQ(v, IntervalSet::Value(21));
  EXPECT_FALSE(s.HighestFreeIn(21, 20, &v));
}

TEST(IntervalSet, TheEdgesOfTheValueRange) {
  const IntervalSet::Value max = ~IntervalSet::Value(0);
  IntervalSet s;
  EXPECT_TRUE(s.Insert(max));
  EXPECT_TRUE(s.Insert(max - 1));
  EXPECT_TRUE(s.Insert(0));
  EXPECT_EQ(s.intervals(), 2u);
  IntervalSet::Value v = 0;
  EXPECT_TRUE(s.HighestFreeIn(0, max, &v));
  EXPECT_EQ(v, max - 2);
  EXPECT_FALSE(s.HighestFreeIn(0, 0, &v));
  EXPECT_TRUE(s.Erase(max));
  EXPECT_TRUE(s.Contains(max - 1));
}

// Against std::set with the naive highest-free walk, on random operations
// in a small range (where runs and gaps are frequent).
TEST(IntervalSet, AgreesWithASetOnRandomOperations) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    IntervalSet s;
    std::set<int> model;
    for (int i = 0; i < 2000; ++i) {
      int v = static_cast<int>(rng() % 64);
      switch (rng() % 3) {
        case 0: ASSERT_EQ(s.Insert(v), model.insert(v).second) << v; break;
        case 1: ASSERT_EQ(s.Erase(v), model.erase(v) == 1) << v; break;
        default: {
          int lo = static_cast<int>(rng() % 64), hi = static_cast<int>(rng() % 64);
          int want = -1;
          for (int x = hi; x >= lo; --x) {
            if (!model.count(x)) {
              want = x;
              break;
            }
          }
          IntervalSet::Value got = 0;
          bool found = s.HighestFreeIn(lo, hi, &got);
          ASSERT_EQ(found, want >= 0) << lo << ".." << hi;
          if (found) {
            ASSERT_EQ(static_cast<int>(got), want);
          }
        }
      }
      ASSERT_EQ(s.size(), model.size());
      ASSERT_EQ(s.Contains(v), model.count(v) == 1);
    }
  }
}

}  // namespace
}  // namespace kdual::alloc
