#!/usr/bin/env bash
# Runs every `console` block of docs/user-guide.md: each "$ " line as a
# command (kdual on PATH, in a scratch folder with the guide's `# file:`
# blocks and a link to golden/), and compares its stdout with the lines
# that follow it.
#
# Usage: examples_test.sh KDUAL SOURCE_DIR
set -uo pipefail
kdual=${1:?usage: examples_test.sh KDUAL SOURCE_DIR}
src=${2:?usage: examples_test.sh KDUAL SOURCE_DIR}
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-examples.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/run"
ln -s "$(cd "$(dirname "$kdual")" && pwd)/$(basename "$kdual")" "$work/bin/kdual"
ln -s "$src/golden" "$work/run/golden"
cp "$src/conformance/doctor/testdata/minikube-v1.31-ps-ef.txt" "$work/run/ps.txt"

python3 - "$src/docs/user-guide.md" "$work" <<'PY'
import os, subprocess, sys
guide, work = sys.argv[1], sys.argv[2]
run = os.path.join(work, "run")
env = dict(os.environ, PATH=os.path.join(work, "bin") + ":" + os.environ["PATH"])
lines = open(guide).read().split("\n")
blocks, i = [], 0
while i < len(lines):
    if lines[i].startswith("```"):
        kind = lines[i][3:].strip()
        j = i + 1
        while not lines[j].startswith("```"):
            j += 1
        blocks.append((kind, lines[i + 1:j]))
        i = j
    i += 1
failed = 0
for kind, body in blocks:
    if body and body[0].startswith("# file: "):
        open(os.path.join(run, body[0][8:].strip()), "w").write("\n".join(body[1:]) + "\n")
for kind, body in blocks:
    if kind != "console":
        continue
    k = 0
    while k < len(body):
        cmd = body[k][2:]
        k += 1
        want = []
        while k < len(body) and not body[k].startswith("$ "):
            want.append(body[k])
            k += 1
        got = subprocess.run(["bash", "-c", cmd], cwd=run, env=env, capture_output=True, text=True).stdout
        if got.rstrip("\n").split("\n") == want:
            print("ok   $ " + cmd[:90])
        else:
            failed = 1
            print("FAIL $ " + cmd)
            print("     want: " + "\n           ".join(want))
            print("     got:  " + "\n           ".join(got.rstrip("\n").split("\n")))
sys.exit(failed)
PY
