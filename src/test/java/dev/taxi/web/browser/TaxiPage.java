package dev.taxi.web.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** What a person does on the app's page, in one browser: the page's own words and controls. */
final class TaxiPage {

	static final String PASSWORD = "pAssw0rd!";

	/** The request a failed sign-up makes: the console says so, and that is expected. */
	static final Pattern SIGN_UP_REFUSED = Pattern.compile("/api/sign_up/ - Failed to load resource: the server responded with a status of 400");

	final Browser browser;

	final String base;

	TaxiPage(Browser browser, String base) {
		this.browser = browser;
		this.base = base;
	}

	TaxiPage open() {
		this.browser.open(this.base + "/");
		return this;
	}

	/** Fills the sign-up form; does not wait for the answer. */
	void fillSignUp(String group, String username, String first, String last, String password1, String password2,
			Path photo) {
		this.browser.awaitVisible("#sign-up-form");
		this.browser.click("#sign-up-" + group);
		this.browser.type("#sign-up-username", username);
		this.browser.type("#sign-up-first-name", first);
		this.browser.type("#sign-up-last-name", last);
		this.browser.type("#sign-up-password1", password1);
		this.browser.type("#sign-up-password2", password2);
		if (photo != null) {
			this.browser.find("#sign-up-photo").sendKeys(photo.toAbsolutePath().toString());
		}
		this.browser.click("#sign-up-submit");
	}

	void signUp(String group, String username, String first, String last, Path photo) {
		fillSignUp(group, username, first, last, PASSWORD, PASSWORD, photo);
		awaitLoggedIn();
	}

	void logIn(String username) {
		this.browser.awaitVisible("#log-in-form");
		this.browser.type("#log-in-username", username);
		this.browser.type("#log-in-password", PASSWORD);
		this.browser.click("#log-in-submit");
		awaitLoggedIn();
	}

	void logOut() {
		this.browser.click("#log-out");
		this.browser.awaitVisible("#log-in-form");
	}

	void awaitLoggedIn() {
		this.browser.awaitVisible("#app-view");
		awaitConnected();
	}

	void awaitConnected() {
		this.browser.awaitAttribute("#conn", "data-state", "open");
	}

	void awaitDisconnected() {
		this.browser.await("the connection indicator showing the connection is down",
				(driver) -> !"open".equals(this.browser.find("#conn").getAttribute("data-state")));
	}

	/** The tokens this window keeps for its account, as JSON, or null. */
	String storedTokens() {
		return (String) this.browser.script("const mine = sessionStorage.getItem('taxi.account');"
				+ " const tokens = JSON.parse(localStorage.getItem('taxi.accounts') || '{}')[mine];"
				+ " return tokens ? JSON.stringify(tokens) : null;");
	}

	// ---- rider ----

	void request(String pickUp, String dropOff) {
		this.browser.type("#pick-up", pickUp);
		this.browser.type("#drop-off", dropOff);
		this.browser.click("#request-submit");
		awaitTripStatus("REQUESTED");
		this.browser.awaitText("#trip-from", pickUp);
	}

	void awaitTripStatus(String status) {
		this.browser.awaitVisible("#trip");
		this.browser.awaitAttribute("#trip", "data-status", status);
	}

	String statusText() {
		return this.browser.find("#trip-status").getText();
	}

	void cancel() {
		this.browser.click("#cancel-trip");
	}

	/** Where the car is drawn on the map, as its data-lat and data-lng, or null if it is not. */
	String carPosition() {
		return (String) this.browser.script("const car = document.getElementById('map-car');"
				+ " return car ? car.dataset.lat + ',' + car.dataset.lng : null;");
	}

	/** Waits for the car to be drawn somewhere other than {@code before} (null: anywhere). */
	String awaitCarMovedFrom(String before) {
		return this.browser.await("the car drawn away from " + before, (driver) -> {
			String now = carPosition();
			return (now != null && !now.equals(before)) ? now : null;
		});
	}

	/** How many positions the car's trail on the map has. */
	int trailLength() {
		return ((Number) this.browser.script("const trail = document.getElementById('map-trail');"
				+ " return trail ? Number(trail.dataset.count) : 0;")).intValue();
	}

	/** A picture of the whole page, top to bottom, without passing notices. */
	void picture(Path file) {
		this.browser.script("const notice = document.getElementById('notice'); if (notice) notice.hidden = true; window.scrollTo(0, 0);");
		Map<?, ?> size = (Map<?, ?>) this.browser.script("return {width: window.innerWidth,"
				+ " height: document.documentElement.scrollHeight};");
		Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
		Map<String, Object> shot = this.browser.driver.executeCdpCommand("Page.captureScreenshot",
				Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// ---- driver ----

	/** The open request of this pick-up address, waiting until it is listed. */
	WebElement awaitRequest(String pickUp) {
		return this.browser.await("an open request from " + pickUp, (driver) -> request(pickUp));
	}

	void awaitNoRequest(String pickUp) {
		this.browser.await("no open request from " + pickUp, (driver) -> request(pickUp) == null);
	}

	private WebElement request(String pickUp) {
		return this.browser.findAll("#requests li.request").stream()
			.filter((item) -> item.findElement(By.cssSelector(".addr")).getText().equals(pickUp))
			.findFirst()
			.orElse(null);
	}

	void accept(String pickUp) {
		WebElement button = awaitRequest(pickUp).findElement(By.cssSelector("button.accept"));
		this.browser.await("the Accept button enabled", (driver) -> button.isEnabled());
		assertThat(button.getAccessibleName()).startsWith("Accept the ride from " + pickUp);
		button.click();
		awaitTripStatus("STARTED");
		this.browser.awaitText("#trip-from", pickUp);
	}

	void simulateDriving() {
		this.browser.awaitVisible("#simulate");
		this.browser.click("#simulate");
		assertThat(this.browser.find("#simulate").isSelected()).isTrue();
	}

	void pickedUp() {
		this.browser.click("#picked-up");
		awaitTripStatus("IN_PROGRESS");
	}

	void complete() {
		this.browser.click("#complete-trip");
		awaitTripStatus("COMPLETED");
	}

	void giveBack() {
		this.browser.click("#give-back");
	}

	// ---- both ----

	void say(String text) {
		this.browser.type("#chat-text", text);
		this.browser.click("#chat-send");
		awaitChat(text);
	}

	void awaitChat(String text) {
		this.browser.await("the chat message '" + text + "'", (driver) -> this.browser.findAll("#chat-log li p")
			.stream()
			.anyMatch((p) -> p.getText().equals(text)));
	}

	/** Waits for the trip in the history, with this status (COMPLETED, CANCELED). */
	void awaitInHistory(String tripId, String status) {
		this.browser.awaitAttribute("#history li[data-trip-id='" + tripId + "']", "data-status", status);
	}

	String shownTripId() {
		return this.browser.find("#trip").getAttribute("data-trip-id");
	}

	String notice() {
		WebElement notice = this.browser.find("#notice");
		return notice.isDisplayed() ? this.browser.find("#notice-text").getText() : "";
	}

}
