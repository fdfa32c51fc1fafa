#!/usr/bin/env bash
# The `live` test of kdual capture: captures one golden case from a local
# reference control plane of its own release into a temporary folder, checks
# that the recording says where it came from and uses placeholders for the
# addresses the server chose, and runs `kdual run` on it, which must pass.
#
# Usage: capture_live_test.sh KDUAL GOLDEN_DIR
# Exit 0: passed; 1: failed; 77: skipped (no Go to build the servers with).
set -euo pipefail
# shellcheck source=conformance/live/live_test_lib.sh
source "$(dirname "$0")/live_test_lib.sh"

kdual=${1:?usage: capture_live_test.sh KDUAL GOLDEN_DIR}
golden=${2:?usage: capture_live_test.sh KDUAL GOLDEN_DIR}
case_file=$golden/1.37/families/prefer-dual-on-dual-cluster.yaml

live_require_go

work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-capture-test.XXXXXX")
trap 'rm -rf "$work"' EXIT


version=v1.37.2
echo "capture_live_test: capturing $case_file from $version"
"$kdual" capture --version "$version" --out "$work" "$case_file"
out=$work/families/prefer-dual-on-dual-cluster.yaml

check "the case was written below the output folder at its path below golden/1.37/" test -f "$out"
check "source.from is apiserver" grep -q '^  from: apiserver$' "$out"
check "source.kubernetes is the server's /version ($version)" grep -q "^  kubernetes: $version\$" "$out"
check "clusterIP is the bound placeholder ~IPv4:a" grep -q '^          clusterIP: ~IPv4:a$' "$out"
check "clusterIPs are [~IPv4:a, ~IPv6:b]" grep -q '^          clusterIPs: \[~IPv4:a, ~IPv6:b\]$' "$out"
check "no server-side metadata was recorded" bash -c "! grep -Eq 'uid:|resourceVersion:|creationTimestamp:|managedFields:' '$out'"
check "kdual lint accepts the captured case" "$kdual" lint "$out"
echo "capture_live_test: kdual run on the captured case (engine $version against the real answers)"
check "kdual run passes on the captured case" "$kdual" run "$out"

echo "capture_live_test: capturing it again into the same folder"
cp "$out" "$work/first.yaml"
"$kdual" capture --version "$version" --out "$work" "$case_file"
check "a second capture leaves the case byte for byte as it was" cmp -s "$work/first.yaml" "$out"

[ "$failed" = 0 ] && echo "capture_live_test: passed" || echo "capture_live_test: FAILED"
exit "$failed"
