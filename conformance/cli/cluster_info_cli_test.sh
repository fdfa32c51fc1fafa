#!/usr/bin/env bash
# Checks `kdual cluster-info` without a cluster: its help, usage errors
# (exit 2), a missing kubeconfig and an unreachable server (exit 1, with a
# message naming the file or the server).
#
# Usage: cluster_info_cli_test.sh KDUAL
set -uo pipefail

kdual=${1:?usage: cluster_info_cli_test.sh KDUAL}
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-cluster-info-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT

failed=0
expect() {  # expect WHAT EXIT_CODE PATTERN -- COMMAND...
  local what=$1 code=$2 pattern=$3
  shift 4
  "$@" >"$work/out" 2>&1
  local rc=$?
  if [ "$rc" = "$code" ] && grep -q -- "$pattern" "$work/out"; then
    echo "ok   $what"
  else
    echo "FAIL $what (exit $rc, wanted $code and /$pattern/):"
    sed 's/^/     /' "$work/out"
    failed=1
  fi
}

expect "--help describes the sources" 0 "kubeadm-config ConfigMap" -- "$kdual" cluster-info --help
expect "the command is listed" 0 "cluster-info" -- "$kdual" --help
expect "a bad -o is a usage error" 2 'must be text, yaml or json, not "wide"' -- \
  "$kdual" cluster-info -o wide
expect "an unknown flag is a usage error" 2 'unknown argument "--bogus"' -- "$kdual" cluster-info --bogus
expect "a missing kubeconfig names the file" 1 "$work/none" -- \
  "$kdual" cluster-info --kubeconfig "$work/none"

# Port 1 on loopback: nothing listens there.
cat >"$work/kubeconfig" <<'YAML'
apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:1
    insecure-skip-tls-verify: true
users:
- name: u
  user:
    token: not-a-secret
contexts:
- name: x
  context: {cluster: c, user: u}
current-context: x
YAML
expect "an unreachable server is named, exit 1" 1 "cannot reach https://127.0.0.1:1: " -- \
  "$kdual" cluster-info --kubeconfig "$work/kubeconfig" --context x
if grep -q not-a-secret "$work/out"; then
  echo "FAIL the token shows in the error"
  failed=1
else
  echo "ok   the token never shows"
fi

exit "$failed"
