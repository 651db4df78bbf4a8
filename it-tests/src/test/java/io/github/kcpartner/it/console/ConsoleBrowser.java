package io.github.kcpartner.it.console;

import io.github.kcpartner.it.harness.Browser;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.keycloak.KeycloakDistribution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Keycloak's admin console in the test browser, logged in as the bootstrap admin: opens a
 * route, reads what a person sees (labels, help popovers, select options, alerts), edits a
 * field and saves.
 */
final class ConsoleBrowser implements AutoCloseable {

    private static final Dimension WINDOW = new Dimension(1280, 900);

    private final Browser browser;
    private final String consoleUrl;

    private ConsoleBrowser(Browser browser, String consoleUrl) {
        this.browser = browser;
        this.consoleUrl = consoleUrl;
    }

    static ConsoleBrowser login(KeycloakServer server) {
        Browser browser = Browser.start();
        String consoleUrl = server.baseUrl() + "/admin/master/console/";
        browser.open(consoleUrl);
        browser.type(By.id("username"), KeycloakDistribution.ADMIN_USER);
        browser.type(By.id("password"), KeycloakDistribution.ADMIN_PASSWORD);
        browser.click(By.id("kc-login"));
        ConsoleBrowser console = new ConsoleBrowser(browser, consoleUrl);
        console.waitFor(
                "the console",
                d -> Boolean.TRUE.equals(console.js("return document.body.innerText.includes('Manage realms');")));
        return console;
    }

    /**
     * Opens a console route ({@code #/realm/...}) with a full page load and waits until the page
     * shows {@code expected} and no spinner.
     */
    void open(String fragment, String expected) {
        browser.open("about:blank");
        browser.open(consoleUrl + fragment);
        waitFor(
                "console page " + fragment + " showing \"" + expected + "\"",
                d -> Boolean.TRUE.equals(js(
                        "return document.readyState === 'complete' && document.body.innerText.includes(arguments[0])"
                                + " && document.querySelectorAll('.pf-v5-c-spinner, [role=progressbar]').length === 0;",
                        expected)));
    }

    /**
     * On the master realm's <em>Provider info</em> page: filters by {@code spi}, opens "Show more"
     * of {@code provider} and returns what its entry shows (the provider's operational info).
     */
    String providerInfo(String spi, String provider) {
        WebElement search = waitFor(
                "the search box",
                d -> d.findElements(By.cssSelector("main input[type=search], " + "main input[placeholder]")).stream()
                        .filter(WebElement::isDisplayed)
                        .findFirst()
                        .orElse(null));
        search.sendKeys(spi, Keys.ENTER);
        By item = By.xpath("//main//li[starts-with(normalize-space(.), '" + provider + "')]");
        WebElement entry = waitFor(
                "provider " + provider,
                d -> d.findElements(item).stream().findFirst().orElse(null));
        scrollTo(entry);
        entry.findElement(By.tagName("button")).click();
        waitFor(
                "the operational info of " + provider,
                d -> d.findElement(item).getText().contains("\n"));
        return driver().findElement(item).getText();
    }

    /** The page's main area as a person reads it, one entry per line. */
    List<String> mainLines() {
        String text = (String) js("var m = document.querySelector('main') || document.body; return m.innerText;");
        return Arrays.stream(text.split("\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** The values the form's selects show (Keycloak's select displays stored values, it has no option labels). */
    List<String> selectValues() {
        List<String> values = new ArrayList<>();
        for (WebElement value :
                driver().findElements(By.cssSelector("main .pf-v5-c-form__group-control .pf-v5-c-menu-toggle__text"))) {
            values.add(value.getText().strip());
        }
        return values;
    }

    /** The title of the page (its first heading). */
    String title() {
        return waitFor("the page title", d -> {
            String t = (String) js("var h = document.querySelector('main h1'); return h ? h.innerText.trim() : '';");
            return t.isEmpty() ? null : t;
        });
    }

    /** Waits until the page's main area shows every one of {@code texts} (forms render their fields in steps). */
    void awaitTexts(List<String> texts) {
        waitFor(
                "the page showing " + texts,
                d -> Boolean.TRUE.equals(js(
                        "var m = document.querySelector('main')"
                                + " || document.body; return arguments[0].every(function (t) { return m.innerText.includes(t); });",
                        texts)));
    }

    /**
     * Opens the help popovers of the fields labelled by one of {@code labels} (the provider's own:
     * the console labels a help button with the field's label, key or text) in turn and returns
     * their texts. Keycloak's own fields on the same page are Keycloak's to translate.
     */
    List<String> helpTexts(java.util.Set<String> labels) {
        return helpTexts("main", labels);
    }

    /** {@link #helpTexts(java.util.Set)} within the elements {@code scope} (a CSS selector, e.g. a dialog). */
    List<String> helpTexts(String scope, java.util.Set<String> labels) {
        List<String> texts = new ArrayList<>();
        List<WebElement> buttons = driver().findElements(By.cssSelector(scope + " button[data-testid^='help-label-']"));
        for (WebElement button : buttons) {
            if (!button.isDisplayed() || !labels.contains(button.getAttribute("aria-label"))) {
                continue;
            }
            scrollTo(button);
            js("arguments[0].click();", button);
            WebElement body = waitFor(
                    "a help popover",
                    d -> d.findElements(By.cssSelector(".pf-v5-c-popover__body")).stream()
                            .filter(WebElement::isDisplayed)
                            .findFirst()
                            .orElse(null));
            texts.add(body.getText().strip());
            js("arguments[0].click();", button);
            waitFor(
                    "the help popover to close",
                    d -> d.findElements(By.cssSelector(".pf-v5-c-popover__body"))
                            .isEmpty());
        }
        return texts;
    }

    /** Opens every select of the form in turn and returns the option texts. */
    List<String> optionTexts() {
        List<String> texts = new ArrayList<>();
        List<WebElement> toggles =
                driver().findElements(By.cssSelector("main .pf-v5-c-form__group-control button.pf-v5-c-menu-toggle"));
        for (WebElement toggle : toggles) {
            if (!toggle.isDisplayed() || !toggle.isEnabled()) {
                continue;
            }
            scrollTo(toggle);
            js("arguments[0].click();", toggle);
            List<WebElement> options = waitFor("the options of a select", d -> {
                List<WebElement> found =
                        d.findElements(By.cssSelector("[role=listbox] [role=option], .pf-v5-c-menu__list-item"));
                return found.isEmpty() ? null : found;
            });
            options.forEach(o -> texts.add(o.getText().strip()));
            js("arguments[0].click();", toggle);
            waitFor("the select to close", d -> "false".equals(toggle.getAttribute("aria-expanded")));
        }
        return texts;
    }

    /**
     * Replaces the text of the field labelled {@code label} (the last text input of its form
     * group; React-controlled: select all, delete, type).
     */
    void setText(String label, String value) {
        setText("//main", label, value);
    }

    /** {@link #setText(String, String)} within the element {@code scope} (an XPath, e.g. the page's main area or a dialog). */
    private void setText(String scope, String label, String value) {
        WebElement group = driver().findElement(By.xpath(scope + "//label[.//span[normalize-space()='" + label
                + "']]/ancestor::div[contains(concat(' ', @class, ' '), ' pf-v5-c-form__group ')][1]"));
        List<WebElement> inputs =
                group.findElements(By.cssSelector("input:not([type=hidden]):not([type=checkbox]), textarea"));
        WebElement input = inputs.get(inputs.size() - 1);
        scrollTo(input);
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(value);
    }

    /**
     * On a flow's page (Authentication &gt; a flow), opens the settings (gear) of the step shown as
     * {@code step} and waits for its dialog to show {@code expected}.
     */
    void openStepSettings(String step, String expected) {
        // the console names the title cell after the step (data-testid) and its gear "Settings"
        By gear = By.xpath("//main//tr[.//*[@data-testid='" + step + "']]//button[@aria-label='Settings']");
        WebElement button = waitFor(
                "the settings of step " + step,
                d -> d.findElements(gear).stream()
                        .filter(WebElement::isDisplayed)
                        .findFirst()
                        .orElse(null));
        scrollTo(button);
        button.click();
        waitFor(
                "the step's dialog showing \"" + expected + "\"",
                d -> Boolean.TRUE.equals(js(
                        "var m = document.querySelector('[role=dialog]'); return !!m && m.innerText.includes(arguments[0]);",
                        expected)));
    }

    /** The open dialog as a person reads it, one entry per line. */
    List<String> dialogLines() {
        String text = (String) js("return document.querySelector('[role=dialog]').innerText;");
        return Arrays.stream(text.split("\n"))
                .map(String::strip)
                .filter(t -> !t.isEmpty())
                .toList();
    }

    /** Replaces the text of the open dialog's field labelled {@code label}. */
    void setDialogText(String label, String value) {
        setText("//*[@role='dialog']", label, value);
    }

    /** Saves the open dialog and returns the alert it raises. */
    String saveDialog() {
        return save(By.cssSelector("[role=dialog] [data-testid='save']"));
    }

    /** Turns on the form's switch whose property is {@code name} (a boolean setting). */
    void switchOn(String name) {
        WebElement input = driver().findElement(By.id(name));
        scrollTo(input);
        if (!input.isSelected()) {
            js("arguments[0].click();", input);
        }
        waitFor("switch " + name + " on", d -> d.findElement(By.id(name)).isSelected());
    }

    /**
     * Clicks the form's save button and returns the text of the alert it raises (title and
     * description), after closing the alerts already shown.
     */
    String save(By saveButton) {
        closeAlerts();
        WebElement button = driver().findElement(saveButton);
        scrollTo(button);
        waitFor("the save button enabled", d -> button.isEnabled() ? button : null);
        button.click();
        WebElement alert = waitFor(
                "an alert after saving",
                d -> d.findElements(By.cssSelector(".pf-v5-c-alert")).stream()
                        .filter(WebElement::isDisplayed)
                        .findFirst()
                        .orElse(null));
        return alert.getText().strip();
    }

    private void closeAlerts() {
        for (WebElement close : driver().findElements(By.cssSelector(".pf-v5-c-alert__action button"))) {
            if (close.isDisplayed()) {
                close.click();
            }
        }
        waitFor(
                "the alerts to close",
                d -> d.findElements(By.cssSelector(".pf-v5-c-alert")).isEmpty());
    }

    /** A PNG of the whole page: the window grows to the height of the form for the shot. */
    void screenshot(Path file) {
        js("window.scrollTo(0, 0); var m = document.querySelector('main'); if (m) { m.scrollTop = 0; }");
        Number height = (Number)
                js(
                        "var m = document.querySelector('main');"
                                + " return Math.max(document.body.scrollHeight, m ? m.scrollHeight + m.getBoundingClientRect().top : 0);");
        try {
            driver().manage().window().setSize(new Dimension(WINDOW.width, Math.min(8000, height.intValue() + 40)));
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver()).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver().manage().window().setSize(WINDOW);
        }
    }

    private void scrollTo(WebElement element) {
        js("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    private WebDriver driver() {
        return browser.driver();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    private <T> T waitFor(String what, java.util.function.Function<WebDriver, T> condition) {
        try {
            return browser.waiting(Duration.ofSeconds(30)).until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(
                    "waited 30 s for " + what + "; the page shows:\n" + js("return document.body.innerText;"), e);
        }
    }

    @Override
    public void close() {
        browser.close();
    }
}
