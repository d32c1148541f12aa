# Sourced by ./imagebatch and .ci/run: points JAVA_HOME at a JDK 21 or newer.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME")" -lt 21 ]; then
	JAVA_HOME=""
	for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
		if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 21 ] 2>/dev/null; then
			JAVA_HOME="$candidate"
			break
		fi
	done
	if [ -z "$JAVA_HOME" ]; then
		echo "imagebatch needs a JDK 21 or newer: set JAVA_HOME to one" >&2
		exit 1
	fi
	export JAVA_HOME
fi
