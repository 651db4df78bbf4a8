package io.github.kcpartner.migration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcpartner.broker.identity.IdentityMappingSettings;
import io.github.kcpartner.broker.mapper.AttributeMappingConfig;
import io.github.kcpartner.broker.partner.PartnerOidcConfig;
import io.github.kcpartner.json.Json;
import io.github.kcpartner.script.RuleRepository;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an ISVA OIDC RP partner ({@code GET /iam/access/v8/federations/{f}/partners/{p}}), the
 * mapping rules it references ({@code GET /iam/access/v8/mapping-rules/{id}}) and the attribute
 * sources its attribute mapping names ({@code GET /mga/attribute_sources/{id}}) into an
 * {@link ImportPlan}. Pure: reads nothing but its arguments. Every field of the input is in the
 * report: mapped, defaulted (with why) or not understood; nothing unknown is guessed.
 *
 * <p>Request body: {@code {"partner": {...}, "mappingRules": [...], "attributeSources": [...]}}, or
 * the partner alone.
 */
public final class IsvaImporter {

    /** The largest request body accepted. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** The largest rule file the rule engine reads. */
    static final int MAX_RULE_BYTES = 256 * 1024;

    static final String SKIP_IDENTITY_MAP = "skip-identity-map";
    static final String DEFAULT_MAP = "default-map";
    static final String HTTP_CUSTOM_MAP = "default-http-custom-map";
    static final String SKIP_ADVANCE_MAP = "skip-advance-map";
    static final String WITH_METADATA = "metadataEndpointUrl";
    static final String NO_METADATA = "noMetadata";

    /** Names of ISVA's Java API in a rule: such a rule does not run in our sandbox as it is. */
    private static final Pattern ISVA_API = Pattern.compile(
            "\\b(importClass|importPackage|Packages|stsuu|IDMappingExtUtils|OAuthMappingExtUtils|PluginUtils|Java\\.type)\\b");

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Set<String> RESPONSE_TYPE_PARTS = Set.of("code", "id_token", "token");
    private static final List<String> AUTH_METHODS =
            List.of("client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt");

    /**
     * What the import needs to know of the server.
     *
     * @param alias          the alias asked for, or null to derive it from the partner's name
     * @param realm          the realm's name (for the files-vault file names)
     * @param vaultDirectory the files vault's directory, or null when the server has none
     * @param deployedRules  the names of the rules the server has now (files and shipped)
     * @param ruleFile       a rule's current file content in the rules directory, if there is one
     * @param overwrite      whether another version of a rule may be replaced
     */
    public record Options(
            String alias,
            String realm,
            String vaultDirectory,
            Set<String> deployedRules,
            Function<String, Optional<String>> ruleFile,
            boolean overwrite) {}

    private IsvaImporter() {}

    /**
     * @throws ImportRefusedException when the input cannot be imported at all
     */
    public static ImportPlan plan(byte[] body, Options options) {
        if (body == null || body.length == 0) {
            throw new ImportRefusedException(
                    "invalid_json", "the request body is empty: send the ISVA partner as JSON");
        }
        if (body.length > MAX_BYTES) {
            throw new ImportRefusedException(
                    "too_large", "the request body has more than " + MAX_BYTES + " bytes (1 MiB)");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new ImportRefusedException(
                    "invalid_json",
                    "the request body is not JSON (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw new ImportRefusedException("invalid_json", "the request body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ImportRefusedException("invalid_json", "the request body is not a JSON object");
        }
        return new Run(root, options).plan();
    }

    /** One import: the input, what was read of it, and what it became. */
    private static final class Run {

        private final JsonNode root;
        private final JsonNode partner;
        private final String partnerPrefix;
        private final Options options;
        private final Set<String> consumed = new HashSet<>();
        private final List<ReportEntry> report = new ArrayList<>();
        private final Map<String, String> config = new LinkedHashMap<>();
        private final List<PlannedMapper> mappers = new ArrayList<>();
        private final List<VaultSecret> vault = new ArrayList<>();
        private final Map<String, JsonNode> rulesById = new LinkedHashMap<>();
        private final Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        private final Set<String> referencedRules = new LinkedHashSet<>();
        private final Map<String, Integer> sourceIndex = new LinkedHashMap<>();
        private final Set<Integer> usedSources = new HashSet<>();
        private String alias;
        private boolean enabled = true;

        Run(JsonNode root, Options options) {
            this.root = root;
            this.options = options;
            boolean wrapped = root.has("partner");
            this.partner = wrapped ? root.get("partner") : root;
            this.partnerPrefix = wrapped ? "partner" : "";
        }

        ImportPlan plan() {
            checkShape();
            indexRules();
            indexSources();
            top();
            JsonNode configuration = partner.get("configuration");
            String c = path(partnerPrefix, "configuration");
            client(configuration, c);
            basic(configuration, c);
            jose(configuration, c);
            flow(configuration, c);
            attributes(configuration, c);
            identityMapping(configuration, c);
            advanced(configuration, c);
            List<PlannedRule> rules = rules();
            unusedSources();
            unknown(root, "");
            return new ImportPlan(
                    alias, text(partner.get("name"), alias), enabled, config, mappers, rules, vault, report);
        }

        // ---- input shape: refusals -------------------------------------------------------

        private void checkShape() {
            if (partner == null || !partner.isObject()) {
                throw new ImportRefusedException("not_oidc_rp_partner", "\"partner\" is not a JSON object");
            }
            JsonNode configuration = partner.get("configuration");
            if (configuration == null || !configuration.isObject()) {
                throw new ImportRefusedException(
                        "not_oidc_rp_partner", "the partner has no \"configuration\" object: not an ISVA partner");
            }
            JsonNode role = partner.get("role");
            if (role != null && !role.isNull() && !"rp".equals(role.asText())) {
                throw new ImportRefusedException(
                        "not_oidc_rp_partner",
                        "the partner's role is \"" + role.asText()
                                + "\", not \"rp\": only OIDC RP partners are imported");
            }
            if (!configuration.has("clientId") || !configuration.has("basicConfiguration")) {
                throw new ImportRefusedException(
                        "not_oidc_rp_partner",
                        "the partner's configuration has no clientId and basicConfiguration: not an OIDC RP partner");
            }
            for (String list : List.of("mappingRules", "attributeSources")) {
                JsonNode node = root.get(list);
                if (node != null && root != partner && !node.isArray()) {
                    throw new ImportRefusedException("invalid_input", "\"" + list + "\" is not a JSON array");
                }
                if (node != null && node.isArray()) {
                    for (JsonNode element : node) {
                        if (!element.isObject()) {
                            throw new ImportRefusedException(
                                    "invalid_input", "each element of \"" + list + "\" is a JSON object");
                        }
                    }
                }
            }
            String asked = options.alias();
            if (asked != null && !asked.isBlank()) {
                if (!ALIAS.matcher(asked).matches()) {
                    throw new ImportRefusedException(
                            "invalid_alias",
                            "the alias \"" + asked + "\" is not letters, digits, '.', '_' and '-' (at most 100)");
                }
                alias = asked;
            } else {
                String derived = text(partner.get("name"), "")
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9._-]+", "-")
                        .replaceAll("^[-._]+|-+$", "");
                if (derived.isEmpty() || !ALIAS.matcher(derived).matches()) {
                    throw new ImportRefusedException(
                            "invalid_alias", "the partner has no name to derive an alias from: give ?alias=");
                }
                alias = derived;
            }
        }

        private void indexRules() {
            JsonNode rules = root == partner ? null : root.get("mappingRules");
            if (rules == null) {
                return;
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < rules.size(); i++) {
                JsonNode rule = rules.get(i);
                String name = text(rule.get("name"), "");
                if (!RuleRepository.isValidName(name)) {
                    throw new ImportRefusedException(
                            "invalid_rule_name",
                            "mapping rule name \"" + name + "\" (mappingRules[" + i
                                    + "]) is not letters, digits, '.', '_' and '-' (at most 100, no path)");
                }
                if (!names.add(name)) {
                    throw new ImportRefusedException("invalid_input", "two mapping rules are named \"" + name + "\"");
                }
                String content = text(rule.get("content"), "");
                if (content.isBlank()) {
                    throw new ImportRefusedException(
                            "invalid_input", "mapping rule \"" + name + "\" has no content (the script)");
                }
                if (content.getBytes(StandardCharsets.UTF_8).length > MAX_RULE_BYTES) {
                    throw new ImportRefusedException(
                            "invalid_input", "mapping rule \"" + name + "\" is larger than 256 KiB");
                }
                String id = text(rule.get("id"), name);
                rulesById.put(id, rule);
                ruleIndex.put(id, i);
            }
        }

        private void indexSources() {
            JsonNode sources = root == partner ? null : root.get("attributeSources");
            if (sources == null) {
                return;
            }
            for (int i = 0; i < sources.size(); i++) {
                JsonNode source = sources.get(i);
                sourceIndex.putIfAbsent(text(source.get("id"), ""), i);
                sourceIndex.putIfAbsent(text(source.get("name"), ""), i);
            }
        }

        // ---- the partner --------------------------------------------------------------------

        private void top() {
            Found name = read(partner, partnerPrefix, "name");
            if (name != null) {
                mapped(name, alias.equals(options.alias()) ? "alias asked for: " + alias : "alias " + alias);
            }
            Found enabled = read(partner, partnerPrefix, "enabled");
            if (enabled != null) {
                if (enabled.node().isBoolean()) {
                    this.enabled = enabled.node().asBoolean();
                    mapped(enabled, null);
                } else {
                    this.enabled = false;
                    notUnderstood(enabled, "not true or false; the provider is created disabled");
                }
            }
            Found role = read(partner, partnerPrefix, "role");
            if (role != null) {
                mapped(role, "checked: an OIDC RP partner");
            }
            for (String own : List.of("id", "templateName")) {
                Found f = read(partner, partnerPrefix, own);
                if (f != null) {
                    defaulted(f, "ISVA's own " + own + ": Keycloak names the provider by its alias");
                }
            }
        }

        private void client(JsonNode c, String p) {
            Found clientId = read(c, p, "configuration.clientId");
            if (clientId != null) {
                if (blank(clientId)) {
                    notUnderstood(clientId, "empty: ISVA requires a client ID");
                } else {
                    config.put("clientId", clientId.node().asText().trim());
                    mapped(clientId, null);
                }
            }
            Found secret = read(c, p, "configuration.clientSecret");
            if (secret == null || blank(secret)) {
                if (secret != null) {
                    mapped(secret, "none: a public client (PKCE S256 is used)");
                }
                return;
            }
            VaultSecret v = secret("clientSecret", "the client secret of " + alias);
            String masked = secret.node().asText().matches("\\*+") ? "ISVA masked it; " : "";
            report.add(new ReportEntry(
                    secret.path(),
                    ReportEntry.MAPPED,
                    secret.row().setting(),
                    null,
                    masked + "vault reference " + v.reference() + ": write the secret into " + v.file()));
        }

        private void basic(JsonNode c, String p) {
            JsonNode basic = c.get("basicConfiguration");
            String bp = path(p, "basicConfiguration");
            if (basic == null || !basic.isObject()) {
                Found f = read(c, p, "configuration.basicConfiguration.activeDelegateId");
                if (f != null) {
                    notUnderstood(f, "basicConfiguration is not an object");
                }
                return;
            }
            Found delegate = read(basic, bp, "configuration.basicConfiguration.activeDelegateId");
            JsonNode properties = basic.get("properties");
            String pp = path(bp, "properties");
            boolean metadata;
            if (delegate == null || blank(delegate)) {
                metadata = properties != null && properties.hasNonNull("metadataEndpointUrl");
                if (delegate != null) {
                    defaulted(delegate, metadata ? "empty: a metadata endpoint URL is given" : "empty: no metadata");
                }
            } else if (WITH_METADATA.equals(delegate.node().asText())) {
                metadata = true;
                mapped(delegate, "the partner's metadata endpoint");
            } else if (NO_METADATA.equals(delegate.node().asText())) {
                metadata = false;
                mapped(delegate, "endpoints given one by one");
            } else {
                metadata = properties != null && properties.hasNonNull("metadataEndpointUrl");
                notUnderstood(delegate, "expected metadataEndpointUrl or noMetadata");
            }
            if (properties == null || !properties.isObject()) {
                return;
            }
            String prefix = "configuration.basicConfiguration.properties.";
            Found url = read(properties, pp, prefix + "metadataEndpointUrl");
            if (url != null) {
                if (!metadata) {
                    notUnderstood(url, "given with noMetadata: ISVA does not use it");
                } else {
                    setting(url, "metadataDescriptorUrl");
                }
            }
            Found types = read(properties, pp, prefix + "responseTypes");
            if (types != null) {
                responseTypes(types);
            }
            for (String[] endpoint : new String[][] {
                {"issuerIdentifier", "issuer"},
                {"authorizationEndpointUrl", "authorizationUrl"},
                {"tokenEndpointUrl", "tokenUrl"},
                {"userInfoEndpointUrl", "userInfoUrl"}
            }) {
                Found f = read(properties, pp, prefix + endpoint[0]);
                if (f == null) {
                    continue;
                }
                if (metadata && !blank(f)) {
                    defaulted(f, "not set: with a metadata endpoint the value comes from the metadata, as in ISVA");
                } else {
                    setting(f, endpoint[1]);
                }
            }
        }

        private void responseTypes(Found types) {
            List<String> parts = new ArrayList<>();
            JsonNode node = types.node();
            if (node.isArray()) {
                node.forEach(t -> parts.addAll(List.of(t.asText().trim().split("[\\s+,]+"))));
            } else if (node.isTextual()) {
                parts.addAll(List.of(node.asText().trim().split("[\\s+,]+")));
            }
            parts.removeIf(String::isEmpty);
            if (parts.isEmpty()) {
                defaulted(types, "empty: code");
                return;
            }
            if (!RESPONSE_TYPE_PARTS.containsAll(parts)) {
                notUnderstood(types, "response types are code, id_token and token");
                return;
            }
            StringBuilder normal = new StringBuilder();
            for (String part : List.of("code", "id_token", "token")) {
                if (parts.contains(part)) {
                    normal.append(normal.length() == 0 ? "" : " ").append(part);
                }
            }
            config.put(PartnerOidcConfig.RESPONSE_TYPE, normal.toString());
            mapped(types, PartnerOidcConfig.RESPONSE_TYPE + "=" + normal);
        }

        private void jose(JsonNode c, String p) {
            Found alg = read(c, p, "configuration.signatureAlgorithm");
            if (alg != null) {
                setting(alg, PartnerOidcConfig.SIGNATURE_ALGORITHM);
            }
            Found jwks = read(c, p, "configuration.jwkEndpointUrl");
            boolean useJwks = jwks != null && !blank(jwks);
            if (jwks != null) {
                setting(jwks, "jwksUrl");
            }
            Found keystore = read(c, p, "configuration.verificationKeystore");
            Found label = read(c, p, "configuration.verificationKeyLabel");
            if (keystore != null && !blank(keystore)) {
                config.put(PartnerOidcConfig.USE_CERTIFICATE, "true");
                keystore(
                        keystore,
                        PartnerOidcConfig.CERTIFICATE_KEYSTORE,
                        PartnerOidcConfig.CERTIFICATE_KEYSTORE_TYPE,
                        PartnerOidcConfig.CERTIFICATE_KEYSTORE_PASSWORD);
            } else if (keystore != null) {
                defaulted(keystore, "empty: no verification certificate");
            }
            if (label != null) {
                setting(label, PartnerOidcConfig.CERTIFICATE_LABEL);
            }
            if (useJwks || keystore != null && !blank(keystore)) {
                config.put("useJwksUrl", Boolean.toString(useJwks));
            }
            Found kma = read(c, p, "configuration.keyManagementAlgorithm");
            if (kma != null) {
                setting(kma, PartnerOidcConfig.KEY_MANAGEMENT_ALGORITHM);
            }
            Found cea = read(c, p, "configuration.contentEncryptionAlgorithm");
            if (cea != null) {
                setting(cea, PartnerOidcConfig.CONTENT_ENCRYPTION_ALGORITHM);
            }
            Found decryption = read(c, p, "configuration.decryptionKeystore");
            if (decryption != null && !blank(decryption)) {
                keystore(
                        decryption,
                        PartnerOidcConfig.DECRYPTION_KEYSTORE,
                        PartnerOidcConfig.DECRYPTION_KEYSTORE_TYPE,
                        PartnerOidcConfig.DECRYPTION_KEYSTORE_PASSWORD);
            } else if (decryption != null) {
                defaulted(decryption, "empty: no decryption keystore");
            }
            Found decryptionLabel = read(c, p, "configuration.decryptionKeyLabel");
            if (decryptionLabel != null) {
                setting(decryptionLabel, PartnerOidcConfig.DECRYPTION_KEY_LABEL);
            }
        }

        /** An ISVA certificate database becomes a PKCS12 file of the same name in the partner files directory. */
        private void keystore(Found f, String fileKey, String typeKey, String passwordKey) {
            String database = f.node().asText().trim();
            String file = database.toLowerCase(Locale.ROOT).endsWith(".p12") ? database : database + ".p12";
            if (!RuleRepository.isValidName(database)) {
                notUnderstood(f, "not a certificate database name");
                return;
            }
            config.put(fileKey, file);
            if (typeKey != null) {
                config.put(typeKey, "PKCS12");
            }
            VaultSecret v = secret(passwordKey, "the password of " + file);
            report.add(new ReportEntry(
                    f.path(),
                    ReportEntry.MAPPED,
                    f.row().setting(),
                    json(f.node()),
                    "export ISVA's certificate database " + database + " as PKCS12 to " + file
                            + " in the partner files directory; its password goes into " + v.file()));
        }

        private void flow(JsonNode c, String p) {
            Found scope = read(c, p, "configuration.scope");
            if (scope != null) {
                List<String> scopes = new ArrayList<>();
                if (scope.node().isArray()) {
                    scope.node().forEach(s -> scopes.add(s.asText().trim()));
                } else {
                    scopes.addAll(List.of(scope.node().asText().trim().split("\\s+")));
                }
                scopes.removeIf(String::isEmpty);
                if (scopes.isEmpty()) {
                    defaulted(scope, "empty: openid");
                } else {
                    config.put("defaultScope", String.join(" ", scopes));
                    mapped(scope, "defaultScope=" + String.join(" ", scopes));
                }
            }
            Found method = read(c, p, "configuration.tokenEndpointAuthMethod");
            if (method != null) {
                String value = method.node().asText().trim();
                if (blank(method)) {
                    defaulted(method, "empty: client_secret_post");
                } else if (AUTH_METHODS.contains(value)) {
                    config.put(PartnerOidcConfig.CLIENT_AUTH_METHOD, value);
                    mapped(method, null);
                } else {
                    notUnderstood(method, "expected one of " + AUTH_METHODS);
                }
            }
            Found userinfo = read(c, p, "configuration.performUserinfo");
            if (userinfo != null) {
                JsonNode node = userinfo.node();
                String value = node.asText();
                if (node.isBoolean() || "true".equals(value) || "false".equals(value)) {
                    boolean perform = node.isBoolean() ? node.asBoolean() : Boolean.parseBoolean(value);
                    config.put(PartnerOidcConfig.DISABLE_USER_INFO, Boolean.toString(!perform));
                    mapped(userinfo, PartnerOidcConfig.DISABLE_USER_INFO + "=" + !perform);
                } else {
                    notUnderstood(userinfo, "not true or false");
                }
            }
        }

        // ---- attribute mapping --------------------------------------------------------------

        private void attributes(JsonNode c, String p) {
            JsonNode mapping = c.get("attributeMapping");
            JsonNode map = mapping == null ? null : mapping.get("map");
            if (map == null || !map.isArray()) {
                return;
            }
            String mp = path(path(p, "attributeMapping"), "map");
            for (int i = 0; i < map.size(); i++) {
                JsonNode entry = map.get(i);
                String ep = mp + "[" + i + "]";
                if (!entry.isObject()) {
                    continue; // reported as not understood by the walk
                }
                Found name = read(entry, ep, "configuration.attributeMapping.map[].name");
                Found source = read(entry, ep, "configuration.attributeMapping.map[].source");
                if (name == null || blank(name) || source == null || blank(source)) {
                    if (name != null) {
                        notUnderstood(name, "an attribute mapping needs a name and a source");
                    }
                    if (source != null) {
                        notUnderstood(source, "an attribute mapping needs a name and a source");
                    }
                    continue;
                }
                String attribute = name.node().asText().trim();
                if (mappers.stream().anyMatch(m -> m.name().equals(attribute))) {
                    notUnderstood(name, "a second mapping of the attribute " + attribute);
                    notUnderstood(source, "a second mapping of the attribute " + attribute);
                    continue;
                }
                if ("username".equalsIgnoreCase(attribute)) {
                    notUnderstood(name, "the username is set by identity mapping, not by an attribute mapper");
                    notUnderstood(source, "the username is set by identity mapping, not by an attribute mapper");
                    continue;
                }
                mapper(attribute, name, source);
            }
        }

        private void mapper(String attribute, Found name, Found source) {
            String id = source.node().asText().trim();
            Integer index = sourceIndex.get(id);
            if (index == null) {
                mapped(name, "mapper " + attribute);
                notUnderstood(
                        source,
                        "attribute source " + id + " was not supplied: add GET /mga/attribute_sources/" + id
                                + " to attributeSources");
                return;
            }
            boolean first = usedSources.add(index);
            JsonNode s = root.get("attributeSources").get(index);
            String sp = "attributeSources[" + index + "]";
            Found sourceId = read(s, sp, "attributeSources[].id");
            Found sourceName = read(s, sp, "attributeSources[].name");
            Found type = read(s, sp, "attributeSources[].type");
            Found value = read(s, sp, "attributeSources[].value");
            String kind = type == null ? "" : type.node().asText().trim().toLowerCase(Locale.ROOT);
            Map<String, String> m = new LinkedHashMap<>();
            m.put("syncMode", "INHERIT");
            m.put(AttributeMappingConfig.ATTRIBUTE_NAME, attribute);
            String note;
            if ("value".equals(kind) && value != null && !blank(value)) {
                m.put(AttributeMappingConfig.SOURCE_TYPE, AttributeMappingConfig.SOURCE_FIXED);
                m.put(AttributeMappingConfig.FIXED_VALUE, value.node().asText());
                note = "fixed value";
            } else if ("credential".equals(kind) && value != null && !blank(value)) {
                String claim = value.node().asText().trim();
                if (claim.startsWith("AZN_CRED_")) {
                    mapped(name, "mapper " + attribute);
                    notUnderstood(source, "its value is an ISVA credential attribute");
                    if (first) {
                        notUnderstood(value, "an ISVA credential attribute with no claim of the partner's ID token");
                        sourceFields(type, sourceName, sourceId, AttributeMappingConfig.SOURCE_CREDENTIAL);
                    }
                    return;
                }
                m.put(AttributeMappingConfig.SOURCE_TYPE, AttributeMappingConfig.SOURCE_CREDENTIAL);
                m.put(AttributeMappingConfig.CREDENTIAL_SOURCE, AttributeMappingConfig.CREDENTIAL_ID_TOKEN);
                m.put(
                        AttributeMappingConfig.CLAIM_PATH,
                        claim.replace("\\", "\\\\").replace(".", "\\."));
                note = "the ID token claim " + claim;
            } else {
                mapped(name, "mapper " + attribute);
                notUnderstood(source, "its source's type was not understood");
                if (first && type != null) {
                    notUnderstood(
                            type,
                            "ldap".equals(kind)
                                    ? "an LDAP source: its server connection is not in ISVA's answer; make this mapper"
                                            + " by hand (docs/attribute-mapping.md)"
                                    : "expected value or credential (with a value)");
                }
                if (first && value != null) {
                    defaulted(value, "not used: the source's type was not understood");
                }
                if (first) {
                    sourceFields(null, sourceName, sourceId, null);
                }
                return;
            }
            mapped(name, "mapper " + attribute);
            mapped(source, note);
            if (first) {
                if (value != null) {
                    mapped(value, null);
                }
                sourceFields(type, sourceName, sourceId, m.get(AttributeMappingConfig.SOURCE_TYPE));
            }
            mappers.add(new PlannedMapper(attribute, m));
        }

        /** The source's own fields, reported once however many mappings use it. */
        private void sourceFields(Found type, Found name, Found id, String sourceType) {
            if (type != null && sourceType != null) {
                mapped(type, AttributeMappingConfig.SOURCE_TYPE + "=" + sourceType);
            } else if (type != null) {
                notUnderstood(type, "expected value or credential");
            }
            if (name != null) {
                defaulted(name, "ISVA's name of the source; the mapper is named after the attribute");
            }
            if (id != null) {
                defaulted(id, "ISVA's identifier of the source");
            }
        }

        private void unusedSources() {
            JsonNode sources = root == partner ? null : root.get("attributeSources");
            if (sources == null) {
                return;
            }
            for (int i = 0; i < sources.size(); i++) {
                if (usedSources.contains(i)) {
                    continue;
                }
                String sp = "attributeSources[" + i + "]";
                for (String f : List.of("id", "name", "type", "value")) {
                    Found found = read(sources.get(i), sp, "attributeSources[]." + f);
                    if (found != null) {
                        defaulted(found, "not used: no attribute mapping of the partner names this source");
                    }
                }
            }
        }

        // ---- identity mapping and advanced configuration --------------------------------------

        private void identityMapping(JsonNode c, String p) {
            JsonNode im = c.get("identityMapping");
            String ip = path(p, "identityMapping");
            if (im == null || im.isNull()) {
                report.add(
                        new ReportEntry(
                                ip,
                                ReportEntry.DEFAULTED,
                                IdentityMappingSettings.MODE,
                                null,
                                "absent: ISVA uses the federation's identity mapping; here Keycloak's first-broker-login"
                                        + " (identityMapping=federation). Import the federation's rule as a partner's to keep it"));
                return;
            }
            if (!im.isObject()) {
                return;
            }
            Found delegate = read(im, ip, "configuration.identityMapping.activeDelegateId");
            JsonNode props = im.get("properties");
            String pp = path(ip, "properties");
            String prefix = "configuration.identityMapping.properties.";
            String mode = delegate == null ? "" : delegate.node().asText().trim();
            switch (mode) {
                case SKIP_IDENTITY_MAP -> {
                    config.put(IdentityMappingSettings.MODE, IdentityMappingSettings.NONE);
                    mapped(delegate, IdentityMappingSettings.MODE + "=" + IdentityMappingSettings.NONE);
                }
                case DEFAULT_MAP -> {
                    config.put(IdentityMappingSettings.MODE, IdentityMappingSettings.JAVASCRIPT);
                    mapped(delegate, IdentityMappingSettings.MODE + "=" + IdentityMappingSettings.JAVASCRIPT);
                    Found ref = props == null ? null : read(props, pp, prefix + "identityMappingRuleReference");
                    String rule = ruleReference(
                            ref, path(pp, "identityMappingRuleReference"), prefix + "identityMappingRuleReference");
                    Found embedded = props == null ? null : read(props, pp, prefix + "identityMappingRule");
                    if (embedded != null) {
                        JsonNode supplied = rule == null
                                ? null
                                : rulesById.get(ref.node().asText().trim());
                        if (supplied != null
                                && text(supplied.get("content"), "")
                                        .strip()
                                        .equals(embedded.node().asText().strip())) {
                            report.add(new ReportEntry(
                                    embedded.path(),
                                    ReportEntry.DEFAULTED,
                                    embedded.row().setting(),
                                    null,
                                    "ISVA's copy of the rule's script: the same as mappingRules' " + rule));
                        } else {
                            report.add(new ReportEntry(
                                    embedded.path(),
                                    ReportEntry.NOT_UNDERSTOOD,
                                    embedded.row().setting(),
                                    null,
                                    "ISVA's copy of the rule's script differs from the mapping rule supplied (or none"
                                            + " was): supply the rule from GET /iam/access/v8/mapping-rules/{id}"));
                        }
                    }
                }
                case HTTP_CUSTOM_MAP -> {
                    config.put(IdentityMappingSettings.MODE, IdentityMappingSettings.WEBSERVICE);
                    mapped(delegate, IdentityMappingSettings.MODE + "=" + IdentityMappingSettings.WEBSERVICE);
                    if (props != null && props.isObject()) {
                        webService(props, pp, prefix);
                    }
                }
                default -> {
                    if (delegate != null) {
                        notUnderstood(delegate, "expected skip-identity-map, default-map or default-http-custom-map");
                    }
                }
            }
        }

        private void webService(JsonNode props, String pp, String prefix) {
            Found uri = read(props, pp, prefix + "uri");
            if (uri != null) {
                String url = uri.node().asText().trim();
                config.put(IdentityMappingSettings.URL, url);
                String scheme = url.toLowerCase(Locale.ROOT).startsWith("http://") ? "http" : "https";
                config.put(IdentityMappingSettings.URI_FORMAT, scheme);
                mapped(uri, IdentityMappingSettings.URI_FORMAT + "=" + scheme);
            }
            Found format = read(props, pp, prefix + "messageFormat");
            if (format != null) {
                String f =
                        format.node().asText().trim().toLowerCase(Locale.ROOT).replace("-", "");
                if (IdentityMappingSettings.FORMATS.contains(f)) {
                    config.put(IdentityMappingSettings.MESSAGE_FORMAT, f);
                    mapped(format, IdentityMappingSettings.MESSAGE_FORMAT + "=" + f);
                } else {
                    notUnderstood(format, "expected XML or WSTRUST");
                }
            }
            Found auth = read(props, pp, prefix + "authType");
            if (auth != null) {
                String a = auth.node().asText().trim().toUpperCase(Locale.ROOT);
                String ours = switch (a) {
                    case "NONE", "" -> "none";
                    case "BASIC", "BASIC_AUTH" -> "basic";
                    case "CERT", "CERTIFICATE", "CLIENT_CERT", "CLIENT_CERT_AUTH" -> "certificate";
                    default -> null;
                };
                if (ours == null) {
                    notUnderstood(auth, "expected NONE, BASIC_AUTH or CLIENT_CERT_AUTH");
                } else {
                    config.put(IdentityMappingSettings.CLIENT_AUTH, ours);
                    mapped(auth, IdentityMappingSettings.CLIENT_AUTH + "=" + ours);
                }
            }
            Found user = read(props, pp, prefix + "basicAuthUsername");
            if (user != null) {
                setting(user, IdentityMappingSettings.USERNAME);
            }
            Found password = read(props, pp, prefix + "basicAuthPassword");
            if (password != null && !blank(password)) {
                VaultSecret v = secret(IdentityMappingSettings.PASSWORD, "the web service's basic password");
                report.add(new ReportEntry(
                        password.path(),
                        ReportEntry.MAPPED,
                        password.row().setting(),
                        null,
                        "vault reference " + v.reference() + ": write the password into " + v.file()));
            } else if (password != null) {
                defaulted(password, "empty");
            }
            Found trust = read(props, pp, prefix + "sslKeyStore");
            if (trust != null && !blank(trust)) {
                keystore(trust, IdentityMappingSettings.TRUSTSTORE, null, IdentityMappingSettings.TRUSTSTORE_PASSWORD);
            } else if (trust != null) {
                defaulted(trust, "empty: the JDK's trusted certificates");
            }
            Found client = read(props, pp, prefix + "clientKeyStore");
            if (client != null && !blank(client)) {
                keystore(client, IdentityMappingSettings.KEYSTORE, null, IdentityMappingSettings.KEYSTORE_PASSWORD);
            } else if (client != null) {
                defaulted(client, "empty");
            }
            Found keyAlias = read(props, pp, prefix + "clientKeyAlias");
            if (keyAlias != null) {
                defaulted(keyAlias, "not kept: the exported client keystore holds the one client key to use");
            }
            Found appliesTo = read(props, pp, prefix + "appliesTo");
            if (appliesTo != null) {
                defaulted(appliesTo, "not kept: the request's AppliesTo is the provider's alias");
            }
            Found issuedBy = read(props, pp, prefix + "issuedBy");
            if (issuedBy != null) {
                defaulted(issuedBy, "not kept: the request names no issuer");
            }
        }

        private void advanced(JsonNode c, String p) {
            String container = c.has("advanceConfiguration") ? "advanceConfiguration" : "advancedConfiguration";
            JsonNode ac = c.get(container);
            if (ac == null || !ac.isObject()) {
                return;
            }
            String ap = path(p, container);
            Found delegate = read(ac, ap, "configuration.advanceConfiguration.activeDelegateId");
            String mode = delegate == null ? "" : delegate.node().asText().trim();
            JsonNode props = ac.get("properties");
            String pp = path(ap, "properties");
            if (SKIP_ADVANCE_MAP.equals(mode)) {
                mapped(delegate, "no rule");
            } else if (DEFAULT_MAP.equals(mode)) {
                mapped(delegate, "a JavaScript rule");
                Found ref = props == null
                        ? null
                        : read(
                                props,
                                pp,
                                "configuration.advanceConfiguration.properties.advanceConfigurationRuleReference");
                ruleReference(
                        ref,
                        path(pp, "advanceConfigurationRuleReference"),
                        "configuration.advanceConfiguration.properties.advanceConfigurationRuleReference");
            } else if (delegate != null) {
                notUnderstood(delegate, "expected skip-advance-map or default-map");
            }
        }

        /** The rule a reference names: found among mappingRules and planned, or reported not understood. */
        private String ruleReference(Found ref, String absentPath, String canonical) {
            IsvaFieldTable.Row row = IsvaFieldTable.of(canonical);
            String settingKey = row.setting();
            if (ref == null || blank(ref)) {
                report.add(new ReportEntry(
                        ref == null ? absentPath : ref.path(),
                        ReportEntry.NOT_UNDERSTOOD,
                        settingKey,
                        null,
                        "a JavaScript rule without a rule reference"));
                return null;
            }
            String id = ref.node().asText().trim();
            JsonNode rule = rulesById.get(id);
            if (rule == null) {
                notUnderstood(
                        ref,
                        "mapping rule " + id + " was not supplied: add GET /iam/access/v8/mapping-rules/" + id
                                + " to mappingRules");
                return null;
            }
            String name = rule.get("name").asText();
            config.put(settingKey, name);
            referencedRules.add(id);
            mapped(ref, settingKey + "=" + name);
            return name;
        }

        private List<PlannedRule> rules() {
            List<PlannedRule> planned = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : rulesById.entrySet()) {
                JsonNode rule = e.getValue();
                String rp = "mappingRules[" + ruleIndex.get(e.getKey()) + "]";
                Found id = read(rule, rp, "mappingRules[].id");
                Found name = read(rule, rp, "mappingRules[].name");
                Found content = read(rule, rp, "mappingRules[].content");
                Found category = read(rule, rp, "mappingRules[].category");
                Found fileName = read(rule, rp, "mappingRules[].fileName");
                String ruleName = name.node().asText();
                if (!referencedRules.contains(e.getKey())) {
                    for (Found f : new Found[] {id, name, category, fileName}) {
                        if (f != null) {
                            defaulted(f, "not written: the partner does not reference this rule");
                        }
                    }
                    report.add(new ReportEntry(
                            content.path(),
                            ReportEntry.DEFAULTED,
                            content.row().setting(),
                            null,
                            "not written: the partner does not reference this rule"));
                    continue;
                }
                if (id != null) {
                    mapped(id, "matched to the partner's rule reference");
                }
                mapped(name, "rule file " + ruleName + ".js");
                String script = content.node().asText();
                Matcher isva = ISVA_API.matcher(script);
                if (isva.find()) {
                    report.add(new ReportEntry(
                            content.path(),
                            ReportEntry.NOT_UNDERSTOOD,
                            content.row().setting(),
                            null,
                            "line " + line(script, isva.start()) + " uses ISVA's Java API (" + isva.group(1)
                                    + "): the rule does not run here as it is; rewrite it with the rules API"
                                    + " (docs/rules.md)"));
                } else {
                    report.add(new ReportEntry(
                            content.path(),
                            ReportEntry.MAPPED,
                            content.row().setting(),
                            null,
                            script.getBytes(StandardCharsets.UTF_8).length + " bytes, written as is"));
                }
                if (category != null) {
                    defaulted(category, "ISVA's grouping of rules; here a rule is chosen by name");
                }
                if (fileName != null) {
                    defaulted(fileName, "the file is named " + ruleName + ".js");
                }
                planned.add(new PlannedRule(ruleName, e.getKey(), script, action(ruleName, script)));
            }
            return planned;
        }

        private String action(String name, String script) {
            Optional<String> file = options.ruleFile().apply(name);
            if (file.isPresent() && file.get().equals(script)) {
                return PlannedRule.UNCHANGED;
            }
            if (file.isPresent() || options.deployedRules().contains(name)) {
                return options.overwrite() ? PlannedRule.OVERWRITE : PlannedRule.CONFLICT;
            }
            return PlannedRule.CREATE;
        }

        // ---- the walk of what was not read ----------------------------------------------------

        private void unknown(JsonNode node, String p) {
            if (node.isObject()) {
                if (node.isEmpty() && !p.isEmpty() && !consumed.contains(p)) {
                    return; // an empty object says nothing
                }
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    unknown(f.getValue(), path(p, f.getKey()));
                }
            } else if (node.isArray() && containsObjects(node)) {
                for (int i = 0; i < node.size(); i++) {
                    unknown(node.get(i), p + "[" + i + "]");
                }
            } else if (!consumed.contains(p) && !(node.isArray() && node.isEmpty())) {
                report.add(new ReportEntry(
                        p,
                        ReportEntry.NOT_UNDERSTOOD,
                        IsvaFieldTable.NO_SETTING,
                        json(node),
                        "unknown field: not in this importer's table (docs/migration-isva.md)"));
            }
        }

        private static boolean containsObjects(JsonNode array) {
            for (JsonNode e : array) {
                if (e.isObject() || e.isArray()) {
                    return true;
                }
            }
            return false;
        }

        // ---- reading and reporting -----------------------------------------------------------

        /** A field read: its actual path, value and table row. */
        private record Found(String path, JsonNode node, IsvaFieldTable.Row row) {}

        /**
         * The field {@code canonical} of {@code parent} (at {@code parentPath}) under its own name or a
         * known variant; every spelling present is marked read. Two spellings with different values:
         * the second is not understood.
         */
        private Found read(JsonNode parent, String parentPath, String canonical) {
            IsvaFieldTable.Row row = IsvaFieldTable.of(canonical);
            List<String> names = new ArrayList<>();
            names.add(canonical.substring(canonical.lastIndexOf('.') + 1));
            names.addAll(row.variants());
            Found found = null;
            for (String name : names) {
                if (parent == null || !parent.has(name)) {
                    continue;
                }
                String p = path(parentPath, name);
                consumed.add(p);
                Found f = new Found(p, parent.get(name), row);
                if (found == null) {
                    found = f;
                } else if (!found.node().equals(f.node())) {
                    notUnderstood(f, "also given as " + found.path() + ", with another value");
                } else {
                    defaulted(f, "the same as " + found.path());
                }
            }
            return found;
        }

        /** A plain value copied to {@code key}; empty values are defaulted (the setting keeps its default). */
        private void setting(Found f, String key) {
            if (blank(f)) {
                defaulted(f, "empty: the setting's default");
                return;
            }
            if (!f.node().isValueNode()) {
                notUnderstood(f, "not a single value");
                return;
            }
            config.put(key, f.node().asText().trim());
            mapped(f, null);
        }

        private VaultSecret secret(String setting, String what) {
            String key = PartnerOidcConfig.vaultKey(alias, setting);
            String reference = "${vault." + key + "}";
            String dir =
                    options.vaultDirectory() == null || options.vaultDirectory().isBlank()
                            ? "<vault directory>"
                            : options.vaultDirectory();
            String realm = options.realm() == null ? "<realm>" : options.realm();
            VaultSecret v =
                    new VaultSecret(setting, key, reference, dir + "/" + realm.replace("_", "__") + "_" + key, what);
            config.put(setting, reference);
            vault.add(v);
            return v;
        }

        private void mapped(Found f, String note) {
            report.add(new ReportEntry(f.path(), ReportEntry.MAPPED, f.row().setting(), json(f.node()), note));
        }

        private void defaulted(Found f, String why) {
            report.add(new ReportEntry(f.path(), ReportEntry.DEFAULTED, f.row().setting(), json(f.node()), why));
        }

        private void notUnderstood(Found f, String why) {
            report.add(new ReportEntry(
                    f.path(), ReportEntry.NOT_UNDERSTOOD, f.row().setting(), json(f.node()), why));
        }

        private static boolean blank(Found f) {
            JsonNode n = f.node();
            return n == null || n.isNull() || n.isTextual() && n.asText().isBlank() || n.isArray() && n.isEmpty();
        }

        private static String json(JsonNode node) {
            String text = node == null || node.isNull() ? null : node.isTextual() ? node.asText() : node.toString();
            return text != null && text.length() > 200 ? text.substring(0, 200) + "..." : text;
        }

        private static String text(JsonNode node, String fallback) {
            return node == null || node.isNull() || !node.isValueNode() ? fallback : node.asText();
        }

        private static String path(String parent, String name) {
            return parent.isEmpty() ? name : parent + "." + name;
        }

        private static int line(String script, int offset) {
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (script.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}
