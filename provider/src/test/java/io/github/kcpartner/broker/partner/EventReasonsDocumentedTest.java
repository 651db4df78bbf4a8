package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.kcpartner.jose.TokenValidationException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The documented list of login event reasons (docs/partner-oidc.md) is checked against the code, so it cannot drift. */
class EventReasonsDocumentedTest {

    private static final Pattern LITERAL_REASON =
            Pattern.compile("new PartnerLoginException\\(\\s*\"([a-z_:]+[a-z])\"");

    @Test
    @DisplayName("every reason the partner login can record is in docs/partner-oidc.md")
    void everyReasonDocumented() throws Exception {
        Set<String> reasons = new TreeSet<>();
        for (Field f : TokenValidationException.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                reasons.add((String) f.get(null));
            }
        }
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = LITERAL_REASON.matcher(Files.readString(file, StandardCharsets.UTF_8));
                while (m.find()) {
                    reasons.add(m.group(1));
                }
            }
        }
        reasons.addAll(Set.of(
                KeycloakCompatibility.REASON,
                PartnerNonce.NOT_FOR_THIS_PROVIDER,
                PartnerEndpoints.INSECURE_ENDPOINT,
                "missing_code",
                "missing_access_token",
                "unexpected_error",
                "missing_state"));
        assertThat(reasons).hasSizeGreaterThan(40);
        String doc = doc();
        assertThat(reasons)
                .allSatisfy(reason -> assertThat(doc)
                        .as("docs/partner-oidc.md documents %s", reason)
                        .contains("`" + reason + "`"));
    }

    private static String doc() throws IOException {
        Path doc = Path.of("..", "docs", "partner-oidc.md");
        assertThat(doc).as("docs/partner-oidc.md beside the module").exists();
        return Files.readString(doc, StandardCharsets.UTF_8);
    }
}
