#!/usr/bin/env bash
# Restart time of one follower of the local cluster (deploy/local/cluster.sh), measured from process start
# until its applied index reaches the leader's commit index at kill time, read from the admin /status.
#   docs/measurements/restart-time.sh            kill -9 a follower, start it, report
#   docs/measurements/restart-time.sh --snapshot take a Raft snapshot on that follower first
# Honours CAIRNKV_LOCAL_DIR and CAIRNKV_BASE_PORT like cluster.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BASE="${CAIRNKV_BASE_PORT:-7000}"
status() { curl -s -m 2 "http://127.0.0.1:$((BASE + 1000 + ${1#n}))/status"; }
field() { python3 -c "import sys,json; print(json.load(sys.stdin).get('$1'))"; }
leader=""; for n in n1 n2 n3; do [[ "$(status $n | field role 2>/dev/null)" == LEADER ]] && leader=$n; done
[[ -n "$leader" ]] || { echo "no leader" >&2; exit 1; }
follower=n1; [[ "$leader" == n1 ]] && follower=n2
export KV_ENDPOINTS="n1=127.0.0.1:$((BASE+1)),n2=127.0.0.1:$((BASE+2)),n3=127.0.0.1:$((BASE+3))"
if [[ "${1:-}" == "--snapshot" ]]; then
  "$ROOT/bin/kvctl" snapshot create --endpoint "$follower"
fi
target="$(status "$leader" | field commit_index)"
"$ROOT/deploy/local/cluster.sh" kill "$follower" >/dev/null
start=$(date +%s%N)
"$ROOT/deploy/local/cluster.sh" start >/dev/null 2>&1 &
applied=-1
for _ in $(seq 1 6000); do
  applied="$(status "$follower" | field applied_index 2>/dev/null || echo -1)"
  [[ "$applied" =~ ^[0-9]+$ ]] && (( applied >= target )) && break
  sleep 0.05
done
end=$(date +%s%N)
wait
echo "restart of $follower${1:+ ($1)}: $(( (end - start) / 1000000 )) ms from process start to applied index $applied >= commit $target"
