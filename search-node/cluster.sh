#!/usr/bin/env bash
# A local 3-node OpenSearch 3.8 cluster: one JVM per node (ClusterNode.java), so one
# node can be stopped or killed while the others keep serving. run.sh (one node) is
# unchanged and independent of this.
#
#   search-node/cluster.sh start|stop|status|urls [BASE_PORT]
#   search-node/cluster.sh start-node|stop-node|kill-node N [BASE_PORT]
#
# Node i: HTTP 127.0.0.1:BASE_PORT+i, transport BASE_PORT+200+i (default base 9220:
# HTTP 9221-9223, transport 9421-9423; away from the single node's 9200/9210 and the
# default transport range 9300-9400 that other nodes bind to).
# Data, logs, pids and the snapshot repository live under search-node/data/cluster-BASE/
# (git-ignored); CLUSTER_DIR overrides that (tests use a temporary directory).
#
# Environment: CLUSTER_NODES (3), CLUSTER_HEAP (512m), CLUSTER_WAIT (180 s).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CMD=${1:-start}
case "$CMD" in
  start-node|stop-node|kill-node) NODE=${2:?node number}; BASE_PORT=${3:-${CLUSTER_BASE_PORT:-9220}} ;;
  *) BASE_PORT=${2:-${CLUSTER_BASE_PORT:-9220}} ;;
esac
COUNT=${CLUSTER_NODES:-3}
HEAP=${CLUSTER_HEAP:-512m}
WAIT_SECONDS=${CLUSTER_WAIT:-180}
DIR=${CLUSTER_DIR:-$HERE/data/cluster-$BASE_PORT}
NAME=${CLUSTER_NAME:-doeners-cluster-$BASE_PORT}

log() { printf '[search-cluster:%s] %s\n' "$BASE_PORT" "$*" >&2; }
# shellcheck source=common.sh
. "$HERE/common.sh"
http_url() { echo "http://127.0.0.1:$((BASE_PORT + $1))"; }
pid_file() { echo "$DIR/node-$1.pid"; }

node_pid() {
  local f
  f=$(pid_file "$1")
  if [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null; then cat "$f"; fi
}

prepare() {
  # Java, Maven and the runner's classpath, as for the single node (common.sh).
  ensure_tools
  runner_classpath >/dev/null
}

start_node() {
  local i=$1 java
  if [ -n "$(node_pid "$i")" ]; then log "node $i already running (pid $(node_pid "$i"))"; return 0; fi
  java=$(find_java)
  mkdir -p "$DIR/repo"
  log "starting node $i: $(http_url "$i") (log: $DIR/node-$i.log)"
  nohup "$java" -Xms"$HEAP" -Xmx"$HEAP" -Djava.awt.headless=true \
    -cp "$(runner_classpath)" "$HERE/ClusterNode.java" \
    "$NAME" "$i" "$COUNT" "$BASE_PORT" "$DIR" "$DIR/repo" \
    >"$DIR/node-$i.log" 2>&1 </dev/null &
  echo $! >"$(pid_file "$i")"
}

wait_health() {
  # Wait until a node answers and the cluster has $1 nodes and status yellow or green.
  local nodes=$1 i body
  for _ in $(seq 1 "$WAIT_SECONDS"); do
    for i in $(seq 1 "$COUNT"); do
      body=$(curl -fsS -m 3 "$(http_url "$i")/_cluster/health?wait_for_nodes=$nodes&wait_for_status=yellow&timeout=1s" 2>/dev/null) || continue
      if echo "$body" | grep -qE '"status":"(green|yellow)"' \
          && echo "$body" | grep -q "\"number_of_nodes\":$nodes,"; then
        log "cluster $NAME: $nodes node(s), $(echo "$body" | grep -oE '"status":"[a-z]+"')"
        return 0
      fi
    done
    sleep 1
  done
  log "cluster not healthy with $nodes node(s) after ${WAIT_SECONDS}s; logs in $DIR"
  tail -20 "$DIR"/node-*.log >&2 || true
  return 1
}

stop_node() {
  local i=$1 signal=${2:-TERM} pid
  pid=$(node_pid "$i")
  if [ -z "$pid" ]; then log "node $i not running"; rm -f "$(pid_file "$i")"; return 0; fi
  kill "-$signal" "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "node $i: killing $pid"; kill -9 "$pid"; fi
  rm -f "$(pid_file "$i")"
  log "node $i stopped ($signal)"
}

running_count() {
  local i n=0
  for i in $(seq 1 "$COUNT"); do [ -n "$(node_pid "$i")" ] && n=$((n + 1)); done
  echo "$n"
}

case "$CMD" in
  start)
    prepare; mkdir -p "$DIR"
    for i in $(seq 1 "$COUNT"); do start_node "$i"; done
    wait_health "$COUNT" ;;
  stop)
    for i in $(seq 1 "$COUNT"); do stop_node "$i"; done ;;
  start-node)
    prepare; start_node "$NODE"; wait_health "$(running_count)" ;;
  stop-node) stop_node "$NODE" TERM ;;
  kill-node) stop_node "$NODE" KILL ;;
  status)
    for i in $(seq 1 "$COUNT"); do
      curl -fsS -m 5 "$(http_url "$i")/_cat/nodes?v" 2>/dev/null && exit 0
    done
    log "no node answers"; exit 1 ;;
  urls)
    for i in $(seq 1 "$COUNT"); do printf '%s%s' "$( [ "$i" -gt 1 ] && echo , )" "$(http_url "$i")"; done
    echo ;;
  *) echo "usage: $0 start|stop|status|urls [BASE] | start-node|stop-node|kill-node N [BASE]" >&2; exit 2 ;;
esac
