package dev.taxi.test;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refusal is an answer, not a crash: fails a test of the server in whose course a message
 * handler failed unexpectedly (the meter {@code taxi.ws.handler.failures} grew).
 */
public final class NoHandlerFailures implements BeforeEachCallback, AfterEachCallback {

	private static final String METER = "taxi.ws.handler.failures";

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoHandlerFailures.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		context.getStore(NAMESPACE).put(METER, failures(context));
	}

	@Override
	public void afterEach(ExtensionContext context) {
		double before = context.getStore(NAMESPACE).get(METER, Double.class);
		assertThat(failures(context)).as("handlers that failed unexpectedly").isEqualTo(before);
	}

	private static double failures(ExtensionContext context) {
		return SpringExtension.getApplicationContext(context).getBean(MeterRegistry.class).counter(METER).count();
	}

}
