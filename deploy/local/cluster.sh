#!/usr/bin/env bash
# A local 3-node CairnKV cluster on loopback, for development and the README tour.
#
#   deploy/local/cluster.sh start            build if needed, start n1..n3, return once they serve requests
#   deploy/local/cluster.sh start --secure   the same with mutual TLS everywhere: makes a development CA and
#                                            certificates once under <dir>/tls; bin/kvctl and bin/kv-bench
#                                            then use <dir>/tls/kvctl.env by themselves; turns auth on,
#                                            with the client certificate (CN=root) as user root
#   deploy/local/cluster.sh status           id, pid, state, address and log file of each node
#   deploy/local/cluster.sh stop [--clean]   stop the nodes this script started (--clean: delete their data)
#   deploy/local/cluster.sh kill NODE        kill -9 one node (to watch failover); `start` brings it back
#   deploy/local/cluster.sh restart NODE     stop and start one node
#
# Ports: 127.0.0.1:$((BASE+1))..$((BASE+3)) with BASE=${CAIRNKV_BASE_PORT:-7000}; admin HTTP (/metrics,
# /health, /ready, /status) on the same ports + 1000.
# Data and logs: ${CAIRNKV_LOCAL_DIR:-<repo>/.cluster}/nN/{data,server.log,pid}.
# A cluster started with --secure stays secure for `start`/`restart` while any node runs; a plain `start`
# of a stopped cluster is plaintext again, but auth stays on (it is replicated state): run
# `bin/kvctl auth disable` while the cluster is secure first, or there is no way to act as root.
# CAIRNKV_CONFIG=FILE: a properties file every node also reads (bin/kv-server --config), e.g. raft.* tuning.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${CAIRNKV_LOCAL_DIR:-$ROOT/.cluster}"
BASE="${CAIRNKV_BASE_PORT:-7000}"
NODES=(n1 n2 n3)
START_TIMEOUT_S="${CAIRNKV_START_TIMEOUT_S:-90}"

TLS_DIR="$DIR/tls"
SECURE_MARK="$DIR/secure"

port_of() { echo $((BASE + ${1#n})); }
peers() {
  local out="" n
  for n in "${NODES[@]}"; do out+="${out:+,}$n=127.0.0.1:$(port_of "$n")"; done
  echo "$out"
}
pid_file() { echo "$DIR/$1/pid"; }

# The pid of node $1 if it is alive and really is our server for that data dir; empty otherwise.
live_pid() {
  local f pid
  f="$(pid_file "$1")"
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  if [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "KvServerMain.*$DIR/$1/data"; then
    echo "$pid"
  fi
}

ensure_built() {
  if [[ ! -f "$ROOT/kv-server/target/kv-server.jar" || ! -f "$ROOT/snapshots/target/snapshots.jar" ]]; then
    echo "Building CairnKV (first run only; downloads dependencies)..."
    (cd "$ROOT" && ./mvnw -q -B -ntp package -DskipTests)
  fi
}

# Development CA, one certificate for the nodes (IP:127.0.0.1, DNS:localhost; server and client use, as a
# node is also a TLS client of its peers) and a client certificate with CN=root. Made once; kept across
# restarts, deleted by `stop --clean`. EC P-256 keys in PKCS#8 (what genpkey writes), valid 1 year.
ensure_certificates() {
  [[ -f "$TLS_DIR/kvctl.env" ]] && return 0
  command -v openssl >/dev/null || { echo "--secure needs openssl on the PATH" >&2; exit 1; }
  mkdir -p "$TLS_DIR"
  (
    cd "$TLS_DIR"
    umask 077
    key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
    key ca.key
    openssl req -x509 -new -key ca.key -out ca.pem -days 3650 -subj "/CN=CairnKV local development CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    issue() {
      local name="$1" cn="$2"
      key "$name.key"
      openssl req -new -key "$name.key" -out "$name.csr" -subj "/CN=$cn"
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' > "$name.ext"
      openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$name.pem" -days 365 \
        -extfile "$name.ext" 2>/dev/null
      rm -f "$name.csr" "$name.ext"
    }
    issue node cairnkv-node
    issue client root
    {
      echo "# Written by deploy/local/cluster.sh start --secure; read by bin/kvctl and bin/kv-bench."
      echo "export KV_CACERT=\"$TLS_DIR/ca.pem\""
      echo "export KV_CERT=\"$TLS_DIR/client.pem\""
      echo "export KV_KEY=\"$TLS_DIR/client.key\""
    } > kvctl.env
  )
  echo "Made a development CA and certificates in $TLS_DIR"
}

tls_flags() {
  [[ -f "$SECURE_MARK" ]] || return 0
  echo "-s tls.cert-file=$TLS_DIR/node.pem -s tls.key-file=$TLS_DIR/node.key" \
    "-s tls.trusted-ca-file=$TLS_DIR/ca.pem -s tls.client-cert-auth=true"
}

any_running() {
  local n
  for n in "${NODES[@]}"; do [[ -n "$(live_pid "$n")" ]] && return 0; done
  return 1
}

start_node() {
  local n="$1" port
  port="$(port_of "$n")"
  mkdir -p "$DIR/$n/data"
  if [[ -n "$(live_pid "$n")" ]]; then
    echo "$n is already running (pid $(live_pid "$n"))"
    return
  fi
  # Another process on our port (another cluster, say) would answer our readiness check: refuse.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port for $n is already in use by another process; set CAIRNKV_BASE_PORT to move the cluster" >&2
    exit 1
  fi
  # shellcheck disable=SC2046 # tls_flags is a list of words without spaces inside them
  nohup "$ROOT/bin/kv-server" ${CAIRNKV_CONFIG:+--config "$CAIRNKV_CONFIG"} --id "$n" --data-dir "$DIR/$n/data" \
    --peers "$(peers)" $(tls_flags) \
    >> "$DIR/$n/server.log" 2>&1 < /dev/null &
  echo $! > "$(pid_file "$n")"
  echo "Started $n (pid $!) on 127.0.0.1:$port, log $DIR/$n/server.log"
}

wait_until_serving() {
  local deadline=$((SECONDS + START_TIMEOUT_S))
  local endpoints
  endpoints="$(peers)"
  # bin/kvctl finds the TLS credentials of a secure local cluster by itself.
  until "$ROOT/bin/kvctl" --endpoints "$endpoints" --timeout 3s get cairnkv/local-cluster-check >/dev/null 2>&1; do
    if (( SECONDS >= deadline )); then
      echo "The cluster did not serve requests within ${START_TIMEOUT_S}s. Last log lines:" >&2
      for n in "${NODES[@]}"; do echo "--- $n" >&2; tail -n 15 "$DIR/$n/server.log" >&2 || true; done
      exit 1
    fi
    sleep 0.5
  done
  echo "Cluster is serving: endpoints $endpoints"
}

# --secure turns auth on too: the client certificate's CN=root is the root user (no password), so kvctl
# with .cluster/tls/kvctl.env acts as root. Idempotent: an enabled cluster is left as it is.
enable_auth() {
  local endpoints
  endpoints="$(peers)"
  if "$ROOT/bin/kvctl" --endpoints "$endpoints" auth status | grep -q 'Status: true'; then
    return 0
  fi
  "$ROOT/bin/kvctl" --endpoints "$endpoints" user get root >/dev/null 2>&1 \
    || "$ROOT/bin/kvctl" --endpoints "$endpoints" user add root --no-password >/dev/null
  "$ROOT/bin/kvctl" --endpoints "$endpoints" user grant-role root root >/dev/null
  "$ROOT/bin/kvctl" --endpoints "$endpoints" auth enable >/dev/null
  echo "Auth is on: user root (certificate CN=root, no password) has role root; add users with bin/kvctl user add"
}

stop_node() {
  local n="$1" pid
  pid="$(live_pid "$n")"
  if [[ -z "$pid" ]]; then
    rm -f "$(pid_file "$n")"
    return
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "$n did not stop within 10 s; killing it" >&2
    kill -KILL "$pid" || true
  fi
  rm -f "$(pid_file "$n")"
  echo "Stopped $n (pid $pid)"
}

cmd_start() {
  ensure_built
  local started=0 n
  if [[ "${1:-}" == "--secure" ]]; then
    if any_running && [[ ! -f "$SECURE_MARK" ]]; then
      echo "The cluster runs without TLS; stop it first, then start --secure" >&2
      exit 1
    fi
    ensure_certificates
    mkdir -p "$DIR" && touch "$SECURE_MARK"
  elif [[ -n "${1:-}" ]]; then
    echo "Unknown option $1 (start takes --secure)" >&2
    exit 2
  elif ! any_running; then
    rm -f "$SECURE_MARK"   # a plain start of a stopped cluster is plaintext, as before
  fi
  for n in "${NODES[@]}"; do
    if [[ -z "$(live_pid "$n")" ]]; then started=1; fi
    start_node "$n"
  done
  if (( started == 0 )); then
    echo "The cluster was already running."
  fi
  wait_until_serving
  if [[ -f "$SECURE_MARK" ]]; then
    echo "Mutual TLS is on; bin/kvctl uses $TLS_DIR/kvctl.env (CA, client certificate CN=root)"
    enable_auth
  fi
}

cmd_status() {
  local n pid state scheme=http
  [[ -f "$SECURE_MARK" ]] && scheme=https
  printf "%-4s %-8s %-6s %-16s %-27s %s\n" ID PID STATE ADDRESS ADMIN LOG
  for n in "${NODES[@]}"; do
    pid="$(live_pid "$n")"
    state=alive
    if [[ -z "$pid" ]]; then state=down; pid=-; fi
    printf "%-4s %-8s %-6s %-16s %-27s %s\n" "$n" "$pid" "$state" "127.0.0.1:$(port_of "$n")" \
      "$scheme://127.0.0.1:$(($(port_of "$n") + 1000))" "$DIR/$n/server.log"
  done
}

cmd_stop() {
  local n
  for n in "${NODES[@]}"; do stop_node "$n"; done
  if [[ "${1:-}" == "--clean" ]]; then
    rm -rf "$DIR"
    echo "Deleted $DIR"
  fi
}

node_arg() {
  local n="${1:-}"
  if [[ ! " ${NODES[*]} " =~ " $n " ]]; then
    echo "Name a node: ${NODES[*]}" >&2
    exit 2
  fi
  echo "$n"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  status) cmd_status ;;
  kill)
    n="$(node_arg "${2:-}")"; pid="$(live_pid "$n")"
    if [[ -z "$pid" ]]; then echo "$n is not running"; exit 1; fi
    kill -KILL "$pid"
    # SIGKILL is asynchronous: wait (bounded) until the process and its ports are gone, so that a
    # `start` right after this one does not find the node's port still held.
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    rm -f "$(pid_file "$n")"; echo "Killed $n (pid $pid) with SIGKILL" ;;
  restart)
    n="$(node_arg "${2:-}")"; ensure_built; stop_node "$n"; start_node "$n"; wait_until_serving ;;
  *)
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2 ;;
esac
