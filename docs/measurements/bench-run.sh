#!/usr/bin/env bash
# One bin/kv-bench run against the local cluster of deploy/local/cluster.sh, recording alongside the result
# what a shared machine needs said: the 1-minute load average before and after, and the CPU the three
# servers used during the measured phase (utime+stime from /proc, from the first "[measure" progress line
# to the end), as cores busy and CPU-ms per operation. Linux only; needs python3 for the JSON.
#
#   docs/measurements/bench-run.sh OUT_DIR NAME [kv-bench options...]
#   e.g. docs/measurements/bench-run.sh target/bench put-64 --endpoints "$EP" --mix put=100 --inflight 64
#
# Writes OUT_DIR/NAME.json (kv-bench's result plus servers_cores_busy, servers_cpu_ms_per_op, load),
# OUT_DIR/NAME.out (the table) and OUT_DIR/NAME.progress (progress lines), and prints a one-line summary.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIR="${CAIRNKV_LOCAL_DIR:-$ROOT/.cluster}"
out="$1"; name="$2"; shift 2
mkdir -p "$out"
pids=""
for n in n1 n2 n3; do pids+=" $(cat "$DIR/$n/pid")"; done
ticks() { local s=0 p f; for p in $pids; do read -r -a f < "/proc/$p/stat"; s=$((s + f[13] + f[14])); done; echo "$s"; }

load0=$(cut -d' ' -f1 /proc/loadavg)
"$ROOT/bin/kv-bench" "$@" --json "$out/$name.json" > "$out/$name.out" 2> "$out/$name.progress" &
bench=$!
# Bounded wait for the measured phase: the warm-up and preload may take a while, never forever.
for _ in $(seq 1 36000); do
  grep -q '^\[measure' "$out/$name.progress" 2>/dev/null && break
  kill -0 "$bench" 2>/dev/null || break
  sleep 0.1
done
t0=$(ticks)
wait "$bench"
t1=$(ticks)
load1=$(cut -d' ' -f1 /proc/loadavg)
python3 - "$out/$name.json" "$t0" "$t1" "$load0" "$load1" <<'PY'
import json, os, sys
path, t0, t1, load0, load1 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
r = json.load(open(path))
cpu_s = (t1 - t0) / os.sysconf("SC_CLK_TCK")
window_s = max(1e-9, r["duration_s"] - 1)          # the first progress line comes 1 s into the phase
ops_in_window = r["ops"] * window_s / r["duration_s"]
r["servers_cores_busy"] = round(cpu_s / window_s, 2)
r["servers_cpu_ms_per_op"] = round(1000 * cpu_s / ops_in_window, 3) if ops_in_window else None
r["load"] = [load0, load1]
json.dump(r, open(path, "w"))
print(f'{r["workload"]:10s} inflight {r["inflight"]:3d}  {r["ops_per_sec"]:8.0f} ops/s  p50 {r["p50_ms"]:.2f}  '
      f'p90 {r["p90_ms"]:.2f}  p99 {r["p99_ms"]:.2f}  p99.9 {r["p999_ms"]:.2f}  max {r["max_ms"]:.1f} ms  '
      f'errors {r["errors"]} | servers {r["servers_cores_busy"]} cores, {r["servers_cpu_ms_per_op"]} CPU-ms/op '
      f'| load {load0} -> {load1}')
PY
