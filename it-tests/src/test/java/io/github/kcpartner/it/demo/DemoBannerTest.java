package io.github.kcpartner.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The vault guidance a newcomer reads: the demo's banner and the README's recipe follow Keycloak's files-vault naming. */
class DemoBannerTest {

    /** A files-vault file of realm {@code realm} for {@code ${vault.key}} (REALM_UNDERSCORE_KEY: underscores doubled). */
    private static String vaultFile(String realm, String key) {
        return realm.replace("_", "__") + "_" + key.replace("_", "__");
    }

    @Test
    @DisplayName(
            "given the demo is up, then its banner prints the vault directory and an example whose file matches its reference")
    void bannerShowsVault() {
        Path vault = Path.of("/tmp/demo-vault");
        String banner = Demo.banner(42, "http://localhost:8080", "https://a", "https://b", "kc.log", vault);
        assertThat(banner).contains("Vault directory").contains("/tmp/demo-vault");
        Matcher file = Pattern.compile("> /tmp/demo-vault/(\\S+)").matcher(banner);
        Matcher ref = Pattern.compile("\\$\\{vault\\.([^}]+)}").matcher(banner);
        assertThat(file.find()).isTrue();
        assertThat(ref.find()).isTrue();
        assertThat(file.group(1)).isEqualTo(vaultFile("partner-demo", ref.group(1)));
        assertThat(banner).contains("printf '%s' 'the-secret'");
    }

    @Test
    @DisplayName("given the README's vault recipe, then its file name is the one Keycloak reads for its reference")
    void readmeRecipeConsistent() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        Matcher start = Pattern.compile("--vault-dir=(\\S+)").matcher(readme);
        assertThat(start.find()).as("the recipe's kc.sh start line").isTrue();
        String dir = start.group(1);
        Matcher file = Pattern.compile("> " + Pattern.quote(dir) + "/(\\S+)").matcher(readme);
        Matcher ref = Pattern.compile("Client Secret: \\$\\{vault\\.([^}]+)}").matcher(readme);
        Matcher realm = Pattern.compile("for realm `([^`]+)`").matcher(readme);
        assertThat(file.find() && ref.find() && realm.find()).isTrue();
        assertThat(file.group(1)).isEqualTo(vaultFile(realm.group(1), ref.group(1)));
    }
}
