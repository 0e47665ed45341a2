package dev.taxi.fuzz;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.taxi.test.NoHandlerFailures;
import dev.taxi.test.RequiredServices;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestRedisPrefix;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * The server the fuzzing runs against, as deployed: PostgreSQL and the Redis channel layer (on a
 * prefix of its own), no message handler allowed to fail. Rate limits are lifted so that they
 * do not cut a fuzzing socket short nor refuse the fuzzing log-ins, and refusals, thousands of
 * them, are not logged one by one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith({ RequiredServices.class, NoHandlerFailures.class })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789", TaxiServerTest.SMALL_POOL,
				TaxiServerTest.SHORT_IDLE,
				"taxi.channels.max-messages-per-second=1000000", "taxi.location.max-per-second=1000000",
				"taxi.login-throttle.max-failures=1000000",
				"logging.level.dev.taxi.channels.socket.MessageDispatcher=WARN" })
@ActiveProfiles({ "postgres", "redis" })
@ContextConfiguration(initializers = FuzzServerTest.OwnRedisPrefix.class)
@interface FuzzServerTest {

	/** A Redis prefix of its own, so that no other server on the shared Redis hears the fuzzing. */
	final class OwnRedisPrefix implements ApplicationContextInitializer<ConfigurableApplicationContext> {

		@Override
		public void initialize(ConfigurableApplicationContext context) {
			TestPropertyValues.of("taxi.channels.redis-prefix=" + TestRedisPrefix.unique()).applyTo(context);
		}

	}

}
