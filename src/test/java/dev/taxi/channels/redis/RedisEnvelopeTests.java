package dev.taxi.channels.redis;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import dev.taxi.channels.ChannelMessage;
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
	void carriesTheAudienceOfAMessage() {
		ChannelMessage restricted = MESSAGE.onlyFor(java.util.List.of("rider-1", "driver-é"));
		RedisEnvelope decoded = RedisEnvelope
			.decode(new RedisEnvelope("a", RedisEnvelope.Kind.GROUP, "g", restricted).encode());
		assertThat(decoded.message().audience()).containsExactlyInAnyOrder("rider-1", "driver-é");
		assertThat(decoded.message().isFor("rider-1")).isTrue();
		assertThat(decoded.message().isFor("someone-else")).isFalse();
		assertThat(decoded.message().framesAsText()).isEqualTo(MESSAGE.framesAsText());

		RedisEnvelope unrestricted = RedisEnvelope.decode(new RedisEnvelope("a", RedisEnvelope.Kind.GROUP, "g", MESSAGE).encode());
		assertThat(unrestricted.message().audience()).isNull();
		assertThat(unrestricted.message().isFor("anyone")).isTrue();

		RedisEnvelope nobody = RedisEnvelope.decode(new RedisEnvelope("a", RedisEnvelope.Kind.GROUP, "g",
				MESSAGE.onlyFor(java.util.List.of())).encode());
		assertThat(nobody.message().isFor("anyone")).isFalse();
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
		otherVersion[0] = 9;
		assertThatIllegalArgumentException().isThrownBy(() -> RedisEnvelope.decode(otherVersion));
	}

}
