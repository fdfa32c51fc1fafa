# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: The options of `up` and
# `restart`, and the component flags they give.

# Options of up and restart; parse_cluster_opts fills these.
reset_opts() {
  O_NAME=kdual
  O_VERSION=""
  O_EXACT=0
  O_AUTHZ=RBAC
  O_KEEP_LOGS=0
  unset O_SVC O_NODEPORT O_GATES O_RUNTIME O_CCIDR O_MASK4 O_MASK6 O_MASK
  O_APISERVER_EXTRA=()
  O_KCM_EXTRA=()
  O_ETCD_EXTRA=()
  O_LAUNCHER_ARGS=()
}

parse_cluster_opts() {
  local cmd=$1 key val has
  shift
  reset_opts
  O_LAUNCHER_ARGS=("$@")
  while [ $# -gt 0 ]; do
    case $1 in
      --*=*) key=${1%%=*}; val=${1#*=}; has=1 ;;
      *) key=$1; val=""; has=0 ;;
    esac
    shift
    case $key in
      --name|--version|--authorization-mode|--service-cluster-ip-range|--service-node-port-range|\
      --feature-gates|--runtime-config|--cluster-cidr|--node-cidr-mask-size-ipv4|\
      --node-cidr-mask-size-ipv6|--node-cidr-mask-size|--apiserver-arg|--kcm-arg|--etcd-arg)
        if [ "$has" = 0 ]; then
          [ $# -gt 0 ] || die "$cmd: $key needs a value"
          val=$1
          shift
        fi ;;
    esac
    case $key in
      -h|--help) "usage_$cmd"; exit 0 ;;
      --name)
        [[ $val =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || die "$cmd: bad cluster name '$val'"
        O_NAME=$val ;;
      --version)
        [ "$cmd" = up ] || die "$cmd: --version is only for up (a restart keeps the version)"
        O_VERSION=$val ;;
      --exact-flags) O_EXACT=1 ;;
      --keep-logs) O_KEEP_LOGS=1 ;;
      --authorization-mode) O_AUTHZ=$val ;;
      --service-cluster-ip-range) O_SVC=$val ;;
      --service-node-port-range) O_NODEPORT=$val ;;
      --feature-gates) O_GATES=$val ;;
      --runtime-config) O_RUNTIME=$val ;;
      --cluster-cidr) O_CCIDR=$val ;;
      --node-cidr-mask-size-ipv4) O_MASK4=$val ;;
      --node-cidr-mask-size-ipv6) O_MASK6=$val ;;
      --node-cidr-mask-size) O_MASK=$val ;;
      --apiserver-arg) O_APISERVER_EXTRA+=("$val") ;;
      --kcm-arg) O_KCM_EXTRA+=("$val") ;;
      --etcd-arg) O_ETCD_EXTRA+=("$val") ;;
      *) die "$cmd: unknown option $key (see $cmd --help)" ;;
    esac
  done
}

# Flag lists are arrays of "--key=value" (or "--key"); args_put replaces
# an entry with the same key.
args_put() {
  local -n _arr=$1
  local entry=$2 key=${2%%=*} out=() e
  for e in "${_arr[@]}"; do
    [ "${e%%=*}" = "$key" ] || out+=("$e")
  done
  out+=("$entry")
  _arr=("${out[@]}")
}

# kind's pod subnets for the families of a service range, in its order.
pod_cidrs_for() {
  local range=$1 cidrs="" part
  local IFS=,
  for part in $range; do
    if [[ $part == *:* ]]; then
      cidrs="${cidrs:+$cidrs,}$DEFAULT_POD_CIDR_V6"
    else
      cidrs="${cidrs:+$cidrs,}$DEFAULT_POD_CIDR_V4"
    fi
  done
  printf '%s\n' "$cidrs"
}

# compute_args DIR: writes DIR/apiserver.args and DIR/kcm.args from the
# parsed options and the recorded ports.
compute_args() {
  local dir=$1
  local port etcd_port svc ccidr primary adv
  port=$(state_get "$dir" APISERVER_PORT)
  etcd_port=$(state_get "$dir" ETCD_PORT)

  if [ "$O_EXACT" = 1 ]; then
    svc=${O_SVC-}
    ccidr=${O_CCIDR-}
  else
    svc=${O_SVC-$DEFAULT_SERVICE_RANGE}
    if [ -n "${O_CCIDR+x}" ]; then
      ccidr=$O_CCIDR
    else
      ccidr=$(pod_cidrs_for "${svc:-$DEFAULT_SERVICE_RANGE}")
    fi
  fi
  primary=${svc%%,*}
  if [[ $primary == *:* ]]; then adv=2001:db8::1; else adv=192.0.2.1; fi

  local a=(
    "--etcd-servers=http://127.0.0.1:$etcd_port"
    "--bind-address=127.0.0.1"
    "--secure-port=$port"
    "--advertise-address=$adv"
    "--cert-dir=$dir/certs"
    "--tls-cert-file=$dir/certs/apiserver.crt"
    "--tls-private-key-file=$dir/certs/apiserver.key"
    "--client-ca-file=$dir/certs/ca.crt"
    "--token-auth-file=$dir/certs/tokens.csv"
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local"
    "--service-account-key-file=$dir/certs/sa.key"
    "--service-account-signing-key-file=$dir/certs/sa.key"
    "--authorization-mode=$O_AUTHZ"
  )
  [ "$O_EXACT" = 1 ] && [ -z "${O_SVC+x}" ] || a+=("--service-cluster-ip-range=$svc")
  [ -z "${O_NODEPORT+x}" ] || a+=("--service-node-port-range=$O_NODEPORT")
  [ -z "${O_GATES+x}" ] || a+=("--feature-gates=$O_GATES")
  [ -z "${O_RUNTIME+x}" ] || a+=("--runtime-config=$O_RUNTIME")
  local e
  for e in "${O_APISERVER_EXTRA[@]}"; do args_put a "$e"; done

  local controllers=namespace minor
  # From 1.33 (MultiCIDRServiceAllocator GA) the service-cidr-controller
  # puts its finalizer and Ready condition on every ServiceCIDR and guards
  # their deletion, as on any cluster of those releases; older releases
  # either lack it or keep it off with its gate.
  minor=$(state_get "$dir" VERSION | sed -nE 's/^v1\.([0-9]+)\..*/\1/p')
  if [ -n "$minor" ] && [ "$minor" -ge 33 ]; then controllers+=,service-cidr-controller; fi
  local k=(
    "--kubeconfig=$dir/kubeconfig"
    "--leader-elect=false"
    "--use-service-account-credentials=false"
    "--bind-address=127.0.0.1"
    "--secure-port=0"
  )
  [ "$O_EXACT" = 1 ] && [ -z "${O_SVC+x}" ] || k+=("--service-cluster-ip-range=$svc")
  [ -z "${O_GATES+x}" ] || k+=("--feature-gates=$O_GATES")
  if [ -n "$ccidr" ]; then
    controllers+=,nodeipam
    k+=("--allocate-node-cidrs=true" "--cluster-cidr=$ccidr")
  fi
  [ -z "${O_MASK4+x}" ] || k+=("--node-cidr-mask-size-ipv4=$O_MASK4")
  [ -z "${O_MASK6+x}" ] || k+=("--node-cidr-mask-size-ipv6=$O_MASK6")
  [ -z "${O_MASK+x}" ] || k+=("--node-cidr-mask-size=$O_MASK")
  k+=("--controllers=$controllers")
  for e in "${O_KCM_EXTRA[@]}"; do args_put k "$e"; done

  printf '%s\n' "${a[@]}" >"$dir/apiserver.args"
  printf '%s\n' "${k[@]}" >"$dir/kcm.args"
  printf '%s\n' "${O_LAUNCHER_ARGS[@]}" >"$dir/launcher.args"
}
