#!/usr/bin/env bash
# The odds of losing an item to independent transient failures under imagebatch's retry
# budget, drawn from the very ExponentialBackOff the product uses (docs/benchmarks.md).
#   scripts/retry-budget-odds.sh <failure-rate> <initial-ms> <max-ms> <budget-ms> <failed-call-ms> [max-attempts]
#   scripts/retry-budget-odds.sh 0.15 1000 30000 300000 0       # the defaults, failures answered at once
#   scripts/retry-budget-odds.sh 0.15 1000 30000 300000 0 4     # the old policy: 4 attempts
set -euo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
. "$home/scripts/select-jdk.sh"
jar="$home/target/imagebatch.jar"
[ -f "$jar" ] || (cd "$home" && ./mvnw -q -DskipTests package)
lib="$(mktemp -d)"
trap 'rm -rf "$lib"' EXIT
(cd "$lib" && unzip -q -j "$jar" 'BOOT-INF/lib/spring-core-*.jar' 'BOOT-INF/lib/commons-logging-*.jar')
"$JAVA_HOME/bin/java" -cp "$lib/*" "$home/scripts/RetryBudgetOdds.java" "$@"
