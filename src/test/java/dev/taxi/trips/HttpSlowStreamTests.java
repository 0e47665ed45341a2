package dev.taxi.trips;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.taxi.test.EventStream;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.taxi.trips.V2Steps.expectEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that opens a trip's event stream and stops reading is cut off once its stream's bounded
 * queue overflows, rather than buffered without limit: observed by the server's meters
 * ({@code taxi.sse.dropped} counts it, {@code taxi.sse.streams} no longer holds it) and by the
 * connection reaching its end, while a reader keeping up on the same trip keeps everything, in order.
 */
@TaxiServerTest
@TestPropertySource(properties = { HttpSteps.HEARTBEAT, HttpSteps.NO_MESSAGE_RATE_LIMIT, HttpSteps.NO_LOCATION_RATE_LIMIT })
class HttpSlowStreamTests {

	/** The longest chat message, of four UTF-8 bytes per code point: about 8 KB per event. */
	private static final String LONG_TEXT = "\uD83D\uDE95".repeat(2000);

	private static final int BATCH = 25;

	/** Far more than a queue of the default 256 events and every buffer between the server and the client. */
	private static final int MAX_MESSAGES = 2000;

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	TaxiApi api;

	HttpSteps http;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
		this.http = new HttpSteps(this.api, this.port);
	}

	@Test
	void aReaderThatStopsReadingIsCutOffAndOneThatKeepsUpIsNot() throws IOException {
		await().atMost(Duration.ofSeconds(10)).until(() -> sum("taxi.sse.streams") == 0);
		double droppedBefore = sum("taxi.sse.dropped");
		try (HttpSteps.Ride ride = this.http.startedRide(); Socket slow = new Socket()) {
			ride.riderSocket().close();
			String tripId = ride.tripId();

			// The slow reader: a tiny receive window, reads the response up to the first event, then never again.
			slow.setReceiveBufferSize(1024);
			slow.connect(new InetSocketAddress("localhost", this.port), 10_000);
			slow.setSoTimeout(10_000);
			OutputStream out = slow.getOutputStream();
			out.write(("GET " + HttpSteps.eventsPath(tripId) + "?token=" + ride.rider().access() + " HTTP/1.1\r\n"
					+ "Host: localhost:" + this.port + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String start = readUntil(slow.getInputStream(), "trip.updated");
			assertThat(start).startsWith("HTTP/1.1 200");

			try (EventStream keepingUp = this.http.events(ride.driver(), tripId)) {
				this.http.expectCurrentState(keepingUp);
				await().atMost(Duration.ofSeconds(10)).until(() -> sum("taxi.sse.streams") == 2);

				List<Long> sent = new ArrayList<>();
				while (sum("taxi.sse.dropped") == droppedBefore && sent.size() < MAX_MESSAGES) {
					for (int i = 0; i < BATCH; i++) {
						ride.driverSocket().send("chat.message", Map.of("trip_id", tripId, "text", LONG_TEXT));
					}
					List<Long> toDriver = new ArrayList<>();
					for (int i = 0; i < BATCH; i++) {
						JsonNode message;
						try {
							message = expectEvent(ride.driverSocket(), "chat.message");
						}
						catch (AssertionError ex) {
							throw new AssertionError("the driver's socket stopped hearing his chat messages after " + sent.size()
									+ " (socket open: " + ride.driverSocket().isOpen() + ", closed with "
									+ (ride.driverSocket().isOpen() ? "-" : ride.driverSocket().awaitClose()) + ", taxi.sse.dropped "
									+ sum("taxi.sse.dropped") + ", taxi.sse.streams " + sum("taxi.sse.streams") + ")", ex);
						}
						toDriver.add(message.get("id").asLong());
					}
					List<Long> toStream = new ArrayList<>();
					for (int i = 0; i < BATCH; i++) {
						toStream.add(keepingUp.expect("chat.message").get("id").asLong());
					}
					assertThat(toStream).as("the chat messages on the stream that keeps up, as the driver's socket heard them, after %d",
							sent.size()).isEqualTo(toDriver);
					sent.addAll(toDriver);
				}
				if (sum("taxi.sse.dropped") == droppedBefore) {
					// Not cut off: say what the slow reader finds once it reads again, for whoever fixes it.
					Resumed resumed = resume(slow);
					throw new AssertionError("the reader that stopped was not cut off after " + sent.size() + " messages of "
							+ "about 8 KB (taxi.sse.dropped still " + droppedBefore + ", taxi.sse.streams "
							+ sum("taxi.sse.streams") + "); reading again, it received " + resumed.bytes() + " bytes ("
							+ resumed.events() + " chat.message events), then " + (resumed.ended() ? "the end of the stream"
									: "nothing more within 5 s (still open)")
							+ "; taxi.sse.dropped is then " + sum("taxi.sse.dropped"));
				}
				assertThat(sum("taxi.sse.dropped")).as("the reader that stopped was cut off after %d messages", sent.size())
					.isEqualTo(droppedBefore + 1);
				// No longer held: only the stream that keeps up is open.
				await().atMost(Duration.ofSeconds(10)).until(() -> sum("taxi.sse.streams") == 1);
				// And its connection ends: what the server had written drains, then the end (or a reset).
				assertThat(readToTheEnd(slow.getInputStream())).as("bytes left for the slow reader")
					.isLessThan((long) sent.size() * (LONG_TEXT.length() * 2 + 1024));

				// The reader that kept up was not disturbed: it follows on, to the end of the trip.
				JsonNode inProgress = advanceWithoutRider(ride, "IN_PROGRESS");
				assertThat(keepingUp.expect("trip.updated")).isEqualTo(inProgress);
				assertThat(sum("taxi.sse.dropped")).isEqualTo(droppedBefore + 1);
			}
		}
	}

	/** The driver moves the trip on (the rider's socket is closed); what the driver hears. */
	private static JsonNode advanceWithoutRider(HttpSteps.Ride ride, String status) {
		return V2Steps.advance(ride.driverSocket(), ride.driver(), ride.trip(), status);
	}

	private double sum(String name) {
		double total = 0;
		for (Meter meter : this.meters.find(name).meters()) {
			for (Measurement measurement : meter.measure()) {
				total += measurement.getValue();
			}
		}
		return total;
	}

	private static String readUntil(InputStream in, String marker) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] buffer = new byte[256];
		while (!read.toString(StandardCharsets.UTF_8).contains(marker)) {
			int n = in.read(buffer);
			if (n < 0) {
				throw new AssertionError("the stream ended before '" + marker + "': " + read.toString(StandardCharsets.UTF_8));
			}
			read.write(buffer, 0, n);
		}
		return read.toString(StandardCharsets.UTF_8);
	}

	private record Resumed(long bytes, int events, boolean ended) {
	}

	/** Reads whatever comes until the end of the connection or 5 s of silence. */
	private static Resumed resume(Socket socket) throws IOException {
		socket.setSoTimeout(5_000);
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		boolean ended = false;
		try {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				read.write(buffer, 0, n);
			}
			ended = true;
		}
		catch (SocketTimeoutException ex) {
			// Silence: still open.
		}
		catch (SocketException ex) {
			ended = true;
		}
		String text = read.toString(StandardCharsets.UTF_8);
		int events = text.split("chat\\.message", -1).length - 1;
		return new Resumed(read.size(), events, ended);
	}

	/** Reads until the server's end of the connection; how many bytes that was. Fails if it stays open. */
	private static long readToTheEnd(InputStream in) throws IOException {
		long total = 0;
		byte[] buffer = new byte[64 * 1024];
		try {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				total += n;
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("the server did not close the slow reader's connection; " + total + " bytes read", ex);
		}
		catch (SocketException ex) {
			// Reset by the server: closed as well.
		}
		return total;
	}

}
