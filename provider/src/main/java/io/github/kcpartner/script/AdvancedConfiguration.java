package io.github.kcpartner.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the parameters an advanced-configuration rule adds to the authorization request
 * (a pure function; the identity provider applies the result).
 *
 * <ul>
 *   <li>Parameters the protocol or our security depends on are refused:
 *       {@value #RESERVED_TEXT}.</li>
 *   <li>{@code scope} may be set only to a space-separated list that still contains
 *       {@code openid}; it replaces the configured scope.</li>
 *   <li>{@code claims} must be a JSON object (RFC: OIDC Core 5.5); {@code max_age} a
 *       non-negative integer (seconds).</li>
 *   <li>Names are letters, digits, {@code _ . -}; values have no control characters and are
 *       at most 4096 characters.</li>
 * </ul>
 */
public final class AdvancedConfiguration {

    /** The parameters a rule cannot set, as text for the Javadoc and messages. */
    static final String RESERVED_TEXT = "client_id, redirect_uri, state, nonce, response_type, response_mode, "
            + "code_challenge, code_challenge_method, request, request_uri, client_secret, client_assertion, "
            + "client_assertion_type";

    /** The parameters a rule cannot set. */
    public static final Set<String> RESERVED = Set.copyOf(Arrays.asList(RESERVED_TEXT.split(", ")));

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern NON_NEGATIVE_INTEGER = Pattern.compile("0|[1-9][0-9]{0,9}");
    private static final int MAX_VALUE_LENGTH = 4096;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private AdvancedConfiguration() {}

    /**
     * @param ruleName   the rule, for messages
     * @param parameters what the rule set with {@code result.setParameter}
     * @return the parameters to add to the authorization request, in the rule's order
     * @throws RuleException ({@link RuleException.Reason#INVALID_RESULT}) naming the first refused parameter
     */
    public static Map<String, String> authorizationParameters(String ruleName, Map<String, String> parameters)
            throws RuleException {
        Map<String, String> accepted = new LinkedHashMap<>();
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String value = parameter.getValue();
            if (name == null || !NAME.matcher(name).matches()) {
                throw RuleException.invalidResult(ruleName, "invalid parameter name");
            }
            if (RESERVED.contains(name)) {
                throw RuleException.invalidResult(ruleName, "parameter '" + name + "' is reserved and cannot be set");
            }
            if (value == null
                    || value.length() > MAX_VALUE_LENGTH
                    || CONTROL.matcher(value).find()) {
                throw RuleException.invalidResult(ruleName, "parameter '" + name + "' has an invalid value");
            }
            check(ruleName, name, value);
            accepted.put(name, value);
        }
        return accepted;
    }

    private static void check(String ruleName, String name, String value) throws RuleException {
        switch (name) {
            case "max_age" -> {
                if (!NON_NEGATIVE_INTEGER.matcher(value).matches()) {
                    throw RuleException.invalidResult(ruleName, "max_age must be a non-negative integer");
                }
            }
            case "claims" -> {
                if (!isJsonObject(value)) {
                    throw RuleException.invalidResult(ruleName, "claims must be a JSON object");
                }
            }
            case "scope" -> {
                if (!Arrays.asList(value.trim().split(" +")).contains("openid")) {
                    throw RuleException.invalidResult(ruleName, "scope must contain openid");
                }
            }
            default -> {
                // any other optional parameter (acr_values, prompt, login_hint, ui_locales, ...)
            }
        }
    }

    private static boolean isJsonObject(String value) {
        try {
            JsonNode node = JSON.readTree(value);
            return node != null && node.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
