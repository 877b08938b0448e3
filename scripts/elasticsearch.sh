#!/usr/bin/env bash
# A throw-away Elasticsearch 8 on 127.0.0.1 for tests (scripts/test.sh) and benchmarks (make bench-search).
#   scripts/elasticsearch.sh start  -> fetches the test distribution with Maven (cached), starts a
#                                      single node, prints `export ELASTICSEARCH_URL=...`; exit 3 if impossible
#   scripts/elasticsearch.sh stop   -> stops the node and removes its data
#   scripts/elasticsearch.sh stop --keep-data / start --resume -> stop the node and start it again on
#                                      the same data (the search outage test does this)
# A node of a cluster on loopback (scripts/stack.sh starts two): set ES_SEED_HOSTS (transport
# addresses of every node), ES_INITIAL_MASTER_NODES, ES_NODE_NAME, ES_TRANSPORT_PORT, ES_CLUSTER_NAME
# and ES_RUN_DIR (default /tmp/trm-portal-es-$ES_PORT); without ES_SEED_HOSTS the node is alone.
# Settings: ES_VERSION (8.19.3), ES_PORT (9200), ES_HEAP (512m), ES_CACHE (where the unzipped
# distribution is kept: /var/cache/trm-portal as root, since the node's own user cannot read
# /root; ~/.cache/trm-portal otherwise).
#
# The artifact is org.elasticsearch.distribution.integ-test-zip:elasticsearch:<version>:zip from
# Maven Central. It ships only the transport, x-pack-core and x-pack-security modules: no
# analysis-common, so no language analyzers (english, german...) and no asciifolding filter.
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.3}"
ES_PORT="${ES_PORT:-9200}"
if [ "$(id -u)" = "0" ]; then ES_CACHE="${ES_CACHE:-/var/cache/trm-portal}"; else ES_CACHE="${ES_CACHE:-$HOME/.cache/trm-portal}"; fi
ES_HEAP="${ES_HEAP:-512m}"
ES_HOME="$ES_CACHE/elasticsearch-$ES_VERSION"
RUN_DIR="${ES_RUN_DIR:-/tmp/trm-portal-es-$ES_PORT}"
ES_USER="${ES_USER:-trm-es}"

log() { printf 'elasticsearch.sh: %s\n' "$*" >&2; }

java_home() {
  local candidate
  for candidate in "${ES_JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/default-java; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && { echo "$candidate"; return 0; }
  done
  return 1
}

fetch() {
  [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
  command -v mvn >/dev/null || { log "Maven (mvn) is needed to fetch Elasticsearch"; return 1; }
  local artifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
  log "fetching $artifact"
  mvn -q dependency:get -Dartifact="$artifact" -Dtransitive=false >&2
  local zip="$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  mkdir -p "$ES_CACHE"
  (cd "$ES_CACHE" && unzip -q -o "$zip")
}

start() {
  local jdk
  jdk=$(java_home) || { log "no JDK 17 found (Debian: openjdk-17-jre-headless)"; exit 3; }
  fetch || exit 3
  if curl -sf "http://127.0.0.1:$ES_PORT/_cluster/health" >/dev/null 2>&1; then
    log "a node already answers on port $ES_PORT; reusing it"
  else
    [ "${1:-}" = "--resume" ] || rm -rf "$RUN_DIR"
    mkdir -p "$RUN_DIR/data" "$RUN_DIR/logs"
    local runner=()
    if [ "$(id -u)" = "0" ]; then  # Elasticsearch refuses to run as root
      id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
      chown -R "$ES_USER" "$RUN_DIR" "$ES_HOME"
      runner=(runuser -u "$ES_USER" --)
    fi
    local discovery=(-Ediscovery.type=single-node)
    if [ -n "${ES_SEED_HOSTS:-}" ]; then
      discovery=(-Ecluster.name="${ES_CLUSTER_NAME:-trm-portal}" -Enode.name="${ES_NODE_NAME:?}"
                 -Etransport.port="${ES_TRANSPORT_PORT:?}" -Ediscovery.seed_hosts="$ES_SEED_HOSTS"
                 -Ecluster.initial_master_nodes="${ES_INITIAL_MASTER_NODES:?}")
    fi
    ES_JAVA_HOME="$jdk" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" "${runner[@]}" "$ES_HOME/bin/elasticsearch" \
      "${discovery[@]}" -Ehttp.host=127.0.0.1 -Ehttp.port="$ES_PORT" -Etransport.host=127.0.0.1 \
      -Expack.security.enabled=false -Epath.data="$RUN_DIR/data" -Epath.logs="$RUN_DIR/logs" \
      -Ecluster.routing.allocation.disk.threshold_enabled=false -d -p "$RUN_DIR/pid" >"$RUN_DIR/start.log" 2>&1
    local waited=0
    until curl -sf "http://127.0.0.1:$ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1; do
      kill -0 "$(cat "$RUN_DIR/pid" 2>/dev/null || echo 0)" 2>/dev/null || [ $waited -lt 10 ] || { log "the node exited; see $RUN_DIR/logs"; exit 3; }
      waited=$((waited + 1))
      [ $waited -gt 90 ] && { log "did not start; see $RUN_DIR/logs"; exit 3; }
      sleep 1
    done
    log "Elasticsearch $ES_VERSION running on 127.0.0.1:$ES_PORT"
  fi
  echo "export ELASTICSEARCH_URL=http://127.0.0.1:$ES_PORT"
}

stop() {
  if [ -f "$RUN_DIR/pid" ]; then
    local pid
    pid=$(cat "$RUN_DIR/pid")  # read once: the node removes its pid file as it exits
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    log "stopped the node on port $ES_PORT"
  fi
  [ "${1:-}" = "--keep-data" ] || rm -rf "$RUN_DIR"
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
