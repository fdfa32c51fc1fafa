#!/usr/bin/env bash
# Hostile inputs for every kdual command that reads a file or standard input
# (run, lint, create -f, update -f, patch -p, --state, capture, diff and
# cluster-info with a kubeconfig): YAML alias bombs, 100,000-deep nesting in
# YAML and JSON, a 100 MB file and an endless one, NULs, invalid UTF-8,
# absurd CIDRs and ports, a kubeconfig pointing at a closed port and ones
# with a bad certificate. Each must end in bounded time with a non-zero exit
# and a message naming the input and the problem: no crash (a signal), no
# hang, no unbounded memory.
# Usage: hostile_inputs_test.sh KDUAL [sanitized]
#   sanitized: the binary runs under ASan (which reserves terabytes of
#   virtual memory), so the address-space cap is not applied.
set -uo pipefail
kdual=$1
sanitized=${2:-}
tmp=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
failures=0
checks=0
limit_s=${KDUAL_HOSTILE_TIMEOUT:-60}
# 160 MiB of address space: a reader that slurps a 100 MB file whole
# (or expands an alias bomb) dies here instead of passing unnoticed.
mem_kb=${KDUAL_HOSTILE_MEM_KB:-163840}

# run_input MODE NAME WANT_TEXT COMMAND...: runs the command under the time
# and memory limits, standard input from $tmp/stdin when it exists. MODE
# refuse: it must exit 1 or 2 (not 0, not a signal, not the timeout) and
# its output must contain WANT_TEXT. MODE either: an input the component may
# accept or refuse (a huge but valid range); kdual must answer either way.
# Neither may crash or print an internal error.
run_input() {
  local mode=$1 name=$2 want=$3
  shift 3
  checks=$((checks + 1))
  local in=/dev/null
  [ -f "$tmp/stdin" ] && in=$tmp/stdin
  local start end
  start=$(date +%s)
  (
    [ -z "$sanitized" ] && ulimit -v "$mem_kb"
    exec timeout -k 5 "$limit_s" "$@" <"$in"
  ) >"$tmp/out" 2>&1
  local got=$?
  end=$(date +%s)
  local why=
  if [ "$got" -eq 124 ] || [ "$got" -eq 137 ]; then
    why="did not end within ${limit_s}s"
  elif [ "$got" -ge 128 ]; then
    why="killed by signal $((got - 128))"
  elif [ "$mode" = refuse ] && [ "$got" -eq 0 ]; then
    why="exit 0 on a hostile input"
  elif [ "$got" -gt 3 ]; then
    why="exit $got"
  elif [ "$mode" = refuse ] && ! grep -qF -- "$want" "$tmp/out"; then
    why="output lacks: $want"
  elif grep -qE 'AddressSanitizer|runtime error:|terminate called|internal error' "$tmp/out"; then
    why="crash or internal error in the output"
  fi
  if [ -n "$why" ]; then
    echo "FAIL $name: $why ($((end - start))s)"
    head -c 2000 "$tmp/out" | sed 's/^/  /'
    failures=$((failures + 1))
  fi
  rm -f "$tmp/stdin"
}
hostile() { run_input refuse "$@"; }        # hostile NAME WANT_TEXT COMMAND...
bounded() { run_input either "$1" "" "${@:2}"; }  # bounded NAME COMMAND...

svc='apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80'

# --- inputs -----------------------------------------------------------------
# Billion laughs: ten levels of ten aliases each.
{
  echo 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
  for i in $(seq 1 9); do
    p=$((i - 1))
    echo "a$i: &a$i [*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p,*a$p]"
  done
  echo 'apiVersion: v1'
  echo 'kind: Service'
  echo 'metadata: {name: web, labels: *a9}'
} >"$tmp/bomb.yaml"
deep() {  # deep N OPEN CLOSE: N opening brackets then N closing ones
  head -c "$1" /dev/zero | tr '\0' "$2"
  head -c "$1" /dev/zero | tr '\0' "$3"
}
{ printf 'metadata: '; deep 100000 '[' ']'; echo; } >"$tmp/deep-flow.yaml"
# Block nesting: 100,000 levels of "- " on one line (a list inside a list ...).
{ head -c 100000 /dev/zero | sed 's/\x0/- /g'; echo x; } >"$tmp/deep-block.yaml"
{ printf '{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":'; deep 100000 '[' ']'; printf '}'; } \
  >"$tmp/deep.json"
deep_patch=$(printf '{"spec":'; head -c 100000 /dev/zero | tr '\0' '['; head -c 100000 /dev/zero | tr '\0' ']'; printf '}')
deep_obj_patch=$(printf '{"spec":'; awk 'BEGIN { for (i = 0; i < 50000; i++) printf "{\"a\":"; printf "1"; for (i = 0; i < 50000; i++) printf "}" }'; printf '}')
truncate -s 100M "$tmp/huge.yaml"                      # 100 MB of NULs
{ echo "$svc"; head -c $((100 * 1024 * 1024)) /dev/zero | tr '\0' ' '; } >"$tmp/huge-spaces.yaml" 2>/dev/null
printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: w\0eb\n' >"$tmp/nul.yaml"
printf 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "w\xff\xfeeb"\n' >"$tmp/utf8.yaml"
printf '\xef\xbb\xbf\xff\xfe\x00\x00garbage' >"$tmp/binary.yaml"
printf '%s\n' "$svc" '    nodePort: 99999999999999999999999999' >"$tmp/bigport.yaml"
printf '%s\n' "$svc" '  clusterIP: 10.0.0.0/999' '  clusterIPs: ["::ffff:1.2.3.4%eth0", "1.2.3.4.5"]' >"$tmp/badips.yaml"
cat >"$tmp/case.yaml" <<'CASE'
apiVersion: kdual/v1
kind: GoldenCase
name: hostile-capture
source: {from: handwritten, kubernetes: v1.37.2}
cluster:
  kube-apiserver: {service-cluster-ip-range: 10.96.0.0/16}
steps:
  - op: create
    object:
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: default}
      spec: {ports: [{port: 80}]}
CASE
mkdir -p "$tmp/case-dir"
cp "$tmp/bomb.yaml" "$tmp/case-dir/bomb.yaml"

# --- kdual run / lint ---------------------------------------------------------
for f in bomb deep-flow deep-block deep.json huge huge-spaces nul utf8 binary; do
  file=$tmp/$f
  [ -f "$file" ] || file=$tmp/$f.yaml
  hostile "run $f" "$file" "$kdual" run "$file"
  hostile "lint $f" "$file" "$kdual" lint "$file"
done
hostile "run: bomb in a folder" "bomb.yaml" "$kdual" run "$tmp/case-dir"
hostile "run: /dev/zero" "/dev/zero" "$kdual" run /dev/zero
hostile "lint: /dev/zero" "/dev/zero" "$kdual" lint /dev/zero

# --- kdual create / update -f -------------------------------------------------
for f in bomb deep-flow deep-block deep.json huge huge-spaces binary bigport; do
  file=$tmp/$f
  [ -f "$file" ] || file=$tmp/$f.yaml
  hostile "create -f $f" "$file" "$kdual" create -f "$file"
done
# NULs and invalid UTF-8 are refused by the YAML reader, as kubectl's
# (gopkg.in/yaml.v2 readerc.go) refuses them before anything is sent; bad
# IPs are read, then refused by the server's validation as kubectl prints it.
hostile "create -f nul" "control characters are not allowed" "$kdual" create -f "$tmp/nul.yaml"
hostile "create -f utf8" "invalid leading UTF-8 octet" "$kdual" create -f "$tmp/utf8.yaml"
hostile "create -f badips" "is invalid" "$kdual" create -f "$tmp/badips.yaml"
hostile "update -f bomb" "bomb.yaml" "$kdual" update -f "$tmp/bomb.yaml"
# A folder is read as kubectl reads one: each manifest in it, under the
# same limits.
hostile "create -f folder" "bomb.yaml" "$kdual" create -f "$tmp/case-dir"
hostile "create -f missing" "No such file or directory" "$kdual" create -f "$tmp/nope.yaml"
# A folder with a symbolic link to itself: read once, not followed (-R).
mkdir -p "$tmp/loop-dir"
printf '%s\n' "$svc" >"$tmp/loop-dir/svc.yaml"
ln -s . "$tmp/loop-dir/again"
bounded "create -f folder -R with a link loop" "$kdual" create -f "$tmp/loop-dir" -R --dry-run=server
# A static-pod manifest is read under the same limits.
hostile "--from-manifest: alias bomb" "bomb.yaml" "$kdual" create namespace x --from-manifest "$tmp/bomb.yaml"
hostile "--from-manifest: /dev/zero" "over the limit" "$kdual" create namespace x --from-manifest /dev/zero
# Aliases split across many documents share one budget.
{
  echo 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
  for i in 1 2 3; do
    echo "a$i: &a$i [*a$((i - 1)),*a$((i - 1)),*a$((i - 1)),*a$((i - 1)),*a$((i - 1)),*a$((i - 1)),*a$((i - 1)),*a$((i - 1)),*a$((i - 1)),*a$((i - 1))]"
  done
  for i in $(seq 1 40); do
    echo '---'
    echo 'x0: &x0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
    echo 'x1: &x1 [*x0,*x0,*x0,*x0,*x0,*x0,*x0,*x0,*x0,*x0]'
    echo 'x2: &x2 [*x1,*x1,*x1,*x1,*x1,*x1,*x1,*x1,*x1,*x1]'
    echo 'x3: &x3 [*x2,*x2,*x2,*x2,*x2,*x2,*x2,*x2,*x2,*x2]'
  done
} >"$tmp/split-bomb.yaml"
hostile "create -f: alias bomb split across documents" "budget" "$kdual" create -f "$tmp/split-bomb.yaml"
hostile "create -f /dev/zero" "over the limit" "$kdual" create -f /dev/zero
head -c $((100 * 1024 * 1024)) /dev/zero >"$tmp/stdin"
hostile "create -f - (100 MB on stdin)" "STDIN" "$kdual" create -f -
cp "$tmp/bomb.yaml" "$tmp/stdin"
hostile "create -f - (alias bomb on stdin)" "STDIN" "$kdual" create -f -
cp "$tmp/deep.json" "$tmp/stdin"
hostile "create -f - (deep JSON on stdin)" "STDIN" "$kdual" create -f -

# --- kdual patch -p -------------------------------------------------------------
st=$tmp/state.json
printf '%s\n' "$svc" >"$tmp/svc.yaml"
"$kdual" create -f "$tmp/svc.yaml" --state "$st" --service-cluster-ip-range 10.96.0.0/16 >/dev/null 2>&1 ||
  { echo "FAIL setup: create for the patch checks"; failures=$((failures + 1)); }
# Too long for one argument: through --patch-file, as kubectl takes it.
printf '%s' "$deep_patch" >"$tmp/deep-patch.json"
printf '%s' "$deep_obj_patch" >"$tmp/deep-obj-patch.json"
hostile "patch: 100k-deep JSON array" "deep-patch.json" "$kdual" patch web --patch-file "$tmp/deep-patch.json" --state "$st"
for t in merge strategic json; do
  hostile "patch: 50k-deep JSON object ($t)" "deep-obj-patch.json" \
    "$kdual" patch web --type "$t" --patch-file "$tmp/deep-obj-patch.json" --state "$st"
done
hostile "patch: 20k-deep JSON array in -p" "--patch" "$kdual" patch web -p "$(printf '{"spec":'; deep 20000 '[' ']'; printf '}')" --state "$st"
hostile "patch: 100 MB --patch-file" "over the limit" "$kdual" patch web --patch-file "$tmp/huge.yaml" --state "$st"
hostile "patch: --patch-file is a folder" "is a directory" "$kdual" patch web --patch-file "$tmp/case-dir" --state "$st"
hostile "patch: alias bomb" "--patch" "$kdual" patch web -p "$(cat "$tmp/bomb.yaml")" --state "$st"
hostile "patch: invalid UTF-8" "invalid leading UTF-8 octet" "$kdual" patch web -p "$(printf '{"metadata":{"labels":{"a":"\xff"}}}')" --state "$st"

# --- --state FILE -----------------------------------------------------------------
hostile "--state: 100 MB file" "over the limit" "$kdual" get --state "$tmp/huge.yaml"
hostile "--state: deep JSON" "state file" "$kdual" get --state "$tmp/deep.json"
hostile "--state: a folder" "is a directory" "$kdual" get --state "$tmp/case-dir"
printf '{"kind":"KdualEngineState","release":"v1.37.2","cluster":{"kube-apiserver":{"service-cluster-ip-range":"10.0.0.0/999"}},"log":[]}' >"$tmp/badstate.json"
hostile "--state: absurd CIDR inside" "badstate.json: the control plane does not start: service-cluster-ip-range[0] is not a valid cidr" "$kdual" get --state "$tmp/badstate.json"

# --- absurd flags -----------------------------------------------------------------
for r in 10.0.0.0/999 1.2.3.4/33 "10.96.0.0/16,10.97.0.0/16,fd00::/112" \
  "$(head -c 100000 /dev/zero | tr '\0' '1')" "10.96.0.0/16%eth0" "10.96.0.0/16,,fd00::/112"; do
  hostile "create: --service-cluster-ip-range ${r:0:40}" "service-cluster-ip-range" \
    "$kdual" create -f "$tmp/svc.yaml" --service-cluster-ip-range "$r"
done
# Huge but well-formed ranges: the component decides; kdual must not hang
# walking them.
for r in 0.0.0.0/0 ::/0 "10.96.0.0/16,fd00::/1" "::/0,0.0.0.0/0" 10.0.0.0/8 ""; do
  bounded "create: --service-cluster-ip-range ${r:-(empty)}" \
    "$kdual" create -f "$tmp/svc.yaml" --service-cluster-ip-range "$r"
done
for r in 1-65535 30000 0-0; do
  bounded "create: --service-node-port-range $r" \
    "$kdual" create -f "$tmp/svc.yaml" --service-cluster-ip-range 10.96.0.0/16 --service-node-port-range "$r"
done
for r in 0-99999999999999999999 -5-3 30000-29999 x-y 65535-65536; do
  hostile "create: --service-node-port-range $r" "service-node-port-range" \
    "$kdual" create -f "$tmp/svc.yaml" --service-cluster-ip-range 10.96.0.0/16 --service-node-port-range "$r"
done

# --- kubeconfigs ------------------------------------------------------------------
kubeconfig() {  # kubeconfig FILE SERVER [CA-DATA]
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "current-context: kind-hostile"
    echo "clusters:"
    echo "- name: kind-hostile"
    echo "  cluster:"
    echo "    server: $2"
    [ -n "${3:-}" ] && echo "    certificate-authority-data: $3"
    echo "contexts:"
    echo "- name: kind-hostile"
    echo "  context: {cluster: kind-hostile, user: u}"
    echo "users:"
    echo "- name: u"
    echo "  user: {token: not-a-secret}"
  } >"$1"
}
# A closed port: one bound and released, so nothing listens there.
closed_port=$(( (RANDOM % 1000) + 20000 ))
kubeconfig "$tmp/closed.kubeconfig" "https://127.0.0.1:$closed_port"
kubeconfig "$tmp/badbase64-ca.kubeconfig" "https://127.0.0.1:$closed_port" '!!!not base64!!!'
cp "$tmp/bomb.yaml" "$tmp/bomb.kubeconfig"
hostile "cluster-info --kubeconfig closed port" "127.0.0.1:$closed_port" \
  "$kdual" cluster-info --kubeconfig "$tmp/closed.kubeconfig"
for k in badbase64-ca bomb; do
  hostile "cluster-info --kubeconfig $k" "$k.kubeconfig" "$kdual" cluster-info --kubeconfig "$tmp/$k.kubeconfig"
done
hostile "cluster-info: kubeconfig is /dev/zero" "/dev/zero" "$kdual" cluster-info --kubeconfig /dev/zero
hostile "cluster-info: 100 MB kubeconfig" "over the limit" "$kdual" cluster-info --kubeconfig "$tmp/huge.yaml"
hostile "diff --kubeconfig closed port" "127.0.0.1:$closed_port" \
  "$kdual" diff --kubeconfig "$tmp/closed.kubeconfig" --cases 5 --service-cluster-ip-range 10.96.0.0/16
hostile "capture --kubeconfig closed port" "127.0.0.1:$closed_port" \
  "$kdual" capture --kubeconfig "$tmp/closed.kubeconfig" --out "$tmp/out-cases" "$tmp/case.yaml"
hostile "capture: alias bomb scenario" "bomb.yaml" \
  "$kdual" capture --kubeconfig "$tmp/closed.kubeconfig" --out "$tmp/out-cases" "$tmp/case.yaml" "$tmp/bomb.yaml"
hostile "capture: 100 MB scenario" "huge.yaml" \
  "$kdual" capture --version 1.37 --out "$tmp/out-cases" "$tmp/huge.yaml"
hostile "capture: deep scenario" "deep-flow.yaml" \
  "$kdual" capture --version 1.37 --out "$tmp/out-cases" "$tmp/deep-flow.yaml"

# A server whose certificate the kubeconfig's CA did not sign.
if command -v openssl >/dev/null; then
  (
    cd "$tmp" || exit 1
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 2 -subj /CN=kdual-test-ca 2>/dev/null
    openssl req -x509 -newkey rsa:2048 -nodes -keyout srv.key -out srv.crt -days 2 -subj /CN=127.0.0.1 2>/dev/null
  )
  port=$(( (RANDOM % 1000) + 21000 ))
  openssl s_server -accept "$port" -cert "$tmp/srv.crt" -key "$tmp/srv.key" -www -quiet >/dev/null 2>&1 &
  server_pid=$!
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  kubeconfig "$tmp/badcert.kubeconfig" "https://127.0.0.1:$port" "$(base64 -w0 <"$tmp/ca.crt")"
  hostile "cluster-info: server certificate not signed by the CA" "certificate" \
    "$kdual" cluster-info --kubeconfig "$tmp/badcert.kubeconfig"
  hostile "diff: server certificate not signed by the CA" "certificate" \
    "$kdual" diff --kubeconfig "$tmp/badcert.kubeconfig" --cases 5 --service-cluster-ip-range 10.96.0.0/16
  kubeconfig "$tmp/garbage-ca.kubeconfig" "https://127.0.0.1:$port" "bm90IGEgY2VydGlmaWNhdGU="
  hostile "cluster-info: CA data that is no certificate" "garbage-ca.kubeconfig" \
    "$kdual" cluster-info --kubeconfig "$tmp/garbage-ca.kubeconfig"
fi

echo "hostile inputs: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
