#!/usr/bin/env bash
# Checks `kdual doctor` as a user runs it: ps output from a file or stdin,
# kubeadm and kind files, its exit codes (0 consistent, 1 problems, 2 bad
# input) and every output format.
#
# Usage: doctor_cli_test.sh KDUAL SOURCE_DIR
set -uo pipefail

kdual=${1:?usage: doctor_cli_test.sh KDUAL SOURCE_DIR}
src=${2:?usage: doctor_cli_test.sh KDUAL SOURCE_DIR}
minikube=$src/conformance/doctor/testdata/minikube-v1.31-ps-ef.txt
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-doctor-cli.XXXXXX")
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
    sed 's/^/     /' "$work/out" | head -40
    failed=1
  fi
}

expect "--help names the inputs" 0 "ps -ef | grep kube" -- "$kdual" doctor --help
expect "the command is listed" 0 "doctor" -- "$kdual" --help
expect "no input is a usage error" 2 "nothing to read" -- "$kdual" doctor
expect "a bad -o is a usage error" 2 'must be text, json or yaml' -- "$kdual" doctor -f "$minikube" -o wide
expect "a missing file is named" 2 "$work/none" -- "$kdual" doctor -f "$work/none"
printf 'hello\n' >"$work/notes.txt"
expect "text without components is bad input" 2 "no kube-apiserver" -- "$kdual" doctor -f "$work/notes.txt"
head -c 20000000 /dev/zero >"$work/huge"
expect "a huge file is refused, not read" 2 "huge" -- "$kdual" doctor -f "$work/huge"

expect "the minikube node is single-stack IPv4" 0 "Verdict: consistently single-stack IPv4" -- \
  "$kdual" doctor -f "$minikube"
expect "kube-proxy's config file is named" 0 "in its config file /var/lib/kube-proxy/config.conf" -- \
  "$kdual" doctor -f "$minikube"
expect "the plan adds IPv6 to the kubelet" 0 "node-ip=192.168.49.2,<this node's IPv6 address>" -- \
  "$kdual" doctor -f "$minikube"
expect "stdin is read with -f -" 0 "consistently single-stack IPv4" -- \
  bash -c "'$kdual' doctor -f - <'$minikube'"
expect "-o json" 0 '"verdict": "consistently single-stack IPv4"' -- "$kdual" doctor -f "$minikube" -o json
expect "-o yaml" 0 '^verdict: consistently single-stack IPv4' -- "$kdual" doctor -f "$minikube" -o yaml

cat >"$work/proxy-cm.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata: {name: kube-proxy, namespace: kube-system}
data:
  config.conf: |
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    clusterCIDR: 10.245.0.0/16
YAML
expect "the kube-proxy ConfigMap is compared" 1 "FAIL    kube-controller-manager and kube-proxy have the same cluster CIDRs" -- \
  "$kdual" doctor -f "$minikube" --kube-proxy-config "$work/proxy-cm.yaml"

printf 'kube-controller-manager --allocate-node-cidrs=true --cluster-cidr=10.244.0.0/16,10.245.0.0/16\n' >"$work/kcm.txt"
expect "a refusal is the component's own words" 1 \
  "refuses to start: len of ClusterCIDRs==2 and they are not configured as dual stack" -- \
  "$kdual" doctor -f "$work/kcm.txt" --version v1.33.13

cat >"$work/kind.yaml" <<'YAML'
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking:
  ipFamily: dual
YAML
expect "a kind dual-stack cluster is consistent" 0 "consistently dual-stack, IPv4 primary" -- \
  "$kdual" doctor --config "$work/kind.yaml" --version v1.37.2
printf 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnetworking:\n  ipFamily: both\n' >"$work/kind-bad.yaml"
expect "kind's own validation" 2 "invalid ipFamily: both" -- "$kdual" doctor --config "$work/kind-bad.yaml"
printf 'a: [\n' >"$work/broken.yaml"
expect "malformed YAML names the file" 2 "broken.yaml" -- "$kdual" doctor --config "$work/broken.yaml"

# The README shows doctor's answer for the minikube node: it must be the
# answer kdual gives.
awk '/saved as `ps.txt`/ { grab = 1; next } grab && /^```$/ { if (open) exit; open = 1; next } grab && open' \
  "$src/README.md" >"$work/readme-doctor.txt"
(cd "$(dirname "$minikube")" && cp "$minikube" "$work/ps.txt" && cd "$work" && "$kdual" doctor -f ps.txt) >"$work/actual.txt"
if [ -s "$work/readme-doctor.txt" ] && diff -u "$work/readme-doctor.txt" "$work/actual.txt" >"$work/readme.diff"; then
  echo "ok   README's doctor example is what kdual prints"
else
  echo "FAIL README's doctor example differs from what kdual prints:"
  sed 's/^/     /' "$work/readme.diff" | head -40
  failed=1
fi

exit "$failed"
