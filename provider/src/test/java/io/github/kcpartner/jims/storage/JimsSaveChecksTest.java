package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;

/** The English text an administrator reads when the console refuses to save a {@code jims} component. */
class JimsSaveChecksTest {

    private static MultivaluedHashMap<String, String> valid() {
        MultivaluedHashMap<String, String> m = new MultivaluedHashMap<>();
        m.putSingle("primaryAddress", "jims1.example.com");
        m.putSingle("primaryClientId", "kc");
        m.putSingle("primaryClientSecret", "${vault.jims}");
        return m;
    }

    private static MultivaluedHashMap<String, String> withSecondary() {
        MultivaluedHashMap<String, String> m = valid();
        m.putSingle("secondaryAddress", "jims2.example.com");
        m.putSingle("secondaryClientId", "kc");
        m.putSingle("secondaryClientSecret", "${vault.jims2}");
        return m;
    }

    /** The message the console shows for a save refused with these settings changed (as Keycloak builds it). */
    private static String refusal(MultivaluedHashMap<String, String> m, Map<String, String> changes) {
        changes.forEach(m::putSingle);
        ComponentModel model = new ComponentModel();
        model.setConfig(m);
        ComponentValidationException e = catchThrowableOfType(
                () -> new JimsUserStorageProviderFactory().validateConfiguration(null, null, model),
                ComponentValidationException.class);
        assertThat(e).as("refused: %s", changes).isNotNull();
        return ConfigProblemTexts.format(e.getMessage(), e.getParameters());
    }

    @Test
    @DisplayName("given the primary port 70000, then the message names the primary server, the range and the value")
    void primaryPort() {
        assertThat(refusal(valid(), Map.of("primaryPort", "70000")))
                .isEqualTo("Primary server port must be 1-65535, was 70000.");
    }

    @Test
    @DisplayName("given the secondary port 0, then the message names the secondary server")
    void secondaryPort() {
        assertThat(refusal(withSecondary(), Map.of("secondaryPort", "0")))
                .isEqualTo("Secondary server port must be 1-65535, was 0.");
    }

    @Test
    @DisplayName("given a port that is not a number, then the message names the field by its label")
    void portNotANumber() {
        assertThat(refusal(withSecondary(), Map.of("secondaryPort", "443a")))
                .isEqualTo("Secondary server: Port must be a whole number, was 443a.");
    }

    @Test
    @DisplayName("given a URL as the primary address, then it is refused: the host only, no scheme, port or path")
    void addressIsUrl() {
        assertThat(refusal(valid(), Map.of("primaryAddress", "https://jims1.example.com/api")))
                .isEqualTo("Primary server address https://jims1.example.com/api must be a host name or IP address"
                        + " only: no scheme such as https://, no port and no path (port and connect method have"
                        + " their own fields).");
    }

    @Test
    @DisplayName("given a malformed secondary address, then the message names the secondary server")
    void badAddress() {
        assertThat(refusal(withSecondary(), Map.of("secondaryAddress", "jims 2.example.com")))
                .isEqualTo("Secondary server address jims 2.example.com is not a host name or IP address.");
    }

    @Test
    @DisplayName("given a host name as source address, then it is refused: an IP address is needed there")
    void sourceAddressNotIp() {
        assertThat(refusal(valid(), Map.of("primarySourceAddress", "me.example.com")))
                .isEqualTo("Primary server source address me.example.com is not an IP address.");
    }

    @Test
    @DisplayName("given a URL as the token API path, then it is refused as a path")
    void tokenApiUrl() {
        assertThat(refusal(valid(), Map.of("primaryTokenApi", "https://jims1.example.com/oauth")))
                .startsWith("Primary server token API path must be a path of 1 to 128 characters");
    }

    @Test
    @DisplayName("given durations out of range, then each message names its field, range, unit and value")
    void badDurations() {
        assertThat(refusal(valid(), Map.of("primaryConnectTimeoutMs", "50")))
                .isEqualTo("Primary server connect timeout must be 100-120000 ms, was 50.");
        assertThat(refusal(withSecondary(), Map.of("secondaryReadTimeoutMs", "300001")))
                .isEqualTo("Secondary server read timeout must be 100-300000 ms, was 300001.");
        assertThat(refusal(valid(), Map.of("queryInterval", "61")))
                .isEqualTo("Batch: Poll interval must be 1-60 seconds, was 61.");
        assertThat(refusal(valid(), Map.of("authenticationEntryTimeout", "5")))
                .isEqualTo("Timeouts: Valid entry must be 0 (never expires) or 10-1440 minutes, was 5.");
        assertThat(refusal(valid(), Map.of("invalidAuthenticationEntryTimeout", "2000")))
                .isEqualTo("Timeouts: Invalid entry must be 0 (never expires) or 10-1440 minutes, was 2000.");
        assertThat(refusal(valid(), Map.of("queryInterval", "5s")))
                .isEqualTo("Batch: Poll interval (s) must be a whole number, was 5s.");
    }

    @Test
    @DisplayName("given several problems, then one message lists them numbered, one per item, in form order")
    void severalProblemsNumbered() {
        String text =
                refusal(withSecondary(), Map.of("primaryPort", "70000", "secondaryPort", "0", "itemsPerBatch", "5"));
        assertThat(text)
                .isEqualTo("The settings were not saved, 3 problems: 1) Primary server port must be 1-65535, was"
                        + " 70000. 2) Secondary server port must be 1-65535, was 0. 3) Batch: Items per batch must"
                        + " be 100-1000, was 5.");
        assertThat(text).doesNotContain(".;").doesNotContain("jims.");
    }

    @Test
    @DisplayName("given one problem, then Keycloak gets its message key and parameters (shown in the admin's language)")
    void oneProblemKeepsItsKey() {
        MultivaluedHashMap<String, String> m = valid();
        m.putSingle("primaryPort", "70000");
        ComponentModel model = new ComponentModel();
        model.setConfig(m);
        ComponentValidationException e = catchThrowableOfType(
                () -> new JimsUserStorageProviderFactory().validateConfiguration(null, null, model),
                ComponentValidationException.class);
        assertThat(e.getMessage()).isEqualTo("jims.error.portRange");
        assertThat(e.getParameters()).containsExactly("jims.group.primaryServer", "1", "65535", "70000");
    }
}
