package io.github.kcpartner.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsvaImporterTest {

    private static final String MINIMAL = """
            {"partner": {"name": "Min", "role": "rp", "configuration": {
              "clientId": "min-rp", "clientSecret": "s3cr3t-value",
              "basicConfiguration": {"activeDelegateId": "metadataEndpointUrl",
                "properties": {"metadataEndpointUrl": "https://op.example/.well-known/openid-configuration"}}%s}}%s}
            """;

    private static ImportPlan plan(String json) {
        return IsvaImporter.plan(json.getBytes(StandardCharsets.UTF_8), IsvaFixtures.options());
    }

    private static ImportPlan minimal(String configuration, String rest) {
        return plan(MINIMAL.formatted(configuration, rest));
    }

    private static Map<String, ReportEntry> byField(ImportPlan plan) {
        return plan.report().stream().collect(Collectors.toMap(ReportEntry::field, e -> e, (a, b) -> b));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "metadata-javascript.json",
                "nometadata-jwe-webservice.json",
                "advanced-configuration.json",
                "unknown-fields.json"
            })
    @DisplayName("given an ISVA fixture, then the plan and the report are exactly the expected ones")
    void fixtures(String fixture) {
        ImportPlan plan = IsvaImporter.plan(IsvaFixtures.read(fixture), IsvaFixtures.options());

        assertThat(IsvaFixtures.render(plan)).isEqualTo(IsvaFixtures.expected(fixture));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "metadata-javascript.json, acme-client-secret-from-isva",
        "advanced-configuration.json, initech-secret-from-isva",
        "unknown-fields.json, hooli-secret-from-isva"
    })
    @DisplayName("given a client secret, then no part of the plan holds it: a vault reference and the file to create")
    void secretNeverEchoed(String fixture, String secret) {
        ImportPlan plan = IsvaImporter.plan(IsvaFixtures.read(fixture), IsvaFixtures.options());

        assertThat(plan.toString()).doesNotContain(secret);
        assertThat(plan.config().get("clientSecret")).isEqualTo("${vault." + plan.alias() + "-client-secret}");
        assertThat(plan.vault()).extracting(VaultSecret::file).contains("/vault/it_" + plan.alias() + "-client-secret");
    }

    @Test
    @DisplayName("given every fixture, then every field of the input is in the report, once or with each reading")
    void everyFieldReported() {
        for (String fixture : List.of(
                "metadata-javascript.json",
                "nometadata-jwe-webservice.json",
                "advanced-configuration.json",
                "unknown-fields.json")) {
            ImportPlan plan = IsvaImporter.plan(IsvaFixtures.read(fixture), IsvaFixtures.options());
            Set<String> reported =
                    plan.report().stream().map(ReportEntry::field).collect(Collectors.toSet());
            assertThat(reported).as(fixture).contains("partner.name", "partner.configuration.clientId");
            assertThat(plan.report())
                    .as(fixture)
                    .allMatch(e -> List.of(ReportEntry.MAPPED, ReportEntry.DEFAULTED, ReportEntry.NOT_UNDERSTOOD)
                            .contains(e.status()));
            assertThat(plan.report())
                    .as("%s: a reason for each default and each field not understood", fixture)
                    .filteredOn(e -> !ReportEntry.MAPPED.equals(e.status()))
                    .allMatch(e -> e.reason() != null && !e.reason().isBlank());
        }
    }

    @Test
    @DisplayName("given a field and its other spelling with different values, then the second is not understood")
    void variantsDisagree() {
        ImportPlan plan = minimal(", \"performUserinfo\": true, \"perfomUserinfo\": false", "");

        Map<String, ReportEntry> report = byField(plan);
        assertThat(report.get("partner.configuration.performUserinfo").status()).isEqualTo(ReportEntry.MAPPED);
        assertThat(report.get("partner.configuration.perfomUserinfo").status()).isEqualTo(ReportEntry.NOT_UNDERSTOOD);
        assertThat(plan.config()).containsEntry("disableUserInfo", "false");
    }

    @Test
    @DisplayName("given the same value under both spellings, then the second is defaulted as the same")
    void variantsAgree() {
        ImportPlan plan = minimal(", \"performUserinfo\": true, \"performUserInfo\": true", "");

        assertThat(byField(plan).get("partner.configuration.performUserInfo").status())
                .isEqualTo(ReportEntry.DEFAULTED);
        assertThat(plan.notUnderstood()).isZero();
    }

    @Test
    @DisplayName(
            "given a JavaScript identity mapping whose rule was not supplied, then the reference is not understood")
    void missingRule() {
        ImportPlan plan = minimal(
                ", \"identityMapping\": {\"activeDelegateId\": \"default-map\","
                        + " \"properties\": {\"identityMappingRuleReference\": \"44\"}}",
                "");

        ReportEntry ref =
                byField(plan).get("partner.configuration.identityMapping.properties.identityMappingRuleReference");
        assertThat(ref.status()).isEqualTo(ReportEntry.NOT_UNDERSTOOD);
        assertThat(ref.reason()).contains("GET /iam/access/v8/mapping-rules/44");
        assertThat(plan.rules()).isEmpty();
    }

    @Test
    @DisplayName("given no identity mapping, then the federation default is reported with why")
    void federationDefault() {
        ImportPlan plan = minimal("", "");

        ReportEntry e = byField(plan).get("partner.configuration.identityMapping");
        assertThat(e.status()).isEqualTo(ReportEntry.DEFAULTED);
        assertThat(e.reason()).contains("identityMapping=federation");
        assertThat(plan.notUnderstood()).isZero();
        assertThat(plan.alias()).isEqualTo("min");
    }

    @ParameterizedTest(name = "file {0}, deployed {1}, overwrite {2} -> {3}")
    @CsvSource({
        "none, false, false, create",
        "same, true, false, unchanged",
        "other, true, false, conflict",
        "other, true, true, overwrite",
        "none, true, false, conflict",
        "none, true, true, overwrite"
    })
    @DisplayName("given a rule already deployed, then it is never replaced without overwrite")
    void ruleActions(String file, boolean deployed, boolean overwrite, String action) {
        String script = "result.setUsername(claims.idToken.sub);\n";
        String json = MINIMAL.formatted(
                ", \"identityMapping\": {\"activeDelegateId\": \"default-map\","
                        + " \"properties\": {\"identityMappingRuleReference\": \"5\"}}",
                ", \"mappingRules\": [{\"id\": \"5\", \"name\": \"min-identity\", \"content\": "
                        + "\"result.setUsername(claims.idToken.sub);\\n\"}]");
        Optional<String> current = switch (file) {
            case "same" -> Optional.of(script);
            case "other" -> Optional.of("result.setUsername('x');\n");
            default -> Optional.empty();
        };
        ImportPlan plan = IsvaImporter.plan(
                json.getBytes(StandardCharsets.UTF_8),
                new IsvaImporter.Options(
                        null, "it", null, deployed ? Set.of("min-identity") : Set.of(), n -> current, overwrite));

        assertThat(plan.rules()).singleElement().extracting(PlannedRule::action).isEqualTo(action);
        assertThat(plan.config()).containsEntry("identityMappingRule", "min-identity");
    }

    @Test
    @DisplayName("given an alias asked for, then it is used; a bad one is refused")
    void alias() {
        byte[] json = MINIMAL.formatted("", "").getBytes(StandardCharsets.UTF_8);
        ImportPlan plan = IsvaImporter.plan(
                json, new IsvaImporter.Options("partner-7", "it", null, Set.of(), n -> Optional.empty(), false));
        assertThat(plan.alias()).isEqualTo("partner-7");
        assertThat(plan.displayName()).isEqualTo("Min");

        assertThatThrownBy(() -> IsvaImporter.plan(
                        json, new IsvaImporter.Options("../x", "it", null, Set.of(), n -> Optional.empty(), false)))
                .isInstanceOf(ImportRefusedException.class)
                .extracting(e -> ((ImportRefusedException) e).error())
                .isEqualTo("invalid_alias");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON | {\"partner\": | invalid_json | not JSON",
                "an array | [1, 2] | invalid_json | not a JSON object",
                "no configuration | {\"partner\": {\"name\": \"x\"}} | not_oidc_rp_partner | no \"configuration\"",
                "a SAML SP | {\"partner\": {\"name\": \"x\", \"role\": \"sp\", \"configuration\": {}}} | not_oidc_rp_partner | not \"rp\"",
                "no client ID | {\"partner\": {\"name\": \"x\", \"configuration\": {\"singleSignOnService\": []}}} | not_oidc_rp_partner | no clientId",
                "mappingRules not a list | {\"partner\": {\"name\": \"x\", \"configuration\": {\"clientId\": \"a\", \"basicConfiguration\": {}}}, \"mappingRules\": {}} | invalid_input | not a JSON array",
                "a rule name with a path | {\"partner\": {\"name\": \"x\", \"configuration\": {\"clientId\": \"a\", \"basicConfiguration\": {}}}, \"mappingRules\": [{\"id\": \"1\", \"name\": \"../evil\", \"content\": \"x\"}]} | invalid_rule_name | ../evil",
                "two rules of one name | {\"partner\": {\"name\": \"x\", \"configuration\": {\"clientId\": \"a\", \"basicConfiguration\": {}}}, \"mappingRules\": [{\"id\": \"1\", \"name\": \"r\", \"content\": \"x\"}, {\"id\": \"2\", \"name\": \"r\", \"content\": \"y\"}]} | invalid_input | two mapping rules",
                "a rule without script | {\"partner\": {\"name\": \"x\", \"configuration\": {\"clientId\": \"a\", \"basicConfiguration\": {}}}, \"mappingRules\": [{\"id\": \"1\", \"name\": \"r\"}]} | invalid_input | no content",
                "no name and no alias | {\"partner\": {\"configuration\": {\"clientId\": \"a\", \"basicConfiguration\": {}}}} | invalid_alias | ?alias="
            })
    @DisplayName("given bad input, then the import is refused with the reason")
    void refused(String what, String json, String error, String reason) {
        assertThatThrownBy(() -> plan(json))
                .isInstanceOf(ImportRefusedException.class)
                .hasMessageContaining(reason)
                .extracting(e -> ((ImportRefusedException) e).error())
                .isEqualTo(error);
    }

    @Test
    @DisplayName("given more than 1 MiB, then the import is refused before parsing")
    void tooLarge() {
        byte[] big = new byte[IsvaImporter.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');

        assertThatThrownBy(() -> IsvaImporter.plan(big, IsvaFixtures.options()))
                .isInstanceOf(ImportRefusedException.class)
                .extracting(e -> ((ImportRefusedException) e).error())
                .isEqualTo("too_large");
    }

    @Test
    @DisplayName("given a partner as ISVA returns it, without the wrapper, then its fields are read at the top")
    void bare() {
        ImportPlan plan = plan("""
                {"name": "Bare", "configuration": {"clientId": "b", "clientSecret": "",
                 "basicConfiguration": {"activeDelegateId": "noMetadata", "properties": {
                   "issuerIdentifier": "https://op.example", "authorizationEndpointUrl": "https://op.example/a",
                   "tokenEndpointUrl": "https://op.example/t", "responseTypes": ["code"]}}}}
                """);

        assertThat(byField(plan).get("configuration.clientSecret").reason()).contains("public client");
        assertThat(plan.config()).doesNotContainKey("clientSecret").containsEntry("tokenUrl", "https://op.example/t");
        assertThat(plan.vault()).isEmpty();
    }

    @Test
    @DisplayName("given rules, then the report never holds a script, referenced or not")
    void scriptsNotInReport() {
        ImportPlan plan = IsvaImporter.plan(IsvaFixtures.read("advanced-configuration.json"), IsvaFixtures.options());

        assertThat(plan.report())
                .filteredOn(e -> e.field().endsWith(".content"))
                .hasSize(2)
                .allMatch(e -> e.value() == null);
        assertThat(plan.report().toString()).doesNotContain("setParameter");
    }

    @Test
    @DisplayName("given an ISVA rule with ISVA's Java API, then its content is not understood with the line")
    void isvaApiRule() {
        ImportPlan plan = IsvaImporter.plan(IsvaFixtures.read("unknown-fields.json"), IsvaFixtures.options());

        ReportEntry content = byField(plan).get("mappingRules[0].content");
        assertThat(content.status()).isEqualTo(ReportEntry.NOT_UNDERSTOOD);
        assertThat(content.reason()).contains("line 1", "importClass");
        assertThat(content.value()).isNull();
    }

    @Test
    @DisplayName("every row of the table is read by at least one fixture (or a variant of it)")
    void tableCovered() {
        Set<String> seen = new java.util.HashSet<>();
        for (String fixture : List.of(
                "metadata-javascript.json",
                "nometadata-jwe-webservice.json",
                "advanced-configuration.json",
                "unknown-fields.json")) {
            IsvaImporter.plan(IsvaFixtures.read(fixture), IsvaFixtures.options()).report().stream()
                    .map(e -> e.field().replaceFirst("^partner\\.", "").replaceAll("\\[\\d+]", "[]"))
                    .map(f -> f.replace("advancedConfiguration", "advanceConfiguration"))
                    .forEach(seen::add);
        }
        for (IsvaFieldTable.Row row : IsvaFieldTable.ROWS) {
            String parent = row.field().substring(0, row.field().lastIndexOf('.') + 1);
            boolean read =
                    seen.contains(row.field()) || row.variants().stream().anyMatch(v -> seen.contains(parent + v));
            if (!List.of(
                            "configuration.identityMapping.properties.identityMappingRule",
                            "configuration.identityMapping.properties.basicAuthUsername",
                            "configuration.identityMapping.properties.basicAuthPassword")
                    .contains(row.field())) {
                assertThat(read).as(row.field()).isTrue();
            }
        }
    }
}
