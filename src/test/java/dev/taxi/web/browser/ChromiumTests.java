package dev.taxi.web.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Capabilities;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser tests run Debian's Chromium and its driver, found where the packages put them, and
 * nothing is downloaded: Selenium Manager, which would fetch a browser or a driver, never runs.
 */
class ChromiumTests {

	private static final Pattern VERSION = Pattern.compile("\\b(\\d+\\.\\d+\\.\\d+\\.\\d+)\\b");

	@RegisterExtension
	final Browsers browsers = new Browsers();

	@Test
	void theBrowserAndItsDriverAreDebiansAndSeleniumManagerNeverRuns() throws Exception {
		List<String> manager = new CopyOnWriteArrayList<>();
		List<String> finder = new CopyOnWriteArrayList<>();
		Logger managerLogger = listen("org.openqa.selenium.manager", manager);
		Logger finderLogger = listen("org.openqa.selenium.remote.service.DriverFinder", finder);
		try {
			Browser browser = this.browsers.desktop("chromium");
			Capabilities capabilities = browser.driver.getCapabilities();

			assertThat(Path.of(browser.driverExecutable()).toRealPath()).isEqualTo(Browser.CHROMEDRIVER.toRealPath());
			assertThat(capabilities.getBrowserVersion()).isEqualTo(versionOf(Browser.CHROMIUM));
			Map<?, ?> chrome = (Map<?, ?>) capabilities.getCapability("chrome");
			assertThat((String) chrome.get("chromedriverVersion")).startsWith(versionOf(Browser.CHROMEDRIVER) + " ");
			assertThat(manager).as("Selenium Manager's log").isEmpty();
			assertThat(finder).anyMatch((message) -> message.startsWith("Skipping Selenium Manager"));
			Path cache = Path.of(System.getProperty("user.home"), ".cache", "selenium");
			assertThat(cache.resolve("chromedriver")).doesNotExist();
			assertThat(cache.resolve("chrome")).doesNotExist();
		}
		finally {
			for (Logger logger : List.of(managerLogger, finderLogger)) {
				for (Handler handler : logger.getHandlers()) {
					logger.removeHandler(handler);
				}
			}
		}
	}

	private static Logger listen(String name, List<String> messages) {
		Logger logger = Logger.getLogger(name);
		logger.setLevel(Level.ALL);
		logger.addHandler(new Handler() {
			@Override
			public void publish(LogRecord record) {
				messages.add(String.valueOf(record.getMessage()));
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		});
		return logger;
	}

	/** What {@code <binary> --version} says its version is, e.g. 156.0.8078.114. */
	private static String versionOf(Path binary) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		Matcher matcher = VERSION.matcher(output);
		assertThat(matcher.find()).as("a version in '%s'", output).isTrue();
		return matcher.group(1);
	}

}
