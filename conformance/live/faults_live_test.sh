#!/usr/bin/env bash
# The `live` fault tests: kdual diff and kdual capture against a local
# reference control plane (v1.37.2, dual-stack) through a fault proxy on
# loopback (conformance/live/faultproxy) that answers 429 and 5xx storms
# with and without Retry-After, drops connections after the request was
# sent, and hangs up on requests; and with the API server killed and
# restarted, and etcd paused, in the middle of a run.
#
# Each faulty run must end like the clean run of the same cases (every case
# checked, no divergence, nothing written as a divergence) or stop with a
# report naming the cases it did not check; the proxy must have injected
# what the test asked for (so a proxy that does nothing fails the test); a
# capture through faults must write the same files as a clean capture; and
# after the next run's sweep no kdual namespace is left.
#
# Usage: faults_live_test.sh KDUAL LOCAL_CLUSTER FAULTPROXY_DIR
# Exit 0: passed; 1: failed; 77: skipped (no Go, or no reference binaries).
set -euo pipefail
# shellcheck source=conformance/live/live_test_lib.sh
source "$(dirname "$0")/live_test_lib.sh"

kdual=${1:?usage: faults_live_test.sh KDUAL LOCAL_CLUSTER FAULTPROXY_DIR}
lc=${2:?usage: faults_live_test.sh KDUAL LOCAL_CLUSTER FAULTPROXY_DIR}
proxy_src=${3:?usage: faults_live_test.sh KDUAL LOCAL_CLUSTER FAULTPROXY_DIR}
version=v1.37.2
ranges=10.96.0.0/16,fd00:10:96::/112
scenarios=$(cd "$(dirname "$0")/../.." && pwd)/scenarios/families

live_require_go
live_require_binaries "$lc" "$version"

name=faults-$$-$RANDOM
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-faults-test.XXXXXX")
proxy_pid=
# shellcheck disable=SC2317  # invoked by the trap
cleanup() {
  local rc=$?
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
  "$lc" down --name "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failed=0
ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; failed=1; }

(cd "$proxy_src" && GOFLAGS=-mod=mod go build -o "$work/faultproxy" .)

echo "faults_live_test: starting $name ($version, $ranges)"
kubeconfig=$("$lc" up --name "$name" --version "$version" --service-cluster-ip-range="$ranges")
state=$(dirname "$kubeconfig")
upstream=$(sed -n 's/^ *server: *//p' "$kubeconfig" | head -1)
token=$(cut -d, -f1 "$state/certs/tokens.csv")

"$work/faultproxy" --upstream "$upstream" --ca "$state/certs/ca.crt" >"$work/proxy.port" 2>"$work/proxy.log" &
proxy_pid=$!
for _ in $(seq 50); do [ -s "$work/proxy.port" ] && break; sleep 0.1; done
port=$(head -1 "$work/proxy.port")
proxy=http://127.0.0.1:$port
# kdual talks to the proxy in plain HTTP; the proxy talks TLS upstream.
sed -e "s|server: https://[^ ]*|server: $proxy|" -e '/certificate-authority-data/d' "$kubeconfig" >"$work/proxy.kubeconfig"

fault() { curl -fsS -X POST "$proxy/__fault?$1" >/dev/null; }
injected() {  # injected MODE: how many faults of MODE the proxy injected so far
  curl -fsS "$proxy/__fault/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["injected"].get(sys.argv[1], 0))' "$1"
}
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

diff_run() {  # diff_run TAG CASES SEED: runs kdual diff through the proxy
  local tag=$1 cases=$2 seed=$3 rc=0
  timeout 600 "$kdual" diff --kubeconfig "$work/proxy.kubeconfig" --cases "$cases" --seed "$seed" \
    --service-cluster-ip-range "$ranges" -q -o json --out "$work/out-$tag" >"$work/$tag.json" 2>"$work/$tag.err" || rc=$?
  echo "$rc" >"$work/$tag.rc"
}

# A faulty run must end as a clean one does, or say what it did not check.
expect_like_clean() {  # expect_like_clean TAG PLANNED
  local tag=$1 planned=$2 rc checked stopped diverged notchecked
  rc=$(cat "$work/$tag.rc")
  if [ ! -s "$work/$tag.json" ]; then
    fail "$tag: no report (exit $rc)"; sed 's/^/  /' "$work/$tag.err" | tail -20; return
  fi
  checked=$(field "$work/$tag.json" checked)
  stopped=$(field "$work/$tag.json" stopped)
  diverged=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["divergences"]))' "$work/$tag.json")
  notchecked=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["notChecked"]))' "$work/$tag.json")
  if [ "$diverged" -ne 0 ] || [ -n "$(ls -A "$work/out-$tag" 2>/dev/null)" ]; then
    fail "$tag: $diverged divergence(s) reported from a broken answer"
    python3 -c 'import json,sys; [print("  ", d) for d in json.load(open(sys.argv[1]))["divergences"]]' "$work/$tag.json" | head -20
  elif [ "$rc" -eq 0 ] && [ "$checked" -eq "$planned" ]; then
    ok "$tag: $checked of $planned checked, no divergence"
  elif [ "$rc" -eq 0 ] && [ $((checked + notchecked)) -eq "$planned" ] &&
    grep -q "not checked: .*: ." "$work/$tag.err"; then
    # A write answered with an error that may be the server's or the
    # network's (an unavailable or throttling answer kdual does not resend)
    # is not recorded: the case is listed as not checked, with the reason.
    ok "$tag: $checked checked, $notchecked listed as not checked with the reason, no divergence"
  elif [ -n "$stopped" ] && [ $((checked + notchecked)) -le "$planned" ]; then
    ok "$tag: stopped with a report ($stopped), $checked checked, $notchecked listed as not checked"
  else
    fail "$tag: exit $rc, $checked of $planned checked, stopped '$stopped'"; tail -20 "$work/$tag.err" | sed 's/^/  /'
  fi
}

# The clean run first: the cases agree on this cluster.
diff_run clean 120 11
expect_like_clean clean 120

run_with_fault() {  # run_with_fault TAG MODE QUERY
  local tag=$1 mode=$2 query=$3 before after
  before=$(injected "$mode")
  fault "$query"
  diff_run "$tag" 120 11
  fault "mode=off"
  after=$(injected "$mode")
  if [ "$after" -le "$before" ]; then
    fail "$tag: the proxy injected nothing"
  else
    echo "     $tag: $((after - before)) fault(s) injected"
  fi
  expect_like_clean "$tag" 120
}
run_with_fault 429-retry-after status "mode=status&code=429&retry_after=1&every=5&count=15"
run_with_fault 429-no-retry-after status "mode=status&code=429&every=4&count=15"
run_with_fault 503-storm status "mode=status&code=503&every=3&count=30"
run_with_fault 500-on-writes status "mode=status&code=500&writes=1&every=9&count=6"
run_with_fault drop-after-send drop "mode=drop&writes=1&every=6&count=10"
run_with_fault hang-up refuse "mode=refuse&every=7&count=10"

# The API server killed and restarted in the middle of a run.
pid_before=$(cat "$state/kube-apiserver.pid")
(sleep 1; "$lc" restart --name "$name" --service-cluster-ip-range="$ranges" >/dev/null 2>"$work/restart.log"; echo $? >"$work/restart.rc") &
restarter=$!
diff_run apiserver-restart 600 12
wait "$restarter" || true
if [ "$(cat "$work/restart.rc" 2>/dev/null)" = 0 ] && [ "$(cat "$state/kube-apiserver.pid")" != "$pid_before" ]; then
  echo "     apiserver-restart: kube-apiserver was restarted during the run"
  expect_like_clean apiserver-restart 600
else
  fail "apiserver-restart: the restart did not happen"; sed 's/^/  /' "$work/restart.log"
fi

# etcd paused (SIGSTOP) for six seconds in the middle of a run.
etcd_pid=$(cat "$state/etcd.pid")
(sleep 1; kill -STOP "$etcd_pid"; sleep 6; kill -CONT "$etcd_pid") &
pauser=$!
diff_run etcd-paused 400 13
wait "$pauser" || true
kill -CONT "$etcd_pid" 2>/dev/null || true
expect_like_clean etcd-paused 400

# A capture through faults records what a clean capture records.
capture() {  # capture TAG
  timeout 600 "$kdual" capture --kubeconfig "$work/proxy.kubeconfig" --service-cluster-ip-range "$ranges" \
    --out "$work/cap-$1" -q "$scenarios" \
    >"$work/cap-$1.log" 2>&1 || echo "exit $?" >>"$work/cap-$1.log"
}
capture clean
fault "mode=status&code=429&retry_after=1&every=4&count=20"
capture faulty-429
fault "mode=drop&writes=1&every=5&count=10"
capture faulty-drop
fault "mode=off"
# Every file a faulty capture wrote is the clean capture's; a case it did
# not write is one its report names as not captured (a write whose answer
# was lost is never recorded).
for tag in faulty-429 faulty-drop; do
  written=0 bad=0
  for f in "$work/cap-clean"/*.yaml; do
    b=$(basename "$f")
    if [ -f "$work/cap-$tag/$b" ]; then
      written=$((written + 1))
      if ! diff -u "$f" "$work/cap-$tag/$b" >"$work/cap-$tag.diff"; then
        fail "capture $tag: $b differs from the clean capture"; head -30 "$work/cap-$tag.diff" | sed 's/^/  /'
        bad=1
      fi
    elif ! grep -q "/${b}: not captured: .*(after the request was sent)\|/${b}: not captured: .*no answer" "$work/cap-$tag.log"; then
      fail "capture $tag: $b is missing and the report does not say why"; bad=1
    fi
  done
  if [ "$written" -eq 0 ]; then
    fail "capture $tag: nothing captured"; tail -5 "$work/cap-$tag.log" | sed 's/^/  /'
  elif [ "$bad" -eq 0 ]; then
    ok "capture $tag: $written files as the clean capture wrote them, $(grep -c 'not captured' "$work/cap-$tag.log") case(s) reported not captured"
  fi
done

# Nothing left: the next run sweeps what a killed run left, and each run
# deletes its own namespaces.
timeout 120 "$kdual" diff --kubeconfig "$work/proxy.kubeconfig" --cases 2 --seed 14 \
  --service-cluster-ip-range "$ranges" -q >/dev/null 2>&1 || true
left=$(kdual_namespaces "$state" "$upstream" "$token")
for _ in $(seq 60); do
  [ "$left" -eq 0 ] && break
  sleep 1
  left=$(kdual_namespaces "$state" "$upstream" "$token")
done
if [ "$left" -eq 0 ]; then ok "no kdual namespace left"; else fail "$left kdual namespace(s) left"; fi

exit "$failed"
