package dev.taxi.channels;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The envelope between instances: what goes in comes out, and what is not an envelope is refused. */
class RedisEnvelopeTests {

	private static final ChannelMessage MESSAGE = ChannelMessage
		.of(Map.of("v1", "{\"type\":\"echo.message\",\"data\":{\"é\":\"ünïcode\"}}", "v2", "{\"type\":\"trip.updated\"}"));

	@Test
	void decodesWhatWasEncoded() {
		byte[] bytes = new RedisEnvelope("0123abcd", RedisEnvelope.Kind.GROUP, "trip-42", MESSAGE).encode();
		RedisEnvelope decoded = RedisEnvelope.decode(bytes);
		assertThat(decoded.origin()).isEqualTo("0123abcd");
		assertThat(decoded.kind()).isEqualTo(RedisEnvelope.Kind.GROUP);
		assertThat(decoded.target()).isEqualTo("trip-42");
		assertThat(decoded.message().framesAsText()).isEqualTo(MESSAGE.framesAsText());
	}

	@Test
	void carriesAMessageForOneChannelAndAMessageWithNoFrame() {
		ChannelMessage empty = ChannelMessage.of(Map.of());
		byte[] bytes = new RedisEnvelope("i", RedisEnvelope.Kind.CHANNEL, "i!channel", empty).encode();
		RedisEnvelope decoded = RedisEnvelope.decode(bytes);
		assertThat(decoded.kind()).isEqualTo(RedisEnvelope.Kind.CHANNEL);
		assertThat(decoded.target()).isEqualTo("i!channel");
		assertThat(decoded.message().framesAsText()).isEmpty();
	}

	@Test
	void tellsItsSenderWithoutDecodingTheFrames() {
		byte[] bytes = new RedisEnvelope("instance-a", RedisEnvelope.Kind.GROUP, "g", MESSAGE).encode();
		assertThat(RedisEnvelope.isFrom("instance-a".getBytes(StandardCharsets.UTF_8), bytes)).isTrue();
		assertThat(RedisEnvelope.isFrom("instance-b".getBytes(StandardCharsets.UTF_8), bytes)).isFalse();
		assertThat(RedisEnvelope.isFrom("instance".getBytes(StandardCharsets.UTF_8), bytes)).isFalse();
		assertThat(RedisEnvelope.isFrom("instance-a".getBytes(StandardCharsets.UTF_8), new byte[3])).isFalse();
	}

	@Test
	void refusesWhatIsNotAnEnvelope() {
		byte[] bytes = new RedisEnvelope("a", RedisEnvelope.Kind.GROUP, "g", MESSAGE).encode();
		assertThatIllegalArgumentException().isThrownBy(() -> RedisEnvelope.decode(Arrays.copyOf(bytes, bytes.length - 1)));
		assertThatIllegalArgumentException().isThrownBy(() -> RedisEnvelope.decode(Arrays.copyOf(bytes, bytes.length + 1)));
		assertThatIllegalArgumentException().isThrownBy(() -> RedisEnvelope.decode(new byte[0]));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisEnvelope.decode("{\"json\":true}".getBytes(StandardCharsets.UTF_8)));
		byte[] otherVersion = bytes.clone();
		otherVersion[0] = 2;
		assertThatIllegalArgumentException().isThrownBy(() -> RedisEnvelope.decode(otherVersion));
	}

}
