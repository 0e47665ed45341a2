package dev.taxi.fuzz;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.taxi.channels.ChannelsProperties;
import dev.taxi.fuzz.FailureReport.Numbered;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of seeded random and mutated frames over v1 and v2 sockets of riders and drivers,
 * and what must hold whatever they are: the server never fails a handler, keeps every socket
 * open and answering (a v2 ping, a v1 echo) after each batch, speaks only the protocol to it,
 * and stores nothing it did not announce (persist, then publish: a valid {@code create.trip}
 * may create a trip, and the trip's people hear of it). Frames over the size limit close their
 * own socket, with 1009, and no other.
 */
@FuzzServerTest
class WebSocketFuzzTests {

	/** Frames sent on a socket before its marker: pipelined, well within its outbound queue. */
	private static final int BATCH = 40;

	private static final String HANDLER_FAILURES = "taxi.ws.handler.failures";

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	@Autowired
	ChannelsProperties channels;

	@Autowired
	MeterRegistry meters;

	/** Who sends on a fuzzing socket, and in which protocol version. */
	private record Seat(String name, TestUser user, boolean v2) {
	}

	@Test
	void randomAndMutatedFramesNeverHurtTheServerNorChangeWhatTheyShouldNot() {
		FuzzSettings settings = FuzzSettings.fromSystemProperties();
		System.out.println("WebSocket fuzzing: " + settings.frames() + " frames, seed " + settings.seed()
				+ " (replay with " + settings.replay() + ")");
		TaxiApi api = new TaxiApi(this.port);
		FuzzFixtures fixtures = FuzzFixtures.create(api);
		FrameGenerator generator = new FrameGenerator(targets(fixtures));
		List<Seat> seats = List.of(new Seat("rider on v1", fixtures.rider(), false),
				new Seat("rider on v2", fixtures.rider(), true), new Seat("driver on v1", fixtures.driver(), false),
				new Seat("driver on v2", fixtures.driver(), true), new Seat("other rider on v2", fixtures.otherRider(), true),
				new Seat("other driver on v1", fixtures.otherDriver(), false));
		Map<Seat, List<Numbered>> plan = plan(settings, generator, seats);
		Announcements announcements = new Announcements(
				fixtures.users().stream().map(TestUser::username).collect(Collectors.toSet()));
		StoredRows rows = new StoredRows(this.environment);
		List<Long> userIds = fixtures.users().stream().map(TestUser::id).toList();
		StoredRows.Snapshot before = rows.snapshot(userIds);

		long started = System.nanoTime();
		Map<Seat, FuzzSocket> sockets = new LinkedHashMap<>();
		List<String> problems = new ArrayList<>();
		try {
			seats.forEach((seat) -> sockets.put(seat, open(api, seat)));
			for (int round = 0; problems.isEmpty(); round++) {
				Map<Seat, List<Numbered>> batches = nextBatches(plan, round);
				if (batches.isEmpty()) {
					break;
				}
				problems.addAll(sendRound(settings, api, sockets, batches, announcements));
			}
			sockets.forEach((seat, socket) -> {
				String stuck = socket.roundTrip();
				problems.addAll(announcements.read(socket.drain(), seat.v2()));
				if (stuck != null) {
					problems.add(seat.name() + ": " + stuck);
				}
			});
		}
		finally {
			sockets.values().forEach(FuzzSocket::close);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		int sent = plan.values().stream().mapToInt(List::size).sum();
		System.out.printf("WebSocket fuzzing: %d frames (%s) in %.1f s, seed %d%n", sent, kinds(plan), seconds,
				settings.seed());

		if (problems.isEmpty()) {
			problems.addAll(unannouncedChanges(before, rows.snapshot(userIds), announcements));
		}
		try (FuzzSocket fresh = open(api, new Seat("a fresh socket", fixtures.rider(), true))) {
			assertThat(fresh.roundTrip()).as("a fresh socket after the fuzzing answers a ping").isNull();
		}
		assertThat(problems).as("broken properties (seed %d)", settings.seed()).isEmpty();
	}

	@Test
	void framesOverTheSizeLimitCloseTheirOwnSocketAndNoOther() {
		FuzzSettings settings = FuzzSettings.fromSystemProperties();
		System.out.println("Oversized frames: seed " + settings.seed() + " (replay with " + settings.replay() + ")");
		TaxiApi api = new TaxiApi(this.port);
		TestUser rider = api.rider();
		int limit = (int) this.channels.maxFrameSize().toBytes();
		List<String> problems = new ArrayList<>();
		try (FuzzSocket bystander = open(api, new Seat("bystander", rider, true))) {
			for (int i = 0; i < settings.oversized(); i++) {
				Numbered numbered = new Numbered(i, OversizedFrames.generate(settings.seedOf("oversized", i), limit));
				boolean v2 = i % 2 == 0;
				try (FuzzSocket socket = open(api, new Seat("rider " + (v2 ? "v2" : "v1"), rider, v2))) {
					socket.send(numbered.frame());
					int code = socket.awaitClose();
					List<FuzzSocket.Received> heard = socket.drain();
					int expected = failsTheAggregator(numbered.frame(), limit) ? 1002 : 1009;
					String problem = null;
					if (code != expected) {
						problem = "closed with " + code + ", not " + expected;
					}
					else if (v2 && numbered.frame().size() <= 4 * limit && heard.stream().noneMatch(
							(frame) -> frame.text() != null && frame.text().contains("\"code\":\"too_large\""))) {
						problem = "no too_large error before the close: " + heard.size() + " frames";
					}
					if (problem != null) {
						problems.add(FailureReport.of(settings, "a socket sent an oversized frame", problem,
								List.of(numbered), false));
					}
				}
			}
			assertThat(bystander.roundTrip()).as("another socket of the same user still answers").isNull();
		}
		assertThat(problems).isEmpty();
	}

	/**
	 * A message in fragments, each within the frame decoder's own limit (four times the enforced
	 * one) but together past it, fails Reactor Netty's frame aggregator, which closes with 1002
	 * (protocol error) rather than 1009.
	 */
	private static boolean failsTheAggregator(Frame frame, int limit) {
		return frame.kind() == Frame.Kind.FRAGMENTED_TEXT && frame.size() > 4 * limit
				&& frame.parts().stream().allMatch((part) -> part.length <= 4 * limit);
	}

	private FrameTargets targets(FuzzFixtures fixtures) {
		List<String> trips = new ArrayList<>(fixtures.tripIds());
		trips.add("00000000-0000-4000-8000-000000000000");
		List<Long> users = new ArrayList<>(fixtures.users().stream().map(TestUser::id).toList());
		users.addAll(List.of(0L, -1L, Long.MAX_VALUE));
		List<String> tokens = List.of(fixtures.rider().access(), fixtures.driver().access(), fixtures.rider().refresh(),
				fixtures.otherDriver().access(), fixtures.rider().access() + "x", "");
		return new FrameTargets(trips, users, tokens, (int) this.channels.maxFrameSize().toBytes());
	}

	/** Which frame goes to which socket, in order: decided by the seed alone. */
	private static Map<Seat, List<Numbered>> plan(FuzzSettings settings, FrameGenerator generator, List<Seat> seats) {
		Map<Seat, List<Numbered>> plan = new LinkedHashMap<>();
		seats.forEach((seat) -> plan.put(seat, new ArrayList<>()));
		List<Integer> indices = settings.only().isEmpty() ? IntStream.range(0, settings.frames()).boxed().toList()
				: settings.only();
		for (int index : indices) {
			Seat seat = seats.get(Math.floorMod(settings.seedOf("seat", index), seats.size()));
			plan.get(seat).add(new Numbered(index, generator.generate(settings.seedOf("frame", index))));
		}
		return plan;
	}

	private static Map<Seat, List<Numbered>> nextBatches(Map<Seat, List<Numbered>> plan, int round) {
		Map<Seat, List<Numbered>> batches = new LinkedHashMap<>();
		plan.forEach((seat, frames) -> {
			int from = round * BATCH;
			if (from < frames.size()) {
				batches.put(seat, frames.subList(from, Math.min(frames.size(), from + BATCH)));
			}
		});
		return batches;
	}

	/**
	 * Sends a batch on each socket, then a marker, and checks each once its marker is answered. If a
	 * property broke, the frames to blame are found by sending them again one by one.
	 */
	private List<String> sendRound(FuzzSettings settings, TaxiApi api, Map<Seat, FuzzSocket> sockets,
			Map<Seat, List<Numbered>> batches, Announcements announcements) {
		double failuresBefore = handlerFailures();
		Map<Seat, CompletableFuture<Void>> markers = new LinkedHashMap<>();
		batches.forEach((seat, batch) -> {
			FuzzSocket socket = sockets.get(seat);
			batch.forEach((numbered) -> socket.send(numbered.frame()));
			markers.put(seat, socket.sendMarker());
		});
		Map<Seat, String> broken = new LinkedHashMap<>();
		batches.keySet().forEach((seat) -> {
			FuzzSocket socket = sockets.get(seat);
			String stuck = socket.roundTrip();
			List<String> wrong = announcements.read(socket.drain(), seat.v2());
			if (stuck != null || !wrong.isEmpty()) {
				broken.put(seat, Objects.requireNonNullElse(stuck, String.join("; ", wrong)));
			}
		});
		if (broken.isEmpty() && handlerFailures() == failuresBefore) {
			return List.of();
		}
		List<String> problems = new ArrayList<>();
		Set<Seat> suspects = broken.isEmpty() ? batches.keySet() : broken.keySet();
		for (Seat seat : suspects) {
			String problem = broken.getOrDefault(seat, "a message handler failed (" + HANDLER_FAILURES + " grew)");
			Culprit culprit = isolate(api, seat, batches.get(seat), announcements);
			if (culprit != null) {
				problems.add(FailureReport.of(settings, seat.name(), culprit.problem(), List.of(culprit.frame())));
			}
			else if (!broken.isEmpty() || suspects.size() == 1) {
				problems.add(FailureReport.of(settings, seat.name(),
						problem + " (no frame of the batch does it alone: the batch together)", batches.get(seat)));
			}
		}
		if (problems.isEmpty()) {
			problems.add("A message handler failed, and no frame of the round does it again alone; the round's frames:\n"
					+ batches.entrySet().stream()
						.map((entry) -> FailureReport.of(settings, entry.getKey().name(), "suspect", entry.getValue()))
						.collect(Collectors.joining()));
		}
		return problems;
	}

	private record Culprit(Numbered frame, String problem) {
	}

	/** Sends the frames again one at a time on a fresh socket of the same kind: the first that breaks something. */
	private @Nullable Culprit isolate(TaxiApi api, Seat seat, List<Numbered> frames, Announcements announcements) {
		FuzzSocket socket = open(api, seat);
		try {
			for (Numbered numbered : frames) {
				double failuresBefore = handlerFailures();
				socket.send(numbered.frame());
				String stuck = socket.roundTrip();
				List<String> wrong = announcements.read(socket.drain(), seat.v2());
				if (stuck != null) {
					return new Culprit(numbered, stuck);
				}
				if (!wrong.isEmpty()) {
					return new Culprit(numbered, String.join("; ", wrong));
				}
				if (handlerFailures() > failuresBefore) {
					return new Culprit(numbered, "a message handler failed (" + HANDLER_FAILURES + " grew)");
				}
			}
			return null;
		}
		finally {
			socket.close();
		}
	}

	/**
	 * Every change to the fuzzing users' rows is one the server announced: a trip stored as last
	 * announced to its people (or untouched), a chat message delivered, the users unchanged.
	 */
	private static List<String> unannouncedChanges(StoredRows.Snapshot before, StoredRows.Snapshot after,
			Announcements announcements) {
		List<String> problems = new ArrayList<>();
		if (!after.users().equals(before.users())) {
			problems.add("the fuzzing users' rows changed: before " + before.users() + ", after " + after.users());
		}
		before.trips().keySet().stream().filter((id) -> !after.trips().containsKey(id))
			.forEach((id) -> problems.add("trip " + id + " vanished"));
		after.trips().values().forEach((row) -> {
			Announcements.AnnouncedTrip announced = announcements.trip(row.id());
			if (announced == null) {
				if (!row.equals(before.trips().get(row.id()))) {
					problems.add("trip " + row.id() + " was stored as " + row + " without a word to anyone; before: "
							+ before.trips().get(row.id()));
				}
			}
			else if (!announced.status().equals(row.status()) || !Objects.equals(announced.driverId(), row.driverId())
					|| !announced.pickUp().equals(row.pickUp()) || !announced.dropOff().equals(row.dropOff())
					|| !announced.updated().equals(row.updated().toInstant())) {
				problems.add("trip " + row.id() + " is stored as " + row + " but was last announced as " + announced);
			}
		});
		Set<Long> unannounced = after.chatMessages().stream()
			.filter((id) -> !before.chatMessages().contains(id) && !announcements.chatMessages().contains(id))
			.collect(Collectors.toSet());
		if (!unannounced.isEmpty()) {
			problems.add("chat messages stored but delivered to no one: " + unannounced);
		}
		return problems;
	}

	private FuzzSocket open(TaxiApi api, Seat seat) {
		URI uri = api.socketUri(seat.user().access());
		return FuzzSocket.open(uri, seat.v2() ? TaxiApi.V2 : null, seat.name());
	}

	private double handlerFailures() {
		return this.meters.counter(HANDLER_FAILURES).count();
	}

	private static String kinds(Map<Seat, List<Numbered>> plan) {
		Map<Frame.Kind, Integer> counts = new EnumMap<>(Frame.Kind.class);
		plan.values().forEach((frames) -> frames.forEach((numbered) -> counts.merge(numbered.frame().kind(), 1, Integer::sum)));
		return counts.entrySet().stream().map((entry) -> entry.getValue() + " " + entry.getKey().name().toLowerCase())
			.collect(Collectors.joining(", "));
	}

}
