package dev.taxi.test;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Netty's adaptive buffer allocator (the default of Netty 4.2) guards the growth of its magazines
 * with a {@code StampedLock}: when several event loops allocate at once (large frames, many
 * streams), one of them waits on it for the few instructions of another's expansion. That is
 * Netty's design, not I/O, and Netty's own BlockHound integration does not list it yet. Were
 * BlockHound to throw there, the half-done allocation would leave the connection's buffers in an
 * undefined state.
 */
public final class NettyAllocatorBlockHoundIntegration implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "free");
	}

}
