#!/usr/bin/env bash
# Checks the kdual command as a user meets it: exit codes, --help, the diff of
# a deliberately broken case, the summary line and the report formats.
# Usage: kdual_cli_test.sh KDUAL GOLDEN_DIR
set -uo pipefail
kdual=$1
golden=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

check() {  # check NAME WANT_EXIT COMMAND... ; output in $tmp/out
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>&1
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; sed 's/^/  /' "$tmp/out"; failures=$((failures + 1))
  fi
}
expect_text() {  # expect_text NAME TEXT: $tmp/out must contain TEXT
  if ! grep -qF -- "$2" "$tmp/out"; then
    echo "FAIL $1: output lacks: $2"; sed 's/^/  /' "$tmp/out"; failures=$((failures + 1))
  fi
}

check "no command" 2 "$kdual"
check "--version" 0 "$kdual" --version
expect_text "--version" "Kubernetes releases: v1."
check "version" 0 "$kdual" version
expect_text "version" "kdual 0."
check "unknown command" 2 "$kdual" frobnicate
for cmd in run lint versions; do
  check "$cmd --help" 0 "$kdual" "$cmd" --help
  expect_text "$cmd --help" "Usage: kdual $cmd"
done
check "run: unknown flag" 2 "$kdual" run --bogus "$golden"
expect_text "run: unknown flag" "unknown flag --bogus"
check "run: missing path" 2 "$kdual" run "$tmp/nope"
check "run: no path" 2 "$kdual" run
check "run: bad version" 2 "$kdual" run --version 9.99 "$golden"
check "run: bad output" 2 "$kdual" run -o xml "$golden"
for cmd in create update patch apply delete get; do
  check "$cmd --help" 0 "$kdual" "$cmd" --help
  expect_text "$cmd --help" "kdual $cmd"
done
# A sequence over a state file: create, a duplicate (refused as kubectl
# says it), an invalid patch, get as a table, delete.
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}], type: NodePort}\n' >"$tmp/svc.yaml"
st=$tmp/state.json
check "create" 0 "$kdual" create -f "$tmp/svc.yaml" --state "$st" --service-cluster-ip-range 10.96.0.0/16
expect_text "create" "service/web created"
check "create again" 1 "$kdual" create -f "$tmp/svc.yaml" --state "$st"
expect_text "create again" "Error from server (AlreadyExists): error when creating \"$tmp/svc.yaml\": services \"web\" already exists"
check "patch invalid" 1 "$kdual" patch web -p '{"spec":{"ipFamilies":["IPv5"]}}' --state "$st"
expect_text "patch invalid" 'The Service "web" is invalid: spec.ipFamilies[0]: Unsupported value: "IPv5"'
# Server-side apply: the creator ("kdual", an Update) owns targetPort, so
# another manager's change conflicts until forced; an apply needs --server-side.
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80, targetPort: 9090}]}\n' >"$tmp/apply.yaml"
check "apply conflict" 1 "$kdual" apply --server-side -f "$tmp/apply.yaml" --state "$st"
expect_text "apply conflict" 'Apply failed with 1 conflict: conflict with "kdual" using v1: .spec.ports[port=80,protocol="TCP"].targetPort'
check "apply forced" 0 "$kdual" apply --server-side --force-conflicts -f "$tmp/apply.yaml" --state "$st" \
  -o jsonpath='{.spec.ports[0].targetPort}'
expect_text "apply forced" "9090"
check "apply without --server-side" 2 "$kdual" apply -f "$tmp/apply.yaml" --state "$st"
expect_text "apply without --server-side" "pass --server-side"
check "get" 0 "$kdual" get --state "$st"
expect_text "get" "80:3"
check "get -o yaml" 0 "$kdual" get web -o yaml --state "$st"
expect_text "get -o yaml" "  - 10.96."
check "delete" 0 "$kdual" delete web --state "$st"
check "get deleted" 1 "$kdual" get web --state "$st"
expect_text "get deleted" 'Error from server (NotFound): services "web" not found'
# Flags as strict as the component: a flag kube-apiserver does not have is
# refused with its own words; one range given twice is refused; a range left
# out is said to take the component's default.
check "create: unknown apiserver flag" 1 "$kdual" create -f "$tmp/svc.yaml" \
  --apiserver-flag service-cluster-ip-ranges=10.96.0.0/16
expect_text "create: unknown apiserver flag" "the control plane does not start: unknown flag: --service-cluster-ip-ranges"
check "create: a range given twice" 2 "$kdual" create -f "$tmp/svc.yaml" --service-cluster-ip-range 10.96.0.0/16 \
  --apiserver-flag service-cluster-ip-range=10.97.0.0/16
expect_text "create: a range given twice" "--service-cluster-ip-range is given twice"
check "create: default range" 0 "$kdual" create -f "$tmp/svc.yaml" --version 1.33
expect_text "create: default range" "no --service-cluster-ip-range: kube-apiserver v1.33.13 uses its default 10.0.0.0/24"
check "explain --help" 0 "$kdual" explain --help
check "explain create" 0 "$kdual" explain create -f "$tmp/svc.yaml" --service-cluster-ip-range 10.96.0.0/16,fd00::/112 -o name
expect_text "explain create" "ipFamilyPolicy unset: SingleStack, the default"
expect_text "explain create" "from the upper (dynamic) band of 10.96.0.0/16"
expect_text "explain create" "[validation.go ValidateServiceCreate] passes"
expect_text "explain create" "Answer: 201"
check "explain get" 2 "$kdual" explain get web
echo '{"kind": 1' >"$tmp/bad.json"
check "bad state file" 1 "$kdual" get --state "$tmp/bad.json"
expect_text "bad state file" "$tmp/bad.json: not a kdual state file"
check "missing manifest" 1 "$kdual" create -f "$tmp/nope.yaml"
expect_text "missing manifest" "nope.yaml"

check "capture --help" 0 "$kdual" capture --help
expect_text "capture --help" "Usage: kdual capture"
check "capture: bad --runs" 2 "$kdual" capture --version 1.37 --out "$tmp/cap" --runs 0 "$golden"
expect_text "capture: bad --runs" 'wants a number from 1 to 100, not "0"'


# A deliberately broken copy of a real case: readable diff, exit 1.
mkdir -p "$tmp/golden/1.33/families"
sed 's/ipFamilies: \[IPv4, IPv6\]/ipFamilies: [IPv6, IPv4]/' \
  "$golden/1.33/families/prefer-dual-on-dual-cluster.yaml" \
  >"$tmp/golden/1.33/families/prefer-dual-on-dual-cluster.yaml"
check "run: broken case" 1 "$kdual" run "$tmp/golden"
expect_text "run: broken case" "FAIL 1.33/families/prefer-dual-on-dual-cluster (v1.33.13)"
expect_text "run: broken case" 'steps[0] create: spec.ipFamilies[0]: expected "IPv6", got "IPv4"'
expect_text "run: broken case" "0 passed, 1 failed, 0 skipped"
check "run: broken case, junit" 1 "$kdual" run -o junit "$tmp/golden"
expect_text "run: broken case, junit" '<failure message="failed">'
check "run: broken case, json" 1 "$kdual" run -o json "$tmp/golden"
expect_text "run: broken case, json" '"failed": 1'

# Listed as a known failure: skipped, exit 0; once fixed, the list is stale.
line=$("$kdual" run "$tmp/golden" | sed -n 's/^  \(steps\[0\] create: .*\)$/\1/p' | head -1)
printf '1.33/families/prefer-dual-on-dual-cluster\t%s\ttest\n' "$line" >"$tmp/golden/1.33/KNOWN_FAILURES"
check "run: known failure" 0 "$kdual" run "$tmp/golden"
expect_text "run: known failure" "1 known failures"
expect_text "run: known failure" "0 passed, 0 failed, 1 skipped"
cp "$golden/1.33/families/prefer-dual-on-dual-cluster.yaml" "$tmp/golden/1.33/families/"
check "run: stale known failure" 1 "$kdual" run "$tmp/golden"
expect_text "run: stale known failure" "stale known failure"
check "run: update known failures" 0 "$kdual" run --update-known-failures "$tmp/golden"
check "run: after update" 0 "$kdual" run "$tmp/golden"

# A malformed file is a failed case; the run goes on to the next.
printf 'apiVersion: kdual/v1\nkind: GoldenCase\nname: m\nsource: {from: handwritten, kubernetes: v1.33.13}\nsteps:\n  - op: frob\n' \
  >"$tmp/golden/1.33/families/malformed.yaml"
check "run: malformed case" 1 "$kdual" run "$tmp/golden"
expect_text "run: malformed case" "malformed.yaml:6: steps[0].op: unknown op \"frob\""
expect_text "run: malformed case" "1 passed, 1 failed, 0 skipped"
check "lint: malformed case" 1 "$kdual" lint "$tmp/golden"
expect_text "lint: malformed case" "schema: /steps/0/op: must be one of"

check "lint: the corpus" 0 "$kdual" lint "$golden"
check "versions" 0 "$kdual" versions
expect_text "versions" "v1.33.13"
check "versions diff: markdown" 0 "$kdual" versions diff 1.29 1.33 "$golden/1.29/validation" -o markdown
expect_text "versions diff: markdown" "# What changes from v1.29.15 to v1.33.13"
check "versions diff: json" 0 "$kdual" versions diff 1.29 1.33 "$golden/1.29/validation" -o json
expect_text "versions diff: json" '"casesDiffering":'
check "versions diff: one release" 2 "$kdual" versions diff 1.29
check "versions diff: unknown release" 2 "$kdual" versions diff 1.29 9.99

if [ "$failures" -gt 0 ]; then
  echo "$failures checks failed"
  exit 1
fi
echo "kdual CLI: all checks passed"
