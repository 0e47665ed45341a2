package dev.taxi.web.browser;

import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WindowType;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The app against the server on PostgreSQL, as deployed. */
@TaxiServerTest
class PostgresBrowserTests {

	@LocalServerPort
	int port;

	@RegisterExtension
	final Browsers browsers = new Browsers();

	String base;

	@BeforeEach
	void setUp() {
		this.base = "http://localhost:" + this.port;
	}

	@Test
	void aWholeRideInTwoBrowsers() {
		WholeRide.play(this.browsers, this.base, true);
	}

	@Test
	void twoWindowsOfOneBrowserKeepTheirOwnAccounts() {
		TaxiApi api = new TaxiApi(this.port);
		TestUser riderUser = People.signUp(api, "rider", "Wanda", "Window");
		TestUser driverUser = People.signUp(api, "driver", "Walt", "Window");
		Browser browser = this.browsers.desktop("windows");
		TaxiPage first = new TaxiPage(browser, this.base).open();
		first.logIn(riderUser.username());
		String firstWindow = browser.driver.getWindowHandle();

		browser.driver.switchTo().newWindow(WindowType.WINDOW);
		String secondWindow = browser.driver.getWindowHandle();
		TaxiPage second = new TaxiPage(browser, this.base).open();
		second.awaitLoggedIn();
		browser.awaitText("#who-name", "Wanda Window");
		browser.click("#switch-account");
		second.logIn(driverUser.username());
		browser.awaitText("#who-name", "Walt Window");

		for (String window : new String[] { firstWindow, secondWindow }) {
			browser.driver.switchTo().window(window);
			browser.driver.navigate().refresh();
			first.awaitLoggedIn();
		}
		browser.awaitText("#who-name", "Walt Window");
		browser.driver.switchTo().window(firstWindow);
		browser.awaitText("#who-name", "Wanda Window");
		browser.awaitVisible("#request-form");

		browser.driver.switchTo().window(secondWindow);
		second.logOut();
		browser.driver.switchTo().window(firstWindow);
		first.awaitConnected();
		assertThat(browser.find("#who-name").getText()).isEqualTo("Wanda Window");
	}

	@Test
	void aCanceledRequestVanishesForDriversAndATripGivenBackReappearsForAnother() {
		TaxiApi api = new TaxiApi(this.port);
		TestUser riderUser = People.signUp(api, "rider", "Rosa", "Phone");
		TestUser annaUser = People.signUp(api, "driver", "Anna", "First");
		TestUser benUser = People.signUp(api, "driver", "Ben", "Second");
		TaxiPage rider = People.openAs(this.browsers.phone("rider"), this.base, riderUser);
		TaxiPage anna = People.openAs(this.browsers.desktop("anna"), this.base, annaUser);
		TaxiPage ben = People.openAs(this.browsers.desktop("ben"), this.base, benUser);
		String nonce = Long.toString(System.nanoTime(), 36);

		String changedMind = "1 Changed Mind Lane " + nonce;
		rider.request(changedMind, "Nowhere " + nonce);
		String canceled = rider.shownTripId();
		anna.awaitRequest(changedMind);
		ben.awaitRequest(changedMind);
		rider.cancel();
		rider.awaitTripStatus("CANCELED");
		assertThat(rider.statusText()).isEqualTo("This ride was canceled.");
		anna.awaitNoRequest(changedMind);
		ben.awaitNoRequest(changedMind);
		rider.awaitInHistory(canceled, "CANCELED");

		String pickUp = "7 Market Square " + nonce;
		rider.request(pickUp, "9 Harbour Street " + nonce);
		anna.awaitRequest(pickUp);
		ben.awaitRequest(pickUp);
		anna.accept(pickUp);
		ben.awaitNoRequest(pickUp);
		rider.awaitTripStatus("STARTED");
		rider.browser.awaitText("#trip-person-name", "Anna First");

		anna.giveBack();
		ben.awaitRequest(pickUp);
		anna.awaitRequest(pickUp);
		anna.browser.awaitHidden("#trip");
		anna.browser.awaitText("#notice-text", "You gave the trip back");
		rider.awaitTripStatus("REQUESTED");
		rider.browser.awaitHidden("#trip-person");

		ben.accept(pickUp);
		anna.awaitNoRequest(pickUp);
		rider.awaitTripStatus("STARTED");
		rider.browser.awaitText("#trip-person-name", "Ben Second");
	}

}
