package dev.taxi.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.taxi.TaxiApplication;

import static org.awaitility.Awaitility.await;

/**
 * An instance of the server in a process of its own (the {@code postgres} and {@code redis}
 * profiles, like {@link TaxiInstances}), so that a test can kill it as {@code kill -9} would:
 * nothing of it runs on its way out.
 */
public final class KillableInstance implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("started on port (\\d+)");

	private final Process process;

	private final Path log;

	private final int port;

	private KillableInstance(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/** Starts it and waits until it listens; arguments are {@code --key=value}. */
	public static KillableInstance start(String redisPrefix, String... arguments) throws IOException {
		Path log = Files.createTempFile("taxi-instance", ".log");
		List<String> command = new ArrayList<>(List.of(
				ProcessHandle.current().info().command().orElse("java"), "-Xmx384m", "-XX:TieredStopAtLevel=1",
				"-cp", System.getProperty("java.class.path"), TaxiApplication.class.getName(),
				"--spring.profiles.active=postgres,redis", "--server.port=0", "--management.server.port=0", "--spring.main.banner-mode=off",
				"--taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789",
				TestRedisPrefix.argument(redisPrefix)));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			int[] port = new int[1];
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("The instance ended: " + Files.readString(log));
				}
				Matcher started = STARTED.matcher(Files.readString(log));
				if (started.find()) {
					port[0] = Integer.parseInt(started.group(1));
					return true;
				}
				return false;
			});
			return new KillableInstance(process, log, port[0]);
		}
		catch (RuntimeException ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	public TaxiApi api() {
		return new TaxiApi(this.port);
	}

	/** Ends the process at once (SIGKILL): it closes no socket and tells no one. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	@Override
	public void close() throws Exception {
		kill();
		Files.deleteIfExists(this.log);
	}

}
