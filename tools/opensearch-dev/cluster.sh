#!/usr/bin/env bash
# A 3-node OpenSearch 2.19 development cluster on 127.0.0.1 (HTTP 9200-9202, transport 9300-9302).
#   cluster.sh start          build the launcher on first use, start every node, wait for green
#   cluster.sh stop           stop every node this script started (SIGTERM, then SIGKILL)
#   cluster.sh start-node N   start node N alone again (after a crash), wait until it has joined
#   cluster.sh status         the cluster's health
# State (data, logs, pid files) lives in $OPENSEARCH_DEV_DIR (default instance/opensearch-dev).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
state="${OPENSEARCH_DEV_DIR:-$root/instance/opensearch-dev}"
nodes=3
heap="${OPENSEARCH_DEV_HEAP:-320m}"
names="n0,n1,n2"
seeds="127.0.0.1:9300,127.0.0.1:9301,127.0.0.1:9302"

build() {
  if [ ! -d "$here/target/lib" ] || [ ! -d "$here/target/classes/kb" ] \
      || [ "$here/pom.xml" -nt "$here/target/lib" ]; then
    echo "building the OpenSearch launcher (first use: Maven downloads OpenSearch 2.19)..."
    (cd "$here" && mvn -q -B package -DskipTests)
    touch "$here/target/lib"
  fi
}

pid_of() { cat "$state/n$1.pid" 2>/dev/null || true; }
running() { local p; p="$(pid_of "$1")"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

start_node() {
  local i=$1
  if running "$i"; then echo "node n$i already running (pid $(pid_of "$i"))"; return; fi
  mkdir -p "$state/n$i"
  setsid java -Xms"$heap" -Xmx"$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -Dlog4j2.disable.jmx=true -Djava.awt.headless=true \
      -cp "$here/target/classes:$here/target/lib/*" kb.devcluster.DevNode \
      cluster.name=kb-dev node.name="n$i" path.home="$state/n$i" \
      http.port=$((9200 + i)) transport.port=$((9300 + i)) \
      discovery.seed_hosts="$seeds" cluster.initial_cluster_manager_nodes="$names" \
      node.processors=1 \
      </dev/null >>"$state/n$i.log" 2>&1 &
  echo $! >"$state/n$i.pid"
  echo "started node n$i (pid $!, http 127.0.0.1:$((9200 + i)), log $state/n$i.log)"
}

health() { curl -fsS "http://127.0.0.1:$((9200 + ${1:-0}))/_cluster/health?${2:-}" 2>/dev/null; }

wait_for() {  # wait_for NODE QUERY DESCRIPTION: until the health call with QUERY answers
  local i=$1 query=$2 what=$3
  for _ in $(seq 1 180); do
    if health "$i" "$query" | grep -q '"timed_out":false'; then echo "$what"; return 0; fi
    sleep 1
  done
  echo "cluster.sh: timed out waiting for $what; see $state/n*.log" >&2
  return 1
}

stop_all() {
  local i p
  for i in $(seq 0 $((nodes - 1))); do
    if running "$i"; then kill "$(pid_of "$i")"; fi
  done
  for i in $(seq 0 $((nodes - 1))); do
    p="$(pid_of "$i")"
    if [ -n "$p" ]; then
      for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 1; done
      if kill -0 "$p" 2>/dev/null; then kill -9 "$p"; fi
      echo "stopped node n$i (pid $p)"
    fi
    rm -f "$state/n$i.pid"
  done
}

case "${1:-}" in
  start)
    command -v java >/dev/null || { echo "cluster.sh: java (17) is needed" >&2; exit 1; }
    build
    mkdir -p "$state"
    for i in $(seq 0 $((nodes - 1))); do start_node "$i"; done
    wait_for 0 "wait_for_nodes=$nodes&wait_for_status=green&timeout=5s" "cluster green with $nodes nodes"
    ;;
  start-node)
    build
    start_node "${2:?node number}"
    wait_for "$2" "wait_for_nodes=$nodes&timeout=5s" "node n$2 joined"
    ;;
  stop) stop_all ;;
  status) health 0 || { echo "no cluster on 127.0.0.1:9200"; exit 1; } ;;
  *) echo "usage: $0 start|stop|start-node N|status" >&2; exit 2 ;;
esac
