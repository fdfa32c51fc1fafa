# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: `build`: the release's
# binaries from the Go module proxy, cached per version.

# The module (after replacement) that provides a package.
MODFMT='{{with .Module}}{{if .Replace}}{{.Replace.Path}}@{{.Replace.Version}}{{else}}{{.Path}}@{{.Version}}{{end}}{{end}}'

# module_zip_bytes GOMODCACHE < path@version lines: "N modules, B bytes of
# module zips".
module_zip_bytes() {
  local cache=$1 n=0 total=0 m path ver zip
  while read -r m; do
    [ -n "$m" ] || continue
    path=${m%@*}
    ver=${m##*@}
    zip=$cache/cache/download/$path/@v/$ver.zip
    if [ -f "$zip" ]; then
      total=$((total + $(stat -c %s "$zip")))
      n=$((n + 1))
    fi
  done < <(grep '@' | sort -u | sed 's/[A-Z]/!\L&/g') # the cache spells capitals as !lower
  printf '%s modules, %s bytes (%s) of module zips\n' "$n" "$total" "$(human "$total")"
}

build_step_fail() {
  # build_step_fail STEP MODULE LOGFILE
  log "build failed: step '$1', module $2"
  local bad
  bad=$(grep -oE '[A-Za-z0-9._~/-]+@v[A-Za-z0-9.+-]+: (verifying|reading|unknown revision|invalid version|missing|no matching)' "$3" 2>/dev/null |
    sed -E 's/: [a-z ]+$//' | sort -u | head -n 5 | tr '\n' ' ' || true)
  [ -z "$bad" ] || log "module(s) that failed to resolve: $bad"
  if [ -f "$3" ]; then
    log "last lines of $3:"
    tail -n 25 "$3" >&2
  fi
  exit 1
}

cmd_build() {
  local force=0 version=""
  while [ $# -gt 0 ]; do
    case $1 in
      -h|--help) usage_build; exit 0 ;;
      --force) force=1 ;;
      -*) die "build: unknown option $1 (see build --help)" ;;
      *) [ -z "$version" ] || die "build: one version only"; version=$1 ;;
    esac
    shift
  done
  [ -n "$version" ] || { usage_build >&2; exit 2; }
  version=$(resolve_version "$version")
  build_version "$version" "$force"
  printf '%s\n' "$CACHE_ROOT/k8s/$version/bin"
}

# toolchain_served goX.Y.Z LOGFILE: whether GOTOOLCHAIN can run that Go.
toolchain_served() {
  (cd "${TMPDIR:-/tmp}" && GOTOOLCHAIN="$1" GOFLAGS=-buildvcs=false go version) >>"$2" 2>&1
}

# nearest_served_toolchain X.Y.Z LOGFILE: the nearest served patch of Go
# X.Y (later patches first, up to five away), or nothing.
nearest_served_toolchain() {
  local base=${1%.*} patch=${1##*.} d p
  [[ $patch =~ ^[0-9]+$ ]] || return 0
  for d in 1 2 3 4 5; do
    for p in $((patch + d)) $((patch - d)); do
      [ "$p" -ge 0 ] || continue
      if toolchain_served "go$base.$p" "$2"; then
        printf 'go%s.%s\n' "$base" "$p"
        return 0
      fi
    done
  done
}

binaries_present() {
  local bin=$1
  [ -x "$bin/kube-apiserver" ] && [ -x "$bin/kube-controller-manager" ] &&
    [ -x "$bin/etcd" ] && [ -f "$bin/build-info.txt" ]
}

build_version() {
  local version=$1 force=${2:-0}
  local vdir=$CACHE_ROOT/k8s/$version
  local bin=$vdir/bin
  if [ "$force" = 0 ] && binaries_present "$bin"; then
    log "using cached binaries of $version in $bin"
    return 0
  fi
  need go
  mkdir -p "$vdir"
  exec 8>"$vdir/.lock"
  if ! flock -n 8; then
    log "another build of $version is running; waiting for it"
    flock 8
  fi
  if [ "$force" = 0 ] && binaries_present "$bin"; then
    log "using cached binaries of $version in $bin"
    exec 8>&-
    return 0
  fi

  local t0 minor staging_version modcache dl0 logf
  t0=$(date +%s)
  minor=$(version_minor "$version")
  staging_version=v0.${version#v1.}
  modcache=$(go env GOMODCACHE)
  dl0=$(dir_bytes "$modcache/cache/download")
  logf=$vdir/build.log
  : >"$logf"

  # Step 1: the release module itself.
  log "[$version] step 1/6: go mod download k8s.io/kubernetes@$version"
  local info kgomod kdir
  if ! info=$(go_outside mod download -json "k8s.io/kubernetes@$version" 2>>"$logf"); then
    printf '%s\n' "$info" >>"$logf"
    build_step_fail "go mod download" "k8s.io/kubernetes@$version" "$logf"
  fi
  kgomod=$(json_field GoMod <<<"$info")
  kdir=$(json_field Dir <<<"$info")
  if [ ! -f "$kgomod" ] || [ ! -d "$kdir" ]; then
    build_step_fail "go mod download (no GoMod/Dir in answer)" "k8s.io/kubernetes@$version" "$logf"
  fi

  # Step 2: the toolchain.
  local gover="" toolchain
  if [ -f "$kdir/.go-version" ]; then
    gover=$(tr -d '[:space:]' <"$kdir/.go-version")
  fi
  toolchain=local
  if [ -n "$gover" ]; then
    log "[$version] step 2/6: toolchain go$gover (the release's .go-version)"
    if toolchain_served "go$gover" "$logf"; then
      toolchain=go$gover
    else
      # The module proxy lacks some Go patch releases (go1.20.12 and
      # go1.20.13, which v1.26.13 names): a later, else an earlier, patch of
      # the same Go minor has the same library behaviour (a Go patch release
      # only fixes bugs and security issues), where the installed Go may not.
      local near
      near=$(nearest_served_toolchain "$gover" "$logf")
      if [ -n "$near" ]; then
        log "[$version] toolchain go$gover is not served; using $near, the nearest patch of its Go minor"
        toolchain=$near
      else
        log "[$version] toolchain go$gover is not available; using the installed $(go env GOVERSION)"
      fi
    fi
  else
    log "[$version] step 2/6: no .go-version in the release; using the installed $(go env GOVERSION)"
  fi
  local gocmd=(env GOTOOLCHAIN="$toolchain" CGO_ENABLED=0 GO111MODULE=on GOFLAGS="-mod=mod -buildvcs=false" GOWORK=off go)
  local goversion
  goversion=$( (cd "$vdir" && "${gocmd[@]}" env GOVERSION) 2>>"$logf") || goversion=""
  [ -z "$goversion" ] && goversion=$(go env GOVERSION)

  # Before 1.24 the module lacks a generated file (generated_openapi.sh):
  # the wrapper builds a copy of the release with it.
  local ksrc=""
  if openapi_source_needed "$kdir"; then
    log "[$version] step 2/6: pkg/generated/openapi is not in the module (make generated it before 1.24): openapi-gen into $vdir/src"
    ksrc=$(generate_openapi_source "$version" "$kdir" "$toolchain" "$vdir/src" "$logf") ||
      build_step_fail "generate pkg/generated/openapi (openapi-gen)" "k8s.io/kubernetes@$version" "$logf"
  fi

  # Step 3: the wrapper module.
  log "[$version] step 3/6: wrapper module $vdir/go.mod"
  {
    printf '// Generated by scripts/local-cluster from the go.mod of k8s.io/kubernetes@%s.\n' "$version"
    printf 'module kdual.invalid/k8s-%s\n\n' "$version"
    grep -E '^go [0-9]' "$kgomod" | head -n 1
    awk '/^godebug[[:space:]]*\(/ { b = 1 } b { print } b && /^\)/ { b = 0; next } /^godebug[[:space:]]+[^(]/ { print }' "$kgomod"
    printf '\nrequire k8s.io/kubernetes %s\n\nreplace (\n' "$version"
    grep -E '^[[:space:]]*k8s\.io/[A-Za-z0-9._-]+[[:space:]]+=>[[:space:]]+\./staging/src/k8s\.io/' "$kgomod" |
      awk -v sv="$staging_version" '{ printf "\t%s => %s %s\n", $1, $1, sv }'
    # Any other (non-local) replace of the release applies too.
    awk '/^replace[[:space:]]*\(/ { b = 1; next } b && /^\)/ { b = 0 } b' "$kgomod" |
      grep -v '=>[[:space:]]*\.' | grep -E '=>' | sed 's/^[[:space:]]*/\t/' || true
    [ -z "$ksrc" ] || printf '\tk8s.io/kubernetes => %s\n' "$ksrc"
    printf ')\n'
  } >"$vdir/go.mod.new"
  local nstaging
  nstaging=$(grep -c "=> k8s.io/.* $staging_version\$" "$vdir/go.mod.new" || true)
  [ "$nstaging" -gt 0 ] || build_step_fail "generate wrapper go.mod (no staging modules found)" "k8s.io/kubernetes@$version" "$logf"
  if ! cmp -s "$vdir/go.mod.new" "$vdir/go.mod.in" 2>/dev/null; then
    cp "$vdir/go.mod.new" "$vdir/go.mod.in"
    cp "$vdir/go.mod.new" "$vdir/go.mod"
    rm -f "$vdir/go.sum"
  fi
  rm -f "$vdir/go.mod.new"
  cat >"$vdir/doc.go" <<EOF
// Package wrapper holds the generated module that builds the components of
// k8s.io/kubernetes@$version. It has no code of its own.
package wrapper
EOF

  # Step 4: resolve and download every module the two commands need.
  local pkgs=(k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager)
  log "[$version] step 4/6: resolve and download modules ($nstaging staging modules at $staging_version)"
  if ! (cd "$vdir" && "${gocmd[@]}" list -deps "${pkgs[@]}" >/dev/null 2>>"$logf"); then
    build_step_fail "resolve/download modules (go list -mod=mod -deps)" "k8s.io/kubernetes@$version (wrapper $vdir)" "$logf"
  fi
  local etcd_version
  etcd_version=$( (cd "$vdir" && "${gocmd[@]}" list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3) 2>>"$logf") || etcd_version=""
  if [ -z "$etcd_version" ]; then
    etcd_version=$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2; exit }' "$kgomod")
  fi
  [ -n "$etcd_version" ] || build_step_fail "find the etcd version in the module graph" "go.etcd.io/etcd/server/v3" "$logf"

  local edir=$vdir/etcd
  mkdir -p "$edir"
  local einfo egomod
  if ! einfo=$(go_outside mod download -json "go.etcd.io/etcd/server/v3@$etcd_version" 2>>"$logf"); then
    printf '%s\n' "$einfo" >>"$logf"
    build_step_fail "go mod download" "go.etcd.io/etcd/server/v3@$etcd_version" "$logf"
  fi
  egomod=$(json_field GoMod <<<"$einfo")
  {
    printf '// Generated by scripts/local-cluster: etcd as selected by k8s.io/kubernetes@%s.\n' "$version"
    printf 'module kdual.invalid/etcd-%s\n\n' "$etcd_version"
    grep -E '^go [0-9]' "$egomod" | head -n 1
    printf '\nrequire go.etcd.io/etcd/server/v3 %s\n' "$etcd_version"
  } >"$edir/go.mod.new"
  if ! cmp -s "$edir/go.mod.new" "$edir/go.mod.in" 2>/dev/null; then
    cp "$edir/go.mod.new" "$edir/go.mod.in"
    cp "$edir/go.mod.new" "$edir/go.mod"
    rm -f "$edir/go.sum"
  fi
  rm -f "$edir/go.mod.new"
  printf 'package wrapper\n' >"$edir/doc.go"
  if ! (cd "$edir" && "${gocmd[@]}" list -deps go.etcd.io/etcd/server/v3 >/dev/null 2>>"$logf"); then
    build_step_fail "resolve/download modules (go list -mod=mod -deps)" "go.etcd.io/etcd/server/v3@$etcd_version (wrapper $edir)" "$logf"
  fi
  local dl1 dlbytes used
  dl1=$(dir_bytes "$modcache/cache/download")
  dlbytes=$((dl1 - dl0))
  used=$( { (cd "$vdir" && "${gocmd[@]}" list -deps -f "$MODFMT" "${pkgs[@]}") 2>>"$logf"
            (cd "$edir" && "${gocmd[@]}" list -deps -f "$MODFMT" go.etcd.io/etcd/server/v3) 2>>"$logf"; } |
    module_zip_bytes "$modcache") || used="unknown"
  local t_dl
  t_dl=$(date +%s)

  # Step 5: compile.
  local build_date ld tmpbin
  build_date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  ld="-s -w"
  local p
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $p.gitVersion=$version -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ld+=" -X $p.gitTreeState=clean -X $p.buildDate=$build_date"
  done
  tmpbin=$vdir/bin.tmp
  rm -rf "$tmpbin"
  mkdir -p "$tmpbin"
  log "[$version] step 5/6: go build kube-apiserver kube-controller-manager with $goversion (slow on a cold cache)"
  if ! (cd "$vdir" && "${gocmd[@]}" build -trimpath -ldflags "$ld" -o "$tmpbin/" "${pkgs[@]}" >>"$logf" 2>&1); then
    build_step_fail "go build kube-apiserver kube-controller-manager" "k8s.io/kubernetes@$version" "$logf"
  fi
  local t_k8s
  t_k8s=$(date +%s)
  log "[$version] step 6/6: go build etcd $etcd_version"
  if ! (cd "$edir" && "${gocmd[@]}" build -trimpath -ldflags "-s -w" -o "$tmpbin/etcd" go.etcd.io/etcd/server/v3 >>"$logf" 2>&1); then
    build_step_fail "go build etcd" "go.etcd.io/etcd/server/v3@$etcd_version" "$logf"
  fi
  local t1
  t1=$(date +%s)
  "$tmpbin/kube-apiserver" --version >>"$logf" 2>&1 || build_step_fail "run kube-apiserver --version" "k8s.io/kubernetes@$version" "$logf"
  {
    printf 'kubernetes: %s\n' "$version"
    printf 'etcd: %s (go.etcd.io/etcd/server/v3, version selected by the release module graph; own wrapper module)\n' "$etcd_version"
    printf 'toolchain: %s (requested: %s; GOTOOLCHAIN=%s)\n' "$goversion" "${gover:+go$gover}" "$toolchain"
    printf 'staging modules: %s at %s\n' "$nstaging" "$staging_version"
    printf 'flags: CGO_ENABLED=0 -trimpath -ldflags "-s -w -X ...version.gitVersion=%s ..." GOFLAGS=-mod=mod\n' "$version"
    printf 'build date: %s\n' "$build_date"
    printf 'module download: %s bytes (%s) new in GOMODCACHE/cache/download for this build\n' "$dlbytes" "$(human "$dlbytes")"
    printf 'modules used: %s\n' "$used"
    printf 'time: total %ss (resolve+download %ss, kube-apiserver+kube-controller-manager %ss, etcd %ss)\n' \
      "$((t1 - t0))" "$((t_dl - t0))" "$((t_k8s - t_dl))" "$((t1 - t_k8s))"
    local b
    for b in kube-apiserver kube-controller-manager etcd; do
      local s
      s=$(stat -c %s "$tmpbin/$b")
      printf 'size %s: %s bytes (%s)\n' "$b" "$s" "$(human "$s")"
    done
  } >"$tmpbin/build-info.txt"
  rm -rf "$bin"
  mv "$tmpbin" "$bin"
  exec 8>&-
  log "[$version] built in $((t1 - t0))s: $bin"
  sed 's/^/  /' "$bin/build-info.txt" >&2
}
