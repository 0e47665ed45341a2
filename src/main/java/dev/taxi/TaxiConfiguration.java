package dev.taxi;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.AlternativeJdkIdGenerator;
import org.springframework.util.IdGenerator;

/** Small shared services. */
@Configuration(proxyBeanMethods = false)
class TaxiConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Random ids for trips and token ids. Seeded once from {@code SecureRandom} at start-up, so
	 * that no id on a request path waits on the system's entropy source.
	 */
	@Bean
	IdGenerator idGenerator() {
		return new AlternativeJdkIdGenerator();
	}

}
