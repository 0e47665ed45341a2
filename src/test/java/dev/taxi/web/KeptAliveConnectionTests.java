package dev.taxi.web;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that keeps its connection open and sends its next request the moment it has read an
 * answer, as browsers and HTTP client pools do, is answered every time: the server never stops
 * reading a kept-alive connection. On the embedded default (the in-memory database answers on
 * its own threads with a timing that made the server stall about one connection in twenty-five).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789")
class KeptAliveConnectionTests {

	private static final int CONNECTIONS = 200;

	private static final int REQUESTS_EACH = 3;

	@LocalServerPort
	int port;

	@Test
	void everyRequestOnAKeptAliveConnectionIsAnswered() throws IOException {
		TestUser rider = new TaxiApi(this.port).rider();
		// Authenticated, so that handling ends on a database thread: the case that used to stall.
		byte[] request = ("GET /api/no-such-thing/ HTTP/1.1\r\nHost: localhost:" + this.port
				+ "\r\nAuthorization: Bearer " + rider.access() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
		List<String> unanswered = new ArrayList<>();
		for (int connection = 0; connection < CONNECTIONS; connection++) {
			try (Socket socket = new Socket("localhost", this.port)) {
				socket.setSoTimeout(2_000);
				OutputStream out = socket.getOutputStream();
				InputStream in = new BufferedInputStream(socket.getInputStream());
				for (int i = 0; i < REQUESTS_EACH; i++) {
					out.write(request);
					out.flush();
					try {
						assertThat(readResponse(in)).startsWith("HTTP/1.1 404");
					}
					catch (SocketTimeoutException ex) {
						unanswered.add("request " + (i + 1) + " on connection " + (connection + 1));
						break;
					}
				}
			}
		}
		assertThat(unanswered).as("requests left unanswered on kept-alive connections").isEmpty();
	}

	/** Reads one response with a {@code Content-Length}; returns its status line. */
	private static String readResponse(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("Closed after " + head);
			}
			head.append((char) b);
		}
		int length = 0;
		for (String line : head.toString().split("\r\n")) {
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				length = Integer.parseInt(line.substring(15).trim());
			}
		}
		in.readNBytes(length);
		return head.substring(0, head.indexOf("\r\n"));
	}

}
