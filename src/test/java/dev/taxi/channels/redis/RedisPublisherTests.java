package dev.taxi.channels.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import dev.taxi.channels.Gap;
import dev.taxi.channels.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static dev.taxi.channels.ChannelLayerContractTests.complete;
import static dev.taxi.channels.Recorder.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publications in batches, against a Redis of the test's own that stops answering for a while
 * (SIGSTOP) without dropping its connections: senders do not wait for it, what waits for it is
 * bounded, and what waited goes out in order once it answers again.
 */
class RedisPublisherTests {

	private final RedisServer server = RedisServer.onFreePort();

	private RedisInstances redis;

	private RedisInstances.Instance one;

	private RedisInstances.Instance two;

	@BeforeEach
	void start() {
		this.server.start();
		this.redis = new RedisInstances(this.server.uri());
		this.one = this.redis.start();
		this.two = this.redis.start();
	}

	@AfterEach
	void stop() {
		this.server.resume();
		this.redis.close();
		this.server.close();
	}

	@Test
	void aRedisThatDoesNotAnswerHoldsUpNoSenderAndWhatWaitedArrivesInOrder() {
		String group = "stalled";
		Recorder remote = new Recorder();
		Recorder local = new Recorder();
		RedisChannelLayerTests.join(this.two, group, remote);
		RedisChannelLayerTests.join(this.one, group, local);
		List<Gap> gapsOnTwo = new CopyOnWriteArrayList<>();
		Disposable watching = this.two.layer().gaps().subscribe(gapsOnTwo::add);
		try {
			this.server.pause();
			// One batch is on its way, the most that may wait behind it wait, the rest are refused.
			int sent = 1 + RedisPublisher.MAX_WAITING + 99;
			List<String> texts = IntStream.range(0, sent).mapToObj((i) -> "m" + i).toList();
			long start = System.nanoTime();
			texts.forEach((text) -> complete(this.one.layer().groupSend(group, message(text))));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			assertThat(local.texts()).hasSize(sent);
			assertThat(this.one.meter("taxi.channels.publish.failures")).isEqualTo(99);
			assertThat(remote.texts()).isEmpty();

			this.server.resume();

			remote.awaitTexts(texts.subList(0, 1 + RedisPublisher.MAX_WAITING).toArray(String[]::new));
			await().untilAsserted(() -> assertThat(this.one.meter("taxi.channels.published", "kind", "group"))
				.isEqualTo(1 + RedisPublisher.MAX_WAITING));
			// The other instance learns that some of what was published to it may be missing.
			await().atMost(Recorder.TIMEOUT).until(() -> !gapsOnTwo.isEmpty());
		}
		finally {
			watching.dispose();
		}
	}

}
