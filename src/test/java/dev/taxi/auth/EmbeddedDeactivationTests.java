package dev.taxi.auth;

import java.time.Duration;

import dev.taxi.TaxiApplication;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deactivation on the embedded default (H2, no services): the same check as on PostgreSQL closes
 * the user's sockets with 4403, and only theirs.
 */
class EmbeddedDeactivationTests {

	@Test
	void aDeactivatedUsersSocketsCloseWith4403OnTheEmbeddedDatabase() {
		SpringApplication application = new SpringApplication(TaxiApplication.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		try (ConfigurableApplicationContext context = application.run("--server.port=0", "--management.server.port=0",
				"--spring.data.redis.url=redis://localhost:1", "--taxi.auth.deactivation-check=500ms")) {
			TaxiApi api = new TaxiApi(((WebServerApplicationContext) context).getWebServer().getPort());
			TestUser rider = api.rider();
			TestUser other = api.rider();
			try (SocketClient v1 = api.connect(rider); SocketClient v2 = api.connectV2(rider);
					SocketClient bystander = api.connectV2(other)) {
				Long updated = context.getBean(DatabaseClient.class)
					.sql("UPDATE users SET active = FALSE WHERE id = :id")
					.bind("id", rider.id())
					.fetch()
					.rowsUpdated()
					.block(Duration.ofSeconds(10));
				assertThat(updated).isEqualTo(1);
				assertThat(v1.awaitClose().getCode()).isEqualTo(4403);
				assertThat(v2.awaitClose().getCode()).isEqualTo(4403);
				bystander.expectNothingElse();
			}
		}
	}

}
