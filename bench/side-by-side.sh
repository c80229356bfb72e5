#!/usr/bin/env bash
# Runs exchange-core's single-pair exchange throughput test and Stele's engine on the same shape
# of load (3 M commands, 2,000 accounts, about 1,000 resting orders; GTC 12.6 %, IOC 1.8 %,
# FOK 0.06 %, cancel 7.2 %, move 71.1 %, reduce 7.2 %), one after the other in one invocation,
# and prints both throughputs and their ratio.
#
# Usage: bench/side-by-side.sh EXCHANGE_CORE_DIR [ITERATIONS]
#
# EXCHANGE_CORE_DIR is a copy of github.com/exchange-core/exchange-core kept OUTSIDE this
# repository, which you have compiled yourself (main and test classes under target/) following its
# own README. Nothing of it is part of Stele. This script only runs it: its test class path
# comes from `mvn dependency:build-classpath` in that directory (written once to cp.txt there).
# exchange-core's persistence library does not run on JDK 25, so it runs on EXCHANGE_CORE_JAVA
# (default: the first JDK 17 in /usr/lib/jvm); Stele runs on the JDK bin/jdk.sh finds.
# Stele's jar must be built: ./mvnw -B -q -pl stele-node -am package -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ec="${1:?usage: bench/side-by-side.sh EXCHANGE_CORE_DIR [ITERATIONS]}"
ec="$(cd "$ec" && pwd)"
iterations="${2:-3}"
commands=3000000

for d in "$ec/target/classes" "$ec/target/test-classes"; do
  if [ ! -d "$d" ]; then
    echo "side-by-side: $d is missing: compile exchange-core (main and tests) there first" >&2
    exit 1
  fi
done
jar="$root/stele-node/target/stele.jar"
if [ ! -f "$jar" ]; then
  echo "side-by-side: $jar is missing: build Stele first" >&2
  exit 1
fi
ec_java="${EXCHANGE_CORE_JAVA:-$(ls -d /usr/lib/jvm/*17* 2>/dev/null | head -n 1)/bin/java}"
if [ ! -x "$ec_java" ]; then
  echo "side-by-side: no JDK 17 found; set EXCHANGE_CORE_JAVA to a java binary (17 to 21)" >&2
  exit 1
fi
if [ ! -s "$ec/cp.txt" ]; then
  (cd "$ec" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt)
fi
. "$root/bin/jdk.sh"

opens=(--add-exports java.base/sun.nio.ch=ALL-UNNAMED --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED)

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== exchange-core: PerfThroughput.testThroughputExchange configuration, $iterations iterations"
(cd "$ec" && "$ec_java" "${opens[@]}" -Xms3g -Xmx3g \
    -cp "target/classes:target/test-classes:$(cat cp.txt)" \
    "$root/bench/ExchangeCoreThroughput.java" "$iterations") 2>&1 | grep -E 'MT/s' | tee "$log"
ec_mts="$(sed -n 's/.*Average: \([0-9.]*\) MT\/s.*/\1/p' "$log" | tail -n 1)"

echo "== Stele: ExchangeThroughput $commands commands (engine, journaled pipeline, replay)"
java -Xms3g -Xmx3g -cp "$jar" io.stele.bench.exchange.ExchangeThroughput "$commands" 16384 \
    | tee "$log"
core="$(sed -n 's/^core  .*= *\([0-9,]*\) commands\/s/\1/p' "$log" | tr -d ,)"
piped="$(sed -n 's/^journaled pipeline.*= *\([0-9,]*\) commands\/s/\1/p' "$log" | tr -d ,)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

awk -v ec="$ec_mts" -v core="$core" -v piped="$piped" 'BEGIN {
  ecps = ec * 1000000
  printf "exchange-core (risk + matching, no journal):  %12.0f commands/s\n", ecps
  printf "Stele engine core:                            %12.0f commands/s  (%.1f x)\n", core, core / ecps
  printf "Stele journaled pipeline (fsync per batch):   %12.0f commands/s  (%.1f x)\n", piped, piped / ecps
}'
