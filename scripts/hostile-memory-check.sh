#!/usr/bin/env bash
# Memory under huge answers (issue 8): N rows at concurrency N against the simulator padding
# every image to SIZE, the product at -Xmx512m on embedded PostgreSQL and S3 in a fresh data
# folder. Prints how many succeeded, the highest heap after a GC, peak RSS and the wall time.
# Usage: scripts/hostile-memory-check.sh [b64_json|url] [size, e.g. 40MB] [rows]
set -euo pipefail
format="${1:-b64_json}"
size="${2:-40MB}"
rows="${3:-8}"
home="$(cd "$(dirname "$0")/.." && pwd)"
. "$home/scripts/select-jdk.sh"
work="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
awk -v n="$rows" -v f="$format" 'BEGIN { print "id,prompt,model,size,response_format";
	for (i = 1; i <= n; i++) printf "big-%d,A huge picture number %d,dall-e-2,256x256,%s\n", i, i, f }' > "$work/rows.csv"
cd "$work"
start=$(date +%s.%N)
JAVA_TOOL_OPTIONS="-Xmx512m -XX:+ExitOnOutOfMemoryError -Xlog:gc:file=$work/gc.log" /usr/bin/time -f "%M" -o "$work/rss" \
	"$home/imagebatch" generate rows.csv --concurrency "$rows" --imagebatch.data-dir="$work/data" \
	--imagebatch.simulator.pad-images-to="$size" > "$work/out" 2> "$work/err" || true
end=$(date +%s.%N)
succeeded=$(grep -o '[0-9]* succeeded' "$work/out" | head -1 | cut -d' ' -f1)
heap=$(grep -o '[0-9]*M->[0-9]*M' "$work/gc.log" | sed 's/.*->\([0-9]*\)M/\1/' | sort -n | tail -1)
echo "rows:               $rows x $size $format (concurrency $rows, -Xmx512m)"
echo "succeeded:          ${succeeded:-0}"
grep -q "java.lang.OutOfMemoryError" "$work/err" "$work/out" && echo "OUT OF MEMORY" || true
echo "heap after GC:      at most ${heap:-?} MB"
echo "peak RSS:           $(( $(tail -1 "$work/rss") / 1024 )) MB (the in-process simulator included)"
echo "wall time:          $(echo "$end - $start" | bc) s"
[ -n "${KEEP:-}" ] && echo "output kept in:     $work" || true
