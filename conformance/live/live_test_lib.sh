# Sourced by the live tests that start a local reference control plane: the
# skip rules every one of them shares (exit 77 is ctest's SKIP_RETURN_CODE)
# and their one way to report a check.
# shellcheck shell=bash

# live_require_go: the reference servers are built from Go modules.
live_require_go() {
  if ! command -v go >/dev/null 2>&1; then
    echo "skipped: no Go"
    exit 77
  fi
}

# live_require_binaries LOCAL_CLUSTER VERSION: builds the release's
# reference binaries (cached) or skips.
live_require_binaries() {
  if ! "$1" build "$2" >/dev/null 2>&1; then
    echo "skipped: no reference binaries for $2"
    exit 77
  fi
}

# live_require_tools TOOL...: skips when one is missing.
live_require_tools() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "skipped: no $tool"
      exit 77
    fi
  done
}

# check WHAT COMMAND...: runs COMMAND, prints "ok   WHAT" or "FAIL WHAT";
# a failure sets failed=1 and the test goes on.
# shellcheck disable=SC2034  # read by the test that sources this file
failed=0
check() {
  local what=$1
  shift
  if "$@"; then
    echo "ok   $what"
  else
    echo "FAIL $what"
    # shellcheck disable=SC2034
    failed=1
  fi
}

# kdual_namespaces STATE_DIR UPSTREAM TOKEN: how many kdual-* namespaces the
# control plane has (read as its admin, past any proxy).
kdual_namespaces() {
  curl -fsS --cacert "$1/certs/ca.crt" -H "Authorization: Bearer $3" "$2/api/v1/namespaces" |
    python3 -c 'import json,sys; print(sum(1 for n in json.load(sys.stdin)["items"] if n["metadata"]["name"].startswith("kdual-")))'
}
