# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: `kube-proxy-config`:
# kube-proxy run offline with --write-config-to.

usage_kube_proxy_config() {
  cat <<'EOF2'
Usage: scripts/local-cluster kube-proxy-config [--version vX.Y.Z] [--] [KUBE-PROXY FLAGS...]

Runs kube-proxy of that release (built next to the other binaries on first
use) with the flags given and --write-config-to: kube-proxy reads its flags
(or its --config file), applies its defaults, validates, writes the
KubeProxyConfiguration it would run with and exits, without root, a
cluster or a network. Prints that configuration (YAML) on stdout; when
kube-proxy refuses the flags, exits 1 with its fatal lines on stderr.
EOF2
}

# build_component VERSION NAME: NAME (kube-proxy, kubelet) of VERSION into
# its bin folder, with the toolchain and wrapper module of the main build.
build_component() {
  local version=$1 name=$2
  local vdir=$CACHE_ROOT/k8s/$version
  local bin=$vdir/bin
  [ -x "$bin/$name" ] && return 0
  build_version "$version" 0
  local toolchain
  toolchain=$(sed -n 's/^toolchain: .*GOTOOLCHAIN=\([^)]*\)).*/\1/p' "$bin/build-info.txt")
  [ -n "$toolchain" ] || toolchain=local
  local logf=$vdir/build-$name.log
  log "[$version] go build $name with $toolchain"
  if ! (cd "$vdir" && env GOTOOLCHAIN="$toolchain" CGO_ENABLED=0 GO111MODULE=on GOFLAGS="-mod=mod -buildvcs=false" GOWORK=off \
        go build -trimpath -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$version" \
        -o "$bin/$name.tmp" "k8s.io/kubernetes/cmd/$name") >"$logf" 2>&1; then
    tail -n 20 "$logf" >&2
    die_infra "go build $name of $version failed (log: $logf)"
  fi
  mv "$bin/$name.tmp" "$bin/$name"
}

cmd_kube_proxy_config() {
  local version="" args=()
  while [ $# -gt 0 ]; do
    case $1 in
      -h|--help) usage_kube_proxy_config; exit 0 ;;
      --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift ;;
      --version=*) version=${1#*=} ;;
      --) shift; args+=("$@"); break ;;
      *) args+=("$1") ;;
    esac
    shift
  done
  version=$(resolve_version "${version:-$(default_version)}")
  build_component "$version" kube-proxy
  local tmp
  tmp=$(mktemp -d)
  local rc=0
  # A kube-proxy that does not exit within 60 s is not a refusal: report it
  # as a launcher failure.
  timeout 60 "$CACHE_ROOT/k8s/$version/bin/kube-proxy" "${args[@]}" "--write-config-to=$tmp/config.yaml" \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
  if [ "$rc" = 124 ]; then
    rm -rf "$tmp"
    die_infra "kube-proxy did not exit within 60 s"
  fi
  if [ "$rc" != 0 ] || [ ! -s "$tmp/config.yaml" ]; then
    grep -E '^[EF][0-9]{4} |^Error: |^error: ' "$tmp/err" >&2 || cat "$tmp/err" >&2
    rm -rf "$tmp"
    exit 1
  fi
  cat "$tmp/config.yaml"
  rm -rf "$tmp"
}
