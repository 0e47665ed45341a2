package dev.taxi.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole server on a random port against the real PostgreSQL on localhost, checked to be
 * there before the context starts; no message handler may fail unexpectedly in any of its tests.
 * Failed log-ins are not limited: every test calls from 127.0.0.1, and the tests sharing a context
 * fail many log-ins on purpose (the throttle's own tests set the limit again). Each context keeps
 * few database connections: Spring caches the contexts of a run, and with the pool's default of ten
 * each they would take up the PostgreSQL server's hundred connections.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith({ RequiredServices.class, NoHandlerFailures.class })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789",
				"taxi.login-throttle.max-failures=1000000", TaxiServerTest.SMALL_POOL, TaxiServerTest.SHORT_IDLE })
@ActiveProfiles("postgres")
public @interface TaxiServerTest {

	/** Connections a cached test context opens up front. */
	String SMALL_POOL = "spring.r2dbc.pool.initial-size=1";

	/** Connections idle that long are given back, so a context that once needed many does not keep them. */
	String SHORT_IDLE = "spring.r2dbc.pool.max-idle-time=10s";

}
