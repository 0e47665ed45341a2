package dev.taxi.web.browser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browsers of one test: started on demand, each checked afterwards to have shown no console
 * error, photographed under {@code target/browser-failures/} when the test failed, and closed.
 * Register with {@code @RegisterExtension}.
 */
final class Browsers implements AfterTestExecutionCallback, AfterEachCallback {

	static final int DESKTOP_WIDTH = 1200;

	static final int DESKTOP_HEIGHT = 1000;

	private final List<Browser> open = new ArrayList<>();

	Browser desktop(String name) {
		return start(name, DESKTOP_WIDTH, DESKTOP_HEIGHT);
	}

	/** About the size of a phone in portrait. */
	Browser phone(String name) {
		return start(name, 390, 844);
	}

	Browser start(String name, int width, int height) {
		Browser browser = Browser.start(name, width, height);
		this.open.add(browser);
		return browser;
	}

	@Override
	public void afterTestExecution(ExtensionContext context) {
		boolean failed = context.getExecutionException().isPresent();
		if (!failed) {
			try {
				for (Browser browser : this.open) {
					assertThat(browser.consoleErrors()).as("errors in the console of %s", browser.name).isEmpty();
				}
			}
			catch (AssertionError ex) {
				photograph(context);
				throw ex;
			}
		}
		else {
			photograph(context);
		}
	}

	private void photograph(ExtensionContext context) {
		String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
		for (Browser browser : this.open) {
			try {
				Path file = Path.of("target", "browser-failures", test + "." + browser.name + ".png");
				browser.screenshot(file);
				System.err.println("Screenshot of " + browser.name + ": " + file.toAbsolutePath());
				browser.console().forEach((entry) -> System.err.println(browser.name + " console: " + entry));
			}
			catch (RuntimeException ex) {
				System.err.println("No screenshot of " + browser.name + ": " + ex);
			}
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		for (Browser browser : this.open) {
			try {
				browser.close();
			}
			catch (RuntimeException ex) {
				System.err.println("Closing " + browser.name + ": " + ex);
			}
		}
		this.open.clear();
	}

}
