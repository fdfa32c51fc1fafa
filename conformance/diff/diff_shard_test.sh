#!/usr/bin/env bash
# kdual diff --shard K/N and kdual diff merge, without a server: N shards
# write exactly the cases of one unsharded run (names and contents), and
# merging shard reports sums the counts and keeps a repeated divergence once.
#
# Usage: diff_shard_test.sh KDUAL
set -uo pipefail
kdual=${1:?usage: diff_shard_test.sh KDUAL}
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-shard.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; failed=1; }

"$kdual" diff --version 1.37 --cases 60 --seed 7 --write-cases "$work/all" >/dev/null || bad "unsharded --write-cases"
for k in 1 2 3; do
  "$kdual" diff --version 1.37 --cases 60 --seed 7 --shard "$k/3" --write-cases "$work/shard$k" >/dev/null ||
    bad "shard $k/3 --write-cases"
done
mkdir -p "$work/joined"
cp "$work"/shard*/*.yaml "$work/joined/"
if diff -r "$work/all" "$work/joined" >/dev/null; then ok "three shards write exactly the unsharded cases"; else bad "the shards' cases differ from the unsharded run's"; fi
n1=$(find "$work/shard1" -name '*.yaml' | wc -l)
if [ "$n1" = 20 ]; then ok "a shard holds its third"; else bad "shard 1/3 holds $n1 cases, wanted 20"; fi
if "$kdual" diff --version 1.37 --cases 6 --shard 4/3 --write-cases "$work/x" >/dev/null 2>&1; then
  bad "--shard 4/3 is refused"
else
  ok "--shard 4/3 is refused"
fi

cat >"$work/a.json" <<'JSON'
{"target": "t", "serverVersion": "v1.37.2", "planned": 10, "checked": 10, "agreed": 9, "seconds": 5,
 "divergences": [{"name": "d1", "flagSet": "f", "mismatches": ["steps[0] create: spec.x: expected 1, got 2"]}],
 "nonDeterministic": [], "interference": [], "notChecked": [], "stopped": ""}
JSON
cat >"$work/b.json" <<'JSON'
{"target": "t", "serverVersion": "v1.37.2", "planned": 10, "checked": 9, "agreed": 8, "seconds": 7,
 "divergences": [{"name": "d2", "flagSet": "f", "mismatches": ["steps[0] create: spec.x: expected 1, got 2"]}],
 "nonDeterministic": [], "interference": [], "notChecked": [{"case": "c", "flagSet": "f", "why": "w"}], "stopped": ""}
JSON
"$kdual" diff merge -o json "$work/a.json" "$work/b.json" >"$work/merged.json"
rc=$?
if [ "$rc" = 1 ]; then ok "merge exits 1 when a shard diverged"; else bad "merge exited $rc, wanted 1"; fi
if python3 - "$work/merged.json" <<'PY'; then ok "merged counts and folded divergence"; else bad "merged report"; fi
import json, sys
m = json.load(open(sys.argv[1]))
assert m["planned"] == 20 and m["checked"] == 19 and m["agreed"] == 17, m
assert len(m["divergences"]) == 1 and m["divergences"][0]["seen"] == 2, m["divergences"]
assert m["seconds"] == 7 and len(m["notChecked"]) == 1 and m["shards"] == 2
PY
echo '{"x": 1}' >"$work/c.json"
if "$kdual" diff merge "$work/c.json" >"$work/out" 2>&1; then
  bad "a non-report is refused"
else
  if grep -q "not a kdual diff JSON report" "$work/out"; then ok "a non-report is refused, named"; else bad "refusal text"; fi
fi
exit "$failed"
