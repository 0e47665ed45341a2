package dev.taxi.web.browser;

import dev.taxi.TaxiApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app on the server as './mvnw spring-boot:run' starts it (embedded database, in-memory
 * channel layer, no PostgreSQL or Redis), with access tokens that live ten seconds, so that the
 * page has to refresh them during the ride.
 */
class EmbeddedRideBrowserTests {

	static ConfigurableApplicationContext server;

	static String base;

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@BeforeAll
	static void startServer() {
		SpringApplication application = new SpringApplication(TaxiApplication.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		server = application.run("--server.port=0", "--management.server.port=0", "--taxi.jwt.access-lifetime=10s",
				"--spring.data.redis.url=redis://localhost:1", "--TAXI_DB_URL=r2dbc:postgresql://localhost:1/none");
		base = "http://localhost:" + ((WebServerApplicationContext) server).getWebServer().getPort();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void aWholeRideInTwoBrowsersWithTokensRefreshedOnTheWay() {
		WholeRide.Played ride = WholeRide.play(this.browsers, base, false);
		// Ten-second tokens: the page has refreshed the rider's by now and kept working with it.
		ride.rider().browser.await("a refreshed access token",
				(driver) -> !ride.tokensAtFirst().equals(ride.rider().storedTokens()));
		assertThat(ride.rider().storedTokens()).contains("\"refresh\"");
		ride.rider().awaitConnected();
		ServerRestartBrowserTests.assertNoHandlerFailed(server);
	}

}
