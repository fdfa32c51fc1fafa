#!/usr/bin/env bash
# golden/RENAMED lists case ids that moved (old id, a tab, new id). An id is
# never reused: no old id may be a case file again, and every new id must be.
set -euo pipefail
golden=${1:?usage: renamed_test.sh GOLDEN_DIR}
list=$golden/RENAMED
[ -f "$list" ] || { echo "no $list"; exit 1; }
bad=0 n=0
while IFS=$'\t' read -r old new rest; do
  case $old in ''|'#'*) continue ;; esac
  n=$((n + 1))
  if [ -z "$new" ] || [ -n "$rest" ]; then
    echo "$list: '$old': want two ids separated by one tab"; bad=1; continue
  fi
  if [ -e "$golden/$old.yaml" ]; then echo "$list: old id $old is a case again"; bad=1; fi
  if [ ! -f "$golden/$new.yaml" ]; then echo "$list: new id $new has no case file"; bad=1; fi
done <"$list"
echo "$n renamed ids checked"
exit $bad
