package dev.taxi.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What BlockHound may let pass on reactive threads, with the reason for each.
 *
 * <p>Lettuce guards each connection's command queue with {@code SharedLock}, a lock held for the
 * few instructions of enqueueing a command. When several event loops publish or subscribe at
 * once, one of them waits on it for microseconds: that is Lettuce's design, not I/O. Were BlockHound
 * to throw inside that lock, Lettuce's {@code finally} would release a writer count it never took,
 * and the connection would spin forever on its next command.
 */
public final class LettuceBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
		builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "doExclusive");
	}

}
