package io.github.kcpartner.broker.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.IDToken;

/**
 * Builds Keycloak's brokered identity from validated partner claims. The ID token goes where
 * Keycloak's own claim mappers look for it ({@code VALIDATED_ID_TOKEN}), the userinfo answer where
 * the JSON attribute mappers look, and both as plain maps under our own keys for our mappers.
 */
public final class PartnerIdentity {

    /** Context data key: the validated ID token claims, a {@code Map<String, Object>}. */
    public static final String ID_TOKEN_CLAIMS = "partner-oidc.idTokenClaims";
    /** Context data key: the validated userinfo claims, a {@code Map<String, Object>} (absent without userinfo). */
    public static final String USERINFO_CLAIMS = "partner-oidc.userInfoClaims";

    private static final ObjectMapper JSON = io.github.kcpartner.json.Json.mapper();

    private PartnerIdentity() {}

    static BrokeredIdentityContext build(
            PartnerOidcConfig config,
            Map<String, Object> idClaims,
            Map<String, Object> userInfo,
            JsonNode tokenResponse) {
        Map<String, Object> primary = userInfo != null ? userInfo : idClaims;
        String sub = String.valueOf(idClaims != null ? idClaims.get("sub") : userInfo.get("sub"));
        BrokeredIdentityContext identity = new BrokeredIdentityContext(sub, config);
        identity.setBrokerUserId(config.getAlias() + "." + sub);

        String email = claim(primary, idClaims, IDToken.EMAIL);
        String username = claim(primary, idClaims, IDToken.PREFERRED_USERNAME);
        identity.setUsername(username != null ? username : email != null ? email : sub);
        identity.setEmail(email);
        String given = claim(primary, idClaims, IDToken.GIVEN_NAME);
        String family = claim(primary, idClaims, IDToken.FAMILY_NAME);
        if (given != null) {
            identity.setFirstName(given);
        }
        if (family != null) {
            identity.setLastName(family);
        }
        if (given == null && family == null) {
            identity.setName(claim(primary, idClaims, IDToken.NAME));
        }

        if (idClaims != null) {
            identity.getContextData().put(ID_TOKEN_CLAIMS, idClaims);
            identity.getContextData()
                    .put(OIDCIdentityProvider.VALIDATED_ID_TOKEN, JSON.convertValue(idClaims, IDToken.class));
            Object sid = idClaims.get(IDToken.SESSION_ID);
            if (sid != null) {
                identity.setBrokerSessionId(config.getAlias() + "." + sid);
            }
        }
        if (userInfo != null) {
            identity.getContextData().put(USERINFO_CLAIMS, userInfo);
            AbstractJsonUserAttributeMapper.storeUserProfileForMapper(
                    identity, JSON.valueToTree(userInfo), config.getAlias());
        }
        if (tokenResponse != null) {
            AccessTokenResponse response = JSON.convertValue(tokenResponse, AccessTokenResponse.class);
            identity.getContextData().put(OIDCIdentityProvider.FEDERATED_ACCESS_TOKEN_RESPONSE, response);
            if (Boolean.TRUE.equals(config.isStoreToken())) {
                identity.setToken(tokenResponse.toString());
            }
        }
        return identity;
    }

    private static String claim(Map<String, Object> primary, Map<String, Object> fallback, String name) {
        Object v = primary == null ? null : primary.get(name);
        if (v == null && fallback != null) {
            v = fallback.get(name);
        }
        return v == null ? null : String.valueOf(v);
    }
}
