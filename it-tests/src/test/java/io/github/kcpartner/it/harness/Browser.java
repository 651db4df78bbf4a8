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
 *
 * <p>Launching chromium costs about 1.3 s, and the suite opens well over a hundred browser
 * sessions, so {@link #close()} does not quit: it wipes what a login leaves (cookies, cache, the
 * storage of every origin it saw, extra windows, the window size) and keeps the browser for the
 * next {@link #start()}, as a fresh one. Browsers used at the same time are distinct. They quit
 * when the test JVM ends, or at once when wiping fails.
 */
public final class Browser implements AutoCloseable {

    private static final String CHROMIUM = System.getProperty("browser.binary", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("browser.driver", "/usr/bin/chromedriver");

    private static final Duration POLL = Duration.ofMillis(50);
    private static final java.util.Deque<Browser> IDLE = new java.util.concurrent.ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            for (Browser b; (b = IDLE.poll()) != null; ) {
                                b.quit();
                            }
                        },
                        "browser-pool-quit"));
    }

    private final WebDriver driver;
    private final Path profile;
    /** Origins this session opened, whose storage {@link #close()} wipes. */
    private final java.util.Set<String> origins = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A browser with no cookies or storage: a kept one when one is idle, else a new chromium. */
    public static Browser start() {
        Browser idle = IDLE.poll();
        if (idle != null) {
            return idle;
        }
        return launch();
    }

    private static Browser launch() {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("Debian's chromium and chromium-driver are needed at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ": run the README test command, which installs them");
        }
        try {
            Path profile = Files.createTempDirectory("chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1280,900",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                    .usingAnyFreePort()
                    .build();
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        remember(url);
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

    /** Wipes what this session left and keeps the browser for the next {@link #start()}; quits when wiping fails. */
    @Override
    public void close() {
        try {
            remember(driver.getCurrentUrl());
            java.util.List<String> handles = new java.util.ArrayList<>(driver.getWindowHandles());
            for (String extra : handles.subList(1, handles.size())) {
                driver.switchTo().window(extra).close();
            }
            driver.switchTo().window(handles.get(0));
            driver.get("about:blank");
            ChromeDriver chrome = (ChromeDriver) driver;
            chrome.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
            chrome.executeCdpCommand("Network.clearBrowserCache", java.util.Map.of());
            for (String origin : origins) {
                chrome.executeCdpCommand(
                        "Storage.clearDataForOrigin", java.util.Map.of("origin", origin, "storageTypes", "all"));
            }
            origins.clear();
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
            IDLE.push(this);
        } catch (RuntimeException e) {
            quit();
        }
    }

    private void remember(String url) {
        try {
            java.net.URI uri = java.net.URI.create(url);
            if (uri.getScheme() != null && uri.getScheme().startsWith("http") && uri.getHost() != null) {
                origins.add(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
            }
        } catch (IllegalArgumentException e) {
            // not a URL worth remembering
        }
    }

    private void quit() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            // already gone
        }
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp profile is harmless
        }
    }
}
