# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: `up`, `restart`, `down`,
# `status`, `logs` and `kubeconfig`.

UP_DIR=""
UP_OK=0

up_cleanup() {
  local rc=$?
  [ -n "$UP_DIR" ] && [ "$UP_OK" = 0 ] || return "$rc"
  local bin data
  bin=$(state_get "$UP_DIR" BIN)
  stop_pid "$(state_get "$UP_DIR" KCM_PID)" "$bin/kube-controller-manager"
  stop_pid "$(state_get "$UP_DIR" APISERVER_PID)" "$bin/kube-apiserver"
  stop_pid "$(state_get "$UP_DIR" ETCD_PID)" "$bin/etcd"
  data=$(state_get "$UP_DIR" ETCD_DATA)
  [[ $data == /dev/shm/kdual-* || $data == "${TMPDIR:-/tmp}"/kdual-* ]] && rm -rf "$data"
  local version
  version=$(state_get "$UP_DIR" VERSION)
  rm -f "$UP_DIR/env" "$UP_DIR"/*.pid
  state_set "$UP_DIR" VERSION "$version"
  log "up failed; nothing left running (logs kept in $UP_DIR)"
  [ "$rc" != 0 ] || rc=1
  return "$rc"
}

cluster_running() {
  local dir=$1 bin
  bin=$(state_get "$dir" BIN)
  [ -n "$bin" ] || return 1
  pid_alive "$(state_get "$dir" ETCD_PID)" "$bin/etcd" ||
    pid_alive "$(state_get "$dir" APISERVER_PID)" "$bin/kube-apiserver" ||
    pid_alive "$(state_get "$dir" KCM_PID)" "$bin/kube-controller-manager"
}

cmd_up() {
  parse_cluster_opts up "$@"
  local version dir bin minor t0 t1
  need openssl
  need curl
  version=$(resolve_version "${O_VERSION:-$(default_version)}")
  dir=$(state_dir "$O_NAME")
  if [ -d "$dir" ] && cluster_running "$dir"; then
    die "cluster '$O_NAME' is already up (use restart, or down first)"
  fi
  build_version "$version"
  bin=$CACHE_ROOT/k8s/$version/bin
  minor=$(version_minor "$version")

  t0=$(date +%s.%N)
  rm -rf "$dir"
  mkdir -p "$dir"
  UP_DIR=$dir
  trap up_cleanup EXIT
  trap 'exit 130' INT TERM

  local shm=/dev/shm
  [ -d "$shm" ] && [ -w "$shm" ] || shm=${TMPDIR:-/tmp}
  local data etcd_port peer_port port
  data=$(mktemp -d "$shm/kdual-etcd-$O_NAME.XXXXXX")
  # Several clusters may start at once (parallel captures): pick and record
  # the ports under one lock, so two never pick the same free port.
  exec 9>"$STATE_ROOT/.ports.lock"
  flock 9
  etcd_port=$(free_port)
  peer_port=$(free_port "$etcd_port")
  port=$(free_port "$etcd_port" "$peer_port")
  state_set "$dir" ETCD_PORT "$etcd_port"
  state_set "$dir" ETCD_PEER_PORT "$peer_port"
  state_set "$dir" APISERVER_PORT "$port"
  flock -u 9
  exec 9>&-
  state_set "$dir" NAME "$O_NAME"
  state_set "$dir" VERSION "$version"
  state_set "$dir" BIN "$bin"
  state_set "$dir" ETCD_DATA "$data"

  make_certs "$dir"
  write_kubeconfig "$dir" "$O_NAME" "$port"
  compute_args "$dir"

  start_etcd "$dir" "$bin" || die_infra "etcd did not start"
  if ! start_apiserver "$dir" "$bin" "$minor"; then
    # A port taken between our check and its bind is the host's doing.
    grep -q 'address already in use' "$dir/kube-apiserver.log" 2>/dev/null &&
      die_infra "kube-apiserver could not bind its port (taken meanwhile)"
    die "kube-apiserver did not start"
  fi
  start_kcm "$dir" "$bin" || die "kube-controller-manager did not start"
  t1=$(date +%s.%N)
  UP_OK=1
  trap - EXIT INT TERM
  state_set "$dir" UP_SECONDS "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
  log "cluster '$O_NAME' ($version) ready in $(state_get "$dir" UP_SECONDS)s: https://127.0.0.1:$port"
  printf '%s\n' "$dir/kubeconfig"
}

cmd_restart() {
  parse_cluster_opts restart "$@"
  local dir bin minor version t0 t1
  dir=$(state_dir "$O_NAME")
  bin=$(state_get "$dir" BIN)
  [ -n "$bin" ] || die "no cluster '$O_NAME' (use up)"
  pid_alive "$(state_get "$dir" ETCD_PID)" "$bin/etcd" || die "etcd of cluster '$O_NAME' is not running (down, then up)"
  version=$(state_get "$dir" VERSION)
  minor=$(version_minor "$version")
  t0=$(date +%s.%N)
  log "stopping kube-controller-manager and kube-apiserver of '$O_NAME'"
  stop_pid "$(state_get "$dir" KCM_PID)" "$bin/kube-controller-manager"
  stop_pid "$(state_get "$dir" APISERVER_PID)" "$bin/kube-apiserver"
  state_set "$dir" KCM_PID ""
  state_set "$dir" APISERVER_PID ""
  for f in apiserver kcm launcher; do
    [ -f "$dir/$f.args" ] && cp "$dir/$f.args" "$dir/$f.args.previous"
  done
  for f in kube-apiserver kube-controller-manager; do
    [ -f "$dir/$f.log" ] && cat "$dir/$f.log" >>"$dir/$f.previous.log"
  done
  compute_args "$dir"
  if ! start_apiserver "$dir" "$bin" "$minor" || ! start_kcm "$dir" "$bin"; then
    stop_pid "$(state_get "$dir" KCM_PID)" "$bin/kube-controller-manager"
    stop_pid "$(state_get "$dir" APISERVER_PID)" "$bin/kube-apiserver"
    state_set "$dir" KCM_PID ""
    state_set "$dir" APISERVER_PID ""
    grep -q 'address already in use' "$dir/kube-apiserver.log" 2>/dev/null &&
      die_infra "restart of '$O_NAME' failed: kube-apiserver could not bind its port (taken meanwhile); etcd is still up"
    die "restart of '$O_NAME' failed; etcd is still up (restart again with other flags, or down)"
  fi
  t1=$(date +%s.%N)
  state_set "$dir" RESTART_SECONDS "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
  log "cluster '$O_NAME' restarted in $(state_get "$dir" RESTART_SECONDS)s"
  printf '%s\n' "$dir/kubeconfig"
}

cmd_down() {
  parse_cluster_opts down "$@"
  local dir bin data
  dir=$(state_dir "$O_NAME")
  [ -d "$dir" ] || { log "no cluster '$O_NAME'"; return 0; }
  bin=$(state_get "$dir" BIN)
  if [ -n "$bin" ]; then
    stop_pid "$(state_get "$dir" KCM_PID)" "$bin/kube-controller-manager"
    stop_pid "$(state_get "$dir" APISERVER_PID)" "$bin/kube-apiserver"
    stop_pid "$(state_get "$dir" ETCD_PID)" "$bin/etcd"
  fi
  data=$(state_get "$dir" ETCD_DATA)
  if [[ $data == /dev/shm/kdual-* || $data == "${TMPDIR:-/tmp}"/kdual-* ]]; then
    rm -rf "$data"
  fi
  if [ "$O_KEEP_LOGS" = 1 ]; then
    find "$dir" -mindepth 1 -maxdepth 1 ! -name '*.log' -exec rm -rf {} +
  else
    rm -rf "$dir"
  fi
  log "cluster '$O_NAME' is down"
}

cmd_status() {
  local name="" d
  while [ $# -gt 0 ]; do
    case $1 in
      -h|--help) usage_status; exit 0 ;;
      --name) [ $# -gt 1 ] || die "status: --name needs a value"; name=$2; shift ;;
      --name=*) name=${1#*=} ;;
      *) die "status: unknown option $1" ;;
    esac
    shift
  done
  [ -d "$STATE_ROOT" ] || { log "no clusters"; return 0; }
  local found=0
  for d in "$STATE_ROOT"/*/; do
    [ -d "$d" ] || continue
    d=${d%/}
    [ -z "$name" ] || [ "$(basename "$d")" = "$name" ] || continue
    found=1
    local bin c pid st
    bin=$(state_get "$d" BIN)
    printf '%s: version %s\n' "$(basename "$d")" "$(state_get "$d" VERSION)"
    if [ -z "$bin" ]; then
      printf '  not running (logs only)\n'
      continue
    fi
    for c in etcd:ETCD_PID kube-apiserver:APISERVER_PID kube-controller-manager:KCM_PID; do
      pid=$(state_get "$d" "${c#*:}")
      if pid_alive "$pid" "$bin/${c%%:*}"; then st=running; else st=stopped; fi
      printf '  %-24s pid %-8s %s\n' "${c%%:*}" "${pid:--}" "$st"
    done
    printf '  apiserver  https://127.0.0.1:%s\n' "$(state_get "$d" APISERVER_PORT)"
    printf '  etcd       http://127.0.0.1:%s\n' "$(state_get "$d" ETCD_PORT)"
    printf '  kubeconfig %s\n' "$d/kubeconfig"
  done
  if [ "$found" = 0 ]; then
    [ -n "$name" ] || { log "no clusters"; return 0; }
    die "no cluster '$name'"
  fi
}

cmd_logs() {
  local name=kdual comp=kube-apiserver lines=""
  while [ $# -gt 0 ]; do
    case $1 in
      -h|--help) usage_logs; exit 0 ;;
      --name) [ $# -gt 1 ] || die "logs: --name needs a value"; name=$2; shift ;;
      --name=*) name=${1#*=} ;;
      -n) [ $# -gt 1 ] || die "logs: -n needs a value"; lines=$2; shift ;;
      -*) die "logs: unknown option $1" ;;
      *) comp=$1 ;;
    esac
    shift
  done
  case $comp in
    apiserver|kube-apiserver) comp=kube-apiserver ;;
    kcm|controller-manager|kube-controller-manager) comp=kube-controller-manager ;;
    etcd) ;;
    *) die "logs: unknown component '$comp' (etcd, kube-apiserver, kube-controller-manager)" ;;
  esac
  local f
  f=$(state_dir "$name")/$comp.log
  [ -f "$f" ] || die "no log $f"
  if [ -n "$lines" ]; then tail -n "$lines" "$f"; else cat "$f"; fi
}

cmd_kubeconfig() {
  parse_cluster_opts kubeconfig "$@"
  local dir
  dir=$(state_dir "$O_NAME")
  if [ ! -f "$dir/kubeconfig" ] || ! cluster_running "$dir"; then
    die "cluster '$O_NAME' is not up"
  fi
  printf '%s\n' "$dir/kubeconfig"
}
