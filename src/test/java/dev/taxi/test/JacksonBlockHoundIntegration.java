package dev.taxi.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound may let pass in Jackson, with the reason.
 *
 * <p>Jackson 3 builds the deserializer of each type once, on first use, under the
 * {@code ReentrantLock} of its {@code DeserializerCache}: when several event loops read their
 * first frame of a kind at the same moment (a few connections opening right after the server
 * started), all but one wait on that lock for the microseconds it takes to build it. That is
 * Jackson's design, not I/O; BlockHound throwing there ends the connection being read.
 */
public final class JacksonBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
				"_createAndCacheValueDeserializer");
	}

}
