#!/usr/bin/env bash
# README.md carries `kdual versions matrix -o markdown` between two markers;
# this fails when the table is stale (a behaviour change added, moved or
# reworded, a release pinned) and prints the command that rewrites it.
# Usage: matrix_in_readme_test.sh KDUAL README
set -uo pipefail
kdual=${1:?usage: matrix_in_readme_test.sh KDUAL README}
readme=${2:?usage: matrix_in_readme_test.sh KDUAL README}
begin='<!-- kdual versions matrix: begin -->'
end='<!-- kdual versions matrix: end -->'
if ! grep -qF -- "$begin" "$readme" || ! grep -qF -- "$end" "$readme"; then
  echo "FAIL: $readme lacks the markers '$begin' and '$end'"
  exit 1
fi
want=$("$kdual" versions matrix -o markdown) || { echo "FAIL: kdual versions matrix failed"; exit 1; }
have=$(awk -v b="$begin" -v e="$end" '$0 == e {on = 0} on {print} $0 == b {on = 1}' "$readme")
if [ "$want" != "$have" ]; then
  echo "FAIL: the table in $readme is not the output of kdual versions matrix -o markdown:"
  diff <(printf '%s\n' "$have") <(printf '%s\n' "$want") | head -40
  echo "Rewrite it with: scripts/versions-matrix"
  exit 1
fi
echo "ok: $readme carries the versions matrix ($(printf '%s\n' "$want" | grep -c '^| v1') changes)"
