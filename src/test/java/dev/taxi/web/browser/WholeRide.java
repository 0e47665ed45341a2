package dev.taxi.web.browser;

import java.awt.Color;
import java.nio.file.Path;

import org.openqa.selenium.Dimension;

import dev.taxi.test.TaxiApi;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole ride in two browsers, as two people would play it: both sign up (the rider first gets
 * the server's field errors), the driver logs out and in again, the rider reloads and stays
 * logged in; the rider requests, the driver sees it appear and accepts, the rider sees who is
 * coming, the car moves on the rider's map, they chat both ways, the driver completes, and both
 * find the trip in their history.
 */
final class WholeRide {

	/** Where the README's screenshots are written, when set (e.g. {@code -Dtaxi.screenshots=src/docs/screenshots}). */
	static final String SCREENSHOTS = "taxi.screenshots";

	private WholeRide() {
	}

	record Played(TaxiPage rider, TaxiPage driver, String tokensAtFirst, String tripId) {
	}

	/**
	 * Plays the ride; {@code unique} is added to the addresses where other tests' trips may be
	 * listed too (a shared database), so that the driver accepts this one.
	 */
	static Played play(Browsers browsers, String base, boolean unique) {
		TaxiPage rider = new TaxiPage(browsers.desktop("rider"), base).open();
		TaxiPage driver = new TaxiPage(browsers.desktop("driver"), base).open();
		String riderName = TaxiApi.uniqueName("rita");
		String driverName = TaxiApi.uniqueName("dan");

		// The server's field errors, next to their fields.
		rider.browser.allowConsole(TaxiPage.SIGN_UP_REFUSED);
		rider.fillSignUp("rider", riderName, "Rita", "Rider", "short", "shirt", null);
		rider.browser.awaitText("#sign-up-password1-error", "This password is too short.");
		rider.browser.awaitText("#sign-up-password2-error", "Passwords must match.");
		assertThat(rider.browser.find("#sign-up-password1").getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(rider.browser.find("#sign-up-username").getAttribute("aria-invalid")).isNull();
		rider.fillSignUp("rider", riderName, "Rita", "Rider", TaxiPage.PASSWORD, TaxiPage.PASSWORD, null);
		rider.awaitLoggedIn();
		String tokensAtFirst = rider.storedTokens();
		assertThat(tokensAtFirst).contains("\"access\"", "\"refresh\"");

		Path photo = People.portrait(Path.of("target", "browser-photos"), new Color(0x9CC3E6));
		driver.signUp("driver", driverName, "Dan", "Driver", photo);
		driver.browser.awaitText("#who-name", "Dan Driver");
		driver.logOut();
		assertThat(driver.storedTokens()).isNull();
		driver.logIn(driverName);

		rider.browser.driver.navigate().refresh();
		rider.awaitLoggedIn();
		rider.browser.awaitText("#who-name", "Rita Rider");

		String nonce = unique ? " (" + Long.toString(System.nanoTime(), 36) + ")" : "";
		String pickUp = "12 Station Road" + nonce;
		String dropOff = "Airport, Terminal 1" + nonce;
		rider.request(pickUp, dropOff);
		assertThat(rider.statusText()).contains("Waiting for a driver");
		driver.awaitRequest(pickUp);
		driver.accept(pickUp);

		rider.awaitTripStatus("STARTED");
		rider.browser.awaitText("#trip-person-name", "Dan Driver");
		assertThat(rider.statusText()).isEqualTo("Dan Driver is on the way to pick you up.");
		assertThat(rider.browser.find("#trip-person-photo").getAttribute("src")).contains("/media/photos/");
		assertThat(rider.browser.find("#trip-person-photo").getAttribute("alt")).isEqualTo("Photo of Dan Driver");
		driver.browser.awaitText("#trip-person-name", "Rita Rider");

		driver.simulateDriving();
		String first = rider.awaitCarMovedFrom(null);
		rider.awaitCarMovedFrom(first);
		rider.browser.awaitText("#map-caption", "from the pick-up");

		rider.say("I am by the blue door.");
		driver.awaitChat("I am by the blue door.");
		driver.say("Two minutes away!");
		rider.awaitChat("Two minutes away!");

		String screenshots = System.getProperty(SCREENSHOTS);
		boolean pictures = screenshots != null && !screenshots.isBlank();
		if (pictures) {
			// For the pictures, a car that reached the pick-up before the rider got in.
			rider.browser.awaitText("#map-caption", "The car is at the pick-up.");
		}
		driver.pickedUp();
		rider.awaitTripStatus("IN_PROGRESS");
		rider.awaitCarMovedFrom(rider.carPosition());
		rider.browser.awaitText("#map-caption", "to the drop-off");
		if (pictures) {
			int trail = rider.trailLength();
			rider.browser.await("the car well on its way", (d) -> rider.trailLength() >= trail + 8);
			rider.picture(Path.of(screenshots, "rider-mid-ride.png"));
			driver.picture(Path.of(screenshots, "driver-view.png"));
			rider.browser.driver.manage().window().setSize(new Dimension(390, 844));
			rider.browser.screenshot(Path.of("target", "rider-phone.png"));
		}

		String tripId = rider.shownTripId();
		driver.complete();
		rider.awaitTripStatus("COMPLETED");
		assertThat(rider.statusText()).startsWith("Arrived at " + dropOff);
		rider.awaitInHistory(tripId, "COMPLETED");
		driver.awaitInHistory(tripId, "COMPLETED");
		assertThat(rider.browser.find("#history li[data-trip-id='" + tripId + "']").getText()).contains(pickUp,
				dropOff, "Completed", "with Dan Driver");
		return new Played(rider, driver, tokensAtFirst, tripId);
	}

}
