#!/usr/bin/env bash
# The object commands as a kubectl user types them: resource words and
# TYPE/NAME, get -A / -n / -o wide|name|jsonpath, the kubernetes Service in
# lists, -f with several documents, a List, a folder and stdin, --validate,
# namespaces, and a component's flags from a `ps` line or a static-pod
# manifest. Each check names the kubectl behaviour it holds kdual to.
# Usage: kubectl_habits_test.sh KDUAL
set -uo pipefail
kdual=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() {  # check NAME WANT_EXIT COMMAND... ; output in $tmp/out
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  cat "$tmp/err" >>"$tmp/out"
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name: exit $got, want $want"; sed 's/^/  /' "$tmp/out"; failures=$((failures + 1))
  fi
}
has() {  # has NAME TEXT
  if ! grep -qF -- "$2" "$tmp/out"; then
    echo "FAIL $1: output lacks: $2"; sed 's/^/  /' "$tmp/out"; failures=$((failures + 1))
  fi
}
lacks() {  # lacks NAME TEXT
  if grep -qF -- "$2" "$tmp/out"; then
    echo "FAIL $1: output has: $2"; sed 's/^/  /' "$tmp/out"; failures=$((failures + 1))
  fi
}
st=$tmp/state.json
ranges=(--service-cluster-ip-range "10.96.0.0/16,fd00:10:96::/108" --service-node-port-range 30000-32767)

# -f: two documents, then a List holding a Service in a namespace that does
# not exist yet and that namespace (kubectl keeps the file's order).
cat >"$tmp/app.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {tier: fe, app: web}
  ports: [{port: 80}]
  ipFamilyPolicy: PreferDualStack
---
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: db, namespace: team}
  spec: {ports: [{port: 5432}], clusterIP: None}
- apiVersion: v1
  kind: Namespace
  metadata: {name: team}
YAML
check "create -f: documents and a List" 1 "$kdual" create -f "$tmp/app.yaml" --state "$st" "${ranges[@]}"
has "create -f: documents and a List" "service/web created"
has "create -f: documents and a List" "Error from server (NotFound): error when creating \"$tmp/app.yaml\": namespaces \"team\" not found"
has "create -f: documents and a List" "namespace/team created"
check "create -f: again, the Service now fits" 1 "$kdual" create -f "$tmp/app.yaml" --state "$st"
has "create -f: again, the Service now fits" "service/db created"
has "create -f: again, the Service now fits" "services \"web\" already exists"

# get: the kubernetes Service is listed, as on a server.
check "get svc" 0 "$kdual" get svc --state "$st"
has "get svc" "kubernetes   ClusterIP   10.96.0.1"
lacks "get svc" " db "
check "get -n team" 0 "$kdual" get services -n team --state "$st"
has "get -n team" "db     ClusterIP   None"
check "get -A -o wide" 0 "$kdual" get svc -A -o wide --state "$st"
has "get -A -o wide" "NAMESPACE   NAME"
has "get -A -o wide" "app=web,tier=fe"
has "get -A -o wide" "team        db"
check "get svc/NAME -o name" 0 "$kdual" get svc/web -o name --state "$st"
has "get svc/NAME -o name" "service/web"
check "get a missing name among others" 1 "$kdual" get svc web nope -o name --state "$st"
has "get a missing name among others" "service/web"
has "get a missing name among others" "Error from server (NotFound): services \"nope\" not found"
check "get -o jsonpath" 0 "$kdual" get svc web --state "$st" -o 'jsonpath={.spec.ipFamilies[*]}'
has "get -o jsonpath" "IPv4 IPv6"
check "get -A -o jsonpath range" 0 "$kdual" get svc -A --state "$st" \
  -o 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}={.spec.clusterIPs[0]}{"\n"}{end}'
has "get -A -o jsonpath range" "default/kubernetes=10.96.0.1"
has "get -A -o jsonpath range" "team/db=None"
check "get: a bad jsonpath" 1 "$kdual" get svc --state "$st" -o 'jsonpath={.items[*'
has "get: a bad jsonpath" "error parsing jsonpath"
check "get: an unknown resource" 2 "$kdual" get pods/x --state "$st"
# get -l / --field-selector: the server's list selectors, its 400 as kubectl prints it.
# The kubernetes Service carries component=apiserver and provider=kubernetes.
check "get -l" 0 "$kdual" get svc -A -l '!component' -o name --state "$st"
has "get -l" "service/web"
lacks "get -l" "service/kubernetes"
check "get --field-selector" 0 "$kdual" get svc -A --field-selector metadata.namespace=team -o name --state "$st"
has "get --field-selector" "service/db"
lacks "get --field-selector" "service/web"
check "get -l: a bad selector" 1 "$kdual" get svc -l 'app web' --state "$st"
has "get -l: a bad selector" "Error from server (BadRequest): unable to parse requirement: found 'web'"

# Namespaces: deleting one deletes its Services (the namespace controller's
# work, at once); the immortal ones are refused.
check "get ns" 0 "$kdual" get ns --state "$st"
has "get ns" "team              Active"
check "delete ns default" 1 "$kdual" delete namespace default --state "$st"
has "delete ns default" 'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted'
check "delete ns team" 0 "$kdual" delete ns team --state "$st"
has "delete ns team" 'namespace "team" deleted'
check "get -A after" 0 "$kdual" get svc -A --state "$st"
lacks "get -A after" "db"
check "create namespace: bad name" 1 "$kdual" create namespace Team --state "$st"
has "create namespace: bad name" 'The Namespace "Team" is invalid: metadata.name: Invalid value: "Team": a lowercase RFC 1123 label'

# -f: a folder (its manifests in name order, other files ignored) and stdin.
mkdir -p "$tmp/dir/sub"
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {ports: [{port: 1}]}\n' >"$tmp/dir/2.yaml"
printf '{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},"spec":{"ports":[{"port":1}]}}' >"$tmp/dir/1.json"
printf 'not a manifest' >"$tmp/dir/notes.txt"
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: c}\nspec: {ports: [{port: 1}]}\n' >"$tmp/dir/sub/3.yml"
check "create -f DIR" 0 "$kdual" create -f "$tmp/dir" -o name "${ranges[@]}"
[ "$(grep -c '^service/' "$tmp/out")" = 2 ] || { echo "FAIL create -f DIR: want a and b only"; cat "$tmp/out"; failures=$((failures + 1)); }
check "create -f DIR -R" 0 "$kdual" create -f "$tmp/dir" -R -o name "${ranges[@]}"
has "create -f DIR -R" "service/c"
check "create -f - (stdin)" 0 "$kdual" create -f - "${ranges[@]}" <"$tmp/dir/2.yaml"
has "create -f - (stdin)" "service/b created"
check "create -f: a missing file" 1 "$kdual" create -f "$tmp/nope.yaml"
has "create -f: a missing file" "the path \"$tmp/nope.yaml\" does not exist (No such file or directory)"
mkdir -p "$tmp/empty"
check "create -f: an empty folder" 1 "$kdual" create -f "$tmp/empty"
has "create -f: an empty folder" "no objects passed to create"
check "create -f -n other than the file's" 1 "$kdual" create -f "$tmp/app.yaml" -n other "${ranges[@]}"
has "create -f -n other than the file's" "You must pass '--namespace=team' to perform this operation."

# --validate: strict by default (kubectl 1.27+), as the server answers it.
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: typo}\nspec: {ports: [{port: 80, protocl: TCP}]}\n' >"$tmp/typo.yaml"
check "create: strict by default" 1 "$kdual" create -f "$tmp/typo.yaml" "${ranges[@]}"
has "create: strict by default" 'Error from server (BadRequest): error when creating "'"$tmp"'/typo.yaml": Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.ports[0].protocl"'
check "create --validate=warn" 0 "$kdual" create -f "$tmp/typo.yaml" --validate=warn "${ranges[@]}"
has "create --validate=warn" 'Warning: unknown field "spec.ports[0].protocl"'
check "create --validate=false" 0 "$kdual" create -f "$tmp/typo.yaml" --validate=false "${ranges[@]}"
lacks "create --validate=false" "Warning"
check "create --validate=maybe" 2 "$kdual" create -f "$tmp/typo.yaml" --validate=maybe
has "create --validate=maybe" 'invalid - validate option "maybe"; must be one of: strict (or true), warn, ignore (or false)'
check "patch has no --validate" 2 "$kdual" patch web -p '{}' --validate

# A component's flags as the user has them.
check "--apiserver-cmdline (a ps line)" 0 "$kdual" create -f "$tmp/dir/2.yaml" -o 'jsonpath={.spec.clusterIP}' \
  --apiserver-cmdline "root 812 1 3 09:12 ? 00:04:11 /usr/local/bin/kube-apiserver --advertise-address=172.18.0.2 --service-cluster-ip-range 10.128.0.0/24 --allow-privileged --service-node-port-range=30000-30100"
has "--apiserver-cmdline (a ps line)" "10.128.0.254"
check "--apiserver-cmdline: an unknown flag" 1 "$kdual" create -f "$tmp/dir/2.yaml" \
  --apiserver-cmdline "kube-apiserver --service-cluster-ip-range=10.96.0.0/16 --service-cluster-ip-rnage=10.0.0.0/24"
has "--apiserver-cmdline: an unknown flag" "unknown flag: --service-cluster-ip-rnage"
check "--apiserver-cmdline: not a command line" 2 "$kdual" create -f "$tmp/dir/2.yaml" --apiserver-cmdline "sshd: root"
check "--apiserver-cmdline and the same flag again" 2 "$kdual" create -f "$tmp/dir/2.yaml" \
  --apiserver-cmdline "kube-apiserver --service-cluster-ip-range=10.96.0.0/16" --service-cluster-ip-range 10.0.0.0/24
cat >"$tmp/kube-apiserver.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.33.2
    command:
    - kube-apiserver
    - --advertise-address=172.18.0.2
    - --service-cluster-ip-range=fd00:10:96::/112,10.96.0.0/16
    - --service-node-port-range=30000-30100
YAML
check "--from-manifest: IPv6 primary refused with an IPv4 advertise address" 1 "$kdual" create -f "$tmp/dir/2.yaml" \
  --version 1.33 --from-manifest "$tmp/kube-apiserver.yaml"
has "--from-manifest: IPv6 primary refused with an IPv4 advertise address" "must match public address family"
sed -i 's/--advertise-address=172.18.0.2/--advertise-address=fd00::2/' "$tmp/kube-apiserver.yaml"
check "--from-manifest: IPv6 primary" 0 "$kdual" create -f "$tmp/dir/2.yaml" --version 1.33 -o 'jsonpath={.spec.ipFamilies}' \
  --from-manifest "$tmp/kube-apiserver.yaml"
has "--from-manifest: IPv6 primary" '["IPv6"]'
check "--from-manifest: no such container" 1 "$kdual" create -f "$tmp/dir/2.yaml" --from-manifest "$tmp/dir/2.yaml"
has "--from-manifest: no such container" "not a Pod manifest"

# explain: a downgrade names the trimmed family and address, a delete what it releases.
check "create for explain" 0 "$kdual" create -f "$tmp/dir/2.yaml" --state "$tmp/e.json" --validate=false \
  --service-cluster-ip-range "10.96.0.0/16,fd00:10:96::/108"
check "explain patch: to dual-stack" 0 "$kdual" patch b -p '{"spec":{"ipFamilyPolicy":"RequireDualStack"}}' --state "$tmp/e.json"
check "explain patch: downgrade" 0 "$kdual" explain patch b --state "$tmp/e.json" \
  -p '{"spec":{"ipFamilyPolicy":"SingleStack","ipFamilies":["IPv4"],"clusterIPs":["10.96.255.254"]}}'
has "explain patch: downgrade" "downgrade to single-stack: the secondary family IPv6 and its address fd00:10:96::f:ffff are trimmed"
check "explain delete" 0 "$kdual" explain delete svc/b --state "$tmp/e.json"
has "explain delete" "IPv4 address 10.96.255.254 released"

# Nodes: pod CIDRs from node IPAM, the kubectl table, delete and the
# round-robin reuse the real controller shows (golden/*/nodeipam).
printf 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2}\n' \
  >"$tmp/nodes.yaml"
check "create nodes" 0 "$kdual" create -f "$tmp/nodes.yaml" --state "$tmp/n.json" \
  --service-cluster-ip-range 10.96.0.0/16,fd00:10:96::/112 --cluster-cidr 10.244.0.0/16,fd00:10:244::/56
has "create nodes" "node/n2 created"
check "get nodes" 0 "$kdual" get nodes --state "$tmp/n.json"
has "get nodes" "NAME   STATUS    ROLES    AGE         VERSION"
check "a node's pod CIDRs" 0 "$kdual" get no n2 --state "$tmp/n.json" -o 'jsonpath={.spec.podCIDRs}'
has "a node's pod CIDRs" '["10.244.1.0/24","fd00:10:244:1::/64"]'
check "delete a node" 0 "$kdual" delete node/n1 --state "$tmp/n.json"
has "delete a node" 'node "n1" deleted'
printf 'apiVersion: v1\nkind: Node\nmetadata: {name: n3}\n' >"$tmp/n3.yaml"
check "the next node gets a new CIDR, not the freed one" 0 "$kdual" create -f "$tmp/n3.yaml" --state "$tmp/n.json"
check "n3's pod CIDRs" 0 "$kdual" get node n3 --state "$tmp/n.json" -o 'jsonpath={.spec.podCIDR}'
has "n3's pod CIDRs" "10.244.2.0/24"
printf 'apiVersion: v1\nkind: Node\nmetadata: {name: p1}\nspec: {podCIDRs: [10.1.0.0/24, 10.2.0.0/24]}\n' >"$tmp/p1.yaml"
check "two IPv4 pod CIDRs are refused" 1 "$kdual" create -f "$tmp/p1.yaml" --state "$tmp/n.json"
has "two IPv4 pod CIDRs are refused" "may specify no more than one CIDR for each IP family"
check "a node mask the controller manager refuses" 1 "$kdual" create -f "$tmp/n3.yaml" --state "$tmp/n2.json" \
  --cluster-cidr 10.244.0.0/16,fd00:10:244::/56 --node-cidr-mask-size 24
has "a node mask the controller manager refuses" "usage of --node-cidr-mask-size is not allowed with dual-stack clusters"

# delete --cascade / --grace-period / --dry-run=server as kubectl sends them:
# a DeleteOptions body. Orphan adds the garbage collector's finalizer, so
# the Service stays, marked, with its address (golden/*/deleteoptions).
sd=$tmp/delete.json
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: held}\nspec: {ports: [{port: 80}], clusterIP: 10.96.0.50}\n' \
  >"$tmp/held.yaml"
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: next}\nspec: {ports: [{port: 80}], clusterIP: 10.96.0.50}\n' \
  >"$tmp/next.yaml"
check "create held" 0 "$kdual" create -f "$tmp/held.yaml" --state "$sd" "${ranges[@]}"
check "delete --cascade=orphan marks" 0 "$kdual" delete svc held --cascade=orphan --state "$sd" -o yaml
has "delete --cascade=orphan marks" "- orphan"
has "delete --cascade=orphan marks" "deletionTimestamp:"
check "the marked Service keeps its address" 1 "$kdual" create -f "$tmp/next.yaml" --state "$sd"
has "the marked Service keeps its address" "provided IP is already allocated"
check "a dry-run delete is sent in the body" 0 "$kdual" delete svc held --cascade=background --dry-run=server --state "$sd" -o name
check "clearing the finalizers deletes it" 0 "$kdual" patch svc held -p '{"metadata":{"finalizers":null}}' --state "$sd"
check "the address is free again" 0 "$kdual" create -f "$tmp/next.yaml" --state "$sd"
check "delete --cascade with a bad value" 2 "$kdual" delete svc next --cascade=everything --state "$sd"
has "delete --cascade with a bad value" 'Must be "background", "foreground", or "orphan"'
check "--cascade is for delete only" 2 "$kdual" get svc --cascade=orphan --state "$sd"

if [ "$failures" -gt 0 ]; then
  echo "$failures checks failed"
  exit 1
fi
echo "kubectl habits: all checks passed"
