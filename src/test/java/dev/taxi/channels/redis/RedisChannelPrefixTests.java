package dev.taxi.channels.redis;

import dev.taxi.TaxiApplication;
import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.Recorder;
import dev.taxi.test.RequiredServices;
import dev.taxi.test.TestRedisPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static dev.taxi.channels.ChannelLayerContractTests.complete;
import static dev.taxi.channels.Recorder.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis prefix ({@code taxi.channels.redis-prefix}) on the real Redis at localhost:6379: it
 * keeps deployments sharing one Redis apart, and left unset it names channels as they were always
 * named, so deployments that do not set it keep working together.
 */
@ExtendWith(RequiredServices.class)
class RedisChannelPrefixTests {

	private RedisInstances redis;

	@BeforeEach
	void connect() {
		this.redis = new RedisInstances("redis://localhost:6379");
	}

	@AfterEach
	void close() {
		this.redis.close();
	}

	private static String join(ChannelLayer layer, String group, Recorder recorder) {
		String channel = layer.newChannel();
		layer.attach(channel, recorder);
		complete(layer.groupAdd(group, channel));
		return channel;
	}

	@Test
	void deploymentsWithDifferentPrefixesDoNotHearEachOthersGroups() {
		RedisChannelNames ourNames = this.redis.names();
		RedisChannelNames theirNames = new RedisChannelNames(TestRedisPrefix.unique());
		RedisChannelLayer ours = this.redis.start().layer();
		RedisChannelLayer oursToo = this.redis.start().layer();
		RedisChannelLayer theirs = this.redis.start(theirNames).layer();
		RedisChannelLayer theirsToo = this.redis.start(theirNames).layer();
		// One group name in both deployments, as every instance has its "drivers" group.
		String group = "drivers-" + System.nanoTime();
		Recorder onOurs = new Recorder();
		Recorder onTheirs = new Recorder();
		String ourChannel = join(ours, group, onOurs);
		join(theirs, group, onTheirs);
		assertThat(this.redis.subscribers(ourNames.group(group))).isEqualTo(1);
		assertThat(this.redis.subscribers(theirNames.group(group))).isEqualTo(1);

		complete(theirsToo.groupSend(group, message("theirs")));
		complete(theirsToo.send(ourChannel, message("theirs-direct")));
		complete(oursToo.groupSend(group, message("ours")));
		// Published last on the one Redis: whatever crossed over would have arrived before these.
		complete(oursToo.groupSend(group, message("ours-marker")));
		complete(theirsToo.groupSend(group, message("theirs-marker")));

		onOurs.awaitTexts("ours", "ours-marker");
		onTheirs.awaitTexts("theirs", "theirs-marker");
	}

	@Test
	void withTheDefaultConfigurationChannelsAreNamedUnderTaxi() {
		// The application with nothing set but the redis profile, as a deployment that never heard of the prefix.
		try (ConfigurableApplicationContext application = new SpringApplicationBuilder(TaxiApplication.class)
			.profiles("redis")
			.run("--server.port=0", "--management.server.port=0", "--taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789")) {
			RedisChannelLayer app = (RedisChannelLayer) application.getBean(ChannelLayer.class);
			// The link subscribes in the background at start-up: wait until Redis confirmed it.
			org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(app::isRedisReachable);
			// A group of this test's own: the prefix is everybody's, the group is not.
			String group = "default-prefix-" + System.nanoTime();
			Recorder member = new Recorder();
			join(app, group, member);
			assertThat(this.redis.subscribers("taxi:g:" + group)).isEqualTo(1);
			assertThat(this.redis.subscribers("taxi:i:" + app.instanceId())).isEqualTo(1);

			// Another deployment on the default names reaches it.
			RedisChannelLayer another = this.redis.start(new RedisChannelNames("taxi")).layer();
			complete(another.groupSend(group, message("from-another-deployment")));
			member.awaitTexts("from-another-deployment");
		}
	}

}
