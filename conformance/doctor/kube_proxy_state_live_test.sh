#!/usr/bin/env bash
# The `live` check of what kdual doctor says kube-proxy runs with: each
# pinned release's real kube-proxy, run offline with --write-config-to
# (scripts/local-cluster kube-proxy-config), writes the configuration it
# would run with; its clusterCIDR and detectLocalMode must be what doctor's
# state says, and where kube-proxy refuses the flags doctor must give its
# words. (More refusals are golden cases: golden/*/kubeproxyflags.)
#
# Usage: kube_proxy_state_live_test.sh KDUAL SOURCE_DIR
# Exit 0: passed; 1: failed; 77: skipped (no Go to build kube-proxy with).
set -euo pipefail
# shellcheck source=conformance/live/live_test_lib.sh
source "$(dirname "$0")/../live/live_test_lib.sh"

kdual=${1:?usage: kube_proxy_state_live_test.sh KDUAL SOURCE_DIR}
src=${2:?usage: kube_proxy_state_live_test.sh KDUAL SOURCE_DIR}
lc=$src/scripts/local-cluster

live_require_go
live_require_tools python3

work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-kube-proxy-state.XXXXXX")
trap 'rm -rf "$work"' EXIT

flag_sets=(
  "--cluster-cidr=10.244.0.0/16"
  "--cluster-cidr=fd00:10:244::/56,10.244.0.0/16"
  "--cluster-cidr=010.244.0.0/16"
  "--cluster-cidr=10.244.1.1/16,fd00::/56 --detect-local-mode=NodeCIDR"
  "--detect-local-mode=InterfaceNamePrefix --pod-interface-name-prefix=veth"
  "--detect-local-mode=NodeCIDR --cluster-cidr=10.0.0.0/8,10.1.0.0/16"
)
# The newest release always (built here if it is not yet); the others
# where their reference kube-apiserver and kube-proxy are built already
# (scripts/local-cluster build, kube-proxy-config): building every release
# from nothing would take this test hours on a fresh machine.
newest=$(grep -E '^v' "$src/versions.txt" | tail -n 1)
cache=${KDUAL_CACHE:-$HOME/.cache/kdual}
while read -r version; do
  case $version in v*) ;; *) continue ;; esac
  if [ "$version" != "$newest" ] &&
    { [ ! -x "$cache/k8s/$version/bin/kube-apiserver" ] || [ ! -x "$cache/k8s/$version/bin/kube-proxy" ]; }; then
    echo "skip $version: its reference kube-proxy is not built (scripts/local-cluster kube-proxy-config --version $version)"
    continue
  fi
  live_require_binaries "$lc" "$version"
  for flags in "${flag_sets[@]}"; do
    echo "kube-proxy $flags" >"$work/ps.txt"
    "$kdual" doctor -f "$work/ps.txt" --version "$version" -o json >"$work/doctor.json" || true
    # shellcheck disable=SC2086  # the flag set is words
    if ! "$lc" kube-proxy-config --version "$version" -- $flags >"$work/config.yaml" 2>"$work/err"; then
      # Refused: doctor must say so in kube-proxy's words.
      real=$(python3 - "$work/err" <<'PY'
import json, re, sys
# klog's err="..." is a Go-quoted string, which JSON reads.
m = re.search(r'err=("(?:[^"\\]|\\.)*")', open(sys.argv[1]).read())
print(json.loads(m.group(1)) if m else "")
PY
)
      said=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["components"][0].get("refusal",""))' "$work/doctor.json")
      check "$version $flags: refused, $real" test "$said" = "$real"
      continue
    fi
    real=$(python3 - "$work/config.yaml" <<'PY'
import sys, re
text = open(sys.argv[1]).read()
def field(name):
    m = re.search(r'^' + name + r': ?(.*)$', text, re.M)
    return (m.group(1) if m else '').strip().strip('"')
print(field('clusterCIDR') + ' | ' + field('detectLocalMode'))
PY
)
    said=$(python3 - "$work/doctor.json" <<'PY'
import sys, json
c = json.load(open(sys.argv[1]))['components'][0]['state']
# kube-proxy keeps the text as given; doctor prints the parsed networks,
# so compare the parsed form of both.
print(','.join(c.get('clusterCIDR', [])) + ' | ' + c.get('detectLocalMode', ''))
PY
)
    real_parsed=$(python3 - "$real" <<'PY'
import sys, ipaddress
cidrs, mode = sys.argv[1].split(' | ')
out = []
for part in filter(None, cidrs.split(',')):
    addr, _, bits = part.partition('/')
    if ':' not in addr:
        addr = '.'.join(str(int(o)) for o in addr.split('.'))  # ParseCIDRSloppy reads leading zeros as decimal
    out.append(str(ipaddress.ip_network(addr + '/' + bits, strict=False)))
print(','.join(out) + ' | ' + mode)
PY
)
    check "$version $flags: $real_parsed" test "$said" = "$real_parsed"
  done
done <"$src/versions.txt"
exit "$failed"
