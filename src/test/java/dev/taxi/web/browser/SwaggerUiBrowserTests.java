package dev.taxi.web.browser;

import dev.taxi.test.TaxiServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Swagger UI works under its content security policy: the page draws every endpoint, and the
 * browser's console shows no error (a refused style, image or script would be one).
 */
@TaxiServerTest
class SwaggerUiBrowserTests {

	@LocalServerPort
	int port;

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@Test
	void swaggerUiShowsTheApi() {
		Browser browser = this.browsers.desktop("swagger");
		browser.open("http://localhost:" + this.port + "/swagger-ui.html");
		browser.awaitText("#swagger-ui", "/api/log_in/");
		browser.awaitVisible(".opblock-summary-path");
	}

}
