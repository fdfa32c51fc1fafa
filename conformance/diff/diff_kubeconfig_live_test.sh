#!/usr/bin/env bash
# kdual diff on a cluster given by kubeconfig, as a kubectl user runs it: a
# local reference control plane (v1.37.2, dual-stack) stands for the user's
# cluster. Without range flags the cases use the ranges the cluster says it
# has; a range flag that contradicts the cluster is refused; forced, the run
# writes no case file that `kdual lint` refuses; and each run leaves no
# kdual namespace behind (counted right after the run, before any sweep).
#
# Usage: diff_kubeconfig_live_test.sh KDUAL LOCAL_CLUSTER
# Exit 0: passed; 1: failed; 77: skipped (no Go, or no reference binaries).
set -euo pipefail
# shellcheck source=conformance/live/live_test_lib.sh
source "$(dirname "$0")/../live/live_test_lib.sh"

kdual=${1:?usage: diff_kubeconfig_live_test.sh KDUAL LOCAL_CLUSTER}
lc=${2:?usage: diff_kubeconfig_live_test.sh KDUAL LOCAL_CLUSTER}
version=v1.37.2
ranges=10.96.0.0/16,fd00:10:96::/112

live_require_go
live_require_binaries "$lc" "$version"

name=diff-kc-$$-$RANDOM
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-diff-kc-test.XXXXXX")
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local rc=$?
  "$lc" down --name "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failed=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failed=1; }

kubeconfig=$("$lc" up --name "$name" --version "$version" --service-cluster-ip-range="$ranges")
state=$(dirname "$kubeconfig")
upstream=$(sed -n 's/^ *server: *//p' "$kubeconfig" | head -1)
token=$(cut -d, -f1 "$state/certs/tokens.csv")

# 1. No range given: the cluster's own, said with its source.
rc=0
"$kdual" diff --kubeconfig "$kubeconfig" --cases 40 --seed 3 -q >"$work/own.out" 2>"$work/own.err" || rc=$?
if [ "$rc" -eq 0 ] && grep -q "^kdual diff: --service-cluster-ip-range $ranges (ServiceCIDR kubernetes" "$work/own.err" &&
  grep -q "^40 agreed, 0 diverged" "$work/own.out"; then
  ok "no range flag: the cluster's ranges, 40 cases agreed"
else
  fail "no range flag (exit $rc)"; sed 's/^/  /' "$work/own.err" "$work/own.out" | tail -20
fi
left=$(kdual_namespaces "$state" "$upstream" "$token")
if [ "$left" -eq 0 ]; then ok "the run left no kdual namespace"; else fail "the run left $left kdual namespace(s)"; fi

# 2. A range that contradicts the cluster is refused before anything is sent.
rc=0
"$kdual" diff --kubeconfig "$kubeconfig" --cases 40 --service-cluster-ip-range 10.96.0.0/16 -q \
  >"$work/wrong.out" 2>"$work/wrong.err" || rc=$?
if [ "$rc" -eq 1 ] && grep -q "contradicts the cluster: ServiceCIDR kubernetes" "$work/wrong.err"; then
  ok "a contradicting range is refused"
else
  fail "a contradicting range (exit $rc)"; sed 's/^/  /' "$work/wrong.err" | tail -10
fi

# 3. Forced, the wrong range gives divergences; every file written passes
# kdual lint, and a case lint would refuse is reported, not written.
rc=0
"$kdual" diff --kubeconfig "$kubeconfig" --cases 40 --seed 3 --service-cluster-ip-range 10.96.0.0/16 \
  --force-ranges -q -o json --out "$work/forced" >"$work/forced.json" 2>"$work/forced.err" || rc=$?
written=$(find "$work/forced" -name '*.yaml' 2>/dev/null | wc -l)
diverged=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["divergences"]))' "$work/forced.json")
if [ "$diverged" -eq 0 ]; then
  fail "forced wrong range: no divergence at all (exit $rc)"
elif [ "$written" -gt 0 ] && ! "$kdual" lint "$work/forced" >"$work/lint.out"; then
  fail "forced wrong range: kdual lint refuses a written case"; sed 's/^/  /' "$work/lint.out" | head -10
else
  ok "forced wrong range: $diverged divergences, $written written, each passes kdual lint"
fi
left=$(kdual_namespaces "$state" "$upstream" "$token")
if [ "$left" -eq 0 ]; then ok "the forced run left no kdual namespace"; else fail "the forced run left $left kdual namespace(s)"; fi

exit "$failed"
