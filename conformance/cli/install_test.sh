#!/usr/bin/env bash
# Installs kdual into a temporary prefix (cmake --install) and uses it as a
# user would: the installed binary, `kubectl dual` through kubectl's plugin
# lookup (where kubectl is installed), the completions, the docs, and the
# golden corpus it finds beside itself.
#
# Usage: install_test.sh BUILD_DIR
set -uo pipefail

build=${1:?usage: install_test.sh BUILD_DIR}
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

failed=0
check() {  # check WHAT COMMAND...
  local what=$1
  shift
  if "$@" >"$work/out" 2>&1; then
    echo "ok   $what"
  else
    echo "FAIL $what:"
    sed 's/^/     /' "$work/out" | head -20
    failed=1
  fi
}

check "cmake --install into a prefix" cmake --install "$build" --prefix "$prefix"
check "the installed kdual runs" "$prefix/bin/kdual" version
check "kubectl-dual is installed" test -x "$prefix/bin/kubectl-dual"
check "kubectl-dual runs kdual" "$prefix/bin/kubectl-dual" version
cat >"$work/svc.yaml" <<'YAML'
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  ipFamilyPolicy: PreferDualStack
  selector: {app: web}
  ports: [{port: 80}]
YAML
if command -v kubectl >/dev/null 2>&1; then
  check "kubectl dual explain create (a kubectl plugin)" env PATH="$prefix/bin:$PATH" \
    kubectl dual explain create -f "$work/svc.yaml" --service-cluster-ip-range 10.96.0.0/16,fd00::/112
  check "kubectl lists the plugin" sh -c "PATH='$prefix/bin:$PATH' kubectl plugin list 2>/dev/null | grep -q kubectl-dual"
else
  echo "skipped: no kubectl for the plugin checks"
fi
check "bash completion is installed" test -f "$prefix/share/bash-completion/completions/kdual"
check "bash completion completes commands" bash -c "
  source '$prefix/share/bash-completion/completions/kdual'
  COMP_WORDS=(kdual doc); COMP_CWORD=1; _kdual; [ \"\${COMPREPLY[*]}\" = doctor ]"
check "bash completion completes a command's flags" bash -c "
  source '$prefix/share/bash-completion/completions/kdual'
  COMP_WORDS=(kdual doctor --kube); COMP_CWORD=2; _kdual; [[ \" \${COMPREPLY[*]} \" == *' --kubeconfig '* ]]"
check "zsh completion is installed" test -f "$prefix/share/zsh/site-functions/_kdual"
check "the docs are installed" test -f "$prefix/share/doc/kdual/golden-format.md"
minor=$(grep -E '^v' "$prefix/share/kdual/versions.txt" | tail -n 1 | sed -E 's/^v([0-9]+\.[0-9]+)\..*/\1/')
check "the golden corpus is installed" test -d "$prefix/share/kdual/golden/$minor"
check "kdual run on the installed corpus" sh -c "cd '$work' && '$prefix/bin/kdual' run '$prefix/share/kdual/golden/$minor/families'"
check "versions diff finds the installed corpus from any folder" sh -c "cd '$work' && '$prefix/bin/kdual' versions diff $minor $minor"
exit "$failed"
