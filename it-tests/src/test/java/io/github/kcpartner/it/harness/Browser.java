package io.github.kcpartner.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven by Selenium through Debian's chromedriver. Nothing is
 * downloaded at test time: both binaries come from the system (the README test command
 * installs them).
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = System.getProperty("browser.binary", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("browser.driver", "/usr/bin/chromedriver");

    private static final Duration POLL = Duration.ofMillis(50);

    private final WebDriver driver;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("Debian's chromium and chromium-driver are needed at " + CHROMIUM
                    + " and " + CHROMEDRIVER + ": run the README test command, which installs them");
        }
        try {
            Path profile = Files.createTempDirectory("chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /**
     * A wait on this browser that checks every 50 ms (Selenium's default of 500 ms adds up to
     * half a second to every step of every login).
     */
    public WebDriverWait waiting(Duration timeout) {
        return waiting(driver, timeout);
    }

    /** {@link #waiting(Duration)} for a driver of its own. */
    public static WebDriverWait waiting(WebDriver driver, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.pollingEvery(POLL);
        return wait;
    }

    /** Waits (polling, up to 20 s) until the element is visible and returns it. */
    public WebElement await(By by) {
        return waiting(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    public void awaitUrlContains(String fragment) {
        waiting(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains(fragment));
    }

    public void type(By by, String text) {
        WebElement field = await(by);
        field.clear();
        field.sendKeys(text);
    }

    public void click(By by) {
        await(by).click();
    }

    /** Saves a screenshot under the it-logs directory, for a person to look at after a failure. */
    public Path screenshot(String name) {
        try {
            Path dir = Path.of(System.getProperty("it.log.dir", "target/it-logs"));
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp profile is harmless
        }
    }
}
