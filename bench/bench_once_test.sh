#!/usr/bin/env bash
# scripts/bench --once: every benchmark of both sides (the engine's and the
# Go code's of the newest pinned release) runs once, and the table pairs
# them. Checks that the benchmarks still build and run; measures nothing.
#
# Usage: bench_once_test.sh ENGINE_BENCH SOURCE_DIR
# Exit 0: passed; 1: failed; 77: skipped (no Go, or no reference module).
set -euo pipefail
# shellcheck source=conformance/live/live_test_lib.sh
source "$(dirname "$0")/../conformance/live/live_test_lib.sh"

bench=${1:?usage: bench_once_test.sh ENGINE_BENCH SOURCE_DIR}
src=${2:?usage: bench_once_test.sh ENGINE_BENCH SOURCE_DIR}
version=$(grep -E '^v[0-9]' "$src/versions.txt" | tail -n 1 | tr -d '[:space:]')

live_require_go
live_require_binaries "$src/scripts/local-cluster" "$version"

out=$("$src/scripts/bench" --once --cpp "$bench")
printf '%s\n' "$out"
# Operations both sides measure: each row has a time in both columns.
for op in ParseIPSloppy/4 ParseIPStrict/6 ParseCIDRSloppy/6 ValidateLargeService/100 \
          AllocateUntilFull_IPv4_24 Allocate_IPv6_64/4096 CreateSingleStack CreateDualStack \
          CreateNodePort CreateDryRun UpdateUpgradeDowngrade; do
  check "both sides time $op" \
    grep -Eq "^$op +[0-9.]+ [nmu]?s +[0-9.]+ [nmu]?s +[0-9.]+x" <<<"$out"
done
exit "$failed"
