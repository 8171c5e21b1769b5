#!/usr/bin/env bash
# End-to-end check of cluster.sh, bin/kv-server and bin/kvctl with real processes: start a cluster,
# put/get, pause the leader for less than the election timeout (no election may follow), kill -9 the
# leader and keep writing, bring it back, save and verify a backup, restart with mutual TLS (--secure),
# stop --clean.
# Prints "test-cluster.sh: PASS" and exits 0 on success. Uses non-default ports and a temporary
# directory, and stops every server it started, also on failure (logs and data are then kept).
#
# Environment: CAIRNKV_BASE_PORT (default 27000: ports 27001-27003), CAIRNKV_LOCAL_DIR (default: new temp dir).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER="$ROOT/deploy/local/cluster.sh"
export CAIRNKV_BASE_PORT="${CAIRNKV_BASE_PORT:-27000}"
OWN_DIR=no
if [[ -z "${CAIRNKV_LOCAL_DIR:-}" ]]; then
  CAIRNKV_LOCAL_DIR="$(mktemp -d "${TMPDIR:-/tmp}/cairnkv-test-cluster.XXXXXX")"
  OWN_DIR=yes
fi
export CAIRNKV_LOCAL_DIR
export KV_ENDPOINTS="n1=127.0.0.1:$((CAIRNKV_BASE_PORT + 1)),n2=127.0.0.1:$((CAIRNKV_BASE_PORT + 2)),n3=127.0.0.1:$((CAIRNKV_BASE_PORT + 3))"
PASSED=no

kvctl() {
  "$ROOT/bin/kvctl" --timeout 20s "$@"   # generous: a write right after kill -9 waits for an election
}

cleanup() {
  local rc=$?
  trap - EXIT
  if [[ "$PASSED" == yes ]]; then
    "$CLUSTER" stop --clean >/dev/null
    [[ "$OWN_DIR" == no ]] || rm -rf "$CAIRNKV_LOCAL_DIR"
  else
    echo "test-cluster.sh: FAIL (exit $rc); logs and data kept in $CAIRNKV_LOCAL_DIR" >&2
    for n in n1 n2 n3; do
      echo "--- last lines of $n/server.log" >&2
      tail -n 20 "$CAIRNKV_LOCAL_DIR/$n/server.log" >&2 || true
    done
    "$CLUSTER" stop >&2 || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

fail() { echo "test-cluster.sh: $*" >&2; exit 1; }
expect() {
  [[ "$3" == "$2" ]] || fail "$1: expected [$2], got [$3]"
  echo "ok: $1"
}
# Field $2 (1-based, whitespace-separated) of the endpoint status row whose role is LEADER.
# (endpoint status exits 1 while a member is down; its table is still complete.)
leader_field() { { kvctl endpoint status || true; } | awk -v f="$1" '$3 == "LEADER" { print $f }'; }

echo "--- start on ports $((CAIRNKV_BASE_PORT + 1))-$((CAIRNKV_BASE_PORT + 3)) in $CAIRNKV_LOCAL_DIR"
"$CLUSTER" start
out="$("$CLUSTER" start)"
[[ "$out" == *"already running"* ]] || fail "a second start should say the cluster runs, said: $out"
echo "ok: start is idempotent"
expect "status shows 3 live nodes" 3 "$("$CLUSTER" status | grep -c ' alive ')"

echo "--- put and get"
expect "put" OK "$(kvctl put greeting hello)"
expect "get" "$(printf 'greeting\nhello')" "$(kvctl get greeting)"
expect "member list" 3 "$(kvctl member list | wc -l | tr -d ' ')"

echo "--- a 400 ms pause of the leader (like a long GC) causes no election"
leader="$(leader_field 1)"; term="$(leader_field 4)"
pid="$(cat "$CAIRNKV_LOCAL_DIR/$leader/pid")"
kill -STOP "$pid"; sleep 0.4; kill -CONT "$pid"
expect "put after the pause" OK "$(kvctl put paused no-election)"
sleep 2.5   # longer than the maximum election timeout: a spurious election would have happened by now
expect "same leader after the pause" "$leader" "$(leader_field 1)"
expect "same term after the pause" "$term" "$(leader_field 4)"

echo "--- kill -9 the leader ($leader) and keep writing"
"$CLUSTER" kill "$leader"
expect "put after kill" OK "$(kvctl put greeting again)"
new_leader="$(leader_field 1)"
[[ -n "$new_leader" && "$new_leader" != "$leader" ]] || fail "expected a new leader, got [$new_leader]"
echo "ok: $new_leader took over"
"$CLUSTER" start >/dev/null
expect "get after restart" "$(printf 'greeting\nagain')" "$(kvctl get greeting)"
for _ in $(seq 1 100); do
  [[ "$(kvctl endpoint status | awk 'NR > 1 { print $7 }' | sort -u | wc -l)" == 1 ]] && break
  sleep 0.2
done
expect "every member at the same revision" 1 "$(kvctl endpoint status | awk 'NR > 1 { print $7 }' | sort -u | wc -l)"

echo "--- backup"
kvctl snapshot save "$CAIRNKV_LOCAL_DIR/backup.cairnbak" >/dev/null
kvctl snapshot status "$CAIRNKV_LOCAL_DIR/backup.cairnbak" | grep -q '^OK: ' || fail "snapshot status"
echo "ok: backup saved and verified"

echo "--- stop"
"$CLUSTER" stop
expect "status after stop" 3 "$("$CLUSTER" status | grep -c ' down ')"

echo "--- the same data with mutual TLS (start --secure); kvctl finds the credentials itself"
"$CLUSTER" start --secure >/dev/null
expect "get over mTLS" "$(printf 'greeting\nagain')" "$(kvctl get greeting)"
expect "put over mTLS" OK "$(kvctl put secure yes)"
if KV_CACERT= "$ROOT/bin/kvctl" --timeout 3s get greeting >/dev/null 2>&1; then
  fail "a plaintext kvctl was served by the secure cluster"
fi
echo "ok: plaintext kvctl refused"
expect "auth on with --secure" "Authentication Status: true" "$(kvctl auth status | head -n 1)"
kvctl role add e2e-reader >/dev/null
kvctl role grant-permission e2e-reader read greeting >/dev/null
kvctl user add e2e --new-user-password e2e-pw >/dev/null
kvctl user grant-role e2e e2e-reader >/dev/null
expect "read with read rights" "$(printf 'greeting\nagain')" "$(kvctl --user e2e:e2e-pw get greeting)"
if kvctl --user e2e:e2e-pw put greeting denied >/dev/null 2>&1; then
  fail "a read-only user could write"
fi
echo "ok: read-only user refused a write"
"$CLUSTER" stop
PASSED=yes
echo "test-cluster.sh: PASS"
