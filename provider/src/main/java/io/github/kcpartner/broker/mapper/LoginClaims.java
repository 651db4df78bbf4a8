package io.github.kcpartner.broker.mapper;

import io.github.kcpartner.broker.partner.PartnerIdentity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.broker.provider.BrokeredIdentityContext;

/**
 * What a mapper may read about one login: the validated ID token and userinfo claims that
 * partner-oidc put into the brokered context, and the brokered identity itself ({@code username},
 * {@code email}, {@code firstName}, {@code lastName}, {@code id}, {@code attribute.<name>} for
 * attributes set by earlier mappers).
 */
record LoginClaims(Map<String, Object> idToken, Map<String, Object> userinfo, Map<String, Object> identity) {

    LoginClaims {
        idToken = idToken == null ? Map.of() : idToken;
        userinfo = userinfo == null ? Map.of() : userinfo;
        identity = identity == null ? Map.of() : identity;
    }

    @SuppressWarnings("unchecked")
    static LoginClaims of(BrokeredIdentityContext context) {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("username", context.getUsername());
        identity.put("email", context.getEmail());
        identity.put("firstName", context.getFirstName());
        identity.put("lastName", context.getLastName());
        identity.put("id", context.getId());
        identity.put("attribute", new LinkedHashMap<>(context.getAttributes()));
        Object id = context.getContextData().get(PartnerIdentity.ID_TOKEN_CLAIMS);
        Object userinfo = context.getContextData().get(PartnerIdentity.USERINFO_CLAIMS);
        return new LoginClaims(
                id instanceof Map<?, ?> m ? (Map<String, Object>) m : null,
                userinfo instanceof Map<?, ?> m ? (Map<String, Object>) m : null,
                identity);
    }

    List<String> values(CredentialSource source, ClaimPath path) {
        return path.values(
                switch (source) {
                    case ID_TOKEN -> idToken;
                    case USERINFO -> userinfo;
                    case IDENTITY -> identity;
                });
    }
}
