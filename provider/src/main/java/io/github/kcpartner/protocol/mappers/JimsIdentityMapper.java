package io.github.kcpartner.protocol.mappers;

import io.github.kcpartner.jims.storage.JimsDirectoryService;
import java.util.Map;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;

/**
 * Adds who JIMS says is at the user's IP: the address the user logged in from (the user
 * session's IP, not the token request's, which for a confidential client is its back end), as an
 * object claim {@code {ip, user, domain, username, groups, device: {name, groups, os}, source}}.
 * Nobody at the IP, or JIMS unavailable: no claim, and the token is still issued.
 */
public final class JimsIdentityMapper extends PartnerTokenMapper {

    public static final String PROVIDER_ID = "partner-oidc-jims-identity-mapper";
    static final String COMPONENT = "jimsComponent";
    static final String DEFAULT_CLAIM = "jims";
    static final String SAME_USER_ONLY = "jimsSameUserOnly";

    public JimsIdentityMapper() {
        super(
                PROVIDER_ID,
                "JIMS identity at the user's IP",
                "jimsIdentityMapper.help",
                ProviderConfigurationBuilder.create()
                        .property()
                        .name(COMPONENT)
                        .type(ProviderConfigProperty.STRING_TYPE)
                        .label("jimsIdentityMapper.component")
                        .helpText("jimsIdentityMapper.component.help")
                        .add()
                        .property()
                        .name(OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME)
                        .type(ProviderConfigProperty.STRING_TYPE)
                        .defaultValue(DEFAULT_CLAIM)
                        .label("jimsIdentityMapper.claimName")
                        .helpText("jimsIdentityMapper.claimName.help")
                        .add()
                        .property()
                        .name(SAME_USER_ONLY)
                        .type(ProviderConfigProperty.BOOLEAN_TYPE)
                        .defaultValue("true")
                        .label("jimsIdentityMapper.sameUserOnly")
                        .helpText("jimsIdentityMapper.sameUserOnly.help")
                        .add()
                        .build());
    }

    @Override
    public void validateConfig(
            KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client, ProtocolMapperModel model)
            throws ProtocolMapperConfigException {
        String component = config(model, COMPONENT, "");
        if (!component.isEmpty()
                && JimsDirectoryService.forSetting(session, realm, component).isEmpty()) {
            throw new ProtocolMapperConfigException(
                    "jimsIdentityMapper.error.unknownComponent", "jimsIdentityMapper.error.unknownComponent");
        }
        if (isReserved(config(model, OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, DEFAULT_CLAIM))) {
            throw new ProtocolMapperConfigException(
                    PartnerClaimsMapper.RESERVED_ERROR, PartnerClaimsMapper.RESERVED_ERROR);
        }
    }

    @Override
    protected void setClaim(
            IDToken token,
            ProtocolMapperModel model,
            UserSessionModel userSession,
            KeycloakSession session,
            ClientSessionContext clientSessionCtx) {
        if (userSession == null) {
            return;
        }
        boolean sameUserOnly = Boolean.parseBoolean(config(model, SAME_USER_ONLY, "true"));
        JimsDirectoryService.forSetting(session, userSession.getRealm(), config(model, COMPONENT, ""))
                .flatMap(jims -> jims.claimsAt(userSession.getIpAddress()))
                .filter(user -> !sameUserOnly || isTokenUser(user, userSession))
                .ifPresent(user -> putClaim(
                        token, config(model, OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME, DEFAULT_CLAIM), user));
    }

    /**
     * Whether JIMS names the token's own user at the session's address (by the component's username
     * form). Behind NAT or a proxy the address is shared, and JIMS then names someone else.
     */
    static boolean isTokenUser(Map<String, Object> jimsUser, UserSessionModel userSession) {
        Object username = jimsUser.get("username");
        return username != null
                && userSession.getUser() != null
                && username.toString().equalsIgnoreCase(userSession.getUser().getUsername());
    }
}
