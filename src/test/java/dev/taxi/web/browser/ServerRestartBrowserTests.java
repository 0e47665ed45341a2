package dev.taxi.web.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.regex.Pattern;

import dev.taxi.TaxiApplication;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's server is stopped and started again on the same port. Meanwhile the trip changes
 * through another instance on the same database (the suite's server), so the page can only learn
 * of it by re-reading its trips after it reconnected by itself.
 */
@TaxiServerTest
class ServerRestartBrowserTests {

	/** The suite's server: the same PostgreSQL and the same token secret as the restarted one. */
	@LocalServerPort
	int otherPort;

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@Test
	void thePageReconnectsByItselfAfterARestartAndShowsWhatChangedMeanwhile() {
		int port = freePort();
		String base = "http://localhost:" + port;
		ConfigurableApplicationContext server = start(port);
		try {
			TaxiApi api = new TaxiApi(port);
			TestUser riderUser = People.signUp(api, "rider", "Rhea", "Restart");
			TestUser driverUser = People.signUp(api, "driver", "Dora", "Restart");
			TaxiPage rider = People.openAs(this.browsers.desktop("rider"), base, riderUser);
			TaxiPage driver = People.openAs(this.browsers.desktop("driver"), base, driverUser);
			String pickUp = "3 Reboot Row " + Long.toString(System.nanoTime(), 36);
			rider.request(pickUp, "5 Uptime Avenue");
			String tripId = rider.shownTripId();
			driver.accept(pickUp);
			rider.awaitTripStatus("STARTED");

			assertNoHandlerFailed(server);
			server.close();
			rider.awaitDisconnected();
			driver.awaitDisconnected();
			rider.browser.awaitText("#conn", "The server is restarting");
			// While the page's server is away, the driver gives the trip back through the other instance.
			new TaxiApi(this.otherPort).http().post().uri("/api/trip/" + tripId + "/cancel/")
				.headers((headers) -> headers.setBearerAuth(driverUser.access()))
				.exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.status").isEqualTo("REQUESTED");

			server = start(port);
			// Attempts to reconnect while the server was away show in the console: expected, nothing else.
			Pattern refused = Pattern.compile("WebSocket connection to 'ws://localhost:" + port + "/taxi/\\?token=[^']+' failed");
			rider.browser.allowConsole(refused);
			driver.browser.allowConsole(refused);
			rider.awaitConnected();
			driver.awaitConnected();
			rider.awaitTripStatus("REQUESTED");
			rider.browser.awaitHidden("#trip-person");
			driver.browser.awaitHidden("#trip");
			driver.awaitRequest(pickUp);

			// And live again: the new connections hear the next change.
			driver.accept(pickUp);
			rider.awaitTripStatus("STARTED");
			rider.browser.awaitText("#trip-person-name", "Dora Restart");
			assertThat(rider.notice()).isEmpty();
			assertNoHandlerFailed(server);
		}
		finally {
			server.close();
		}
	}

	/** As {@code NoHandlerFailures} checks the suite's server: a refusal is an answer, not a crash. */
	static void assertNoHandlerFailed(ConfigurableApplicationContext server) {
		assertThat(server.getBean(MeterRegistry.class).counter("taxi.ws.handler.failures").count())
			.as("handlers that failed unexpectedly").isZero();
	}

	private static ConfigurableApplicationContext start(int port) {
		SpringApplication application = new SpringApplication(TaxiApplication.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		return application.run("--server.port=" + port, "--management.server.port=0", "--spring.profiles.active=postgres",
				"--taxi.jwt.secret=test-secret-test-secret-test-secret-0123456789");
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
