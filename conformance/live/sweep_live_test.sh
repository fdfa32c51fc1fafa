#!/usr/bin/env bash
# The `live` test of kdual's cleanup after a crash. 1: a capture run against
# a local reference control plane used as an existing cluster (through its
# kubeconfig) is killed with SIGKILL in the middle, so its run namespace and
# a Service in it stay behind; the next run's sweep must delete them, and
# that run must leave nothing of its own either. 2: a capture on local
# control planes of its own is killed the same way, so its control plane
# keeps running; the next capture's sweep must stop it.
#
# Usage: sweep_live_test.sh KDUAL REPO_ROOT
# Exit 0: passed; 1: failed; 77: skipped (no Go, or the reference binaries
# of the release are not built yet: scripts/local-cluster build v1.37.2).
set -euo pipefail
# shellcheck source=conformance/live/live_test_lib.sh
source "$(dirname "$0")/live_test_lib.sh"

kdual=${1:?usage: sweep_live_test.sh KDUAL REPO_ROOT}
repo=${2:?usage: sweep_live_test.sh KDUAL REPO_ROOT}
version=v1.37.2
lc=$repo/scripts/local-cluster

live_require_go
bin=${KDUAL_CACHE:-$HOME/.cache/kdual}/k8s/$version/bin
if [ ! -x "$bin/kube-apiserver" ] || [ ! -x "$bin/etcd" ]; then
  echo "skipped: no reference binaries for $version in $bin"
  exit 77
fi
live_require_tools curl python3

name=sweep-$$-$RANDOM
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-sweep-test.XXXXXX")
capture_pid=
local_pid=
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  local rc=$?
  # Each step may fail (the process is gone, the cluster down already)
  # without skipping the rest.
  if [ -n "$capture_pid" ]; then kill -9 "$capture_pid" 2>/dev/null || true; fi
  "$lc" down --name "$name" >/dev/null 2>&1 || true
  if [ -n "$local_pid" ]; then "$lc" down --name "kdual-capture-$local_pid" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


kubeconfig=$("$lc" up --name "$name" --version "$version" 2>"$work/up.log") || {
  cat "$work/up.log" >&2
  exit 1
}
server=$(sed -n 's/^ *server: //p' "$kubeconfig" | head -n 1)
token=$(sed -n 's/^ *token: //p' "$kubeconfig" | head -n 1)
sed -n 's/^ *certificate-authority-data: //p' "$kubeconfig" | head -n 1 | base64 -d >"$work/ca.crt"
selector='labelSelector=app.kubernetes.io%2Fmanaged-by%3Dkdual'
# count PATH: the number of items kdual labelled at PATH.
count() {
  curl -sS --max-time 10 --cacert "$work/ca.crt" -H "Authorization: Bearer $token" \
    "$server$1?$selector" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))'
}

# Enough small cases that the run is still going when it is killed.
mkdir -p "$work/cases" "$work/out"
for i in $(seq 1 300); do
  cat >"$work/cases/case-$i.yaml" <<CASE
apiVersion: kdual/v1
kind: GoldenCase
name: case-$i
source: {from: handwritten, kubernetes: $version}
cluster:
  kube-apiserver:
    service-cluster-ip-range: 10.96.0.0/16,fd00:10:96::/112
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: svc-$i, namespace: default}
      spec: {ports: [{port: 80}]}
CASE
done

# And one long case: its Service exists while a thousand gets run.
mkdir -p "$work/long"
cp "$work/cases/case-1.yaml" "$work/long/long.yaml"
for _ in $(seq 1 1000); do
  printf '  - {op: get, name: svc-1, namespace: default}\n' >>"$work/long/long.yaml"
done

range=10.96.0.0/16,fd00:10:96::/112
"$kdual" capture --kubeconfig "$kubeconfig" --service-cluster-ip-range "$range" -q \
  --out "$work/out" "$work/long" >"$work/first.log" 2>&1 &
capture_pid=$!
for _ in $(seq 1 600); do
  [ "$(count /api/v1/services)" -gt 0 ] && break
  sleep 0.1
done
kill -9 "$capture_pid" 2>/dev/null || true
wait "$capture_pid" 2>/dev/null || true
capture_pid=
check "the killed run left its namespace behind" test "$(count /api/v1/namespaces)" -ge 1
check "and a Service in it" test "$(count /api/v1/services)" -ge 1

"$kdual" capture --kubeconfig "$kubeconfig" --service-cluster-ip-range "$range" \
  --out "$work/out" "$work/cases/case-1.yaml" >"$work/second.log" 2>&1 || {
  cat "$work/second.log"
  failed=1
}
check "the next run swept the leftover namespace" grep -q "swept leftover namespace kdual-" "$work/second.log"
check "no kdual Service is left" test "$(count /api/v1/services)" = 0
# Namespace deletion finishes in the namespace controller, a few seconds.
for _ in $(seq 1 300); do
  [ "$(count /api/v1/namespaces)" = 0 ] && break
  sleep 0.1
done
check "no kdual namespace is left" test "$(count /api/v1/namespaces)" = 0

# 2: local control planes.
"$lc" down --name "$name" >/dev/null 2>&1 || true
"$kdual" capture --version "$version" -q --out "$work/out-local" "$work/cases" >"$work/third.log" 2>&1 &
local_pid=$!
for _ in $(seq 1 1200); do
  [ -n "$(ls "$work/out-local" 2>/dev/null)" ] && break
  sleep 0.1
done
kill -9 "$local_pid" 2>/dev/null || true
wait "$local_pid" 2>/dev/null || true
check "the killed capture left its control plane running" \
  bash -c "'$lc' status --name kdual-capture-$local_pid 2>/dev/null | grep -q 'kube-apiserver .* running'"
printf 'not a case\n' >"$work/not-a-case.yaml"
"$kdual" capture --version "$version" --out "$work/out-local" "$work/not-a-case.yaml" >"$work/fourth.log" 2>&1 || true
check "the next capture's sweep stopped it" grep -q "stopped leftover control plane kdual-capture-$local_pid" "$work/fourth.log"
check "no control plane of the killed capture is left" \
  bash -c "! '$lc' status --name kdual-capture-$local_pid >/dev/null 2>&1"

[ "$failed" = 0 ] && echo "sweep_live_test: passed" || echo "sweep_live_test: FAILED"
exit "$failed"
