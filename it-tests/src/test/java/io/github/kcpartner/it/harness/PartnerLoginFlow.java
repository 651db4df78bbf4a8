package io.github.kcpartner.it.harness;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A browser login at a test realm through one of its identity providers ({@code kc_idp_hint}),
 * filling the partner's login form when it shows one, up to the test client's redirect URI or
 * Keycloak's error page.
 */
public final class PartnerLoginFlow {

    /** How a login ended: at the client with a code, or on Keycloak's error page with its text. */
    public record Outcome(boolean success, String finalUrl, String errorText) {}

    private PartnerLoginFlow() {}

    public static Outcome login(
            Browser browser, KeycloakServer server, TestRealm realm, String alias, String username, String password) {
        return login(browser, server, realm, alias, username, password, null);
    }

    /** As {@link #login}, asking for the pages in {@code uiLocales} (OIDC {@code ui_locales}) when not null. */
    public static Outcome login(
            Browser browser,
            KeycloakServer server,
            TestRealm realm,
            String alias,
            String username,
            String password,
            String uiLocales) {
        String redirect = realm.receiver().url();
        String url = server.baseUrl() + "/realms/" + realm.name() + "/protocol/openid-connect/auth"
                + "?client_id=" + TestRealm.CLIENT_ID
                + "&response_type=code&scope=openid"
                + "&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                + "&state=" + UUID.randomUUID() + "&kc_idp_hint=" + alias
                + (uiLocales == null ? "" : "&ui_locales=" + uiLocales);
        browser.open(url);
        WebDriver driver = browser.driver();
        WebDriverWait wait = Browser.waiting(driver, Duration.ofSeconds(30));
        wait.until(d -> atClient(d, redirect)
                || hasError(d)
                || !d.findElements(By.name("login")).isEmpty());
        if (!atClient(driver, redirect) && !hasError(driver)) {
            browser.type(By.name("login"), username);
            browser.type(By.name("password"), password);
            browser.click(By.id("submit"));
            wait.until(d -> atClient(d, redirect) || hasError(d));
        }
        if (atClient(driver, redirect)) {
            return new Outcome(driver.getCurrentUrl().contains("code="), driver.getCurrentUrl(), null);
        }
        return new Outcome(
                false,
                driver.getCurrentUrl(),
                driver.findElement(By.id("kc-error-message")).getText());
    }

    private static boolean atClient(WebDriver driver, String redirect) {
        return driver.getCurrentUrl().startsWith(redirect);
    }

    private static boolean hasError(WebDriver driver) {
        return !driver.findElements(By.id("kc-error-message")).isEmpty();
    }
}
