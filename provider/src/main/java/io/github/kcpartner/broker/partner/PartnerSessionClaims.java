package io.github.kcpartner.broker.partner;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.UserSessionModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Keeps the validated partner claims of a login with the user session (a user-session note), so
 * that protocol mappers can copy or compute claims from them when Keycloak issues its own tokens,
 * including on refresh. The note holds {@code {"idToken": {...}, "userinfo": {...}}}; claims
 * larger than {@link #MAX_CHARS} in all are not kept (the session note is replicated).
 */
public final class PartnerSessionClaims {

    /** User-session note: the partner claims as JSON. */
    public static final String NOTE = "partner-oidc.claims";
    /** User-session note: the alias of the partner the user logged in through. */
    public static final String ALIAS_NOTE = "partner-oidc.alias";
    /** The largest JSON text kept in the session. */
    public static final int MAX_CHARS = 16 * 1024;

    private static final Logger LOG = Logger.getLogger(PartnerSessionClaims.class);
    private static final ObjectMapper JSON = io.github.kcpartner.json.Json.mapper();
    private static final TypeReference<Map<String, Map<String, Object>>> SHAPE = new TypeReference<>() {};

    /**
     * The partner claims of one login.
     *
     * @param alias    the identity provider's alias
     * @param idToken  the ID token claims (empty when the flow had none)
     * @param userinfo the userinfo claims (empty without a userinfo request)
     */
    public record Claims(String alias, Map<String, Object> idToken, Map<String, Object> userinfo) {}

    private PartnerSessionClaims() {}

    @SuppressWarnings("unchecked")
    static void store(AuthenticationSessionModel authSession, BrokeredIdentityContext context, String alias) {
        String json = encode(
                (Map<String, Object>) context.getContextData().get(PartnerIdentity.ID_TOKEN_CLAIMS),
                (Map<String, Object>) context.getContextData().get(PartnerIdentity.USERINFO_CLAIMS));
        authSession.setUserSessionNote(ALIAS_NOTE, alias);
        if (json == null) {
            LOG.debugf("partner %s: claims larger than %d characters are not kept in the session", alias, MAX_CHARS);
            return;
        }
        authSession.setUserSessionNote(NOTE, json);
    }

    /** @return the partner claims kept in {@code userSession}, if its login came through a partner */
    public static Optional<Claims> read(UserSessionModel userSession) {
        if (userSession == null) {
            return Optional.empty();
        }
        return decode(userSession.getNote(ALIAS_NOTE), userSession.getNote(NOTE));
    }

    /** @return the JSON note for these claims, or {@code null} when it would pass {@link #MAX_CHARS} */
    static String encode(Map<String, Object> idToken, Map<String, Object> userinfo) {
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("idToken", idToken == null ? Map.of() : idToken);
        both.put("userinfo", userinfo == null ? Map.of() : userinfo);
        try {
            String json = JSON.writeValueAsString(both);
            return json.length() > MAX_CHARS ? null : json;
        } catch (IOException e) {
            LOG.debugf("partner claims could not be written as JSON: %s", e.getMessage());
            return null;
        }
    }

    static Optional<Claims> decode(String alias, String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            Map<String, Map<String, Object>> both = JSON.readValue(json, SHAPE);
            return Optional.of(new Claims(alias, orEmpty(both.get("idToken")), orEmpty(both.get("userinfo"))));
        } catch (IOException e) {
            LOG.debugf("the partner claims note of a session is unreadable: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private static Map<String, Object> orEmpty(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }
}
