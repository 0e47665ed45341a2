package dev.taxi.channels.socket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends faster than it reads its answers is slowed down, not dropped: once its
 * answers fill half its outbound queue, the server reads its next frames only after they drained,
 * so TCP pushes back on the client. (A client that does not read what others send it still fills
 * its queue and is closed with 1013.)
 */
@TaxiServerTest
@TestPropertySource(properties = { "taxi.channels.max-messages-per-second=100000", "taxi.channels.outbound-queue=16" })
class ReplyBackpressureTests {

	private static final int PINGS = 3000;

	/** Some 12 MB of answers in all: far more than the sockets' buffers and the queue hold. */
	private static final String PAD = "x".repeat(4096);

	@LocalServerPort
	int port;

	@Test
	void aClientSendingFasterThanItReadsIsSlowedDownNotClosed() throws Exception {
		TestUser rider = new TaxiApi(this.port).rider();
		AtomicInteger pongs = new AtomicInteger();
		AtomicReference<String> closed = new AtomicReference<>();
		CompletableFuture<Void> allAnswered = new CompletableFuture<>();
		WebSocket.Listener listener = new WebSocket.Listener() {

			private final StringBuilder text = new StringBuilder();

			@Override
			public void onOpen(WebSocket webSocket) {
				// Read nothing yet.
			}

			@Override
			public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
				this.text.append(data);
				if (last) {
					if (this.text.indexOf("\"type\":\"pong\"") >= 0 && pongs.incrementAndGet() == PINGS) {
						allAnswered.complete(null);
					}
					this.text.setLength(0);
				}
				webSocket.request(1);
				return null;
			}

			@Override
			public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
				closed.set(statusCode + " " + reason);
				allAnswered.complete(null);
				return null;
			}

		};
		WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
			.subprotocols("taxi.v2")
			.buildAsync(URI.create("ws://localhost:" + this.port + "/taxi/?token=" + rider.access()), listener)
			.get(10, TimeUnit.SECONDS);
		String ping = "{\"type\":\"ping\",\"data\":{\"pad\":\"" + PAD + "\"}}";
		CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < PINGS; i++) {
				socket.sendText(ping, true).join();
			}
		});
		// The client reads nothing for a while: the server must wait for it, not give up on it.
		Thread.sleep(Duration.ofSeconds(2).toMillis());
		assertThat(closed.get()).as("closed while the client was not reading").isNull();
		socket.request(1);
		allAnswered.get(60, TimeUnit.SECONDS);
		sending.get(10, TimeUnit.SECONDS);
		assertThat(closed.get()).as("closed before all answers arrived").isNull();
		assertThat(pongs.get()).isEqualTo(PINGS);
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
	}

}
