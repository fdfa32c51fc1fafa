#!/usr/bin/env bash
# The engine's profiles against the real servers, release pair by release
# pair: the cases whose answers differ between two releases on the engine
# must be exactly those whose captured answers differ between the two real
# servers (dynamic picks aside, which captures cannot show). A profile that
# misses a change, or invents one, fails this.
# Usage: diff_of_diffs_test.sh KDUAL GOLDEN_DIR
set -uo pipefail
kdual=${1:?usage: diff_of_diffs_test.sh KDUAL GOLDEN_DIR}
golden=${2:?usage: diff_of_diffs_test.sh KDUAL GOLDEN_DIR}
failed=0
pairs=()
minors=()
for d in "$golden"/*/; do
  m=$(basename "$d")
  [[ $m =~ ^[0-9]+\.[0-9]+$ ]] && minors+=("$m")
done
mapfile -t minors < <(printf '%s\n' "${minors[@]}" | sort -t. -k1,1n -k2,2n)
for ((i = 0; i + 1 < ${#minors[@]}; i++)); do pairs+=("${minors[i]} ${minors[i + 1]}"); done
[ ${#minors[@]} -ge 2 ] && pairs+=("${minors[0]} ${minors[-1]}")
for pair in "${pairs[@]}"; do
  read -r a b <<<"$pair"
  out=$("$kdual" versions diff "$a" "$b" "$golden/$a") || { echo "FAIL $a -> $b: kdual versions diff failed"; failed=1; continue; }
  summary=$(printf '%s\n' "$out" | sed -n 2p)
  if printf '%s' "$summary" | grep -q ' 0 predicted by the engine but not shown by the servers' &&
    printf '%s' "$summary" | grep -q ' 0 shown by the servers but not predicted'; then
    echo "ok   $a -> $b: $(printf '%s\n' "$out" | sed -n 1p | sed 's/^kdual versions diff //')"
  else
    echo "FAIL $a -> $b: $summary"
    printf '%s\n' "$out" | sed -n '/not predicted by the engine/,$p'
    failed=1
  fi
done
exit "$failed"
