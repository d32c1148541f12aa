package io.imagebatch.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.imagebatch.ImagebatchApplication;

/**
 * {@code worker} processes beside this one, launched the way this one was (from the jar,
 * or from a class path), for measurements with several workers. Closing terminates them
 * (SIGTERM), as a deploy would.
 */
final class WorkerProcesses implements AutoCloseable {

	private final List<Process> processes;

	private WorkerProcesses(List<Process> processes) {
		this.processes = processes;
	}

	/**
	 * @param count how many workers
	 * @param properties {@code --name=value} properties each is given
	 * @param logs where their output goes
	 */
	static WorkerProcesses start(int count, List<String> properties, Path logs) {
		List<Process> processes = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				List<String> command = new ArrayList<>(launcher());
				command.add("worker");
				command.addAll(properties);
				Path log = Files.createTempFile(logs, "worker", ".log");
				processes
					.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
			}
			return new WorkerProcesses(processes);
		}
		catch (IOException ex) {
			processes.forEach(Process::destroyForcibly);
			throw new UncheckedIOException("could not start a worker process", ex);
		}
	}

	/** {@code java -jar imagebatch.jar}, or {@code java -cp … ImagebatchApplication}. */
	private static List<String> launcher() {
		String java = ProcessHandle.current().info().command().orElse("java");
		String classPath = System.getProperty("java.class.path");
		if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
			return List.of(java, "-jar", classPath);
		}
		return List.of(java, "-cp", classPath, ImagebatchApplication.class.getName());
	}

	@Override
	public void close() {
		this.processes.forEach(Process::destroy);
		for (Process process : this.processes) {
			try {
				if (!process.waitFor(60, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
		}
	}

}
