# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: Logging, exits and small
# helpers every part uses.

log() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }
# die_infra: a failure of the launcher, etcd or the host (a port taken), not
# of the component flags under test: exit 3, so callers retry rather than
# record it as the component's answer.
die_infra() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 3; }

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required but not on PATH"; }

default_version() {
  [ -f "$VERSIONS_FILE" ] || die "no $VERSIONS_FILE; pass --version"
  local v
  v=$(grep -E '^v[0-9]' "$VERSIONS_FILE" | tail -n 1 | tr -d '[:space:]')
  [ -n "$v" ] || die "no version in $VERSIONS_FILE"
  printf '%s\n' "$v"
}

# Go commands that must not see a module or the user's GOFLAGS=-mod=...
go_outside() {
  (cd "${TMPDIR:-/tmp}" && GO111MODULE=on GOFLAGS=-buildvcs=false GOTOOLCHAIN=local go "$@")
}

resolve_version() {
  local v=$1
  if [ "$v" = latest ]; then
    need go
    local list
    list=$(go_outside list -m -versions k8s.io/kubernetes 2>/dev/null | tr ' ' '\n' |
      grep -E '^v1\.[0-9]+\.[0-9]+$' | sort -V | tail -n 1 || true)
    [ -n "$list" ] || die "cannot resolve 'latest': the module proxy listed no stable k8s.io/kubernetes version"
    log "latest resolves to $list (from the versions the module proxy lists)"
    v=$list
  fi
  [[ $v =~ ^v1\.[0-9]+\.[0-9]+(-(alpha|beta|rc)\.[0-9]+)?$ ]] ||
    die "bad version '$v' (want vX.Y.Z, e.g. v1.33.13, or 'latest')"
  printf '%s\n' "$v"
}

version_minor() { local v=${1#v1.}; printf '%s\n' "${v%%.*}"; }

# json_field FIELD < json: the string value of a top-level field of
# `go mod download -json` output.
json_field() {
  sed -n "s/^[[:space:]]*\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" | head -n 1
}

dir_bytes() { if [ -d "$1" ]; then du -sb "$1" 2>/dev/null | cut -f1; else echo 0; fi; }

human() { awk -v b="$1" 'BEGIN { split("B KiB MiB GiB", u); i = 1; while (b >= 1024 && i < 4) { b /= 1024; i++ } printf "%.1f %s", b, u[i] }'; }
