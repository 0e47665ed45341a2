package dev.taxi.channels.redis;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import static org.awaitility.Awaitility.await;

/**
 * A Redis server of a test's own, on a free port, that the test can kill and start again on the
 * same port: what an outage looks like to the instances. Nothing is persisted.
 */
final class RedisServer implements AutoCloseable {

	private static final Path BINARY = Path.of("/usr/bin/redis-server");

	private static final Duration STARTUP = Duration.ofSeconds(20);

	private final int port;

	private @Nullable Process process;

	private RedisServer(int port) {
		this.port = port;
	}

	static RedisServer onFreePort() {
		if (!Files.isExecutable(BINARY)) {
			throw new IllegalStateException(BINARY + " is missing: this test starts and stops a Redis server of its own. "
					+ "Install it with 'apt-get install redis-server' (Debian), or put redis-server there.");
		}
		try (ServerSocket socket = new ServerSocket(0)) {
			return new RedisServer(socket.getLocalPort());
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port for a test Redis", ex);
		}
	}

	String uri() {
		return "redis://localhost:" + this.port;
	}

	int port() {
		return this.port;
	}

	void start() {
		try {
			this.process = new ProcessBuilder(BINARY.toString(), "--port", String.valueOf(this.port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + BINARY, ex);
		}
		await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).until(this::accepting);
	}

	/** Kills the server, as a crash would, and waits until its port refuses connections. */
	void kill() {
		Process process = this.process;
		if (process == null) {
			return;
		}
		process.destroyForcibly();
		try {
			process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		this.process = null;
		await().atMost(STARTUP).pollInterval(Duration.ofMillis(50)).until(() -> !accepting());
	}

	/** Stops the server without closing its connections (SIGSTOP): a Redis that does not answer. */
	void pause() {
		signal("-STOP");
	}

	/** Lets a paused server go on, with what it was sent meanwhile. */
	void resume() {
		signal("-CONT");
	}

	private void signal(String signal) {
		Process process = this.process;
		if (process == null) {
			throw new IllegalStateException("Not started");
		}
		try {
			int exit = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill " + signal + " exited with " + exit);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean accepting() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		kill();
	}

}
