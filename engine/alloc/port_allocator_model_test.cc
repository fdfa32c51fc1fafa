// Model-based test of the NodePort allocator (portallocator/allocator.go and
// operation.go) against a plain model: a set of taken ports and the band
// split min(max(16, size/32), 128) (none when size <= 16 or when the static
// subrange is off).
#include <algorithm>
#include <optional>
#include <set>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include "engine/alloc/port_allocator.h"
#include "engine/testing/seeded_property.h"

namespace kdual::alloc {
namespace {

struct PortModel {
  int base = 30000;
  int size = 2768;
  int band = 0;
  std::set<int> used;

  bool InRange(int p) const { return p >= base && p - base < size; }
  std::optional<int> Next() const {
    // The highest free port of the upper band, then of the lower band.
    int b = std::min(band, size);
    for (int p = base + size - 1; p >= base + b; --p) {
      if (!used.count(p)) return p;
    }
    for (int p = base + b - 1; p >= base; --p) {
      if (!used.count(p)) return p;
    }
    return std::nullopt;
  }
};

using PortCommand = rc::state::Command<PortModel, PortAllocator>;

void CheckSame(const PortModel& m, const PortAllocator& sut) {
  RC_ASSERT(sut.Used() == m.used.size());
  for (int p : m.used) RC_ASSERT(sut.Has(p));
}

int InterestingPort(const PortModel& m) {
  std::vector<int> picks = {m.base - 1,
                            m.base,
                            m.base + 1,
                            m.base + m.band - 1,
                            m.base + m.band,
                            m.base + m.size - 1,
                            m.base + m.size,
                            0,
                            65536};
  if (!m.used.empty()) picks.push_back(*m.used.rbegin());
  if (*rc::gen::inRange(0, 3) == 0) return *rc::gen::inRange(m.base - 2, m.base + m.size + 2);
  return *rc::gen::elementOf(picks);
}

struct AllocateNextPort : PortCommand {
  void apply(PortModel& m) const override {
    if (auto p = m.Next()) m.used.insert(*p);
  }
  void run(const PortModel& m, PortAllocator& sut) const override {
    PortAllocResult r = sut.AllocateNext();
    if (auto want = m.Next()) {
      RC_ASSERT(r.ok());
      RC_ASSERT(r.value == *want);
      RC_ASSERT(m.InRange(r.value));
    } else {
      RC_ASSERT(!r.ok());
      RC_ASSERT(r.full());
      RC_ASSERT(r.message == "range is full");
    }
    CheckSame(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "AllocateNext"; }
};

struct AllocatePort : PortCommand {
  int port;
  explicit AllocatePort(const PortModel& m) : port(InterestingPort(m)) {}
  void apply(PortModel& m) const override {
    if (m.InRange(port)) m.used.insert(port);
  }
  void run(const PortModel& m, PortAllocator& sut) const override {
    PortAllocResult r = sut.Allocate(port);
    RC_ASSERT(r.ok() == (m.InRange(port) && !m.used.count(port)));
    if (!m.InRange(port)) {
      RC_ASSERT(r.message ==
                "provided port is not in the valid range. The range of valid ports is " +
                    sut.range().ToString());
    } else if (m.used.count(port)) {
      RC_ASSERT(r.message == "provided port is already allocated");
    }
    CheckSame(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "Allocate(" << port << ")"; }
};

struct ReleasePort : PortCommand {
  int port;
  explicit ReleasePort(const PortModel& m) : port(InterestingPort(m)) {}
  void apply(PortModel& m) const override { m.used.erase(port); }
  void run(const PortModel& m, PortAllocator& sut) const override {
    sut.Release(port);
    CheckSame(nextState(m), sut);
  }
  void show(std::ostream& os) const override { os << "Release(" << port << ")"; }
};

rc::Gen<flags::PortRange> GenPortRange() {
  return rc::gen::exec([] {
    flags::PortRange r;
    r.base = *rc::gen::element(30000, 1, 20000, 65000);
    r.size = *rc::gen::oneOf(rc::gen::element(1, 16, 17, 50, 511, 512, 4096, 4097, 2768),
                             rc::gen::inRange(1, 600));
    r.size = std::min(r.size, 65536 - r.base);
    return r;
  });
}

KDUAL_PROP(PortAllocatorModel, MatchesModel, 300, ()) {
  flags::PortRange range = *GenPortRange();
  bool static_subrange = *rc::gen::arbitrary<bool>();
  PortModel model;
  model.base = range.base;
  model.size = range.size;
  if (static_subrange && range.size > 16) model.band = std::clamp(range.size / 32, 16, 128);
  PortAllocator sut(range, static_subrange);
  RC_ASSERT(sut.offset() == model.band);
  rc::state::check(model, sut,
                   rc::state::gen::execOneOfWithArgs<AllocateNextPort, AllocateNextPort,
                                                     AllocatePort, ReleasePort>());
}

// An operation that is rolled back leaves the allocator as it found it; one
// that is committed keeps what it took and frees what it deferred; a dry-run
// operation never touches the allocator.
KDUAL_PROP(PortOperationProperty, RollbackRestoresCommitApplies, 200, ()) {
  flags::PortRange range = *GenPortRange();
  PortAllocator pa(range, true);
  int preload = *rc::gen::inRange(0, std::min(range.size, 40) + 1);
  for (int i = 0; i < preload; ++i) (void)pa.AllocateNext();
  std::set<int> before;
  for (int p = range.base; p <= range.last(); ++p) {
    if (pa.Has(p)) before.insert(p);
  }
  bool dry_run = *rc::gen::arbitrary<bool>();
  PortOperation op(&pa, dry_run);
  std::set<int> taken, deferred;
  int steps = *rc::gen::inRange(0, 12);
  for (int i = 0; i < steps; ++i) {
    int kind = *rc::gen::inRange(0, 3);
    if (kind == 0) {
      auto r = op.AllocateNext();
      if (r.ok() && !dry_run) {
        RC_ASSERT(range.Contains(r.value));
        RC_ASSERT(!before.count(r.value) && !taken.count(r.value));
        taken.insert(r.value);
      }
    } else if (kind == 1) {
      int p = *rc::gen::inRange(range.base - 1, range.last() + 2);
      auto r = op.Allocate(p);
      if (r.ok() && !dry_run) taken.insert(p);
    } else if (!before.empty()) {
      int p = *rc::gen::elementOf(std::vector<int>(before.begin(), before.end()));
      op.ReleaseDeferred(p);
      deferred.insert(p);
    }
  }
  bool commit = *rc::gen::arbitrary<bool>();
  if (commit)
    op.Commit();
  else
    op.Rollback();
  std::set<int> want = before;
  if (commit && !dry_run) {
    for (int p : deferred) want.erase(p);
    for (int p : taken) want.insert(p);
  }
  std::set<int> now;
  for (int p = range.base; p <= range.last(); ++p) {
    if (pa.Has(p)) now.insert(p);
  }
  RC_ASSERT(now == want);
}

}  // namespace
}  // namespace kdual::alloc
