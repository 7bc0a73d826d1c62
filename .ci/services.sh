#!/usr/bin/env bash
# Make sure the services the test suite needs are installed and running.
# Usage: .ci/services.sh [postgres] [redis] [opensearch] ...  (default: all)
# Installs missing Debian packages (as root) and starts each service on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_USER=${PG_USER:-doeners}
PG_PASSWORD=${PG_PASSWORD:-doeners}
REDIS_PORT=${REDIS_PORT:-6379}

log() { printf '[services] %s\n' "$*" >&2; }

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "need root to apt-get install $*; install it yourself"; return 1
  fi
  if [ ! -f /tmp/.doeners-apt-updated ]; then
    apt-get update -qq && touch /tmp/.doeners-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

postgres() {
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    log "installing PostgreSQL"; apt_install postgresql
  fi
  local ver
  ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
    pg_createcluster "$ver" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online; then
    log "starting PostgreSQL $ver"
    pg_ctlcluster "$ver" main start
  fi
  for _ in $(seq 1 30); do
    su postgres -c "psql -qAtc 'select 1'" >/dev/null 2>&1 && break; sleep 1
  done
  su postgres -c "psql -qAtc \"select 1 from pg_roles where rolname='$PG_USER'\"" | grep -q 1 ||
    su postgres -c "psql -qc \"create role $PG_USER login superuser password '$PG_PASSWORD'\""
  su postgres -c "psql -qAtc \"select 1 from pg_database where datname='doeners'\"" | grep -q 1 ||
    su postgres -c "createdb -O $PG_USER doeners"
  log "PostgreSQL ready on 127.0.0.1:5432"
}

redis() {
  command -v redis-server >/dev/null 2>&1 || { log "installing Redis"; apt_install redis-server; }
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    log "starting Redis on $REDIS_PORT"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" \
      --appendonly no --logfile /tmp/doeners-redis-$REDIS_PORT.log
    for _ in $(seq 1 30); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  log "Redis ready on 127.0.0.1:$REDIS_PORT"
}

opensearch() {
  bash search-node/run.sh start
}

# The browser suite (tests/browser) drives Debian's chromium through Playwright (never
# `playwright install`) and installs axe-core with npm. Without root a missing package
# is only reported: the suite then fails under CI and skips locally, with the reason.
# `type -P`, not `command -v`: inside this function `command -v chromium` finds the
# function itself.
chromium() {
  type -P chromium >/dev/null || { log "installing chromium"; apt_install chromium || true; }
  type -P npm >/dev/null || { log "installing npm"; apt_install npm || true; }
  if type -P chromium >/dev/null; then log "chromium ready: $(type -P chromium)"; fi
}

if [ $# -eq 0 ]; then set -- postgres redis opensearch chromium; fi
for svc in "$@"; do "$svc"; done
