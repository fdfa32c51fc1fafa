#!/usr/bin/env bash
# The `live` test of kdual diff: plants a divergence in the engine (a created
# NodePort Service answers externalTrafficPolicy: Local), runs kdual diff on
# a three-step case against a local v1.37.2 control plane, and checks that
# the divergence is found, shrunk to at most two steps, and written as a
# golden case from the server's answers that fails on the planted engine and
# passes on the real one.
#
# Usage: diff_live_test.sh KDUAL
# Exit 0: passed; 1: failed; 77: skipped (no Go to build the servers with).
set -euo pipefail
# shellcheck source=conformance/live/live_test_lib.sh
source "$(dirname "$0")/../live/live_test_lib.sh"

kdual=${1:?usage: diff_live_test.sh KDUAL}

live_require_go

work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-diff-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cases" "$work/out"

cat >"$work/cases/three-steps.yaml" <<'CASE'
apiVersion: kdual/v1
kind: GoldenCase
name: three-steps
description: A ClusterIP Service, a NodePort Service, and a read.
source: {from: handwritten, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: 10.96.0.0/16}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: svc-a, namespace: default}
      spec:
        selector: {app: a}
        ports: [{port: 80}]
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: svc-b, namespace: default, labels: {tier: web}}
      spec:
        type: NodePort
        selector: {app: b}
        sessionAffinity: None
        ports: [{port: 80, name: http, targetPort: 8080}, {port: 443, name: https}]
  - op: get
    name: svc-a
CASE


echo "diff_live_test: kdual diff with the plant nodeport-local against v1.37.2"
start=$(date +%s)
set +e
"$kdual" diff --version v1.37.2 --name "kdual-difftest-$$" --parallel 1 --shrink-attempts 40 \
  --plant nodeport-local --out "$work/out" "$work/cases" >"$work/report.txt"
status=$?
set -e
cat "$work/report.txt"
echo "diff_live_test: kdual diff took $(( $(date +%s) - start )) s"

written=("$work"/out/diff-*.yaml)
check "kdual diff exits 1 on a divergence" test "$status" = 1
check "the report names one divergence" grep -q '^0 agreed, 1 diverged, 0 non-deterministic' "$work/report.txt"
check "one golden case was written" test "${#written[@]}" = 1 -a -f "${written[0]}"
out=${written[0]}
steps=$(grep -c '^  - op: ' "$out" || true)
check "it was shrunk to at most two steps (has $steps)" test "$steps" -ge 1 -a "$steps" -le 2
check "it was shrunk to the NodePort Service" grep -q 'type: NodePort' "$out"
check "fields that do not matter were dropped" bash -c "! grep -q 'sessionAffinity: None\|tier: web' <(sed -n '/^steps:/,/expect:/p' '$out')"
check "source.from is apiserver" grep -q '^  from: apiserver$' "$out"
check "source.kubernetes is v1.37.2" grep -q '^  kubernetes: v1.37.2$' "$out"
check "it is named by its content" bash -c "grep -q \"^name: $(basename "$out" .yaml)\$\" '$out'"
check "kdual lint accepts it" "$kdual" lint "$out"
check "it fails on the planted engine" bash -c "! '$kdual' diff --check-only --plant nodeport-local '$out' >/dev/null"
check "it passes on the engine without the plant" "$kdual" run "$out"
check "the local control plane was taken down" bash -c "! '$(dirname "$0")/../../scripts/local-cluster' status --name 'kdual-difftest-$$' 2>/dev/null | grep -q running"

# A flag set the server refuses: the case is set aside, and one start case
# for the flags is asked in its place (not every case of the batch, and not
# counted as a server that stopped answering).
mkdir -p "$work/refused"
cat >"$work/refused/refused-flags.yaml" <<'CASE'
apiVersion: kdual/v1
kind: GoldenCase
name: refused-flags
description: A create on flags the API server refuses (two IPv4 ranges).
source: {from: handwritten, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: "10.96.0.0/16,10.97.0.0/16"}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: svc-a, namespace: default}
      spec: {ports: [{port: 80}]}
CASE
set +e
"$kdual" diff --version v1.37.2 --name "kdual-difftest-refused-$$" --parallel 1 "$work/refused" >"$work/refused.txt" 2>"$work/refused.err"
status=$?
set -e
cat "$work/refused.txt"
check "a refused flag set is asked once as a start case" grep -q '^1 agreed, 0 diverged, 0 non-deterministic, 0 interference, 1 not checked' "$work/refused.txt"
check "the case on it is set aside with the server's reason" grep -q 'the server refused the flag set' "$work/refused.txt"
check "the run was not stopped" bash -c "! grep -qi 'stopped\|did not answer' '$work/refused.txt'"
check "the refused control plane left nothing" bash -c "! '$(dirname "$0")/../../scripts/local-cluster' status --name 'kdual-difftest-refused-$$' 2>/dev/null | grep -q ."

# What an earlier case left behind: a dual-stack create whose second
# address cannot be allocated leaves the first allocated on the server (until
# its repair loop frees it); a later case asking for that address gets
# "already allocated" where the engine, starting clean, allocates. Reported
# as interference with the reason, not as a divergence.
mkdir -p "$work/leftover"
cat >"$work/leftover/1-leaves.yaml" <<'CASE'
apiVersion: kdual/v1
kind: GoldenCase
name: 1-leaves
description: The IPv6 network address cannot be allocated; 10.96.0.3 stays held.
source: {from: handwritten, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: "10.96.0.0/16,fd00:10:96::/112"}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: leaves, namespace: default}
      spec:
        ipFamilyPolicy: PreferDualStack
        clusterIP: 10.96.0.3
        clusterIPs: [10.96.0.3, "fd00:10:96::"]
        ports: [{port: 80}]
CASE
cat >"$work/leftover/2-asks.yaml" <<'CASE'
apiVersion: kdual/v1
kind: GoldenCase
name: 2-asks
description: Asks for 10.96.0.3.
source: {from: handwritten, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: "10.96.0.0/16,fd00:10:96::/112"}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: asks, namespace: default}
      spec: {clusterIP: 10.96.0.3, ports: [{port: 80}]}
CASE
# The server's repair loop sometimes frees the address before the second
# case runs (then both agree and nothing is asked): try a few times.
leftover_seen=0 leftover_diverged=0
for attempt in 1 2 3 4; do
  set +e
  "$kdual" diff --version v1.37.2 --name "kdual-difftest-leftover-$$-$attempt" --parallel 1 \
    --out "$work/leftover-out" "$work/leftover" >"$work/leftover.txt" 2>"$work/leftover.err"
  set -e
  cat "$work/leftover.txt"
  grep -q ' [1-9][0-9]* diverged' "$work/leftover.txt" && leftover_diverged=1
  if grep -q '^1 agreed, 0 diverged, 0 non-deterministic, 1 interference, 0 not checked' "$work/leftover.txt"; then
    leftover_seen=1
    break
  fi
  echo "diff_live_test: attempt $attempt: the address was freed before the second case; again"
done
check "a leftover allocation is interference, not a divergence" \
  test "$leftover_seen" = 1 -a "$leftover_diverged" = 0
check "the report says what was left" \
  grep -q '^INTERFERENCE 2-asks .*the server holds 10.96.0.3 for no Service.*; agreed on a fresh control plane' "$work/leftover.txt"
check "no golden case was written for it" bash -c "! ls '$work/leftover-out'/*.yaml >/dev/null 2>&1"

[ "$failed" = 0 ] && echo "diff_live_test: passed" || echo "diff_live_test: FAILED"
exit "$failed"
