#!/usr/bin/env bash
# The herd measurement of the README's "With Spring Boot" section, in one run: for each variant,
# two instances of the demo (two ports, one Redis, one H2 database) under 200 concurrent clients
# asking for one user whose entry expires every TTL seconds; then Spring Boot's own Redis cache
# (spring.cache.type=redis, @Cacheable(sync = true)) as the baseline.
#
#   bash caskade-samples/spring-boot-demo/load/herd.sh [REDIS_URL] [SECONDS] [TTL_SECONDS]
#
# Needs the demo jar: ./mvnw -q -pl caskade-samples/spring-boot-demo -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")"
REDIS="${1:-${REDIS_URL:-redis://127.0.0.1:6379}}"
SECONDS_PER_VARIANT="${2:-30}"
TTL="${3:-2}"
JAR=../target/caskade-spring-boot-demo.jar
WORK=$(mktemp -d)
PIDS=()
stop() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap 'stop; rm -rf "$WORK"' EXIT

run_variant() {
  local label="$1"; shift
  local ports=(18081 18082)
  for port in "${ports[@]}"; do
    java -Xmx384m -jar "$JAR" --server.port="$port" --spring.data.redis.url="$REDIS" \
      --spring.datasource.url="jdbc:h2:file:$WORK/db;AUTO_SERVER=TRUE" \
      --spring.main.banner-mode=off "$@" >"$WORK/$label-$port.log" 2>&1 &
    PIDS+=($!)
    until curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null; do
      kill -0 "${PIDS[-1]}" || { cat "$WORK/$label-$port.log"; exit 1; }
      sleep 1
    done
  done
  curl -sf http://127.0.0.1:18081/users/1 >/dev/null
  java HerdDriver.java "$label" "$TTL" "$SECONDS_PER_VARIANT" 200 1 \
    http://127.0.0.1:18081 http://127.0.0.1:18082
  stop
}

run_variant caskade "--caskade.caches.users.ttl=${TTL}s"
run_variant caskade+swr "--caskade.caches.users.ttl=${TTL}s" \
  "--caskade.caches.users.stale-while-revalidate=10s"
run_variant spring-redis-cache --spring.cache.type=redis "--spring.cache.redis.time-to-live=${TTL}s"
