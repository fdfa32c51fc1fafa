// Model-based test of the ClusterIP allocator in each of its modes (bitmap,
// IPAddress with dual write, IPAddress alone) against a plain model: a set of
// taken offsets, the valid window of each allocator and the band split,
// written from the Go sources rather than from the C++ under test:
//   ipallocator/bitmap.go New, calculateRangeOffset, randomScanStrategyWithOffset
//   ipallocator/ipallocator.go NewIPAllocator, allocateNextService
//   ipallocator/cidrallocator.go AllocateService, AllocateNextService
#include <algorithm>
#include <optional>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include "engine/alloc/ip_allocator.h"
#include "engine/testing/generators.h"
#include "engine/testing/seeded_property.h"

namespace kdual::alloc {
namespace {

using net::Uint128;

const char* ModeName(IPAllocatorMode m) {
  switch (m) {
    case IPAllocatorMode::kBitmap: return "bitmap";
    case IPAllocatorMode::kMetaDualWrite: return "ipaddress+bitmap";
    case IPAllocatorMode::kMeta: return "ipaddress";
  }
  return "?";
}

// Offsets are counted from the network address: 0 is the network address.
struct IPModel {
  net::Cidr cidr;
  IPAllocatorMode mode = IPAllocatorMode::kBitmap;
  Uint128 total = 0;         // 2^host_bits
  Uint128 bitmap_count = 0;  // the bitmap holds offsets 1..bitmap_count
  Uint128 meta_count = 0;    // the IPAddress allocator holds 1..meta_count
  Uint128 band = 0;          // the static (lower) band: indices [0, band)
  std::set<Uint128> used;

  static IPModel For(const net::Cidr& cidr, IPAllocatorMode mode) {
    IPModel m;
    m.cidr = cidr;
    m.mode = mode;
    m.total = Uint128{1} << cidr.host_bits();
    bool v4 = cidr.family() == net::Family::kIPv4;
    // bitmap.go: IPv4 leaves out the network and broadcast addresses; IPv6
    // the network address only, with at most 65536 addresses in all.
    if (v4) {
      m.bitmap_count = m.total >= 2 ? m.total - 2 : 0;
    } else {
      m.bitmap_count = std::min<Uint128>(m.total, 65536) - 1;
    }
    // ipallocator.go: first = network + 1, last = broadcast (- 1 for IPv4).
    m.meta_count = v4 ? (m.total >= 2 ? m.total - 2 : 0) : m.total - 1;
    if (m.total > 16) m.band = std::clamp<Uint128>(m.total / 16, 16, 256);
    return m;
  }

  bool InBitmap(Uint128 off) const { return off >= 1 && off - 1 < bitmap_count; }
  bool InMeta(Uint128 off) const { return off >= 1 && off <= meta_count; }

  // Highest free offset of the upper band, then of the lower band, over
  // `count` usable addresses (offsets 1..count).
  std::optional<Uint128> HighestFree(Uint128 count, bool meta) const {
    Uint128 b = std::min(band, count);
    if (meta && count <= band) return std::nullopt;  // allocateNextService: rangeSize 0 is full
    for (Uint128 i = count; i > b; --i) {
      if (!used.count(i)) return i;
    }
    for (Uint128 i = b; i > 0; --i) {
      if (!used.count(i)) return i;
    }
    return std::nullopt;
  }

  std::optional<Uint128> Next() const {
    switch (mode) {
      case IPAllocatorMode::kBitmap: return HighestFree(bitmap_count, false);
      case IPAllocatorMode::kMetaDualWrite: {
        auto b = HighestFree(bitmap_count, false);
        return b ? b : HighestFree(meta_count, true);
      }
      case IPAllocatorMode::kMeta: return HighestFree(meta_count, true);
    }
    return std::nullopt;
  }

  // The error a non-dry-run Allocate(offset) must give.
  AllocError AllocateError(Uint128 off, bool dry_run) const {
    if (mode == IPAllocatorMode::kBitmap) {
      if (!InBitmap(off)) return AllocError::kNotInRange;
      if (dry_run) return AllocError::kNone;
    } else {
      if (dry_run) return InMeta(off) ? AllocError::kNone : AllocError::kNotInRange;
      if (!InMeta(off)) return AllocError::kMismatchedNetwork;
      if (mode == IPAllocatorMode::kMetaDualWrite && !InBitmap(off)) return AllocError::kNotInRange;
    }
    return used.count(off) ? AllocError::kAllocated : AllocError::kNone;
  }

  net::IPAddress At(Uint128 off) const { return net::AddOffset(cidr.network(), off); }
};

using IPCommand = rc::state::Command<IPModel, ClusterIPAllocator>;

void CheckSame(const IPModel& m, const ClusterIPAllocator& sut) {
  RC_ASSERT(sut.Used() == m.used.size());
  for (Uint128 off : m.used) RC_ASSERT(sut.Has(m.At(off)));
}

// An offset worth asking for: the network address, the edges of each band
// and of the range, just outside it, one already taken, or any.
Uint128 InterestingOffset(const IPModel& m) {
  std::vector<Uint128> picks = {
      0,           1,       2,           m.band,         m.band + 1,         m.band + 2,
      m.total - 1, m.total, m.total + 1, m.bitmap_count, m.bitmap_count + 1, m.meta_count};
  if (!m.used.empty()) {
    auto it = m.used.begin();
    std::advance(it, *rc::gen::inRange<size_t>(0, m.used.size()));
    picks.push_back(*it);
  }
  if (*rc::gen::inRange(0, 3) == 0) {
    return *rc::gen::inRange<uint64_t>(
        0, static_cast<uint64_t>(std::min<Uint128>(m.total + 2, 1u << 30)));
  }
  return *rc::gen::elementOf(picks);
}

struct AllocateNext : IPCommand {
  bool dry_run = *rc::gen::inRange(0, 6) == 0;
  void apply(IPModel& m) const override {
    if (dry_run) return;
    if (auto n = m.Next()) m.used.insert(*n);
  }
  void run(const IPModel& m, ClusterIPAllocator& sut) const override {
    IPAllocResult r = sut.AllocateNext(dry_run);
    if (dry_run) {
      // The dry-run allocators answer with the network address.
      RC_ASSERT(r.ok());
      RC_ASSERT(r.value == m.cidr.network());
    } else if (auto want = m.Next()) {
      RC_ASSERT(r.ok());
      RC_ASSERT(r.value.ToString() == m.At(*want).ToString());
      RC_ASSERT(m.cidr.Contains(r.value));
      RC_ASSERT(r.value != m.cidr.network());
      if (m.cidr.family() == net::Family::kIPv4) RC_ASSERT(r.value != m.cidr.Last());
    } else {
      RC_ASSERT(r.error == AllocError::kFull);
      RC_ASSERT(r.message == "range is full");
    }
    CheckSame(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "AllocateNext(dry_run=" << dry_run << ")"; }
};

struct AllocateSpecific : IPCommand {
  Uint128 offset;
  bool dry_run;
  explicit AllocateSpecific(const IPModel& m)
      : offset(InterestingOffset(m)), dry_run(*rc::gen::inRange(0, 5) == 0) {}
  void apply(IPModel& m) const override {
    if (!dry_run && m.AllocateError(offset, false) == AllocError::kNone) m.used.insert(offset);
  }
  void run(const IPModel& m, ClusterIPAllocator& sut) const override {
    IPAllocResult r = sut.Allocate(m.At(offset), dry_run);
    AllocError want = m.AllocateError(offset, dry_run);
    RC_ASSERT(r.error == want);
    RC_ASSERT(r.ok() == r.message.empty());
    if (want == AllocError::kNotInRange)
      RC_ASSERT(r.message == NotInRangeMessage(m.At(offset), m.cidr));
    CheckSame(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "Allocate(" << static_cast<uint64_t>(offset) << ", dry_run=" << dry_run << ")";
  }
};

struct Release : IPCommand {
  Uint128 offset;
  explicit Release(const IPModel& m) : offset(InterestingOffset(m)) {}
  void apply(IPModel& m) const override { m.used.erase(offset); }
  void run(const IPModel& m, ClusterIPAllocator& sut) const override {
    sut.Release(m.At(offset));
    CheckSame(nextState(m), sut);
  }
  void show(std::ostream& os) const override {
    os << "Release(" << static_cast<uint64_t>(offset) << ")";
  }
};

// Fills the whole range (small ranges only), so the lower band and "range is
// full" are reached quickly.
struct Fill : IPCommand {
  void checkPreconditions(const IPModel& m) const override { RC_PRE(m.total <= 512); }
  void apply(IPModel& m) const override {
    while (auto n = m.Next()) m.used.insert(*n);
  }
  void run(const IPModel& m, ClusterIPAllocator& sut) const override {
    IPModel after = m;
    while (auto n = after.Next()) {
      IPAllocResult r = sut.AllocateNext();
      RC_ASSERT(r.ok());
      // The upper band is used up before any address of the lower band.
      RC_ASSERT(r.value.ToString() == after.At(*n).ToString());
      after.used.insert(*n);
    }
    RC_ASSERT(sut.AllocateNext().error == AllocError::kFull);
    CheckSame(after, sut);
  }
  void show(std::ostream& os) const override { os << "Fill"; }
};

KDUAL_PROP(ClusterIPAllocatorModel, MatchesModel, 200, ()) {
  IPAllocatorMode mode = *rc::gen::element(IPAllocatorMode::kBitmap,
                                           IPAllocatorMode::kMetaDualWrite, IPAllocatorMode::kMeta);
  bool v6 = *rc::gen::arbitrary<bool>();
  // Host bits 0..24: the tiny ranges, the band edges (16, 256, 4096
  // addresses) and IPv6 ranges past the bitmap's 65536 cap.
  int host_bits =
      *rc::gen::oneOf(rc::gen::inRange(0, 10), rc::gen::element(4, 5, 8, 12, 16, 17, 24));
  test::RcChooser chooser;
  net::IPAddress base = v6 ? test::DrawIPv6(chooser) : test::DrawIPv4(chooser);
  net::Cidr cidr(base, (v6 ? 128 : 32) - host_bits);
  RC_TAG(ModeName(mode), v6 ? "IPv6" : "IPv4");
  IPModel model = IPModel::For(cidr, mode);
  ClusterIPAllocator sut(cidr, mode);
  RC_ASSERT(sut.range_offset() == static_cast<int64_t>(model.band));
  rc::state::check(model, sut,
                   rc::state::gen::execOneOfWithArgs<AllocateNext, AllocateNext, AllocateSpecific,
                                                     Release, Fill>());
}

}  // namespace
}  // namespace kdual::alloc
