package io.imagebatch.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * Who this process is, and whether another worker's process can be looked up here. A pid
 * means the same process only within one kernel boot and one pid namespace (containers on
 * one host share the boot but not the namespace, and may share a host name): a dead pid
 * there is a dead worker at once, without waiting for its beat to go stale.
 */
final class LocalProcesses {

	/** This process's host name. */
	static final String HOST = hostName();

	/** This process's pid. */
	static final long PID = ProcessHandle.current().pid();

	/** Where pids are comparable with ours, or {@code null} when that cannot be told. */
	static final @Nullable String SCOPE = scope();

	private LocalProcesses() {
	}

	/** Whether the process is known to be gone: in our scope, and not alive. */
	static boolean isGone(long pid, @Nullable String scope) {
		if (SCOPE == null || !SCOPE.equals(scope)) {
			return false;
		}
		return ProcessHandle.of(pid).map((handle) -> !handle.isAlive()).orElse(true);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			String name = ManagementFactory.getRuntimeMXBean().getName();
			return name.substring(name.indexOf('@') + 1);
		}
	}

	private static @Nullable String scope() {
		try {
			String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
			String namespace = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
			return boot + "/" + namespace;
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			// not Linux, or not allowed to look: liveness is judged by beats alone
			return null;
		}
	}

}
