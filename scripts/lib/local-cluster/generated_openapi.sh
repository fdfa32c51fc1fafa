# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: releases whose module zip
# lacks pkg/generated/openapi/zz_generated.openapi.go. Before 1.24 `make`
# generated that file with openapi-gen (build/root/Makefile.generated_files);
# from 1.24 it is checked in. Without it kube-apiserver does not compile
# ("undefined: generatedopenapi.GetOpenAPIDefinitions"), so the build makes a
# writable copy of the release, generates the file as 1.23's make rule does,
# and the wrapper module replaces k8s.io/kubernetes by that copy.

# openapi_source_needed KDIR: whether the release module lacks the file.
openapi_source_needed() {
  [ ! -f "$1/pkg/generated/openapi/zz_generated.openapi.go" ]
}

# generate_openapi_source VERSION KDIR TOOLCHAIN WORKDIR LOGFILE: writes
# WORKDIR/kubernetes, the release with the generated file, and prints its
# path. About 40 s and 300 MB of disk; go1.19 for v1.23.
generate_openapi_source() {
  local version=$1 kdir=$2 toolchain=$3 work=$4 logf=$5
  local staging_version=v0.${version#v1.}
  local src=$work/kubernetes
  rm -rf "$src" "$work/gopath" "$work/tools"
  mkdir -p "$work"
  cp -r "$kdir" "$src"
  chmod -R u+w "$src"
  # The staging modules the release replaces with ./staging/src/k8s.io/...
  # (the proxy does not serve the sample-* ones: only examples need them).
  local m dir
  while read -r m; do
    dir=$( (cd "${TMPDIR:-/tmp}" && GOFLAGS='' GOTOOLCHAIN="$toolchain" go mod download -json "$m@$staging_version") 2>>"$logf" |
      sed -n 's/.*"Dir": "\(.*\)".*/\1/p') || dir=""
    if [ -z "$dir" ]; then
      printf 'generated openapi: %s@%s is not served; skipped\n' "$m" "$staging_version" >>"$logf"
      continue
    fi
    mkdir -p "$src/staging/src/k8s.io"
    cp -r "$dir" "$src/staging/src/$m"
  done < <(grep -E '^[[:space:]]*k8s\.io/[A-Za-z0-9._-]+[[:space:]]+=>[[:space:]]+\./staging/src/k8s\.io/' "$src/go.mod" | awk '{ print $1 }')
  chmod -R u+w "$src/staging"
  # Vendor the dependencies as hack/update-vendor.sh does (staging linked
  # in): the generator runs in GOPATH mode, as 1.23's hack/lib/init.sh.
  (
    cd "$src"
    export GOTOOLCHAIN=$toolchain GO111MODULE=on GOWORK=off CGO_ENABLED=0
    GOFLAGS=-mod=mod go list -m all >/dev/null # staging requires v0.0.0 -> the release's
    GOFLAGS='' go mod vendor
    local d
    for d in staging/src/k8s.io/*; do
      rm -rf "vendor/k8s.io/${d##*/}"
      ln -s "../../staging/src/k8s.io/${d##*/}" "vendor/k8s.io/${d##*/}"
    done
  ) >>"$logf" 2>&1 || return 1
  (
    # GOTOOLCHAIN does not switch in GOPATH mode: the toolchain's own go.
    local goroot
    goroot=$(cd "${TMPDIR:-/tmp}" && GOTOOLCHAIN=$toolchain GO111MODULE=on GOFLAGS='' go env GOROOT) || exit 1
    export GOROOT=$goroot PATH=$goroot/bin:$PATH
    export GOTOOLCHAIN=local GO111MODULE=off GOFLAGS='' GOPATH=$work/gopath CGO_ENABLED=0
    mkdir -p "$GOPATH/src/k8s.io" "$work/tools"
    ln -snf "$src" "$GOPATH/src/k8s.io/kubernetes"
    cd "$GOPATH/src/k8s.io/kubernetes"
    go build -o "$work/tools/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
    # Makefile.generated_files: every package with a '+k8s:openapi-gen='
    # tag (hack/make-rules/helpers/cache_go_dirs.sh's walk), except the
    # code generator and the sample apiserver.
    find -H . \( -not \( \( -name '_*' -o -name '.[^.]*' -o \( -name vendor -type d \) \) -prune \) \) \
      -type f -name '*.go' | sed 's|^./staging/src|vendor|; s|^./||' | LC_ALL=C sort -u |
      xargs grep -l '^// *+k8s:' | grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' |
      xargs grep -l '+k8s:openapi-gen=' | xargs -n1 dirname | LC_ALL=C sort -u >"$work/openapi-dirs.txt"
    "$work/tools/openapi-gen" --v 0 --logtostderr \
      -i "$(sed 's|^|k8s.io/kubernetes/|' "$work/openapi-dirs.txt" | paste -sd, -)" \
      -p k8s.io/kubernetes/pkg/generated/openapi -O zz_generated.openapi \
      -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt -r "$work/violations.report"
    # The make rule's own check: the API rule violations are the known ones.
    diff "$work/violations.report" api/api-rules/violation_exceptions.list
  ) >>"$logf" 2>&1 || return 1
  [ -f "$src/pkg/generated/openapi/zz_generated.openapi.go" ] || return 1
  # The build uses the module's dependencies, not the vendor tree.
  rm -rf "$src/vendor"
  printf '%s\n' "$src"
}
