#!/usr/bin/env bash
# The GitHub workflows checked by actionlint (a Go module: run with go run,
# so it needs only Go), shellcheck included where it is installed.
#
# Usage: workflows_test.sh SOURCE_DIR
# Exit 0: clean; 1: findings; 77: skipped (no Go).
set -uo pipefail
src=${1:?usage: workflows_test.sh SOURCE_DIR}
if ! command -v go >/dev/null 2>&1; then
  echo "skipped: no Go"
  exit 77
fi
cd "$src" || exit 1
GOFLAGS='' go run github.com/rhysd/actionlint/cmd/actionlint@v1.7.7 .github/workflows/*.yml
