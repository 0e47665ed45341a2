package dev.taxi.channels;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static dev.taxi.channels.Recorder.message;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ChannelLayer} promises, run against each implementation by a subclass. Each
 * test uses groups of its own, so runs sharing one Redis do not hear each other.
 */
public abstract class ChannelLayerContractTests {

	public static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final String prefix = "test-" + UUID.randomUUID() + "-";

	/** The layer under test; a fresh one for each test. */
	protected abstract ChannelLayer layer();

	public String group(String name) {
		return this.prefix + name;
	}

	public static void complete(Mono<Void> action) {
		StepVerifier.create(action).expectComplete().verify(TIMEOUT);
	}

	/** Attaches a fresh channel with a recorder; returns the channel's name. */
	public String attach(Recorder recorder) {
		String channel = layer().newChannel();
		layer().attach(channel, recorder);
		return channel;
	}

	public String join(String group, Recorder recorder) {
		String channel = attach(recorder);
		complete(layer().groupAdd(group, channel));
		return channel;
	}

	/** Checks that groups whose every member left leave no trace; the layers that keep some say how. */
	protected void assertNothingLeftOf(List<String> groups) {
	}

	@Test
	void newChannelsAreUnique() {
		Set<String> names = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			names.add(layer().newChannel());
		}
		assertThat(names).hasSize(1000);
	}

	@Test
	void memberReceivesWhatItsGroupIsSent() {
		Recorder member = new Recorder();
		join(group("g"), member);
		complete(layer().groupSend(group("g"), message("hello")));
		member.awaitTexts("hello");
	}

	@Test
	void groupSendReachesEveryMemberOnceAndNobodyElse() {
		List<Recorder> members = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			Recorder member = new Recorder();
			join(group("many"), member);
			members.add(member);
		}
		Recorder outsider = new Recorder();
		join(group("other"), outsider);
		complete(layer().groupSend(group("many"), message("all")));
		complete(layer().groupSend(group("many"), message("marker")));
		members.forEach((member) -> member.awaitTexts("all", "marker"));
		complete(layer().groupSend(group("other"), message("other-marker")));
		outsider.awaitTexts("other-marker");
	}

	@Test
	void groupSendToAGroupWithoutMembersIsHarmless() {
		complete(layer().groupSend(group("nobody"), message("lost")));
	}

	@Test
	void discardedMemberReceivesNothingMore() {
		Recorder leaving = new Recorder();
		Recorder staying = new Recorder();
		String channel = join(group("g"), leaving);
		join(group("g"), staying);
		complete(layer().groupSend(group("g"), message("before")));
		complete(layer().groupDiscard(group("g"), channel));
		complete(layer().groupSend(group("g"), message("after")));
		staying.awaitTexts("before", "after");
		assertThat(leaving.texts()).containsExactly("before");
	}

	@Test
	void discardingANonMemberIsHarmless() {
		Recorder member = new Recorder();
		String channel = attach(member);
		complete(layer().groupDiscard(group("never-joined"), channel));
		complete(layer().groupDiscard(group("never-joined"), channel));
	}

	@Test
	void addingAChannelNotAttachedHereFails() {
		StepVerifier.create(layer().groupAdd(group("g"), layer().newChannel()))
			.expectError(IllegalArgumentException.class)
			.verify(TIMEOUT);
	}

	@Test
	void sendReachesOnlyItsChannel() {
		Recorder addressee = new Recorder();
		Recorder other = new Recorder();
		String channel = join(group("g"), addressee);
		String otherChannel = join(group("g"), other);
		complete(layer().send(channel, message("for-you")));
		complete(layer().send(otherChannel, message("marker")));
		addressee.awaitTexts("for-you");
		other.awaitTexts("marker");
	}

	@Test
	void sendToAChannelNobodyHoldsIsHarmless() {
		complete(layer().send(layer().newChannel(), message("nobody")));
		complete(layer().send("not-a-channel-name", message("nobody")));
	}

	@Test
	void messagesFromOneSenderArriveInTheOrderSent() {
		Recorder member = new Recorder();
		Recorder addressee = new Recorder();
		join(group("ordered"), member);
		String channel = attach(addressee);
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			expected.add("m" + i);
		}
		complete(Flux.fromIterable(expected)
			.concatMap((text) -> layer().groupSend(group("ordered"), message(text)).then(layer().send(channel, message(text))))
			.then());
		member.awaitTexts(expected.toArray(String[]::new));
		addressee.awaitTexts(expected.toArray(String[]::new));
	}

	@Test
	void memberAddedTwiceReceivesEachMessageOnce() {
		Recorder member = new Recorder();
		String channel = join(group("twice"), member);
		complete(layer().groupAdd(group("twice"), channel));
		complete(layer().groupSend(group("twice"), message("once")));
		complete(layer().send(channel, message("marker")));
		member.awaitTexts("once", "marker");
	}

	@Test
	void memberAttachedAndInAGroupReceivesEachMessageOnce() {
		Recorder member = new Recorder();
		String channel = join(group("both"), member);
		complete(layer().send(channel, message("direct")));
		complete(layer().groupSend(group("both"), message("group")));
		complete(layer().send(channel, message("marker")));
		member.awaitTexts("direct", "group", "marker");
	}

	@Test
	void membersDiscardedDuringADeliveryGetItAtMostOnceAndNothingAfter() {
		String group = group("discard-during");
		List<String> discarded = new CopyOnWriteArrayList<>();
		Recorder second = new Recorder();
		Recorder third = new Recorder();
		String secondChannel = join(group, second);
		String[] firstChannel = new String[1];
		Recorder first = new Recorder((received) -> {
			if (Recorder.text(received).equals("m1")) {
				// A consumer leaving while the layer is still delivering to the group, and taking another along.
				Mono.when(layer().groupDiscard(group, firstChannel[0]), layer().groupDiscard(group, secondChannel))
					.doOnSuccess((done) -> discarded.add("done"))
					.subscribe();
			}
		});
		firstChannel[0] = join(group, first);
		join(group, third);
		complete(layer().groupSend(group, message("m1")));
		complete(layer().groupSend(group, message("m2")));
		third.awaitTexts("m1", "m2");
		Recorder.awaiting().untilAsserted(() -> assertThat(discarded).containsExactly("done"));
		assertThat(first.texts()).containsExactly("m1");
		assertThat(second.texts()).isSubsetOf("m1").hasSizeLessThanOrEqualTo(1);
	}

	@Test
	void detachedChannelLeavesEveryGroup() {
		Recorder leaving = new Recorder();
		Recorder staying = new Recorder();
		String channel = layer().newChannel();
		Disposable registration = layer().attach(channel, leaving);
		complete(layer().groupAdd(group("a"), channel));
		complete(layer().groupAdd(group("b"), channel));
		join(group("a"), staying);
		registration.dispose();
		complete(layer().groupSend(group("a"), message("a")));
		complete(layer().groupSend(group("b"), message("b")));
		complete(layer().send(channel, message("direct")));
		staying.awaitTexts("a");
		assertThat(leaving.texts()).isEmpty();
	}

	@Test
	void groupMembersShareTheSameFrames() {
		Recorder first = new Recorder();
		Recorder second = new Recorder();
		join(group("shared"), first);
		join(group("shared"), second);
		complete(layer().groupSend(group("shared"), message("same")));
		first.awaitTexts("same");
		second.awaitTexts("same");
		assertThat(first.messages().get(0).frame(Recorder.PROTOCOL)).isSameAs(second.messages().get(0).frame(Recorder.PROTOCOL));
	}

	@Test
	void localGroupsAreTheGroupsWithAMemberHere() {
		String kept = group("kept");
		String left = group("left");
		join(kept, new Recorder());
		String leaving = join(left, new Recorder());
		assertThat(layer().localGroups()).contains(kept, left);
		complete(layer().groupDiscard(left, leaving));
		assertThat(layer().localGroups()).contains(kept).doesNotContain(left);
	}

	@Test
	void groupSendLocalReachesTheMembersHere() {
		Recorder member = new Recorder();
		join(group("local"), member);
		complete(layer().groupSendLocal(group("local"), message("just here")));
		member.awaitTexts("just here");
	}

	@Test
	void aThousandGroupsEachReachOnlyTheirOwnMember() {
		int count = 1000;
		List<Recorder> members = new ArrayList<>();
		List<String> channels = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Recorder member = new Recorder();
			members.add(member);
			channels.add(attach(member));
		}
		complete(Flux.range(0, count).flatMap((i) -> layer().groupAdd(group("k" + i), channels.get(i)), 64).then());
		complete(Flux.range(0, count).flatMap((i) -> layer().groupSend(group("k" + i), message("to-" + i)), 64).then());
		Recorder.awaiting().untilAsserted(() -> {
			for (int i = 0; i < count; i++) {
				assertThat(members.get(i).texts()).containsExactly("to-" + i);
			}
		});
		complete(Flux.range(0, count).flatMap((i) -> layer().groupDiscard(group("k" + i), channels.get(i)), 64).then());
		assertNothingLeftOf(IntStream.range(0, count).mapToObj((i) -> group("k" + i)).toList());
		complete(Flux.range(0, count).flatMap((i) -> layer().groupSend(group("k" + i), message("late-" + i)), 64).then());
		complete(Flux.range(0, count).flatMap((i) -> layer().send(channels.get(i), message("marker")), 64).then());
		Recorder.awaiting().untilAsserted(() -> {
			for (int i = 0; i < count; i++) {
				assertThat(members.get(i).texts()).containsExactly("to-" + i, "marker");
			}
		});
	}

}
