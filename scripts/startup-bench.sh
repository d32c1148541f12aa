#!/usr/bin/env bash
# Median wall and CPU time of short imagebatch commands, measured alternately so that every
# variant sees the same machine (docs/benchmarks.md, "CLI start-up (issue 10)"). Variants:
#   before    what the launcher did before issue 10: java -jar target/imagebatch.jar
#   jar       ./imagebatch with IMAGEBATCH_STARTUP_CACHE=off (the jar; C1 only for short commands)
#   cache     ./imagebatch as it is (the start-up cache; C1 only for short commands)
# Usage: scripts/startup-bench.sh [runs] [command...]   (default: 5 runs each of --help, runs, status latest)
# Run it from a scratch directory with data: 'imagebatch generate samples/prompts.csv' there once.
set -uo pipefail
home="$(cd "$(dirname "$0")/.." && pwd)"
launcher="${IMAGEBATCH:-$home/imagebatch}"
n="${1:-5}"
shift || true
if [ $# -gt 0 ]; then
	commands=("$*")
else
	commands=("--help" "runs" "status latest")
fi
variants=("${VARIANTS:-before cache}")
read -r -a variants <<<"${variants[0]}"
timing="$(mktemp -d)"
trap 'rm -rf "$timing"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# one untimed run first: it makes the cache if the build is new
"$launcher" --version >/dev/null 2>&1
for i in $(seq "$n"); do
	for c in "${!commands[@]}"; do
		for variant in "${variants[@]}"; do
			run=("$launcher")
			case "$variant" in
				before) env=(IMAGEBATCH_STARTUP_CACHE=off) run=(bash -c '. "$0/scripts/select-jdk.sh" && exec "$JAVA_HOME/bin/java" -jar "$0/target/imagebatch.jar" "$@"' "$home") ;;
				jar) env=(IMAGEBATCH_STARTUP_CACHE=off) ;;
				cache) env=(IMAGEBATCH_STARTUP_CACHE=on) ;;
			esac
			# shellcheck disable=SC2086 # a command is words
			env "${env[@]}" /usr/bin/time -o "$timing/t" -f '%e %U %S' "${run[@]}" ${commands[$c]} >/dev/null 2>&1
			read -r wall user sys < <(tail -1 "$timing/t")
			echo "$wall" >>"$timing/wall.$c.$variant"
			awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f\n", u + s}' >>"$timing/cpu.$c.$variant"
		done
	done
done
for c in "${!commands[@]}"; do
	for variant in "${variants[@]}"; do
		printf '%-14s %-9s wall %5.2f s  cpu %5.2f s   (walls %s; cpu %s)\n' "${commands[$c]}" "$variant" \
			"$(median <"$timing/wall.$c.$variant")" "$(median <"$timing/cpu.$c.$variant")" \
			"$(tr '\n' ' ' <"$timing/wall.$c.$variant")" "$(tr '\n' ' ' <"$timing/cpu.$c.$variant")"
	done
done
