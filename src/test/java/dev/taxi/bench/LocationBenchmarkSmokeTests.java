package dev.taxi.bench;

import dev.taxi.test.RequiredServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** A short, light run of {@link LocationBenchmark}, so the benchmark keeps working. Not a measurement. */
@ExtendWith(RequiredServices.class)
class LocationBenchmarkSmokeTests {

	@Test
	void everyPositionADriverSendsOnOneInstanceReachesItsRiderOnTheOther() {
		// Plumbing, not the rate limit: the limit is raised so that no update is dropped by design.
		LocationBenchmark.Settings settings = LocationBenchmark.Settings.defaults().withSize(20, 1, 1).withInstances(2, 1000);
		LocationBenchmark.Result result = new LocationBenchmark(settings).run();
		assertThat(result.sent()).isEqualTo(20 * 5);
		assertThat(result.received()).as("%s", result).isEqualTo(result.sent());
		assertThat(result.duplicates() + result.misrouted() + result.unmatched()).as("%s", result).isZero();
		assertThat(result.unexpected()).as("%s", result).isEmpty();
		assertThat(result.stillOpen()).isEqualTo(2 * 20);
	}

}
