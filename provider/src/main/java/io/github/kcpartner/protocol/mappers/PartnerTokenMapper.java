package io.github.kcpartner.protocol.mappers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperUtils;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

/**
 * What our OIDC protocol mappers share: the token targets (ID token, access token, userinfo,
 * introspection, switched by Keycloak's usual "add to ..." settings) and how a claim is written
 * (a dotted name nests, as in Keycloak's own mappers).
 */
abstract class PartnerTokenMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    private static final Logger LOG = Logger.getLogger(PartnerTokenMapper.class);

    private final String id;
    private final String displayType;
    private final String helpText;
    private final List<ProviderConfigProperty> properties;

    /** @param own the mapper's own properties; the token switches are appended */
    PartnerTokenMapper(String id, String displayType, String helpText, List<ProviderConfigProperty> own) {
        this.id = id;
        this.displayType = displayType;
        this.helpText = helpText;
        List<ProviderConfigProperty> all = new ArrayList<>(own);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(all, getClass());
        this.properties = List.copyOf(all);
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final String getDisplayType() {
        return displayType;
    }

    @Override
    public final String getHelpText() {
        return helpText;
    }

    @Override
    public final List<ProviderConfigProperty> getConfigProperties() {
        return properties;
    }

    @Override
    public final String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    /**
     * Claims that Keycloak owns (token identity, audience, times, session, authentication level,
     * roles): no mapper of ours may set them, whatever a partner or a rule supplies. A dotted name
     * counts by its first segment ({@code realm_access.roles} is reserved).
     */
    static final Set<String> RESERVED_CLAIMS = Set.of(
            "iss",
            "sub",
            "aud",
            "azp",
            "exp",
            "iat",
            "nbf",
            "jti",
            "typ",
            "nonce",
            "acr",
            "amr",
            "auth_time",
            "sid",
            "session_state",
            "scope",
            "realm_access",
            "resource_access",
            "at_hash",
            "c_hash",
            "s_hash",
            "cnf",
            "allowed-origins",
            "client_id",
            "authorization");

    static boolean isReserved(String name) {
        String first = name.trim().split("(?<!\\\\)\\.", 2)[0];
        return RESERVED_CLAIMS.contains(first);
    }

    /**
     * Writes {@code value} (a string, number, boolean, list or map) as claim {@code name}; nothing for
     * {@code null} or a reserved name.
     */
    static void putClaim(IDToken token, String name, Object value) {
        if (value == null || name == null || name.isBlank()) {
            return;
        }
        if (isReserved(name)) {
            LOG.debugf("claim %s is reserved to Keycloak; not set", name);
            return;
        }
        ProtocolMapperModel claim = new ProtocolMapperModel();
        claim.setConfig(Map.of(
                OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME,
                name,
                ProtocolMapperUtils.MULTIVALUED,
                Boolean.toString(value instanceof Collection<?>)));
        OIDCAttributeMapperHelper.mapClaim(token, claim, value);
    }

    static String config(ProtocolMapperModel model, String key, String fallback) {
        String value = model.getConfig() == null ? null : model.getConfig().get(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
