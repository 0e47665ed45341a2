package dev.taxi.channels.socket;

import dev.taxi.channels.ChannelsProperties;

/**
 * The largest client frame ({@code taxi.channels.max-frame-size}). The handler enforces it, so
 * that a v2 client hears {@code too_large} before the 1009 close; the server's frame decoder
 * stops only frames far beyond it (closing with 1009 and no word), so that such a frame is
 * never buffered whole.
 */
final class FrameLimit {

	private static final int DECODER_FACTOR = 4;

	private final int bytes;

	FrameLimit(ChannelsProperties properties) {
		this.bytes = (int) properties.maxFrameSize().toBytes();
	}

	int bytes() {
		return this.bytes;
	}

	/** The frame decoder's own limit: a few times the enforced one. */
	static int decoderLimit(ChannelsProperties properties) {
		long limit = properties.maxFrameSize().toBytes() * DECODER_FACTOR;
		return (int) Math.min(limit, Integer.MAX_VALUE);
	}

}
