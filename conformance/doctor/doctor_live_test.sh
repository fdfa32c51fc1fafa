#!/usr/bin/env bash
# The `live` test of kdual doctor: a local v1.33.13 control plane started
# single-stack IPv4 with node IPAM, a Node registered, then restarted
# dual-stack and a second Node registered. doctor, given the components'
# command lines and the cluster, must call the configuration dual-stack and
# name the first Node as the one that kept a single pod CIDR (node IPAM
# gives pod CIDRs only to a Node that has none, as golden/*/nodeipam shows).
#
# Usage: doctor_live_test.sh KDUAL SOURCE_DIR
# Exit 0: passed; 1: failed; 77: skipped (no Go to build the servers with).
set -euo pipefail
# shellcheck source=conformance/live/live_test_lib.sh
source "$(dirname "$0")/../live/live_test_lib.sh"

kdual=${1:?usage: doctor_live_test.sh KDUAL SOURCE_DIR}
src=${2:?usage: doctor_live_test.sh KDUAL SOURCE_DIR}
lc=$src/scripts/local-cluster
version=v1.33.13
name=kdual-doctor-test-$$

live_require_go
live_require_tools curl
live_require_binaries "$lc" "$version"

work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-doctor-live.XXXXXX")
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local rc=$?
  "$lc" down --name "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

kubeconfig=$("$lc" up --name "$name" --version "$version" --exact-flags \
  --service-cluster-ip-range=10.96.0.0/16 --cluster-cidr=10.244.0.0/16 2>"$work/up.log") || {
  cat "$work/up.log" >&2
  exit 1
}
server=$(sed -n 's/^ *server: //p' "$kubeconfig" | head -n 1)
token=$(sed -n 's/^ *token: //p' "$kubeconfig" | head -n 1)
sed -n 's/^ *certificate-authority-data: //p' "$kubeconfig" | head -n 1 | base64 -d >"$work/ca.crt"
node() {  # node NAME: registers a Node (no kubelet behind it)
  curl -sS --max-time 10 --cacert "$work/ca.crt" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -X POST "$server/api/v1/nodes" \
    -d "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"$1\"}}" >/dev/null
}
pod_cidrs() {  # pod_cidrs NAME: waits (10 s at most) for node IPAM, prints them
  for _ in $(seq 50); do
    out=$(curl -sS --max-time 10 --cacert "$work/ca.crt" -H "Authorization: Bearer $token" "$server/api/v1/nodes/$1" |
      python3 -c 'import json,sys; print(",".join(json.load(sys.stdin)["spec"].get("podCIDRs", [])))')
    if [ -n "$out" ]; then echo "$out"; return 0; fi
    sleep 0.2
  done
  return 1
}

node n1
check "n1 gets an IPv4 pod CIDR" test "$(pod_cidrs n1)" = "10.244.0.0/24"
"$lc" restart --name "$name" --exact-flags --service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112 \
  --cluster-cidr=10.244.0.0/16,fd00:10:244::/56 >/dev/null 2>"$work/restart.log" || {
  cat "$work/restart.log" >&2
  exit 1
}
node n2
# After the restart the IPv4 set starts with n1's CIDR taken; the IPv6 set is empty.
check "n2 gets one pod CIDR per family" test "$(pod_cidrs n2)" = "10.244.1.0/24,fd00:10:244::/64"

# The control plane's command lines, as ps shows them (local-cluster runs
# the components as processes, not static pods).
state=${KDUAL_STATE:-$HOME/.cache/kdual/clusters}/$name
{
  echo "root 101 1 0 09:00 ? 00:00:01 kube-apiserver $(tr '\n' ' ' <"$state/apiserver.args")"
  echo "root 102 1 0 09:00 ? 00:00:01 kube-controller-manager $(tr '\n' ' ' <"$state/kcm.args")"
} >"$work/ps.txt"
rc=0
"$kdual" doctor -f "$work/ps.txt" --kubeconfig "$kubeconfig" >"$work/out" 2>&1 || rc=$?
sed 's/^/    /' "$work/out"
check "doctor exits 1 (a Node is short of a pod CIDR)" test "$rc" = 1
check "the verdict is dual-stack" grep -q "Verdict: consistently dual-stack, IPv4 primary" "$work/out"
check "n1 is named with its one pod CIDR" grep -q "n1 (10.244.0.0/24)" "$work/out"
check "the release comes from the cluster" grep -q "v1.33.13 (from /version)" "$work/out"
exit "$failed"
