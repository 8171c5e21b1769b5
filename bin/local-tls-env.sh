# Sourced by bin/kvctl (via cairnkv-env.sh) and bin/kv-bench. Clients of the local cluster started with
# `deploy/local/cluster.sh start --secure` use its development credentials unless KV_CACERT/KV_CERT/KV_KEY
# are set (set KV_CACERT= to force plaintext); --cacert/--cert/--key override both.
cairnkv_local_tls_env() {
  local dir="${CAIRNKV_LOCAL_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cluster}"
  if [[ -z "${KV_CACERT+set}" && -f "$dir/secure" && -f "$dir/tls/kvctl.env" ]]; then
    # shellcheck source=/dev/null
    source "$dir/tls/kvctl.env"
  fi
}
