# Shared by bin/kv-server and bin/kvctl: locates the repository, builds it if needed, sets CAIRNKV_CP.
# Sourced, not executed.
# Java decodes command-line arguments with the locale's charset: keep non-ASCII keys intact under LC_ALL=C.
if [[ "$(locale charmap 2>/dev/null || true)" != "UTF-8" ]]; then
  export LC_ALL=C.UTF-8
fi
CAIRNKV_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CAIRNKV_SERVER_JAR="$CAIRNKV_HOME/kv-server/target/kv-server.jar"
CAIRNKV_SNAPSHOTS_JAR="$CAIRNKV_HOME/snapshots/target/snapshots.jar"

if [[ ! -f "$CAIRNKV_SERVER_JAR" || ! -f "$CAIRNKV_SNAPSHOTS_JAR" || ! -d "$CAIRNKV_HOME/kv-server/target/lib" ]]; then
  echo "CairnKV is not built yet; building it now (./mvnw package, a few minutes the first time)..." >&2
  (cd "$CAIRNKV_HOME" && ./mvnw -q -B -ntp package -DskipTests) >&2
fi

CAIRNKV_CP="$CAIRNKV_SERVER_JAR:$CAIRNKV_SNAPSHOTS_JAR:$CAIRNKV_HOME/kv-server/target/lib/*"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
source "$CAIRNKV_HOME/bin/local-tls-env.sh"
