package dev.taxi.channels.socket;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;

import dev.taxi.channels.ChannelMessage;
import dev.taxi.channels.ChannelLayer;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.web.reactive.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionTests {

	private final ChannelLayer layer = ChannelLayer.inMemory();

	private final Principal user = () -> "alice";

	@Test
	void aMemberOutsideAMessagesAudienceDoesNotReceiveIt() {
		Connection alice = new Connection("c!a", this.user, new MessageDispatcherTests.RefusalsAsText(), this.layer, 16);
		ChannelMessage forBob = ChannelMessage.of(Map.of("test", "for bob")).onlyFor(java.util.List.of("bob"));
		ChannelMessage forBoth = ChannelMessage.of(Map.of("test", "for both")).onlyFor(java.util.List.of("alice", "bob"));
		ChannelMessage forAll = ChannelMessage.of(Map.of("test", "for all"));
		alice.deliver(forBob);
		alice.deliver(forBoth);
		alice.deliver(forAll);
		alice.completeOutbound();
		StepVerifier.create(alice.outbound().map((frame) -> new String(frame, StandardCharsets.UTF_8)))
			.expectNext("for both", "for all")
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aConsumerThatFallsBehindItsQueueIsClosedWith1013() {
		Connection connection = new Connection("c!1", this.user, new MessageDispatcherTests.RefusalsAsText(), this.layer, 4);
		ChannelMessage message = ChannelMessage.of(Map.of("test", "hello"));
		// The queue holds at least 8 (a power of two); nobody reads it.
		for (int i = 0; i < 8; i++) {
			connection.deliver(message);
		}
		connection.endCloseRequests();
		StepVerifier.create(connection.closeRequests()).expectComplete().verify(Duration.ofSeconds(5));

		Connection slow = new Connection("c!1b", this.user, new MessageDispatcherTests.RefusalsAsText(), this.layer, 4);
		for (int i = 0; i < 9; i++) {
			slow.deliver(message);
		}
		StepVerifier.create(slow.closeRequests())
			.assertNext((status) -> assertThat(status.status().getCode()).isEqualTo(1013))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void aConsumerThatKeepsUpIsNeverClosed() {
		Connection connection = new Connection("c!2", this.user, new MessageDispatcherTests.RefusalsAsText(), this.layer, 4);
		ChannelMessage message = ChannelMessage.of(Map.of("test", "hello"));
		StepVerifier.create(connection.outbound().map((bytes) -> new String(bytes, StandardCharsets.UTF_8)))
			.then(() -> {
				for (int i = 0; i < 100; i++) {
					connection.deliver(message);
				}
				connection.completeOutbound();
			})
			.expectNextCount(100)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		connection.endCloseRequests();
		StepVerifier.create(connection.closeRequests()).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void aMessageAProtocolDoesNotShowIsNotQueued() {
		Connection connection = new Connection("c!3", this.user, new MessageDispatcherTests.RefusalsAsText(), this.layer, 4);
		connection.deliver(ChannelMessage.of(Map.of("other-protocol", "hello")));
		connection.completeOutbound();
		StepVerifier.create(connection.outbound()).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void aDeadlineClosesTheConnectionWithItsStatusAndALaterOneReplacesIt() {
		Connection connection = new Connection("c!4", this.user, new MessageDispatcherTests.RefusalsAsText(), this.layer, 4);
		connection.closeAfter(Duration.ofMillis(50), new CloseStatus(4000, "first"));
		connection.closeAfter(Duration.ofMillis(300), new CloseStatus(4001, "second"));
		long start = System.nanoTime();
		StepVerifier.create(connection.closeRequests())
			.assertNext((request) -> assertThat(request.status().getCode()).isEqualTo(4001))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
	}

	@Test
	void aFinishedConnectionHasNoDeadlineLeft() {
		Connection connection = new Connection("c!5", this.user, new MessageDispatcherTests.RefusalsAsText(), this.layer, 4);
		connection.closeAfter(Duration.ofMillis(50), new CloseStatus(4000, "too late"));
		connection.markFinished();
		connection.closeAfter(Duration.ofMillis(50), new CloseStatus(4000, "after the end"));
		StepVerifier.create(connection.closeRequests())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(300))
			.then(connection::endCloseRequests)
			.expectComplete()
			.verify(Duration.ofSeconds(5));
	}

}
