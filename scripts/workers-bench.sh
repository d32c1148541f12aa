#!/usr/bin/env bash
# The issue 9 measurements (docs/benchmarks.md): rate-limit use and overhead with one worker and
# with three on one key, and 1.5 MB images as url and as b64_json. Each scenario runs 'generate'
# here and, with --workers 3, two 'worker' JVMs beside it, on embedded defaults in a fresh folder.
# Usage: scripts/workers-bench.sh [rate|overhead|large|all]
set -euo pipefail
what="${1:-all}"
home="$(cd "$(dirname "$0")/.." && pwd)"
. "$home/scripts/select-jdk.sh"
(cd "$home" && ./mvnw -q -DskipTests package)
bench() {
	local work
	work="$(mktemp -d)"
	(cd "$work" && "$JAVA_HOME/bin/java" -jar "$home/target/imagebatch.jar" bench "$@" 2>/dev/null | grep -v '^$')
	pkill -f "postgres -D $work" 2>/dev/null || true
	rm -rf "$work"
}
if [ "$what" = rate ] || [ "$what" = all ]; then
	for workers in 1 3; do
		echo "== rate, $workers worker(s)"
		bench --scenario rate --rate 120 --minutes 2 --workers "$workers"
	done
fi
if [ "$what" = overhead ] || [ "$what" = all ]; then
	for workers in 1 3; do
		echo "== overhead at zero latency, $workers worker(s)"
		bench --scenario overhead --rows 3000 --workers "$workers"
	done
fi
if [ "$what" = large ] || [ "$what" = all ]; then
	for format in url b64_json; do
		for workers in 1 3; do
			echo "== 1.5 MB images as $format, $workers worker(s)"
			bench --scenario overhead --rows 400 --image-size 1500000 --response-format "$format" --workers "$workers"
		done
	done
fi
