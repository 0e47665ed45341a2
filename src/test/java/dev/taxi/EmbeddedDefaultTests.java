package dev.taxi;

import dev.taxi.test.Rides;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server as './mvnw spring-boot:run' starts it: no profile, so no PostgreSQL and no Redis
 * (an embedded database and the in-memory channel layer), and still a whole ride works. PostgreSQL
 * and Redis are pointed at closed ports, to prove nothing reaches for them.
 */
class EmbeddedDefaultTests {

	@Test
	void wholeRideWorksWithNoServicesAndShutdownSaysGoingAway() {
		SpringApplication application = new SpringApplication(TaxiApplication.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		ConfigurableApplicationContext context = application.run("--server.port=0", "--management.server.port=0",
				"--spring.data.redis.url=redis://localhost:1", "--TAXI_DB_URL=r2dbc:postgresql://localhost:1/none");
		SocketClient riderSocket = null;
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			TaxiApi api = new TaxiApi(port);
			TestUser rider = api.rider();
			TestUser driver = api.driver();
			riderSocket = api.connect(rider);
			try (SocketClient driverSocket = api.connect(driver)) {
				Rides.rideToCompletion(rider, riderSocket, driver, driverSocket);
			}
			context.close();
			assertThat(riderSocket.awaitClose().getCode()).isEqualTo(1001);
		}
		finally {
			if (riderSocket != null) {
				riderSocket.close();
			}
			context.close();
		}
	}

}
