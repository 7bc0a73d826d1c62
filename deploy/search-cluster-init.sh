#!/usr/bin/env bash
# One-off setup of the shared search cluster, run once per cluster (idempotent):
#
#   deploy/search-cluster-init.sh http://127.0.0.1:9221 [INDEX_PREFIX]
#
# 1. An index template for <prefix>-*: auto_expand_replicas 0-1, so every index of
#    every province (search and alert indices) keeps one replica on a second node as
#    soon as there are two data nodes, whatever replica count the creating code asks
#    for. Losing one node then never loses a shard.
# 2. An "fs" snapshot repository <prefix>-backup in the nodes' path.repo (ClusterNode.java
#    sets path.repo to search-node/data/cluster-BASE/repo; in production a shared mount
#    or an S3 repository).
set -euo pipefail
URL=${1:?cluster URL}
PREFIX=${2:-doeners}
put() {
  curl -fsS -m 30 -X PUT "$URL/$1" -H 'content-type: application/json' -d "$2" >/dev/null
}
put "_index_template/$PREFIX-replicas" "{
  \"index_patterns\": [\"$PREFIX-*\"],
  \"priority\": 100,
  \"template\": {\"settings\": {\"index.auto_expand_replicas\": \"0-1\"}}
}"
put "_snapshot/$PREFIX-backup" "{\"type\": \"fs\", \"settings\": {\"location\": \"$PREFIX\"}}"
echo "[search-cluster-init] $URL: template $PREFIX-replicas, snapshot repository $PREFIX-backup" >&2
