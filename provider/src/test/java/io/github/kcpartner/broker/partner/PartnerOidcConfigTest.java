package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.models.IdentityProviderModel;

class PartnerOidcConfigTest {

    private static PartnerOidcConfig config(Map<String, String> values) {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("p");
        model.setProviderId(PartnerOidcIdentityProviderFactory.PROVIDER_ID);
        model.getConfig().putAll(values);
        return new PartnerOidcConfig(model);
    }

    private static Map<String, String> valid() {
        return Map.of(
                "clientId",
                "rp",
                "clientSecret",
                "${vault.partner_secret}",
                "issuer",
                "https://op.example",
                "authorizationUrl",
                "https://op.example/authorize",
                "tokenUrl",
                "https://op.example/token",
                "useJwksUrl",
                "true",
                "jwksUrl",
                "https://op.example/jwks");
    }

    private static Map<String, String> valid(String key, String value) {
        Map<String, String> map = new java.util.HashMap<>(valid());
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
        return map;
    }

    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource({
        "code,                code,                query",
        "token id_token,      id_token token,      form_post",
        "id_token code,       code id_token,       form_post",
        "'code,token',        code token,          form_post",
        "token code id_token, code id_token token, form_post",
    })
    @DisplayName("given any order or separator, then the response type is normalised and the mode defaults by type")
    void normalisesResponseType(String raw, String normal, String mode) {
        PartnerOidcConfig c = config(valid("responseType", raw));
        assertThat(c.getResponseType()).isEqualTo(normal);
        assertThat(c.getResponseMode()).isEqualTo(mode);
    }

    @Test
    @DisplayName("given a valid configuration, then no rule is violated")
    void validHasNoProblems() {
        assertThat(PartnerOidcConfigRules.check(config(valid()))).isEmpty();
    }

    @Test
    @DisplayName("given no secret, then the client is public, PKCE S256 is forced and an implicit type is refused")
    void publicClient() {
        PartnerOidcConfig c = config(valid("clientSecret", null));
        assertThat(c.isPublicClient()).isTrue();
        assertThat(c.isPkceEnabled()).isTrue();
        assertThat(c.getPkceMethod()).isEqualTo("S256");
        assertThat(PartnerOidcConfigRules.check(config(valid("clientSecret", null))))
                .isEmpty();
        Map<String, String> implicit = valid("clientSecret", null);
        implicit.put("responseType", "id_token");
        assertThat(PartnerOidcConfigRules.check(config(implicit)))
                .contains(PartnerOidcConfigRules.IMPLICIT_NEEDS_CONFIDENTIALITY);
    }

    @Test
    @DisplayName("given a code type without token endpoint or metadata, then it is refused")
    void codeNeedsTokenEndpoint() {
        assertThat(PartnerOidcConfigRules.check(config(valid("tokenUrl", null))))
                .contains(PartnerOidcConfigRules.CODE_NEEDS_TOKEN_ENDPOINT);
        Map<String, String> withMetadata = valid("tokenUrl", null);
        withMetadata.put("metadataDescriptorUrl", "https://op.example/.well-known/openid-configuration");
        assertThat(PartnerOidcConfigRules.check(config(withMetadata))).isEmpty();
    }

    @Test
    @DisplayName("given query mode with a type that returns tokens, or client_secret_jwt without secret, then refused")
    void frontChannelAndClientAuth() {
        Map<String, String> implicit = valid("responseType", "id_token");
        implicit.put("responseMode", "query");
        assertThat(PartnerOidcConfigRules.check(config(implicit))).contains(PartnerOidcConfigRules.QUERY_ONLY_FOR_CODE);
        Map<String, String> hybrid = valid("responseType", "code id_token");
        hybrid.put("responseMode", "query");
        assertThat(PartnerOidcConfigRules.check(config(hybrid))).contains(PartnerOidcConfigRules.QUERY_ONLY_FOR_CODE);
        assertThat(PartnerOidcConfigRules.check(config(valid("responseMode", "query"))))
                .isEmpty();
        Map<String, String> jwt = valid("clientSecret", null);
        jwt.put("clientAuthMethod", "client_secret_jwt");
        assertThat(PartnerOidcConfigRules.check(config(jwt))).contains(PartnerOidcConfigRules.SECRET_JWT_NEEDS_SECRET);
    }

    @Test
    @DisplayName("given private_key_jwt without a client secret, then the client is not public (no silent downgrade)")
    void privateKeyJwtIsNotPublic() {
        Map<String, String> values = valid("clientSecret", null);
        values.put("clientAuthMethod", "private_key_jwt");
        assertThat(config(values).isPublicClient()).isFalse();
    }

    @Test
    @DisplayName("given a JWKS refetch interval of 0, then it is refused (minimum 1 s); 1 is accepted")
    void jwksRefetchIntervalAtLeastOneSecond() {
        assertThat(PartnerOidcConfigRules.check(config(valid("jwksMinRefetchSeconds", "0"))))
                .containsExactly(PartnerOidcConfigRules.JWKS_REFETCH_TOO_LOW);
        assertThat(PartnerOidcConfigRules.check(config(valid("jwksMinRefetchSeconds", "1"))))
                .isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "clientSecret",
                "certificateKeystorePassword",
                "decryptionKeystorePassword",
                "identityMappingPassword",
                "identityMappingKeystorePassword",
                "identityMappingTruststorePassword"
            })
    @DisplayName(
            "given a plain password in a field Keycloak shows in clear, then it is refused; a vault reference is not")
    void secretsNeedVault(String field) {
        assertThat(PartnerOidcConfigRules.check(config(valid(field, "changeit"))))
                .contains(PartnerOidcConfigRules.SECRET_NEEDS_VAULT);
        assertThat(PartnerOidcConfigRules.check(config(valid(field, "${vault.store}"))))
                .doesNotContain(PartnerOidcConfigRules.SECRET_NEEDS_VAULT);
        PartnerOidcConfig plain = config(valid(field, "changeit"));
        String text = PartnerOidcConfigRules.describe(
                List.of(PartnerOidcConfigRules.SECRET_NEEDS_VAULT),
                plain,
                "corp_realm",
                org.keycloak.common.enums.SslRequired.EXTERNAL,
                "/opt/kc/vault");
        String key = PartnerOidcConfigRules.vaultKey("p", field);
        assertThat(key).doesNotContain("_").startsWith("p-");
        assertThat(text)
                .as("the refusal names the reference to type and the files-vault file to create")
                .contains("must be a vault reference")
                .doesNotContain("\"" + field + "\"") // named by its label
                .contains("${vault." + key + "}")
                .contains("/opt/kc/vault/corp__realm_" + key)
                .doesNotContain("changeit");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "metadataDescriptorUrl, not a url",
        "metadataDescriptorUrl, htp://x",
        "authorizationUrl,      /relative/authorize",
        "tokenUrl,              https://",
        "userInfoUrl,           ftp://op.example/userinfo",
        "jwksUrl,               op.example/jwks",
        "logoutUrl,             mailto:admin@op.example"
    })
    @DisplayName("given a URL setting that is not an absolute http(s) URL, then the save is refused naming the field")
    void badUrlRefused(String key, String value) {
        PartnerOidcConfig c = config(valid(key, value));
        var problems = PartnerOidcConfigRules.check(c);
        assertThat(problems).contains(PartnerOidcConfigRules.URL_INVALID);
        String label = key.equals("metadataDescriptorUrl") ? "Partner: Metadata URL" : null;
        String text =
                PartnerOidcConfigRules.describe(problems, c, "r", org.keycloak.common.enums.SslRequired.EXTERNAL, null);
        assertThat(text).contains("must be an absolute http or https URL").doesNotContain("partnerOidc.");
        if (label != null) {
            assertThat(text).contains("\"" + label + "\"");
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"metadataDescriptorUrl", "tokenUrl", "userInfoUrl", "jwksUrl"})
    @DisplayName(
            "given http to a public host where secrets, tokens or keys travel, then it is refused unless the realm requires no SSL; localhost is allowed")
    void httpNeedsSslPolicy(String key) {
        PartnerOidcConfig remote = config(valid(key, "http://op.example.com/x"));
        assertThat(PartnerOidcConfigRules.check(remote, org.keycloak.common.enums.SslRequired.EXTERNAL))
                .contains(PartnerOidcConfigRules.URL_NEEDS_HTTPS);
        assertThat(PartnerOidcConfigRules.describe(
                        List.of(PartnerOidcConfigRules.URL_NEEDS_HTTPS),
                        remote,
                        "r",
                        org.keycloak.common.enums.SslRequired.EXTERNAL,
                        null))
                .contains("must use https")
                .doesNotContain("''");
        assertThat(PartnerOidcConfigRules.check(remote, org.keycloak.common.enums.SslRequired.NONE))
                .doesNotContain(PartnerOidcConfigRules.URL_NEEDS_HTTPS);
        assertThat(PartnerOidcConfigRules.check(
                        config(valid(key, "http://localhost:8080/x")), org.keycloak.common.enums.SslRequired.EXTERNAL))
                .doesNotContain(PartnerOidcConfigRules.URL_NEEDS_HTTPS);
    }

    @Test
    @DisplayName("given several problems, then the alert text numbers them, one item each, without run-on punctuation")
    void severalProblemsNumbered() {
        Map<String, String> values = valid("responseType", "token");
        values.put("responseMode", "web_message");
        values.put("metadataDescriptorUrl", "not a url");
        PartnerOidcConfig c = config(values);
        String text = PartnerOidcConfigRules.describe(
                PartnerOidcConfigRules.check(c), c, "r", org.keycloak.common.enums.SslRequired.EXTERNAL, null);
        assertThat(text)
                .startsWith("3 problems: 1) ")
                .contains(" 2) ")
                .contains(" 3) ")
                .doesNotContain(".;");
    }

    @Test
    @DisplayName("given an allowed clock skew outside 0-300 s, then it is refused")
    void clockSkewRange() {
        assertThat(PartnerOidcConfigRules.check(config(valid("allowedClockSkew", "301"))))
                .contains(PartnerOidcConfigRules.CLOCK_SKEW_INVALID);
        assertThat(PartnerOidcConfigRules.check(config(valid("allowedClockSkew", "-1"))))
                .contains(PartnerOidcConfigRules.CLOCK_SKEW_INVALID);
        assertThat(PartnerOidcConfigRules.check(config(valid("allowedClockSkew", "30"))))
                .doesNotContain(PartnerOidcConfigRules.CLOCK_SKEW_INVALID);
    }

    @Test
    @DisplayName(
            "given the form, then every field has its own label starting with its section, and the web-service fields say they are for web-service mapping")
    void formSectionsAndLabels() throws Exception {
        List<String> labels = PartnerOidcConfigProperties.PROPERTIES.stream()
                .map(p -> io.github.kcpartner.messages.EnglishMessages.text(p.getLabel()))
                .toList();
        assertThat(labels).doesNotHaveDuplicates();
        assertThat(labels)
                .allMatch(l -> l.matches(
                        "(Partner|Endpoints|Signature|Encryption|Identity mapping|Web service mapping|Advanced): .+"));
        assertThat(PartnerOidcConfigProperties.PROPERTIES)
                .filteredOn(p -> p.getName().startsWith("identityMapping")
                        && !p.getName().equals("identityMapping")
                        && !p.getName().equals("identityMappingRule"))
                .allMatch(p -> io.github.kcpartner.messages.EnglishMessages.text(p.getLabel())
                        .startsWith("Web service mapping: "));
        assertThat(PartnerOidcConfigProperties.PROPERTIES)
                .extracting(org.keycloak.provider.ProviderConfigProperty::getName)
                .contains("metadataDescriptorUrl", "authorizationUrl", "tokenUrl")
                // clientId and clientSecret: Keycloak's general section; the rest: Keycloak's or not honoured
                .doesNotContain(
                        "clientId",
                        "clientSecret",
                        "validateSignature",
                        "disableNonce",
                        "defaultScope",
                        "disableUserInfo");
        assertThat(PartnerOidcConfigProperties.PROPERTIES)
                .filteredOn(p -> p.getName().toLowerCase(java.util.Locale.ROOT).contains("password"))
                .allMatch(org.keycloak.provider.ProviderConfigProperty::isSecret);
        assertThat(PartnerOidcIdentityProviderFactory.PROVIDER_ID).doesNotContain("oidc");
    }

    @Test
    @DisplayName(
            "given a configuration without useJwksUrl, then the JWK set is used unless a public key or a certificate is given")
    void jwksByDefault() {
        Map<String, String> values = valid("useJwksUrl", null);
        assertThat(config(values).isUseJwksUrl()).isTrue();
        values.put("publicKeySignatureVerifier", "MIIB...");
        assertThat(config(values).isUseJwksUrl()).isFalse();
        values.put("useJwksUrl", "true");
        assertThat(config(values).isUseJwksUrl()).isTrue();
    }

    @Test
    @DisplayName(
            "given a validating public key as Keycloak's oidc provider stores it (bare base64), then it is accepted; garbage is refused at save time")
    void publicKeyAsKeycloakStoresIt() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String base64 = java.util.Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded());
        Map<String, String> values = valid("useJwksUrl", "false");
        values.remove("jwksUrl");
        values.put("publicKeySignatureVerifier", base64);
        assertThat(PartnerOidcConfigRules.check(config(values)))
                .doesNotContain(PartnerOidcConfigRules.PUBLIC_KEY_INVALID);
        values.put("publicKeySignatureVerifier", "not-a-key");
        assertThat(PartnerOidcConfigRules.check(config(values))).contains(PartnerOidcConfigRules.PUBLIC_KEY_INVALID);
        assertThat(PartnerOidcConfigRules.describe(List.of(PartnerOidcConfigRules.PUBLIC_KEY_INVALID)))
                .contains("neither a PEM certificate nor an RSA or EC public key");
    }

    @Test
    @DisplayName("given a vault reference as secret, then HS512 is not refused for the reference's length")
    void vaultSecretStandsIn() {
        Map<String, String> values = valid("clientSecret", "${vault.partner}");
        values.put("signatureAlgorithm", "HS512");
        values.put("useJwksUrl", "false");
        values.remove("jwksUrl");
        assertThat(PartnerOidcConfigRules.check(config(values))).isEmpty();
    }

    @Test
    @DisplayName(
            "given an unknown response type or mode, then each is refused with its English text and no message key")
    void unknownTypeAndMode() {
        Map<String, String> values = valid("responseType", "token");
        values.put("responseMode", "web_message");
        var problems = PartnerOidcConfigRules.check(config(values));
        assertThat(problems)
                .contains(PartnerOidcConfigRules.RESPONSE_TYPE_INVALID, PartnerOidcConfigRules.RESPONSE_MODE_INVALID);
        assertThat(PartnerOidcConfigRules.describe(problems))
                .contains("The response type must be one of")
                .contains("The response mode must be")
                .doesNotContain("partnerOidc.error");
    }

    @Test
    @DisplayName("given nonce settings, then a nonce is always sent")
    void nonceAlways() {
        assertThat(config(valid("disableNonce", "true")).isDisableNonce()).isFalse();
    }

    @Test
    @DisplayName(
            "given a JavaScript identity mapping whose rule an import is about to write, then the rules accept it; a plain secret is refused with its vault key")
    void plannedRulesCountAsDeployed() {
        Map<String, String> js = valid("identityMapping", "javascript");
        js.put("identityMappingRule", "imported-rule");
        org.keycloak.models.RealmModel realm = org.mockito.Mockito.mock(org.keycloak.models.RealmModel.class);
        org.mockito.Mockito.when(realm.getSslRequired()).thenReturn(org.keycloak.common.enums.SslRequired.EXTERNAL);
        org.mockito.Mockito.when(realm.getName()).thenReturn("r");

        assertThat(config(js).saveProblems(realm, java.util.Set.of("imported-rule")))
                .isNull();
        js.put("clientSecret", "S3cr3tV4lue");
        assertThat(config(js).saveProblems(realm, java.util.Set.of("imported-rule")))
                .contains("${vault." + PartnerOidcConfig.vaultKey("p", "clientSecret") + "}")
                .doesNotContain("S3cr3tV4lue");
    }
}
