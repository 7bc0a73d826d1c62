#!/usr/bin/env bash
# The multi-province deployment of docs/deployment.md on one machine:
# a 3-node OpenSearch cluster and N province installs (default all 5), each with its
# own PostgreSQL database, its own Redis database as Celery broker, a gunicorn web
# process, one Celery worker and exactly one Celery beat.
#
#   deploy/local.sh up [N]      start the cluster and the first N installs
#   deploy/local.sh down        stop every install and the cluster (data is kept)
#   deploy/local.sh status      cluster health, and per install: processes and search
#   deploy/local.sh destroy     down + drop the installs' databases and the cluster data
#
# Installs are read from deploy/env/<province>.env (ports 8101-8105). Processes, logs
# and beat schedules live under var/deploy/<province>/. DEPLOY_CELERY=0 starts only the
# web processes (lighter on 2 cores).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN=${VENV:-.venv}/bin
PROVINCES=(antwerpen limburg oost-vlaanderen vlaams-brabant west-vlaanderen)
CLUSTER_BASE=${CLUSTER_BASE_PORT:-9220}
CLUSTER_URL="http://127.0.0.1:$((CLUSTER_BASE + 1))"
TEMPLATE_DB=doeners_deploy_template
DEPLOY_CELERY=${DEPLOY_CELERY:-1}

log() { printf '[deploy] %s\n' "$*" >&2; }

load_env() {
  # Export every KEY=VALUE of the install's env file (comments and blanks skipped).
  set -a
  # shellcheck disable=SC1090
  source "deploy/env/$1.env"
  set +a
}

run_dir() { echo "var/deploy/$1"; }

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

psql_admin() {
  "$BIN/python" - "$@" <<'EOF'
import sys, psycopg
sql = sys.argv[1]
with psycopg.connect("postgres://doeners:doeners@127.0.0.1:5432/postgres", autocommit=True) as c:
    cursor = c.execute(sql)
    if cursor.description:
        print("\n".join(str(r[0]) for r in cursor.fetchall()))
EOF
}

db_exists() { [ -n "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; }

ensure_template() {
  # Migrations run once into a template; each new install database is a copy of it.
  if ! db_exists "$TEMPLATE_DB"; then
    log "migrating the template database $TEMPLATE_DB"
    psql_admin "CREATE DATABASE $TEMPLATE_DB"
    (load_env antwerpen
     DATABASE_URL="postgres://doeners:doeners@127.0.0.1:5432/$TEMPLATE_DB" \
       "$BIN/python" manage.py migrate --no-input -v 0)
  fi
}

start_install() {
  local province=$1 dir db
  dir=$(run_dir "$province")
  mkdir -p "$dir"
  (
    load_env "$province"
    db=${DATABASE_URL##*/}
    if ! db_exists "$db"; then
      log "$province: creating database $db"
      psql_admin "CREATE DATABASE $db TEMPLATE $TEMPLATE_DB"
    fi
    # Idempotent: applies whatever migrations the code has that the database lacks.
    "$BIN/python" manage.py migrate --no-input -v 0
    "$BIN/python" deploy/seed_install.py
    # A rebuild creates the province index with REPLICAS and switches the aliases.
    "$BIN/python" manage.py doeners_search_rebuild -v 0
    if ! alive "$dir/web.pid"; then
      log "$province: web on http://127.0.0.1:$DOENERS_PORT/"
      nohup "$BIN/gunicorn" example_site.wsgi -b "127.0.0.1:$DOENERS_PORT" -w 1 --threads 4 \
        --access-logfile - >"$dir/web.log" 2>&1 </dev/null &
      echo $! >"$dir/web.pid"
    fi
    if [ "$DEPLOY_CELERY" = 1 ]; then
      if ! alive "$dir/worker.pid"; then
        nohup "$BIN/celery" -A example_site worker -l INFO --concurrency 1 \
          -n "worker-$province@%h" >"$dir/worker.log" 2>&1 </dev/null &
        echo $! >"$dir/worker.pid"
      fi
      if ! alive "$dir/beat.pid"; then
        # Exactly one beat per install; its schedule file is the install's own.
        nohup "$BIN/celery" -A example_site beat -l INFO -s "$dir/celerybeat-schedule" \
          >"$dir/beat.log" 2>&1 </dev/null &
        echo $! >"$dir/beat.pid"
      fi
    fi
  )
}

wait_web() {
  local province=$1 port
  port=$(grep '^DOENERS_PORT=' "deploy/env/$province.env" | cut -d= -f2)
  for _ in $(seq 1 60); do
    curl -fsS -m 10 -o /dev/null "http://127.0.0.1:$port/api/doeners/v1/search/?page_size=1" 2>/dev/null \
      && return 0
    sleep 1
  done
  log "$province: web does not answer on $port; see $(run_dir "$province")/web.log"
  return 1
}

stop_install() {
  local province=$1 dir name pid
  dir=$(run_dir "$province")
  for name in beat worker web; do
    if alive "$dir/$name.pid"; then
      pid=$(cat "$dir/$name.pid")
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      log "$province: $name stopped"
    fi
    rm -f "$dir/$name.pid"
  done
}

up() {
  local count=${1:-5} province
  if [ "$count" -lt 1 ] || [ "$count" -gt 5 ]; then log "N must be 1..5"; exit 2; fi
  bash .ci/services.sh postgres redis
  bash search-node/cluster.sh start "$CLUSTER_BASE"
  bash deploy/search-cluster-init.sh "$CLUSTER_URL" doeners
  ensure_template
  for province in "${PROVINCES[@]:0:$count}"; do start_install "$province"; done
  for province in "${PROVINCES[@]:0:$count}"; do wait_web "$province"; done
  status
}

down() {
  local province
  for province in "${PROVINCES[@]}"; do stop_install "$province"; done
  bash search-node/cluster.sh stop "$CLUSTER_BASE"
}

status() {
  local province port dir name state count
  curl -fsS "$CLUSTER_URL/_cat/health?h=cluster,status,node.total,shards,unassign" 2>/dev/null \
    || log "cluster: node 1 does not answer (search-node/cluster.sh status)"
  printf '%-16s %-6s %-7s %-7s %-7s %s\n' province port web worker beat "documents (all provinces)"
  for province in "${PROVINCES[@]}"; do
    dir=$(run_dir "$province")
    port=$(grep '^DOENERS_PORT=' "deploy/env/$province.env" | cut -d= -f2)
    state=()
    for name in web worker beat; do
      if alive "$dir/$name.pid"; then state+=(up); else state+=(-); fi
    done
    count=$(curl -fsS -m 5 "http://127.0.0.1:$port/api/doeners/v1/search/?page_size=1" 2>/dev/null \
      | "$BIN/python" -c 'import json,sys; print(json.load(sys.stdin)["total"])' 2>/dev/null || echo -)
    printf '%-16s %-6s %-7s %-7s %-7s %s\n' "$province" "$port" "${state[@]}" "$count"
  done
}

destroy() {
  local province
  down
  for province in "${PROVINCES[@]}"; do
    psql_admin "DROP DATABASE IF EXISTS doeners_deploy_${province//-/_} WITH (FORCE)"
    rm -rf "$(run_dir "$province")"
  done
  psql_admin "DROP DATABASE IF EXISTS $TEMPLATE_DB WITH (FORCE)"
  rm -rf "search-node/data/cluster-$CLUSTER_BASE"
  log "databases, logs and cluster data removed"
}

case "${1:-}" in
  up) up "${2:-5}" ;;
  down) down ;;
  status) status ;;
  destroy) destroy ;;
  *) echo "usage: $0 up [N] | down | status | destroy" >&2; exit 2 ;;
esac
