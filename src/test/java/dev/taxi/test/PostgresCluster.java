package dev.taxi.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own, on a free port of localhost, that the test may stop and
 * start again: Debian's {@code initdb} and {@code pg_ctl} (package {@code postgresql}), run as the
 * {@code postgres} user when the tests run as root, since PostgreSQL refuses to run as root. The
 * superuser is {@code taxi} (trust authentication); the application uses the database
 * {@code postgres}. The shared PostgreSQL of the other tests is never touched.
 */
public final class PostgresCluster implements AutoCloseable {

	public static final String USER = "taxi";

	private static final String DATABASE = "postgres";

	private static final boolean AS_ROOT = "root".equals(System.getProperty("user.name"));

	private final Path bin;

	private final Path directory;

	private final int port;

	private volatile boolean running;

	private PostgresCluster(Path bin, Path directory, int port) {
		this.bin = bin;
		this.directory = directory;
		this.port = port;
	}

	/** Creates the cluster (about a second), not started yet. */
	public static PostgresCluster create() {
		Path bin = findBin();
		try {
			Path directory = Files.createTempDirectory("taxi-pg-");
			if (AS_ROOT) {
				UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
					.lookupPrincipalByName("postgres");
				Files.setOwner(directory, postgres);
			}
			PostgresCluster cluster = new PostgresCluster(bin, directory, freePort());
			cluster.run("initdb", "-D", cluster.data().toString(), "-U", USER, "-A", "trust", "-E", "UTF8",
					"--no-sync", "--no-instructions");
			Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "postgres-cluster-stop"));
			return cluster;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path findBin() {
		Path versions = Path.of("/usr/lib/postgresql");
		try (Stream<Path> found = Files.isDirectory(versions) ? Files.list(versions) : Stream.empty()) {
			return found.map((version) -> version.resolve("bin"))
				.filter((bin) -> Files.isExecutable(bin.resolve("pg_ctl")))
				.max(Comparator.comparing((bin) -> bin.getParent().getFileName().toString(),
						Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())))
				.orElseThrow(() -> new IllegalStateException("This test starts a PostgreSQL cluster of its own and needs "
						+ "Debian's initdb and pg_ctl under /usr/lib/postgresql/<version>/bin: apt-get install postgresql"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private Path data() {
		return this.directory.resolve("data");
	}

	public int port() {
		return this.port;
	}

	public String r2dbcUrl() {
		return "r2dbc:postgresql://127.0.0.1:" + this.port + "/" + DATABASE;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + DATABASE;
	}

	/** The application's arguments that point it at this cluster. */
	public List<String> arguments() {
		return List.of("--spring.r2dbc.url=" + r2dbcUrl(), "--spring.flyway.url=" + jdbcUrl(),
				"--spring.r2dbc.username=" + USER, "--spring.flyway.user=" + USER);
	}

	/** Starts the server and waits until it accepts connections. */
	public void start() {
		run("pg_ctl", "-D", data().toString(), "-l", this.directory.resolve("log").toString(), "-w", "-t", "30", "-o",
				"-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
		this.running = true;
	}

	/** Stops the server at once: sessions are ended, as when it is shut down for maintenance. */
	public void stop() {
		run("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "30", "stop");
		this.running = false;
	}

	public boolean isRunning() {
		return this.running;
	}

	private void run(String program, String... arguments) {
		List<String> command = new ArrayList<>();
		if (AS_ROOT) {
			command.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		command.add(this.bin.resolve(program).toString());
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output;
			try (var in = process.getInputStream()) {
				output = new String(in.readAllBytes());
			}
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output + logTail());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private String logTail() {
		try {
			Path log = this.directory.resolve("log");
			return Files.exists(log) ? "\n" + Files.readString(log) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** Stops the server if it runs and removes the cluster's files. */
	@Override
	public synchronized void close() {
		if (!Files.exists(this.directory)) {
			return;
		}
		if (this.running) {
			try {
				stop();
			}
			catch (RuntimeException ex) {
				// A server whose lock file is gone shuts itself down within a minute.
			}
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory: the system cleans it eventually.
		}
	}

}
