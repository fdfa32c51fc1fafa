#!/usr/bin/env bash
# Every relative link in README.md and docs/*.md resolves to a file or folder
# of the repository (anchors and web addresses are not checked), and no
# project document points outside the repository.
# Usage: links_test.sh REPO_ROOT
set -uo pipefail
root=${1:?usage: links_test.sh REPO_ROOT}
cd "$root" || exit 2
failures=0
for doc in README.md docs/*.md scenarios/README.md; do
  [ -f "$doc" ] || continue
  dir=$(dirname "$doc")
  # [text](target) links; the target up to a space, ')' or '#'.
  while IFS= read -r target; do
    case "$target" in
      http://*|https://*|mailto:*|'#'*|'') continue ;;
    esac
    path=${target%%#*}
    if [ ! -e "$dir/$path" ]; then
      echo "FAIL $doc: link to $target does not resolve"
      failures=$((failures + 1))
    fi
    case "$(realpath -m "$dir/$path")" in
      "$(pwd)"/*) ;;
      *) echo "FAIL $doc: link to $target leaves the repository"; failures=$((failures + 1)) ;;
    esac
  done < <(grep -oE '\]\([^) ]+\)' "$doc" | sed -E 's/^\]\(//; s/\)$//')
done
if [ "$failures" -gt 0 ]; then
  echo "$failures broken links"
  exit 1
fi
echo "links: all resolve"
