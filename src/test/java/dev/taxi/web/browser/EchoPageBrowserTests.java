package dev.taxi.web.browser;

import dev.taxi.test.TaxiApi;
import dev.taxi.test.TaxiServerTest;
import dev.taxi.test.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The echo page, for anyone checking a deployment: a message goes out and comes back, every frame shown. */
@TaxiServerTest
class EchoPageBrowserTests {

	@LocalServerPort
	int port;

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@Test
	void aMessageComesBackAndEveryFrameIsShown() {
		TestUser user = People.signUp(new TaxiApi(this.port), "rider", "Echo", "Checker");
		Browser browser = this.browsers.desktop("echo");
		browser.open("http://localhost:" + this.port + "/echo.html");
		browser.awaitVisible("#echo-log-in");
		browser.type("#echo-username", user.username());
		browser.type("#echo-password", TaxiPage.PASSWORD);
		browser.find("#echo-password").submit();
		browser.awaitVisible("#echo-connect");
		browser.click("#echo-open");
		browser.awaitText("#conn", "Connected (taxi.v2)");

		browser.type("#echo-text", "hello, deployment");
		browser.click("#echo-send");
		browser.awaitText("#echo-last", "hello, deployment");

		browser.click("#echo-raw");
		browser.type("#echo-text", "not JSON");
		browser.click("#echo-send");
		browser.awaitText("#frames", "\"code\":\"bad_request\"");
		assertThat(browser.findAll("#frames li").stream().map(WebElement::getText)).anyMatch(
				(text) -> text.contains("→ sent {\"type\":\"echo.message\",\"data\":\"hello, deployment\"}"))
			.anyMatch((text) -> text.contains("← received {\"type\":\"echo.message\",\"data\":\"hello, deployment\"}"))
			.anyMatch((text) -> text.contains("open, subprotocol \"taxi.v2\""));

		browser.click("#echo-close");
		browser.awaitText("#frames", "closed, code 1000");
	}

}
