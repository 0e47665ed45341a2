package dev.taxi.trips;

import dev.taxi.test.Rides;
import dev.taxi.test.SocketClient;
import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;


/** A whole ride over real sockets, as the reference client drives it. */
@TaxiServerTest
class RideTests {

	@LocalServerPort
	int port;

	TaxiApi api;

	@BeforeEach
	void setUp() {
		this.api = new TaxiApi(this.port);
	}

	@Test
	void riderRequestsDriverAcceptsDrivesAndCompletes() {
		TestUser rider = this.api.rider();
		TestUser driver = this.api.driver();
		try (SocketClient riderSocket = this.api.connect(rider); SocketClient driverSocket = this.api.connect(driver)) {
			Rides.rideToCompletion(rider, riderSocket, driver, driverSocket);
		}
	}

}
