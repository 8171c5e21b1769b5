#!/usr/bin/env bash
# Side by side: CairnKV, etcd and RheaKV, each in turn as a 3-node cluster on loopback with fsync on every
# commit, under identical workloads (100-byte values, 100k preloaded keys; put, linearizable get, serializable
# get, 50/50 put/get mix; 1, 16, 64, 256 requests in flight). Prints a side-by-side table with ratios and writes
# kv-bench/target/compare.json. See docs/performance.md "Side by side with etcd and RheaKV".
#
#   kv-bench/compare.sh [--systems cairn,etcd,rheakv] [--workloads put,get-linearizable,get-serializable,mix]
#                       [--inflight 1,16,64,256] [--warmup 3s] [--duration 6s] [--system-warmup 45s] [--keys 100000]
#                       [--idle-busy 25] [--idle-wait 45] [--base-port 27300]
#
# Installs Debian's etcd-server if etcd is missing (needs root). Before each system's phase it waits, at most
# --idle-wait seconds, until the CPUs are at most --idle-busy percent busy over 2 s (measured from /proc/stat:
# the load average lags a finished phase by minutes); on a shared machine that may never happen, so it then
# prints a warning with the CPU use and goes on. Each system is warmed up for --system-warmup (unmeasured) so
# that JIT compilation has settled in all JVMs. It stops only the processes it started (also on Ctrl-C or
# failure) and deletes their data. Defaults took 10.5 minutes on 2 cores (idle waits included).
# Work files: kv-bench/target/compare/ (cluster data and logs, per-system cells, table).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/kv-bench/target/compare"
JSON="$ROOT/kv-bench/target/compare.json"

SYSTEMS=cairn,etcd,rheakv
WORKLOADS=put,get-linearizable,get-serializable,mix
INFLIGHT=1,16,64,256
WARMUP=3s
DURATION=6s
SYSTEM_WARMUP=45s                         # per system, after the preload: 50/50 put/get at 64 in flight, unmeasured
KEYS=100000
IDLE_BUSY=25
IDLE_WAIT_S=45
BASE_PORT=27300
START_TIMEOUT_S=90

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
while (( $# > 0 )); do
  [[ "$1" == -h || "$1" == --help ]] && usage 0
  (( $# >= 2 )) || { echo "Error: $1 needs a value" >&2; usage; }
  case "$1" in
    --systems) SYSTEMS="$2" ;;
    --workloads) WORKLOADS="$2" ;;
    --inflight) INFLIGHT="$2" ;;
    --warmup) WARMUP="$2" ;;
    --duration) DURATION="$2" ;;
    --system-warmup) SYSTEM_WARMUP="$2" ;;
    --keys) KEYS="$2" ;;
    --idle-busy) IDLE_BUSY="$2" ;;
    --idle-wait) IDLE_WAIT_S="$2" ;;
    --base-port) BASE_PORT="$2" ;;
    *) echo "Error: unknown option $1" >&2; usage ;;
  esac
  shift 2
done
for s in ${SYSTEMS//,/ }; do
  [[ "$s" =~ ^(cairn|etcd|rheakv)$ ]] || { echo "Error: --systems: unknown system '$s'" >&2; exit 2; }
done

CAIRN_BASE=$BASE_PORT                     # servers on +1..+3, admin HTTP on +1001..+1003 (cluster.sh)
ETCD_BASE=$((BASE_PORT + 100))            # client URLs +1..+3, peer URLs +11..+13
RHEA_BASE=$((BASE_PORT + 200))            # stores on +1..+3
STARTED_PIDS=()                           # etcd and RheaKV processes this script started
CAIRN_STARTED=0

stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
  if (( CAIRN_STARTED )); then
    CAIRNKV_LOCAL_DIR="$OUT/cairn" CAIRNKV_BASE_PORT="$CAIRN_BASE" "$ROOT/deploy/local/cluster.sh" stop >/dev/null || true
    CAIRN_STARTED=0
  fi
}
trap stop_started EXIT
trap 'exit 130' INT TERM

# Percent of CPU time busy (all CPUs) over the next 2 seconds, from /proc/stat.
cpu_busy_pct() {
  local a b
  a=($(head -1 /proc/stat)); sleep 2; b=($(head -1 /proc/stat))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) )) total=0 i
  for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
  echo $(( total > 0 ? 100 * (total - idle) / total : 0 ))
}

# Waits (bounded) until the CPUs are at most --idle-busy percent busy; warns and goes on if they are not.
wait_for_idle() {
  local phase="$1" busy deadline=$((SECONDS + IDLE_WAIT_S))
  while :; do
    busy="$(cpu_busy_pct)"
    if (( busy <= IDLE_BUSY )); then
      echo "== $phase: machine idle enough (CPUs ${busy}% busy, load average $(cut -d' ' -f1 /proc/loadavg))"
      return
    fi
    if (( SECONDS >= deadline )); then
      echo "WARNING: $phase: CPUs still ${busy}% busy after ${IDLE_WAIT_S}s (wanted <= ${IDLE_BUSY}%); the machine is" \
        "shared, so this phase runs anyway and its numbers carry that load" >&2
      return
    fi
  done
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
require_free() {
  local p
  for p in "$@"; do
    port_free "$p" || { echo "Error: port $p is in use; pass --base-port to move the clusters" >&2; exit 1; }
  done
}

ensure_etcd() {
  if ! command -v etcd >/dev/null; then
    echo "== installing Debian's etcd-server (etcd is missing)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y etcd-server >/dev/null
  fi
  echo "== $(etcd --version | head -1)"
}

ensure_built() {
  local m
  for m in kv-server snapshots kv-bench kv-bench-etcd kv-bench-rheakv; do
    if [[ ! -f "$ROOT/$m/target/$m.jar" ]]; then
      echo "== building (first run only)"
      (cd "$ROOT" && ./mvnw -q -B -ntp package -DskipTests -pl kv-server,snapshots,kv-bench,kv-bench-etcd,kv-bench-rheakv -am)
      return
    fi
  done
}

start_cairn() {
  require_free $((CAIRN_BASE + 1)) $((CAIRN_BASE + 2)) $((CAIRN_BASE + 3))
  CAIRN_STARTED=1
  CAIRNKV_LOCAL_DIR="$OUT/cairn" CAIRNKV_BASE_PORT="$CAIRN_BASE" CAIRNKV_START_TIMEOUT_S="$START_TIMEOUT_S" \
    "$ROOT/deploy/local/cluster.sh" start >/dev/null
  ENDPOINTS="n1=127.0.0.1:$((CAIRN_BASE + 1)),n2=127.0.0.1:$((CAIRN_BASE + 2)),n3=127.0.0.1:$((CAIRN_BASE + 3))"
  DRIVER=cairnkv
}

start_etcd() {
  local i cluster="" urls=""
  for i in 1 2 3; do
    require_free $((ETCD_BASE + i)) $((ETCD_BASE + 10 + i))
    cluster+="${cluster:+,}e$i=http://127.0.0.1:$((ETCD_BASE + 10 + i))"
    urls+="${urls:+,}http://127.0.0.1:$((ETCD_BASE + i))"
  done
  for i in 1 2 3; do
    mkdir -p "$OUT/etcd"
    # Default fsync (no --unsafe-no-fsync); data on disk under target/, never a tmpfs.
    etcd --name "e$i" --data-dir "$OUT/etcd/e$i" \
      --listen-client-urls "http://127.0.0.1:$((ETCD_BASE + i))" --advertise-client-urls "http://127.0.0.1:$((ETCD_BASE + i))" \
      --listen-peer-urls "http://127.0.0.1:$((ETCD_BASE + 10 + i))" \
      --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_BASE + 10 + i))" \
      --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token kv-bench-compare \
      > "$OUT/etcd/e$i.log" 2>&1 < /dev/null &
    STARTED_PIDS+=($!)
  done
  ENDPOINTS="$urls"
  DRIVER=etcd
}

start_rheakv() {
  local i servers=""
  for i in 1 2 3; do
    require_free $((RHEA_BASE + i))
    servers+="${servers:+,}127.0.0.1:$((RHEA_BASE + i))"
  done
  mkdir -p "$OUT/rheakv"
  for i in 1 2 3; do
    KVBENCH_JAVA_OPTS="-XX:+UseParallelGC -Xms256m -Xmx1g" "$ROOT/bin/kv-bench" rheakv-store \
      --address "127.0.0.1:$((RHEA_BASE + i))" --servers "$servers" --data "$OUT/rheakv/s$i" \
      > "$OUT/rheakv/s$i.log" 2>&1 < /dev/null &
    STARTED_PIDS+=($!)
  done
  ENDPOINTS="$servers"
  DRIVER=rheakv
}

ensure_built
[[ ",$SYSTEMS," == *,etcd,* ]] && ensure_etcd
rm -rf "$OUT" && mkdir -p "$OUT"
cells=()
for system in ${SYSTEMS//,/ }; do
  wait_for_idle "$system"
  echo "== $system: starting 3 nodes ($(uptime | sed 's/.*load/load/'))"
  "start_$system"
  # compare-run retries a first put until the cluster has a leader, then preloads and runs every cell.
  "$ROOT/bin/kv-bench" compare-run --system "$DRIVER" --name "$system" --endpoints "$ENDPOINTS" \
    --workloads "$WORKLOADS" --inflight "$INFLIGHT" --keys "$KEYS" --value-size 100 \
    --warmup "$WARMUP" --duration "$DURATION" --system-warmup "$SYSTEM_WARMUP" --ready-timeout "${START_TIMEOUT_S}s" \
    --out "$OUT/$system.tsv" 2> "$OUT/$system.progress"
  echo "== $system: done ($(uptime | sed 's/.*load/load/'))"
  stop_started
  rm -rf "${OUT:?}/$system"
  cells+=("$OUT/$system.tsv")
done
"$ROOT/bin/kv-bench" compare-report --json "$JSON" "${cells[@]}" | tee "$OUT/table.txt"
