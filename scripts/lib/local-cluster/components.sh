# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: Starting etcd,
# kube-apiserver and kube-controller-manager, and reading why one stopped.

start_etcd() {
  local dir=$1 bin=$2 port peer data ev a
  port=$(state_get "$dir" ETCD_PORT)
  peer=$(state_get "$dir" ETCD_PEER_PORT)
  data=$(state_get "$dir" ETCD_DATA)
  ev=$("$bin/etcd" --version 2>/dev/null | sed -n 's/^etcd Version: //p')
  a=(
    --name=kdual
    "--data-dir=$data"
    "--listen-client-urls=http://127.0.0.1:$port"
    "--advertise-client-urls=http://127.0.0.1:$port"
    "--listen-peer-urls=http://127.0.0.1:$peer"
    "--initial-advertise-peer-urls=http://127.0.0.1:$peer"
    "--initial-cluster=kdual=http://127.0.0.1:$peer"
    --unsafe-no-fsync
  )
  case $ev in
    3.5.*) a+=(--experimental-watch-progress-notify-interval=5s) ;;
    3.*) a+=(--watch-progress-notify-interval=5s) ;;
  esac
  local e
  for e in "${O_ETCD_EXTRA[@]}"; do args_put a "$e"; done
  printf '%s\n' "${a[@]}" >"$dir/etcd.args"
  log "starting etcd $ev on 127.0.0.1:$port (data $data)"
  local pid i
  start_proc "$dir/etcd.pid" "$dir/etcd.log" "$bin/etcd" "${a[@]}"
  pid=$START_PID
  state_set "$dir" ETCD_PID "$pid"
  for ((i = 0; i < 300; i++)); do
    if ! pid_alive "$pid" "$bin/etcd"; then
      log "etcd exited; its last error lines:"
      fatal_lines "$dir/etcd.log" >&2
      return 1
    fi
    if curl -fsS --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"health":"true"'; then
      return 0
    fi
    sleep 0.1
  done
  log "etcd did not become healthy in 30s"
  return 1
}

# report_exit NAME PID LOG: the component's status and fatal lines.
report_exit() {
  local name=$1 pid=$2 logf=$3 rc="" stat=""
  # Only a process that has exited is waited for: `wait` on one still
  # running would block for good.
  [ -r "/proc/$pid/stat" ] && stat=$(<"/proc/$pid/stat")
  stat=${stat##*) }
  if [ -z "$stat" ] || [ "${stat%% *}" = Z ]; then
    if wait "$pid" 2>/dev/null; then rc=0; else rc=$?; fi
    [ "$rc" = 127 ] && rc=unknown
  else
    rc="unknown: still running"
  fi
  log "$name exited (status $rc); its last error lines (from $logf):"
  fatal_lines "$logf" >&2
}

start_apiserver() {
  local dir=$1 bin=$2 minor=$3 pid t0 code i
  mapfile -t args <"$dir/apiserver.args"
  log "starting kube-apiserver on https://127.0.0.1:$(state_get "$dir" APISERVER_PORT)"
  : >"$dir/kube-apiserver.log"
  start_proc "$dir/kube-apiserver.pid" "$dir/kube-apiserver.log" "$bin/kube-apiserver" "${args[@]}"
  pid=$START_PID
  state_set "$dir" APISERVER_PID "$pid"
  t0=$(date +%s)
  local stage=readyz
  while :; do
    if ! pid_alive "$pid" "$bin/kube-apiserver"; then
      report_exit kube-apiserver "$pid" "$dir/kube-apiserver.log"
      return 1
    fi
    if [ $(($(date +%s) - t0)) -ge "$READY_TIMEOUT" ]; then
      log "kube-apiserver not ready after ${READY_TIMEOUT}s (waiting for $stage); last log lines:"
      tail -n 15 "$dir/kube-apiserver.log" >&2
      return 1
    fi
    case $stage in
      readyz)
        code=$(api "$dir" /readyz)
        [ "$code" = 200 ] && stage=service ;;
      service)
        code=$(api "$dir" /api/v1/namespaces/default/services/kubernetes)
        if [ "$code" = 200 ]; then
          if servicecidr_expected "$minor"; then stage=servicecidr; else break; fi
        fi ;;
      servicecidr)
        code=$(api "$dir" /apis/networking.k8s.io/v1/servicecidrs/kubernetes)
        if [ "$code" = 200 ] && tr -d ' \n' <"$dir/last-response.json" | grep -q '"type":"Ready","status":"True"'; then
          break
        fi ;;
    esac
    for ((i = 0; i < 3; i++)); do
      pid_alive "$pid" "$bin/kube-apiserver" || break
      sleep 0.1
    done
  done
  return 0
}

# The default ServiceCIDR exists from 1.33 on, unless the gate is off.
servicecidr_expected() {
  [ "$1" -ge 33 ] || return 1
  local g
  g=$(grep -E '^--feature-gates=' "$dir/apiserver.args" | tail -n 1 || true)
  [[ $g != *MultiCIDRServiceAllocator=false* ]] || return 1
  ! grep -qE '^--runtime-config=.*networking\.k8s\.io/v1=false' "$dir/apiserver.args"
}

start_kcm() {
  local dir=$1 bin=$2 pid i
  mapfile -t args <"$dir/kcm.args"
  log "starting kube-controller-manager ($(grep -E '^--controllers=' "$dir/kcm.args" | cut -d= -f2))"
  : >"$dir/kube-controller-manager.log"
  start_proc "$dir/kube-controller-manager.pid" "$dir/kube-controller-manager.log" "$bin/kube-controller-manager" "${args[@]}"
  pid=$START_PID
  state_set "$dir" KCM_PID "$pid"
  # It has no port to probe. Wait until each controller of --controllers
  # logged that it started (a rejected flag or controller shows as an exit;
  # some controllers start seconds after the others, nodeipam in 1.29 ~10 s).
  local want=() c pending t0
  IFS=, read -r -a want <<<"$(sed -n 's/^--controllers=//p' "$dir/kcm.args" | tail -n 1)"
  t0=$(date +%s)
  while :; do
    if ! pid_alive "$pid" "$bin/kube-controller-manager"; then
      report_exit kube-controller-manager "$pid" "$dir/kube-controller-manager.log"
      return 1
    fi
    pending=""
    for c in "${want[@]}"; do
      case $c in ""|-*) continue ;; '*') pending=; break ;; esac
      controller_started "$dir/kube-controller-manager.log" "$c" || pending+=" $c"
    done
    if [ -z "$pending" ] && [ $(($(date +%s) - t0)) -ge 1 ]; then
      break
    fi
    if [ $(($(date +%s) - t0)) -ge 30 ]; then
      log "warning: kube-controller-manager runs but did not report starting:$pending"
      break
    fi
    sleep 0.2
  done
  return 0
}

# controller_started LOG NAME: the log says that controller NAME (old or
# new name) started. Releases differ: up to 1.3x kcm logs "Started
# controller" (or `Started "name"` in older ones); newer ones log only the
# controller's own "Starting ... controller" line.
controller_started() {
  local names=("$2") own=""
  case $2 in
    namespace|namespace-controller)
      names=(namespace namespace-controller); own="Starting namespace controller" ;;
    nodeipam|node-ipam-controller)
      names=(nodeipam node-ipam-controller); own="Starting ipam controller" ;;
    serviceaccount-token|serviceaccount-token-controller)
      names=(serviceaccount-token serviceaccount-token-controller); own="Starting tokens controller" ;;
    *-controller) names+=("${2%-controller}") ;;
    *) names+=("$2-controller") ;;
  esac
  [ -n "$own" ] && grep -qF -e "$own" "$1" && return 0
  local n
  for n in "${names[@]}"; do
    grep -qF -e "\"Started controller\" controller=\"$n\"" -e "Started \"$n\"" "$1" && return 0
  done
  return 1
}
