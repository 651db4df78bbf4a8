package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

/** The comparison table of docs/partner-oidc.md is read against the provider's property list, so it cannot drift. */
class OptionsTableTest {

    /** Keycloak's own fields of the same console page that the provider reads. */
    private static final Set<String> KEYCLOAK_FIELDS =
            Set.of("clientId", "clientSecret", "defaultScope", "disableUserInfo");

    private static final String HEADING = "## Every option against ISVA, Keycloak's `oidc` broker and mod_auth_openidc";

    /** key -> the row's cells, from the table under {@link #HEADING}. */
    private static Map<String, List<String>> rows() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "partner-oidc.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf(HEADING);
        assertThat(start).as("the table's heading in docs/partner-oidc.md").isNotNegative();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("|")) {
                inTable = true;
                List<String> cells = List.of(
                                line.substring(1, line.length() - 1).split("\\|", -1))
                        .stream()
                        .map(String::strip)
                        .toList();
                if (cells.get(1).startsWith("`")) {
                    assertThat(rows.put(cells.get(1).replace("`", ""), cells))
                            .as("one row per key: %s", cells.get(1))
                            .isNull();
                }
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    @Test
    @DisplayName(
            "every property of the provider has its row, with the console label, and every row names a real setting")
    void tableMatchesProperties() throws IOException {
        Map<String, List<String>> rows = rows();
        Set<String> keys = PartnerOidcConfigProperties.PROPERTIES.stream()
                .map(ProviderConfigProperty::getName)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        for (ProviderConfigProperty p : PartnerOidcConfigProperties.PROPERTIES) {
            assertThat(rows).as("a row for %s", p.getName()).containsKey(p.getName());
            assertThat(rows.get(p.getName()).get(0))
                    .as("the console label of %s", p.getName())
                    .isEqualTo(io.github.kcpartner.messages.EnglishMessages.text(p.getLabel()));
        }
        for (Map.Entry<String, List<String>> row : rows.entrySet()) {
            assertThat(keys.contains(row.getKey()) || KEYCLOAK_FIELDS.contains(row.getKey()))
                    .as("row %s names a setting of the provider or a Keycloak field it reads", row.getKey())
                    .isTrue();
            assertThat(row.getValue())
                    .as("five columns in row %s", row.getKey())
                    .hasSize(5);
            assertThat(row.getValue())
                    .as("no empty cell in row %s", row.getKey())
                    .noneMatch(String::isEmpty);
        }
        assertThat(rows.keySet()).containsAll(KEYCLOAK_FIELDS);
    }
}
