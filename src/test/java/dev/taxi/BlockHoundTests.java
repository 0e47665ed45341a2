package dev.taxi;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BlockHound watches the whole test JVM: a blocking call on a reactive thread fails the build. */
class BlockHoundTests {

	@Test
	void blockingOnAReactiveThreadFails() {
		Mono<Void> blocking = Mono.<Void>fromRunnable(() -> {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}).subscribeOn(Schedulers.parallel());
		assertThatThrownBy(() -> blocking.block(Duration.ofSeconds(10))).hasCauseInstanceOf(BlockingOperationError.class);
	}

}
