# Sourced by the benchmark scripts: builds the jar, starts `serve --demo` on embedded defaults in a
# fresh folder (which becomes the working directory) and waits until it is ready. Sets $home, $work,
# $serve (its pid), $port, $password and $auth (curl's login arguments); stops serve, its embedded
# PostgreSQL and removes the folder on exit.
# Usage: port=18080; . scripts/demo-serve.sh [more serve arguments]
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$home/scripts/select-jdk.sh"
(cd "$home" && ./mvnw -q -DskipTests package)
work="$(mktemp -d)"
cd "$work"
"$JAVA_HOME/bin/java" -Xmx1g -jar "$home/target/imagebatch.jar" serve --demo --server.port="$port" "$@" \
	>serve.out 2>serve.err &
serve=$!
stop_demo_serve() { # serve stops its embedded PostgreSQL; should it not, that one by its pid
	kill $serve 2>/dev/null; wait $serve 2>/dev/null
	[ -f "$work/data/postgres/postmaster.pid" ] && kill "$(head -1 "$work/data/postgres/postmaster.pid")" 2>/dev/null
	rm -rf "$work"
}
trap stop_demo_serve EXIT
for _ in $(seq 1 120); do
	curl -sf "localhost:$port/actuator/health/readiness" >/dev/null && break
	sleep 1
done
password="$(grep -o 'password [^ ]*' serve.out | cut -d' ' -f2)"
auth=(-u "demo:$password")
