// The registry driven by the fuzzer's bytes: a profile, the kube-apiserver
// flags and a sequence of requests and restarts, all drawn with the shapes
// of engine/shapes/shapes.h, every registry invariant of
// engine/testing/registry_invariants.h checked after every step.
#include <cstdint>
#include <string>

#include "engine/shapes/byte_chooser.h"
#include "engine/testing/fuzz_cases.h"
#include "engine/testing/registry_invariants.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  kdual::test::ByteChooser c(data, size);
  kdual::test::RegistryCase drawn = kdual::test::DrawRegistryCase(c);
  auto profile = kdual::version::ProfileFor(drawn.release);
  if (!profile.ok()) return 0;
  kdual::test::RegistryRun run;
  run.profile = *profile;
  run.cluster = drawn.cluster;
  auto cluster = kdual::registry::ServiceCluster::Create(run.cluster.Flags(), run.profile);
  KDUAL_FUZZ_CHECK(cluster.ok(), "accepted flags refused: " + kdual::test::Describe(run.cluster));
  run.sut = std::move(*cluster);
  kdual::fuzz::Hold(
      kdual::test::CheckAccounting(*run.sut, kdual::test::Take(*run.sut), true, "start"));
  for (size_t i = 0; i < drawn.ops.size(); ++i) {
    kdual::fuzz::Hold(kdual::test::Step(run, drawn.ops[i], static_cast<int>(i)));
  }
  return 0;
}
