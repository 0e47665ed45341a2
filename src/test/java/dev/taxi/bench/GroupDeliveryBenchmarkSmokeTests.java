package dev.taxi.bench;

import java.time.Duration;

import dev.taxi.test.RequiredServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A short, light run of {@link GroupDeliveryBenchmark}, so the benchmark keeps working. Not a measurement. */
@ExtendWith(RequiredServices.class)
class GroupDeliveryBenchmarkSmokeTests {

	@Test
	void everyMessagePublishedOnOneInstanceReachesItsClientOnTheOther() {
		GroupDeliveryBenchmark.Result result = new GroupDeliveryBenchmark(2, 300, Duration.ofSeconds(1), 30)
			.run(Duration.ofMillis(200));
		assertThat(result.published()).isGreaterThanOrEqualTo(290);
		assertThat(result.received()).isEqualTo(result.published());
	}

}
