package dev.taxi.web.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium, from Debian's {@code chromium} and {@code chromium-driver} packages and
 * nothing else: the driver and the browser are named explicitly, so Selenium Manager never runs
 * (and would stay offline if it did). Keeps what the browser's console said.
 */
final class Browser implements AutoCloseable {

	static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final Duration WAIT = Duration.ofSeconds(15);

	static {
		// Selenium hands SE_* system properties to Selenium Manager as its environment.
		System.setProperty("SE_OFFLINE", "true");
	}

	final String name;

	final ChromeDriver driver;

	private final ChromeDriverService service;

	private final List<LogEntry> console = new ArrayList<>();

	private final List<Pattern> allowed = new ArrayList<>();

	private Browser(String name, ChromeDriverService service, ChromeDriver driver) {
		this.name = name;
		this.service = service;
		this.driver = driver;
	}

	/** A browser window of this size (CSS pixels). */
	static Browser start(String name, int width, int height) {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
			throw new IllegalStateException("The browser tests need Debian's Chromium: apt-get install chromium chromium-driver ("
					+ CHROMIUM + " and " + CHROMEDRIVER + " are missing)");
		}
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(new File("target/chromedriver-" + name + ".log"))
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=" + width + "," + height, "--no-first-run", "--no-default-browser-check",
				"--disable-extensions", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--metrics-recording-only", "--disable-features=Translate,MediaRouter,OptimizationHints",
				"--lang=en-GB");
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().window().setSize(new Dimension(width, height));
		return new Browser(name, service, driver);
	}

	void open(String url) {
		this.driver.get(url);
	}

	WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	List<WebElement> findAll(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	<T> T await(String what, Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, WAIT, Duration.ofMillis(50)).withMessage(() -> this.name + ": " + what)
			.ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	WebElement awaitVisible(String css) {
		return await(css + " visible", ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
	}

	void awaitHidden(String css) {
		await(css + " hidden", ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
	}

	void awaitText(String css, String text) {
		await(css + " showing '" + text + "'", ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
	}

	void awaitAttribute(String css, String attribute, String value) {
		await(css + " with " + attribute + "=" + value, ExpectedConditions.attributeToBe(By.cssSelector(css), attribute, value));
	}

	void type(String css, String text) {
		WebElement input = find(css);
		input.clear();
		input.sendKeys(text);
	}

	void click(String css) {
		await(css + " clickable", ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
	}

	Object script(String script, Object... args) {
		return this.driver.executeScript(script, args);
	}

	/** A console entry of this kind is expected (caused on purpose by the test), not a failure. */
	void allowConsole(Pattern pattern) {
		this.allowed.add(pattern);
	}

	/** Reads the console so far (reading empties the browser's buffer; entries are kept here). */
	List<LogEntry> readConsole() {
		List<LogEntry> entries = this.driver.manage().logs().get(LogType.BROWSER).getAll();
		this.console.addAll(entries);
		return entries;
	}

	/** The errors the console showed that no {@link #allowConsole} pattern explains. */
	List<String> consoleErrors() {
		readConsole();
		return this.console.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter((message) -> this.allowed.stream().noneMatch((p) -> p.matcher(message).find()))
			.toList();
	}

	List<LogEntry> console() {
		readConsole();
		return List.copyOf(this.console);
	}

	void screenshot(Path file) {
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String driverExecutable() {
		return this.service.getExecutable();
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			this.service.stop();
		}
	}

}
