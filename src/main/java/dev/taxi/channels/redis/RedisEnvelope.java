package dev.taxi.channels.redis;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.taxi.channels.ChannelMessage;

/**
 * A message on its way between instances: who sent it, where it goes, and its frames for every
 * protocol version. It is encoded once per send on the sending instance and decoded once per
 * receiving instance, which hands the one decoded {@link ChannelMessage} (and so the same frame
 * bytes) to every local recipient.
 *
 * <p>The frames are JSON already; wrapping them in more JSON would escape every one of them and
 * parse them again on the way in. The envelope is a small binary layout instead, big-endian,
 * led by a version byte so that it can change in a rolling upgrade:
 * <pre>
 * byte   1                       format version
 * byte   'g' | 'c' | 'u'         a group message, a message to one channel, or word that the sender
 *                                could not publish since an instant (target: epoch milliseconds, no frames)
 * short  n, n bytes UTF-8        the sending instance's id
 * short  n, n bytes UTF-8        the target: the group's or the channel's name
 * short  count                   the audience's principals (0xffff: every member), then for each:
 *   short  n, n bytes UTF-8      a principal's name
 * byte   count                   frames, then for each frame:
 *   short  n, n bytes UTF-8      the protocol name
 *   int    n, n bytes            the frame, UTF-8 text as the protocol rendered it
 * </pre>
 * Version 1, which instances of the previous release still publish, has no audience.
 * @param origin the id of the instance that sent it, to drop the echo of its own publications
 * @param kind whether {@code target} is a group or a channel, or an instant
 * @param target the group or channel name, or for {@link Kind#UNSENT} the instant in epoch milliseconds
 * @param message the frames
 */
record RedisEnvelope(String origin, Kind kind, String target, ChannelMessage message) {

	private static final byte VERSION = 2;

	private static final byte VERSION_WITHOUT_AUDIENCE = 1;

	private static final int EVERY_MEMBER = 0xffff;

	enum Kind {

		GROUP((byte) 'g'), CHANNEL((byte) 'c'),
		/** On the broadcast channel: what the sender published from an instant on may not have gone out. */
		UNSENT((byte) 'u');

		private final byte code;

		Kind(byte code) {
			this.code = code;
		}

		static Kind of(byte code) {
			for (Kind kind : values()) {
				if (kind.code == code) {
					return kind;
				}
			}
			throw new IllegalArgumentException("Unknown envelope kind " + code);
		}

	}

	byte[] encode() {
		byte[] origin = shortString(this.origin);
		byte[] target = shortString(this.target);
		Map<String, byte[]> frames = this.message.frames();
		if (frames.size() > 255) {
			throw new IllegalArgumentException("Too many protocols: " + frames.size());
		}
		Set<String> audience = this.message.audience();
		List<byte[]> principals = new ArrayList<>();
		if (audience != null) {
			if (audience.size() >= EVERY_MEMBER) {
				throw new IllegalArgumentException("Audience too large: " + audience.size());
			}
			audience.forEach((principal) -> principals.add(shortString(principal)));
		}
		int size = 2 + 2 + origin.length + 2 + target.length + 2 + 1;
		for (byte[] principal : principals) {
			size += 2 + principal.length;
		}
		Map<byte[], byte[]> encoded = new HashMap<>();
		for (Map.Entry<String, byte[]> frame : frames.entrySet()) {
			byte[] protocol = shortString(frame.getKey());
			encoded.put(protocol, frame.getValue());
			size += 2 + protocol.length + 4 + frame.getValue().length;
		}
		ByteBuffer buffer = ByteBuffer.allocate(size);
		buffer.put(VERSION).put(this.kind.code);
		buffer.putShort((short) origin.length).put(origin);
		buffer.putShort((short) target.length).put(target);
		buffer.putShort((short) ((audience != null) ? principals.size() : EVERY_MEMBER));
		principals.forEach((principal) -> buffer.putShort((short) principal.length).put(principal));
		buffer.put((byte) encoded.size());
		encoded.forEach((protocol, frame) -> buffer.putShort((short) protocol.length)
			.put(protocol)
			.putInt(frame.length)
			.put(frame));
		return buffer.array();
	}

	/** Reads an envelope; a malformed one throws {@link IllegalArgumentException}. */
	static RedisEnvelope decode(byte[] bytes) {
		try {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			byte version = buffer.get();
			if (version != VERSION && version != VERSION_WITHOUT_AUDIENCE) {
				throw new IllegalArgumentException("Unknown envelope version " + version);
			}
			Kind kind = Kind.of(buffer.get());
			String origin = readString(buffer);
			String target = readString(buffer);
			Set<String> audience = null;
			if (version == VERSION) {
				int principals = Short.toUnsignedInt(buffer.getShort());
				if (principals != EVERY_MEMBER) {
					audience = new HashSet<>();
					for (int i = 0; i < principals; i++) {
						audience.add(readString(buffer));
					}
				}
			}
			int count = Byte.toUnsignedInt(buffer.get());
			Map<String, byte[]> frames = new HashMap<>();
			for (int i = 0; i < count; i++) {
				String protocol = readString(buffer);
				frames.put(protocol, read(buffer, buffer.getInt()));
			}
			if (buffer.hasRemaining()) {
				throw new IllegalArgumentException("Trailing bytes after the envelope");
			}
			return new RedisEnvelope(origin, kind, target, ChannelMessage.ofFrames(frames, audience));
		}
		catch (BufferUnderflowException | NegativeArraySizeException ex) {
			throw new IllegalArgumentException("Truncated envelope", ex);
		}
	}

	/** Whether an encoded envelope comes from an instance, read without decoding the frames. */
	static boolean isFrom(byte[] instanceId, byte[] bytes) {
		int length = instanceId.length;
		return bytes.length >= 4 + length && Short.toUnsignedInt((short) ((bytes[2] << 8) | (bytes[3] & 0xff))) == length
				&& Arrays.equals(bytes, 4, 4 + length, instanceId, 0, length);
	}

	static byte[] shortString(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > 0xffff) {
			throw new IllegalArgumentException("Name longer than 65535 bytes: " + text.substring(0, 32) + "...");
		}
		return bytes;
	}

	private static String readString(ByteBuffer buffer) {
		return new String(read(buffer, Short.toUnsignedInt(buffer.getShort())), StandardCharsets.UTF_8);
	}

	private static byte[] read(ByteBuffer buffer, int length) {
		if (length < 0 || length > buffer.remaining()) {
			throw new BufferUnderflowException();
		}
		byte[] bytes = new byte[length];
		buffer.get(bytes);
		return bytes;
	}

}
