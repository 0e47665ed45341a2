package dev.taxi.channels.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Names on Redis, under a prefix; consumer channel names without one. */
class RedisChannelNamesTests {

	private final RedisChannelNames names = new RedisChannelNames("staging");

	@Test
	void namesGroupAndInstanceChannelsUnderThePrefix() {
		assertThat(this.names.group("drivers")).isEqualTo("staging:g:drivers");
		assertThat(this.names.instance("0a1b")).isEqualTo("staging:i:0a1b");
	}

	@Test
	void readsTheGroupOnlyFromItsOwnGroupChannels() {
		assertThat(this.names.groupOf("staging:g:drivers")).isEqualTo("drivers");
		assertThat(this.names.groupOf("staging:i:0a1b")).isNull();
		assertThat(this.names.groupOf("taxi:g:drivers")).isNull();
	}

	@Test
	void readsTheInstanceFromAChannelNameWhateverThePrefix() {
		assertThat(RedisChannelNames.instanceOf("0a1b" + RedisChannelNames.INSTANCE_SEPARATOR + "x")).isEqualTo("0a1b");
		assertThat(RedisChannelNames.instanceOf("no-instance")).isNull();
	}

	@Test
	void refusesABlankPrefix() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisChannelNames(" "))
			.withMessageContaining("taxi.channels.redis-prefix");
	}

}
