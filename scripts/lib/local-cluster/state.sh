# shellcheck shell=bash
# Part of scripts/local-cluster, which sources it: A cluster's state folder,
# its processes and its ports.

state_dir() { printf '%s/%s\n' "$STATE_ROOT" "$1"; }

# state_get DIR KEY: a value of DIR/env (KEY=VALUE lines).
state_get() {
  [ -f "$1/env" ] || return 0
  sed -n "s/^$2=//p" "$1/env" | tail -n 1
}

# state_set DIR KEY VALUE
state_set() {
  local f=$1/env
  touch "$f"
  grep -v "^$2=" "$f" >"$f.new" || true
  printf '%s=%s\n' "$2" "$3" >>"$f.new"
  mv "$f.new" "$f"
}

# pid_alive PID BINARY: PID runs BINARY (guards against reused pids).
pid_alive() {
  local pid=$1 bin=$2 exe=""
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  # The first NUL-separated field, read without a pipe: `tr | head` under
  # pipefail failed at random when head closed before tr was done with a
  # long command line (SIGPIPE), so a running apiserver read as dead and
  # report_exit waited for it forever.
  IFS= read -r -d '' exe 2>/dev/null <"/proc/$pid/cmdline" || [ -n "$exe" ] || return 1
  [ "$exe" = "$bin" ]
}

# stop_pid PID BINARY: TERM, then KILL after 15 s.
stop_pid() {
  local pid=$1 bin=$2 i
  pid_alive "$pid" "$bin" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    pid_alive "$pid" "$bin" || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" "$bin" || return 0
    sleep 0.1
  done
}

port_in_use() {
  local p=$1
  if command -v ss >/dev/null 2>&1; then
    ss -Htan 2>/dev/null | awk '{ print $4 }' | grep -qE "[:.]$p\$"
  else
    (: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null
  fi
}

# reserved_ports: the ports every cluster's state records, running or not
# (a stopped component's port is free on the host but its restart needs it).
reserved_ports() {
  cat "$STATE_ROOT"/*/env 2>/dev/null | sed -n 's/^\(ETCD_PORT\|ETCD_PEER_PORT\|APISERVER_PORT\)=//p'
}

# free_port [EXCLUDED...]: a port from 20000 up to the kernel's ephemeral
# range (which outgoing connections take ports from at any moment) that
# nothing listens on and no cluster has recorded. Call with the ports lock
# held.
free_port() {
  local p i x taken reserved low=32768 span
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || low=32768
  [ "$low" -gt 21000 ] 2>/dev/null || low=32768
  span=$((low - 20000))
  reserved=$(reserved_ports | tr '\n' ' ')
  for ((i = 0; i < 200; i++)); do
    p=$(((RANDOM * 32768 + RANDOM) % span + 20000))
    taken=0
    for x in "$@" $reserved; do [ "$x" = "$p" ] && taken=1; done
    [ "$taken" = 0 ] || continue
    port_in_use "$p" && continue
    printf '%s\n' "$p"
    return 0
  done
  die_infra "no free port found"
}

# start_proc PIDFILE LOGFILE BINARY ARGS...: runs it in its own session,
# detached from the caller; its pid goes to START_PID. (Not called in a
# subshell, so that `wait` can read the exit status of a component that died.)
START_PID=""
start_proc() {
  local pidfile=$1 logfile=$2 i
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and $0 are for the child shell.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >>"$logfile" 2>&1 &
  for ((i = 0; i < 100; i++)); do
    [ -s "$pidfile" ] && break
    sleep 0.05
  done
  [ -s "$pidfile" ] || die "could not start $1"
  START_PID=$(cat "$pidfile")
}

# fatal_lines LOGFILE: the component's own fatal message.
fatal_lines() {
  local f=$1 lines
  # A Go panic: its first line says what happened; the stack follows.
  if grep -qE '^panic: ' "$f"; then
    grep -E '^panic: ' "$f" | head -n 1
    return 0
  fi
  lines=$(grep -E '^(Error:|F[0-9]{4} |error: )' "$f" | tail -n 5 || true)
  [ -n "$lines" ] || lines=$(grep -E '^E[0-9]{4} ' "$f" | grep -v 'The manifest file is empty' | tail -n 5 || true)
  if [ -n "$lines" ]; then
    printf '%s\n' "$lines"
  else
    tail -n 20 "$f"
  fi
}
