# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: The --help text of each
# command.

usage_main() {
  cat <<'EOF'
Usage: scripts/local-cluster COMMAND [OPTIONS]

Builds kube-apiserver, kube-controller-manager and etcd of an exact Kubernetes
release from the Go module proxy and runs them on loopback (no Docker).

Commands:
  build VERSION          build (or reuse) the binaries of VERSION (vX.Y.Z or
                         "latest"); prints the binary folder on stdout
  up [OPTIONS]           start a cluster; prints its kubeconfig path on stdout
  restart [OPTIONS]      restart kube-apiserver and kube-controller-manager
                         with a new flag set on the same etcd
  down [--name N]        stop a cluster and remove its data
  status [--name N]      show clusters (all, or one) and whether they run
  logs [--name N] [COMPONENT]
                         print a component's log (etcd, kube-apiserver,
                         kube-controller-manager; default kube-apiserver)
  kubeconfig [--name N]  print the kubeconfig path of a running cluster
  kube-proxy-config [--version V] [FLAGS...]
                         run kube-proxy of V offline with FLAGS and print the
                         configuration it would run with (or its refusal)

Each command takes --help.

Exit status: 0 done; 1 failed (for up and restart: a component refused its
flags, its fatal lines on stderr); 2 usage; 3 the launcher, etcd or the host
failed (no free port, a port taken meanwhile, etcd not healthy): try again.

Environment:
  KDUAL_CACHE            cache root (default ~/.cache/kdual); wrapper modules
                         and binaries go to $KDUAL_CACHE/k8s/vX.Y.Z/
  KDUAL_STATE            cluster state root (default ~/.cache/kdual/clusters)
  KDUAL_READY_TIMEOUT    seconds to wait for readiness (default 180)
EOF
}

usage_build() {
  cat <<'EOF'
Usage: scripts/local-cluster build [--force] vX.Y.Z|latest

Builds kube-apiserver, kube-controller-manager and etcd of exactly that
Kubernetes release and prints the folder holding them on stdout. A version
that is already built returns at once.

How:
  * k8s.io/kubernetes@vX.Y.Z is fetched from the module proxy; its go.mod
    gives the staging modules, each pinned in a generated wrapper module
    (KDUAL_CACHE/k8s/vX.Y.Z/go.mod) as k8s.io/<name> => k8s.io/<name> v0.Y.Z,
    with the release's own `go` and `godebug` lines.
  * etcd is built from go.etcd.io/etcd/server/v3 at the version the release's
    module graph selects, in a second wrapper module (KDUAL_CACHE/k8s/
    vX.Y.Z/etcd/), so etcd keeps its own dependency versions and the
    Kubernetes binaries keep theirs.
  * Toolchain: the release's .go-version through GOTOOLCHAIN=go<version>
    (fetched from the module proxy); where the proxy lacks that patch, the
    nearest served patch of the same Go minor; the installed Go if none is.
  * CGO_ENABLED=0, -trimpath, -ldflags "-s -w" plus the version stamps
    (gitVersion, gitMajor, gitMinor, gitTreeState=clean, buildDate), so
    /version reports the real release.
  * bin/build-info.txt records toolchain, sizes and times.

Options:
  --force     rebuild even if the binaries are cached
  "latest"    the newest stable k8s.io/kubernetes release the proxy lists
EOF
}

usage_up() {
  cat <<'EOF'
Usage: scripts/local-cluster up [--name N] [--version vX.Y.Z] [--exact-flags]
                                [COMPONENT FLAGS] [--apiserver-arg=--x=y]...
                                [--kcm-arg=--x=y]... [--etcd-arg=--x=y]...

Starts etcd (data on /dev/shm), kube-apiserver (127.0.0.1 only, static token
user in system:masters, generated CA and serving certificate) and
kube-controller-manager (namespace controller, plus nodeipam when a cluster
CIDR is set), waits until /readyz is ok, the default/kubernetes Service exists
and (1.33+) the `kubernetes` ServiceCIDR is Ready, then prints the path of an
admin kubeconfig on stdout. Progress goes to stderr.

Options:
  --name N                  cluster name (default: kdual); several clusters
                            may run side by side
  --version vX.Y.Z|latest   release (default: the last line of versions.txt);
                            built first if not cached
  --exact-flags             pass only the component flags given here; the
                            components' own defaults apply to the rest
                            (for capturing a configuration exactly). The
                            launcher's own flags (ports, certificates, token
                            file, service-account key and issuer, etcd,
                            --advertise-address, --authorization-mode) are
                            always set.
  --authorization-mode M    RBAC (default) or AlwaysAllow, ...

Component flags (value as --flag=value or --flag value):
  --service-cluster-ip-range   apiserver and kcm
                               (default 10.96.0.0/16,fd00:10:96::/112)
  --service-node-port-range    apiserver
  --feature-gates              apiserver and kcm
  --runtime-config             apiserver
  --cluster-cidr               kcm; turns on nodeipam and --allocate-node-cidrs
                               (default: kind's pod subnets of the service
                               range's families, in its order:
                               10.244.0.0/16, fd00:10:244::/56;
                               --cluster-cidr= turns nodeipam off)
  --node-cidr-mask-size-ipv4   kcm
  --node-cidr-mask-size-ipv6   kcm
  --node-cidr-mask-size        kcm
  --apiserver-arg=--x=y        any other kube-apiserver flag (repeatable; it
                               replaces a launcher flag of the same name)
  --kcm-arg=--x=y              any other kube-controller-manager flag
  --etcd-arg=--x=y             any other etcd flag

The --advertise-address is 192.0.2.1 when the primary service family is
IPv4 and 2001:db8::1 when it is IPv6, so no default route is needed.

kube-controller-manager counts as started when each controller of its
--controllers list logged "Started controller". In 1.30 and older, nodeipam
first waits 10 s (its node-list poll interval), so up takes ~15 s there.

A flag set the apiserver (or kcm) rejects exits non-zero with the component's
own fatal message; nothing is left running after a failed up.

State: $KDUAL_STATE/<name>/ (env, *.args, kubeconfig, certs, *.log).
EOF
}

usage_restart() {
  cat <<'EOF'
Usage: scripts/local-cluster restart [--name N] [--exact-flags] [COMPONENT FLAGS]

Stops kube-apiserver and kube-controller-manager and starts them again, on
the same etcd (stored objects are kept), with the flag set given here. The new
flags replace the old ones entirely, with the same defaults as `up` (none with
--exact-flags); an operator changing the static pod manifests does the same.
Takes the same options as `up` except --version. Prints the kubeconfig path.
If the apiserver rejects the new flags, its fatal message is printed, the
exit status is non-zero and etcd stays up, so another restart can follow.
EOF
}

usage_down() {
  cat <<'EOF'
Usage: scripts/local-cluster down [--name N] [--keep-logs]

Stops the processes recorded for the cluster (and only those) and removes its
etcd data and its state folder (with --keep-logs the *.log files stay).
EOF
}

usage_status() {
  cat <<'EOF'
Usage: scripts/local-cluster status [--name N]

For each cluster (or the one named): version, components with pid and
whether each runs, the apiserver URL and the kubeconfig path.
EOF
}

usage_logs() {
  cat <<'EOF'
Usage: scripts/local-cluster logs [--name N] [-n LINES] [COMPONENT]

Prints a component's log: etcd, kube-apiserver (default) or
kube-controller-manager (also: apiserver, kcm, controller-manager).
With -n, only the last LINES lines.
EOF
}

usage_kubeconfig() {
  cat <<'EOF'
Usage: scripts/local-cluster kubeconfig [--name N]

Prints the kubeconfig path of a cluster that is up.
EOF
}
