package dev.taxi.channels.redis;

import dev.taxi.channels.ChannelLayer;
import dev.taxi.test.TaxiServerTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the default configuration the server needs no service: the in-memory channel layer, and
 * nothing of Redis, not even in the health, though Redis's client is on the class path and the
 * Redis it would be pointed at does not exist.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789", TaxiServerTest.SMALL_POOL,
				TaxiServerTest.SHORT_IDLE,
				"spring.data.redis.url=redis://localhost:1" })
class RedisOffByDefaultTests {

	@Autowired
	ApplicationContext context;

	@LocalManagementPort
	int managementPort;

	@Test
	void startsWithTheInMemoryLayerAndNoRedis() {
		assertThat(this.context.getBean(ChannelLayer.class)).isInstanceOf(ChannelLayer.inMemory().getClass());
		assertThat(this.context.getBeanNamesForType(RedisLink.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(RedisOutageGuard.class)).isEmpty();
	}

	@Test
	void healthIsUpAndSaysNothingOfRedis() {
		JsonNode health = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.managementPort)
			.build()
			.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").has("redis")).isFalse();
		assertThat(health.path("components").isEmpty()).as("health details are shown").isFalse();
	}

}
