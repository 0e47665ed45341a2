package dev.taxi.channels.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.ChannelLayerContractTests;
import dev.taxi.channels.Gap;
import dev.taxi.channels.LocalChannels;
import dev.taxi.channels.Recorder;
import dev.taxi.test.RequiredServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static dev.taxi.channels.Recorder.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The channel layer contract on Redis (the real one on localhost:6379), then what only many
 * instances can show: two layers in this JVM, each with its own connections, play two instances.
 */
@ExtendWith(RequiredServices.class)
class RedisChannelLayerTests extends ChannelLayerContractTests {

	private RedisInstances redis;

	private RedisInstances.Instance one;

	private RedisInstances.Instance two;

	@BeforeEach
	void startInstances() {
		this.redis = new RedisInstances("redis://localhost:6379");
		this.one = this.redis.start();
		this.two = this.redis.start();
	}

	@AfterEach
	void stopInstances() {
		this.redis.close();
	}

	@Override
	protected ChannelLayer layer() {
		return this.one.layer();
	}

	@Override
	protected void assertNothingLeftOf(List<String> groups) {
		assertThat(this.redis.subscribers(groups.stream().map(this.redis.names()::group).toList())).isZero();
		assertThat(groups).noneMatch(this.one.layer()::isSubscribed);
		assertThat(this.one.meter("taxi.channels.groups")).isZero();
	}

	static String join(RedisInstances.Instance instance, String group, Recorder recorder) {
		String channel = instance.layer().newChannel();
		instance.layer().attach(channel, recorder);
		complete(instance.layer().groupAdd(group, channel));
		return channel;
	}

	@Test
	void groupSendReachesMembersOnEveryInstanceExactlyOnce() {
		String group = group("trip");
		Recorder onOne = new Recorder();
		Recorder firstOnTwo = new Recorder();
		Recorder secondOnTwo = new Recorder();
		join(this.one, group, onOne);
		join(this.two, group, firstOnTwo);
		join(this.two, group, secondOnTwo);

		complete(this.one.layer().groupSend(group, message("from-one")));
		complete(this.two.layer().groupSend(group, message("from-two")));
		// Each instance's members hear the other instance after their own echo would have come back: none did.
		complete(this.one.layer().groupSend(group, message("marker-one")));
		complete(this.two.layer().groupSend(group, message("marker-two")));
		onOne.awaitAny("marker-two"::equals);
		firstOnTwo.awaitAny("marker-one"::equals);
		secondOnTwo.awaitAny("marker-one"::equals);
		assertThat(onOne.texts()).containsExactlyInAnyOrder("from-one", "from-two", "marker-one", "marker-two");
		assertThat(onOne.texts()).containsSubsequence("from-one", "marker-one").containsSubsequence("from-two", "marker-two");
		for (Recorder member : List.of(firstOnTwo, secondOnTwo)) {
			assertThat(member.texts()).containsExactlyInAnyOrder("from-one", "from-two", "marker-one", "marker-two");
			assertThat(member.texts()).containsSubsequence("from-one", "marker-one");
		}
	}

	@Test
	void aReceivingInstanceDecodesOnceForAllItsMembers() {
		String group = group("shared");
		Recorder first = new Recorder();
		Recorder second = new Recorder();
		join(this.two, group, first);
		join(this.two, group, second);
		complete(this.one.layer().groupSend(group, message("decoded-once")));
		first.awaitTexts("decoded-once");
		second.awaitTexts("decoded-once");
		assertThat(first.messages().get(0)).isSameAs(second.messages().get(0));
	}

	@Test
	void sendReachesAChannelOnAnotherInstance() {
		Recorder addressee = new Recorder();
		Recorder bystander = new Recorder();
		String channel = join(this.two, group("g"), addressee);
		join(this.two, group("g"), bystander);
		complete(this.one.layer().send(channel, message("for-you")));
		addressee.awaitTexts("for-you");
		assertThat(bystander.texts()).isEmpty();
		assertThat(this.two.meter("taxi.channels.received", "kind", "channel")).isEqualTo(1);
		// Counted once Redis answered its batch, which may be after the other instance heard it.
		await().untilAsserted(() -> assertThat(this.one.meter("taxi.channels.published", "kind", "channel")).isEqualTo(1));
	}

	@Test
	void messagesFromAnotherInstanceArriveInTheOrderSent() {
		String group = group("ordered");
		Recorder member = new Recorder();
		String channel = join(this.two, group, member);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			expected.add("m" + i);
		}
		complete(Flux.fromIterable(expected)
			.concatMap((text) -> this.one.layer().groupSend(group, message(text))
				.then(this.one.layer().send(channel, message(text + "-direct"))))
			.then());
		List<String> all = new ArrayList<>();
		expected.forEach((text) -> {
			all.add(text);
			all.add(text + "-direct");
		});
		member.awaitTexts(all.toArray(String[]::new));
	}

	@Test
	void groupAddCompletesOnlyOnceRedisConfirmedTheSubscription() {
		int count = 100;
		Recorder member = new Recorder();
		String channel = this.two.layer().newChannel();
		this.two.layer().attach(channel, member);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String group = group("fresh-" + i);
			complete(this.two.layer().groupAdd(group, channel)
				// Published by the other instance the moment groupAdd returns: it must not be lost.
				.then(this.one.layer().groupSend(group, message("first-" + i))));
			expected.add("first-" + i);
		}
		member.awaitTexts(expected.toArray(String[]::new));
	}

	@Test
	void anInstanceIsSubscribedToAGroupOnlyWhileItHasLocalMembers() {
		String group = group("members");
		String redisChannel = this.redis.names().group(group);
		String first = join(this.two, group, new Recorder());
		assertThat(this.redis.subscribers(redisChannel)).isEqualTo(1);
		String second = join(this.two, group, new Recorder());
		join(this.one, group, new Recorder());
		assertThat(this.redis.subscribers(redisChannel)).isEqualTo(2);
		complete(this.two.layer().groupDiscard(group, first));
		assertThat(this.redis.subscribers(redisChannel)).isEqualTo(2);
		complete(this.two.layer().groupDiscard(group, second));
		assertThat(this.redis.subscribers(redisChannel)).isEqualTo(1);
		assertThat(this.two.layer().isSubscribed(group)).isFalse();
		assertThat(this.one.layer().isSubscribed(group)).isTrue();
		// Besides its groups', each instance is subscribed to its own channel and to the broadcast channel.
		assertThat(this.two.meter("taxi.channels.redis.subscriptions")).isEqualTo(2);
		assertThat(this.one.meter("taxi.channels.redis.subscriptions")).isEqualTo(3);
		assertThat(this.one.meter("taxi.channels.groups")).isEqualTo(1);
	}

	@Test
	void aDetachedLastMemberTakesItsGroupsSubscriptionAlong() {
		String group = group("detached");
		String channel = this.two.layer().newChannel();
		var registration = this.two.layer().attach(channel, new Recorder());
		complete(this.two.layer().groupAdd(group, channel));
		assertThat(this.redis.subscribers(this.redis.names().group(group))).isEqualTo(1);
		registration.dispose();
		await().atMost(Recorder.TIMEOUT).until(() -> this.redis.subscribers(this.redis.names().group(group)) == 0);
	}

	@Test
	void racingJoinsAndLeavesEndSubscribedExactlyWhenMembersRemain() {
		String group = group("race");
		List<String> channels = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String channel = this.two.layer().newChannel();
			this.two.layer().attach(channel, new Recorder());
			channels.add(channel);
		}
		for (int round = 0; round < 20; round++) {
			boolean keepOne = round % 2 == 0;
			complete(Flux.fromIterable(channels)
				.flatMap((channel) -> Mono.defer(() -> this.two.layer().groupAdd(group, channel))
					.then(Mono.defer(() -> this.two.layer().groupDiscard(group, channel)))
					.subscribeOn(Schedulers.parallel()))
				.then(keepOne ? this.two.layer().groupAdd(group, channels.get(0)) : Mono.empty()));
			assertThat(this.two.layer().isSubscribed(group)).as("round %d", round).isEqualTo(keepOne);
			assertThat(this.redis.subscribers(this.redis.names().group(group))).as("round %d", round)
				.isEqualTo(keepOne ? 1 : 0);
			if (keepOne) {
				Recorder probe = new Recorder();
				// The member kept is subscribed on Redis: the other instance reaches it.
				String probeChannel = join(this.two, group, probe);
				complete(this.one.layer().groupSend(group, message("probe-" + round)));
				probe.awaitTexts("probe-" + round);
				complete(this.two.layer().groupDiscard(group, probeChannel));
				complete(this.two.layer().groupDiscard(group, channels.get(0)));
			}
		}
	}

	@Test
	void aStoppedInstanceLeavesNothingInRedisAndNothingPublishesToIt() {
		String group = group("stopping");
		Recorder member = new Recorder();
		String channel = join(this.two, group, member);
		String instanceChannel = this.redis.names().instance(this.two.layer().instanceId());
		assertThat(this.redis.subscribers(this.redis.names().group(group))).isEqualTo(1);
		assertThat(this.redis.subscribers(instanceChannel)).isEqualTo(1);

		this.two.stop();

		await().atMost(Recorder.TIMEOUT).untilAsserted(() -> {
			assertThat(this.redis.subscribers(this.redis.names().group(group))).isZero();
			assertThat(this.redis.subscribers(instanceChannel)).isZero();
		});
		complete(this.one.layer().groupSend(group, message("to-nobody")));
		complete(this.one.layer().send(channel, message("to-nobody")));
		assertThat(member.texts()).isEmpty();
	}

	@Test
	void groupSendLocalReachesNoOtherInstance() {
		String group = group("local-only");
		Recorder onOne = new Recorder();
		Recorder onTwo = new Recorder();
		join(this.one, group, onOne);
		join(this.two, group, onTwo);
		complete(this.one.layer().groupSendLocal(group, message("here")));
		complete(this.one.layer().groupSend(group, message("everywhere")));
		onOne.awaitTexts("here", "everywhere");
		onTwo.awaitTexts("everywhere");
	}

	@Test
	void anInstanceThatCouldNotPublishTellsTheOthersWhoseMembersThenHaveAGap() {
		List<Gap> onOne = new CopyOnWriteArrayList<>();
		List<Gap> onTwo = new CopyOnWriteArrayList<>();
		Disposable watching = Disposables.composite(this.one.layer().gaps().subscribe(onOne::add),
				this.two.layer().gaps().subscribe(onTwo::add));
		try {
			// What instance one's layer does when a publication fails, on its own link.
			RedisGaps one = new RedisGaps(this.one.link(),
					new RedisSubscriptions(this.one.link(), this.redis.names(), new LocalChannels()), Clock.systemUTC(), this.one.meters());
			Instant failed = Instant.now();
			one.publishFailed();

			await().atMost(Recorder.TIMEOUT).until(() -> !onTwo.isEmpty());
			assertThat(onTwo).hasSize(1);
			assertThat(onTwo.get(0).since()).isBetween(failed.minus(RedisGaps.LOOKBACK).minusMillis(100),
					failed.minus(RedisGaps.LOOKBACK).plusMillis(100));
			assertThat(this.two.meter("taxi.channels.received", "kind", "unsent")).isEqualTo(1);
			// Its own word is an echo to the announcer, like any other.
			assertThat(onOne).isEmpty();
		}
		finally {
			watching.dispose();
		}
	}

	@Test
	void countsWhatItPublishesAndReceives() {
		String group = group("counted");
		Recorder member = new Recorder();
		join(this.two, group, member);
		join(this.one, group, new Recorder());
		complete(this.one.layer().groupSend(group, message("one")));
		complete(this.one.layer().groupSend(group, message("two")));
		member.awaitTexts("one", "two");
		// Counted once Redis answered their batch, which may be after the other instance heard them.
		await().untilAsserted(() -> assertThat(this.one.meter("taxi.channels.published", "kind", "group")).isEqualTo(2));
		assertThat(this.two.meter("taxi.channels.received", "kind", "group")).isEqualTo(2);
		// Its own echoes are dropped before they are counted or decoded.
		assertThat(this.one.meter("taxi.channels.received", "kind", "group")).isZero();
		assertThat(this.one.meters().find("taxi.channels.publish.latency").timer().count()).isEqualTo(2);
		assertThat(this.one.meter("taxi.channels.redis.reachable")).isEqualTo(1);
		assertThat(this.one.meter("taxi.channels.redis.reconnects")).isZero();
		assertThat(this.one.meter("taxi.channels.publish.failures")).isZero();
	}

}
