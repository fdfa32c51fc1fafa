#!/usr/bin/env bash
# The `live` test of kdual cluster-info: starts one dual-stack local
# reference control plane (v1.37.2) and checks that cluster-info finds its
# service CIDRs in the `kubernetes` ServiceCIDR, its version, and the
# default/kubernetes Service's address; and that an unreachable server is a
# clear error with exit status 1.
#
# Usage: cluster_info_live_test.sh KDUAL LOCAL_CLUSTER
# Exit 0: passed; 1: failed; 77: skipped (no Go, or the reference binaries
# are missing and cannot be built).
set -euo pipefail
# shellcheck source=conformance/live/live_test_lib.sh
source "$(dirname "$0")/live_test_lib.sh"

kdual=${1:?usage: cluster_info_live_test.sh KDUAL LOCAL_CLUSTER}
lc=${2:?usage: cluster_info_live_test.sh KDUAL LOCAL_CLUSTER}
version=v1.37.2
ranges=10.96.0.0/16,fd00:10:96::/112

live_require_go
live_require_binaries "$lc" "$version"

name=cluster-info-$$-$RANDOM
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-cluster-info-test.XXXXXX")
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local rc=$?
  "$lc" down --name "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


echo "cluster_info_live_test: starting $name ($version, $ranges)"
kubeconfig=$("$lc" up --name "$name" --version "$version" --service-cluster-ip-range="$ranges")

"$kdual" cluster-info --kubeconfig "$kubeconfig" -o json >"$work/info.json"
"$kdual" cluster-info --kubeconfig "$kubeconfig" >"$work/info.txt"
cat "$work/info.txt"
field() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): v=v[int(k)] if k.isdigit() else v[k]
print(v)' "$work/info.json" "$1"; }

check "the version is $version" test "$(field version.gitVersion)" = "$version"
check "the engine profile is 1.37" test "$(field version.engineProfile)" = "1.37"
check "the service CIDRs are $ranges" test "$(field serviceCIDRs.value)" = "$ranges"
check "they come from the kubernetes ServiceCIDR" \
  test "$(field serviceCIDRs.source)" = "ServiceCIDR kubernetes (networking.k8s.io/v1)"
check "the node-port range is the default" test "$(field nodePortRange.value)" = "30000-32767"
check "default/kubernetes holds 10.96.0.1" grep -Eq '^  default +kubernetes +ClusterIP +10\.96\.0\.1 ' "$work/info.txt"

cp "$kubeconfig" "$work/kubeconfig"  # down removes the cluster's own copy
"$lc" down --name "$name" >/dev/null 2>&1
set +e
"$kdual" cluster-info --kubeconfig "$work/kubeconfig" >/dev/null 2>"$work/err.txt"
rc=$?
set -e
cat "$work/err.txt"
check "an unreachable cluster exits 1" test "$rc" = 1
check "the error names the server" grep -q 'cannot reach https://127.0.0.1:' "$work/err.txt"

[ "$failed" = 0 ] && echo "cluster_info_live_test: passed" || echo "cluster_info_live_test: FAILED"
exit "$failed"
