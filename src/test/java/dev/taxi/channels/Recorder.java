package dev.taxi.channels;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import org.awaitility.core.ConditionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A consumer for tests: keeps what the layer hands it, in order, and can act on each message. */
public final class Recorder implements Inbox {

	public static final String PROTOCOL = "v2";

	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Queue<ChannelMessage> messages = new ConcurrentLinkedQueue<>();

	private final Consumer<ChannelMessage> onMessage;

	public Recorder() {
		this((message) -> {
		});
	}

	public Recorder(Consumer<ChannelMessage> onMessage) {
		this.onMessage = onMessage;
	}

	public static ChannelMessage message(String text) {
		return ChannelMessage.of(java.util.Map.of(PROTOCOL, text, "v1", "{\"v1\":\"" + text + "\"}"));
	}

	public static String text(ChannelMessage message) {
		byte[] frame = message.frame(PROTOCOL);
		assertThat(frame).isNotNull();
		return new String(frame, StandardCharsets.UTF_8);
	}

	@Override
	public void deliver(ChannelMessage message) {
		this.messages.add(message);
		this.onMessage.accept(message);
	}

	public List<ChannelMessage> messages() {
		return List.copyOf(this.messages);
	}

	public List<String> texts() {
		return this.messages.stream().map(Recorder::text).toList();
	}

	/** Waits until exactly these messages arrived, in this order. */
	public void awaitTexts(String... expected) {
		awaiting().untilAsserted(() -> assertThat(texts()).containsExactly(expected));
	}

	/** Waits until some message arrived whose text satisfies a condition. */
	public void awaitAny(java.util.function.Predicate<String> condition) {
		awaiting().until(() -> texts().stream().anyMatch(condition));
	}

	/** Checks at once, then often: most deliveries are synchronous, the others take milliseconds. */
	public static ConditionFactory awaiting() {
		return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
	}

}
