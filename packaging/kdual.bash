# bash completion for kdual (and kubectl-dual): commands, then each
# command's flags. Installed to share/bash-completion/completions/kdual.
# shellcheck shell=bash
_kdual() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=""
  local commands="run lint versions cluster-info capture diff create update patch delete get explain doctor version help"
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac
  done
  case $prev in
    -f|--filename|--config|--kube-proxy-config|--kubeconfig|--state|--out|--patch-file|--from-manifest|--junit|--json)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return 0 ;;
    -o|--output)
      mapfile -t COMPREPLY < <(compgen -W "text json yaml markdown name wide jsonpath=" -- "$cur"); return 0 ;;
    --version)
      mapfile -t COMPREPLY < <(compgen -W "1.29 1.33 1.37" -- "$cur"); return 0 ;;
  esac
  if [ -z "$cmd" ]; then
    mapfile -t COMPREPLY < <(compgen -W "$commands --help --version" -- "$cur")
    return 0
  fi
  local flags="--help"
  case $cmd in
    run) flags+=" --version --junit --json -o --output" ;;
    create|update|patch|delete|get|explain)
      flags+=" -f --filename -R --recursive -p --patch --patch-file --type -n --namespace -A --all-namespaces -o
              --output --validate --dry-run=server --state --version --service-cluster-ip-range
              --service-node-port-range --apiserver-flag --apiserver-cmdline --from-manifest --cluster-cidr
              --node-cidr-mask-size-ipv4 --node-cidr-mask-size-ipv6 --node-cidr-mask-size
              --controller-manager-flag --kcm-cmdline" ;;
    doctor) flags+=" -f --filename --config --kube-proxy-config --kubeconfig --context --version -o --output" ;;
    capture) flags+=" --version --out --runs --kubeconfig --context" ;;
    diff) flags+=" --version --seed --cases --kubeconfig --context --out" ;;
    cluster-info) flags+=" --kubeconfig --context -o --output" ;;
    versions) flags+=" diff -o --output --all" ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$flags" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}
complete -F _kdual kdual kubectl-dual
