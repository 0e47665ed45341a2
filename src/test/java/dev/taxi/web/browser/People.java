package dev.taxi.web.browser;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;

import dev.taxi.test.TaxiApi;
import dev.taxi.test.TestUser;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

/**
 * People for the tests that are not about signing up: made over REST with names a person would
 * read, then logged in on a page by handing it their tokens as the page keeps them.
 */
final class People {

	private People() {
	}

	static TestUser signUp(TaxiApi api, String group, String first, String last) {
		String username = TaxiApi.uniqueName(group);
		Map<String, Object> form = new LinkedHashMap<>();
		form.put("username", username);
		form.put("first_name", first);
		form.put("last_name", last);
		form.put("password1", TaxiPage.PASSWORD);
		form.put("password2", TaxiPage.PASSWORD);
		form.put("group", group);
		JsonNode user = api.http().post().uri("/api/sign_up/").contentType(MediaType.APPLICATION_JSON).bodyValue(form)
			.exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
		JsonNode tokens = api.logIn(username, TaxiPage.PASSWORD);
		return new TestUser(user.get("id").asLong(), username, group, tokens.get("access").asString(),
				tokens.get("refresh").asString());
	}

	/** Opens the app logged in as this user, as if they had logged in there before. */
	static TaxiPage openAs(Browser browser, String base, TestUser user) {
		TaxiPage page = new TaxiPage(browser, base).open();
		browser.script("const accounts = JSON.parse(localStorage.getItem('taxi.accounts') || '{}');"
				+ " accounts[arguments[0]] = {access: arguments[1], refresh: arguments[2]};"
				+ " localStorage.setItem('taxi.accounts', JSON.stringify(accounts));"
				+ " localStorage.setItem('taxi.last', arguments[0]);", String.valueOf(user.id()), user.access(), user.refresh());
		browser.driver.navigate().refresh();
		page.awaitLoggedIn();
		return page;
	}

	/** A small portrait (a head and shoulders on a coloured ground) as a PNG file. */
	static Path portrait(Path dir, Color ground) {
		BufferedImage image = new BufferedImage(128, 128, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
		g.setColor(ground);
		g.fillRect(0, 0, 128, 128);
		g.setColor(new Color(0xF1C7A5));
		g.fillOval(40, 22, 48, 54);
		g.setColor(new Color(0x2B2F36));
		g.fillArc(14, 84, 100, 90, 0, 180);
		g.setColor(new Color(0x3A2A20));
		g.fillArc(38, 16, 52, 36, 0, 180);
		g.setStroke(new BasicStroke(3));
		g.setColor(new Color(0x6B4A3A));
		g.drawArc(54, 50, 20, 12, 200, 140);
		g.dispose();
		try {
			Files.createDirectories(dir);
			Path file = Files.createTempFile(dir, "portrait-", ".png");
			ImageIO.write(image, "png", file.toFile());
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
