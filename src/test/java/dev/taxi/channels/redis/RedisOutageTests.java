package dev.taxi.channels.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taxi.TaxiApplication;
import dev.taxi.channels.ChannelLayer;
import dev.taxi.channels.Gap;
import dev.taxi.channels.Recorder;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiInstances;
import dev.taxi.test.TestRedisPrefix;
import dev.taxi.test.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;

import static dev.taxi.channels.ChannelLayerContractTests.complete;
import static dev.taxi.channels.Recorder.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis dies under two instances and comes back on the same port: one instance is the whole
 * application (profile {@code redis}) against a Redis server of the test's own, the other a bare
 * Redis channel layer. Local delivery goes on, the outage shows in the layer, the health and
 * readiness, new WebSockets are refused and open ones closed with 1012 once it outlasts the grace,
 * and when Redis is back every subscription is restored without restarting anything and the layer
 * reports the gap, from a little before Redis was lost.
 */
class RedisOutageTests {

	private static final Duration GRACE = Duration.ofSeconds(2);

	private static final Duration RECOVERY = Duration.ofSeconds(60);

	private RedisServer server;

	private ConfigurableApplicationContext application;

	private RedisInstances others;

	@BeforeEach
	void start() {
		this.server = RedisServer.onFreePort();
		this.server.start();
		// The application and the bare layer are two instances of one deployment: one prefix.
		String prefix = TestRedisPrefix.unique();
		this.application = new SpringApplicationBuilder(TaxiApplication.class).profiles("redis")
			.run("--server.port=0", "--management.server.port=0", "--spring.data.redis.url=" + this.server.uri(), TestRedisPrefix.argument(prefix),
					"--taxi.channels.redis-outage-grace=" + GRACE.toMillis() + "ms",
					"--taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789");
		this.others = new RedisInstances(this.server.uri(), prefix);
	}

	@AfterEach
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
		if (this.others != null) {
			this.others.close();
		}
		this.server.close();
	}

	@Test
	void localDeliveryGoesOnThroughAnOutageAndEverySubscriptionIsRestoredWhenRedisIsBack() {
		RedisChannelLayer app = (RedisChannelLayer) this.application.getBean(ChannelLayer.class);
		MeterRegistry meters = this.application.getBean(MeterRegistry.class);
		RedisChannelLayer other = this.others.start().layer();
		TaxiApi api = new TaxiApi(Integer.parseInt(this.application.getEnvironment().getProperty("local.server.port")));
		String trip = "trip-" + System.nanoTime();
		String joinedDuringOutage = trip + "-joined";
		String leftDuringOutage = trip + "-left";

		Recorder onApp = new Recorder();
		String appChannel = app.newChannel();
		app.attach(appChannel, onApp);
		complete(app.groupAdd(trip, appChannel));
		complete(app.groupAdd(leftDuringOutage, appChannel));
		Recorder onOther = new Recorder();
		String otherChannel = other.newChannel();
		other.attach(otherChannel, onOther);
		complete(other.groupAdd(trip, otherChannel));
		complete(app.groupSend(trip, message("before")));
		onOther.awaitTexts("before");
		assertThat(redisHealth(api)).isEqualTo("UP");
		TestUser rider = api.rider();
		SocketClient socket = api.connect(rider);
		List<Gap> gaps = new CopyOnWriteArrayList<>();
		Disposable watchingGaps = app.gaps().subscribe(gaps::add);
		Instant lost = Instant.now();

		this.server.kill();

		await().atMost(RECOVERY).until(() -> !app.isRedisReachable() && !other.isRedisReachable());
		assertThat(health(api, "/actuator/health").path("components").path("redisChannels").path("status").asString())
			.isEqualTo("DOWN");
		api.http().get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503);
		assertThat(RedisOutageResyncTests.handshakeStatus(api, rider)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(meters.get("taxi.channels.redis.reachable").gauge().value()).isZero();
		complete(app.groupSend(trip, message("during")));
		assertThat(onApp.texts()).containsExactly("before", "during");
		assertThat(meters.get("taxi.channels.publish.failures").counter().count()).isGreaterThanOrEqualTo(1);
		complete(app.groupAdd(joinedDuringOutage, appChannel));
		complete(app.groupDiscard(leftDuringOutage, appChannel));
		complete(app.groupSend(joinedDuringOutage, message("local-only")));
		onApp.awaitAny("local-only"::equals);
		assertThat(redisHealth(api)).isEqualTo("DOWN");
		assertThat(socket.awaitClose().getCode()).isEqualTo(1012);
		assertThat(meters.get("taxi.ws.closed").tag("code", "1012").counter().count()).isEqualTo(1);

		this.server.start();

		await().atMost(RECOVERY).until(() -> app.isRedisReachable() && other.isRedisReachable());
		await().atMost(RECOVERY).untilAsserted(() -> {
			complete(app.groupSend(trip, message("app-again")));
			assertThat(onOther.texts()).contains("app-again");
		});
		await().atMost(RECOVERY).untilAsserted(() -> {
			complete(other.groupSend(trip, message("other-again")));
			assertThat(onApp.texts()).contains("other-again");
		});
		await().atMost(RECOVERY).untilAsserted(() -> {
			complete(other.groupSend(joinedDuringOutage, message("joined-during-outage")));
			assertThat(onApp.texts()).contains("joined-during-outage");
		});
		await().atMost(RECOVERY).untilAsserted(() -> {
			complete(other.send(appChannel, message("direct-again")));
			assertThat(onApp.texts()).contains("direct-again");
		});
		await().atMost(RECOVERY)
			.untilAsserted(() -> assertThat(this.others.subscribers(this.others.names().group(leftDuringOutage))).isZero());
		assertThat(app.isSubscribed(leftDuringOutage)).isFalse();
		assertThat(this.others.subscribers(this.others.names().group(trip))).isEqualTo(2);
		assertThat(meters.get("taxi.channels.redis.reconnects").functionCounter().count()).isGreaterThanOrEqualTo(1);
		await().atMost(RECOVERY).until(() -> "UP".equals(redisHealth(api)));
		api.http().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		assertThat(health(api, "/actuator/health").path("components").path("redisChannels").path("status").asString())
			.isEqualTo("UP");
		await().atMost(RECOVERY).until(() -> !gaps.isEmpty());
		watchingGaps.dispose();
		assertThat(gaps).hasSize(1);
		assertThat(meters.get("taxi.channels.gaps").tag("cause", "outage").counter().count()).isEqualTo(1);
		assertThat(gaps.get(0).since()).isBetween(lost.minus(RedisGaps.LOOKBACK).minusMillis(100),
				lost.minus(RedisGaps.LOOKBACK).plus(RECOVERY));
	}

	private String redisHealth(TaxiApi api) {
		return health(api, "/actuator/health").path("components").path("redis").path("status").asString();
	}

	/** The health with its details, which only the management port serves. */
	private JsonNode health(TaxiApi api, String path) {
		return TaxiInstances.management(this.application).http().get().uri(path).exchange().expectBody(JsonNode.class)
			.returnResult().getResponseBody();
	}

}
