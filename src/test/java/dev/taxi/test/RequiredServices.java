package dev.taxi.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class at once, with what to do about it, when PostgreSQL or Redis is not
 * listening on localhost, instead of letting a Spring context time out with a cryptic error.
 */
public final class RequiredServices implements BeforeAllCallback {

	private static final String HOW_TO_START = """
			Start it with 'docker compose up -d postgres redis' from the project's folder, or install and start \
			it locally (see README.md, "Running the tests"). The tests expect PostgreSQL on localhost:5432 with a \
			database 'taxi' owned by user 'taxi' (password 'taxi'), and Redis on localhost:6379.""";

	@Override
	public void beforeAll(ExtensionContext context) {
		require("PostgreSQL", TestDatabase.HOST, TestDatabase.PORT);
		require("Redis", "localhost", 6379);
	}

	static void require(String service, String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
		}
		catch (IOException ex) {
			throw new IllegalStateException(service + " is not reachable at " + host + ":" + port + ". " + HOW_TO_START, ex);
		}
	}

}
