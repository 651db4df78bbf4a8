package io.github.kcpartner.protocol.mappers;

import java.util.Collection;
import java.util.Map;

import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.representations.IDToken;

/**
 * What our OIDC protocol mappers share: the token targets (ID token, access token, userinfo,
 * introspection, switched by Keycloak's usual "add to ..." settings) and how a claim is written
 * (a dotted name nests, as in Keycloak's own mappers).
 */
abstract class PartnerTokenMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    @Override
    public final String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    /** Writes {@code value} (a string, number, boolean, list or map) as claim {@code name}; nothing for {@code null}. */
    static void putClaim(IDToken token, String name, Object value) {
        if (value == null || name == null || name.isBlank()) {
            return;
        }
        ProtocolMapperModel claim = new ProtocolMapperModel();
        claim.setConfig(Map.of(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, name,
                ProtocolMapperUtils.MULTIVALUED, Boolean.toString(value instanceof Collection<?>)));
        OIDCAttributeMapperHelper.mapClaim(token, claim, value);
    }

    static String config(ProtocolMapperModel model, String key, String fallback) {
        String value = model.getConfig() == null ? null : model.getConfig().get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
