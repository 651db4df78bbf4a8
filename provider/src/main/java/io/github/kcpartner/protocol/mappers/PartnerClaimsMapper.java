package io.github.kcpartner.protocol.mappers;

import io.github.kcpartner.broker.partner.PartnerSessionClaims;
import java.util.Arrays;
import java.util.List;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.IDToken;

/**
 * Partner claims pass-through: copies chosen claims of the partner's ID token and/or userinfo
 * answer (kept with the user session at login) into the tokens Keycloak issues. A claim the
 * partner did not send is left out; a session that did not come through a partner gets nothing.
 */
public final class PartnerClaimsMapper extends PartnerTokenMapper {

    public static final String PROVIDER_ID = "partner-oidc-claims-mapper";
    static final String CLAIM_NAMES = "claimNames";
    static final String RESERVED_ERROR = "partnerTokenMapper.error.reservedClaim";
    static final String SOURCE = "source";
    static final String PREFIX = "claimPrefix";
    static final String ID_TOKEN = "idToken";
    static final String USERINFO = "userinfo";
    static final String BOTH = "both";

    public PartnerClaimsMapper() {
        super(
                PROVIDER_ID,
                "Partner claims pass-through",
                "partnerClaimsMapper.help",
                ProviderConfigurationBuilder.create()
                        .property()
                        .name(CLAIM_NAMES)
                        .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                        .label("partnerClaimsMapper.claimNames")
                        .helpText("partnerClaimsMapper.claimNames.help")
                        .add()
                        .property()
                        .name(SOURCE)
                        .type(ProviderConfigProperty.LIST_TYPE)
                        .options(ID_TOKEN, USERINFO, BOTH)
                        .defaultValue(BOTH)
                        .label("partnerClaimsMapper.source")
                        .helpText("partnerClaimsMapper.source.help")
                        .add()
                        .property()
                        .name(PREFIX)
                        .type(ProviderConfigProperty.STRING_TYPE)
                        .label("partnerClaimsMapper.claimPrefix")
                        .helpText("partnerClaimsMapper.claimPrefix.help")
                        .add()
                        .build());
    }

    @Override
    public void validateConfig(
            KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client, ProtocolMapperModel model)
            throws ProtocolMapperConfigException {
        if (names(model).isEmpty()) {
            throw new ProtocolMapperConfigException(
                    "partnerClaimsMapper.error.noClaims", "partnerClaimsMapper.error.noClaims");
        }
        String source = config(model, SOURCE, BOTH);
        if (!List.of(ID_TOKEN, USERINFO, BOTH).contains(source)) {
            throw new ProtocolMapperConfigException(
                    "partnerClaimsMapper.error.source", "partnerClaimsMapper.error.source");
        }
        String prefix = config(model, PREFIX, "");
        if (names(model).stream().anyMatch(name -> isReserved(prefix + name))) {
            throw new ProtocolMapperConfigException(RESERVED_ERROR, RESERVED_ERROR);
        }
    }

    @Override
    protected void setClaim(
            IDToken token,
            ProtocolMapperModel model,
            UserSessionModel userSession,
            KeycloakSession session,
            ClientSessionContext clientSessionCtx) {
        PartnerSessionClaims.read(userSession).ifPresent(claims -> copy(token, model, claims));
    }

    static void copy(IDToken token, ProtocolMapperModel model, PartnerSessionClaims.Claims claims) {
        String source = config(model, SOURCE, BOTH);
        String prefix = config(model, PREFIX, "");
        for (String name : names(model)) {
            Object value = null;
            if (!ID_TOKEN.equals(source)) {
                value = claims.userinfo().get(name);
            }
            if (value == null && !USERINFO.equals(source)) {
                value = claims.idToken().get(name);
            }
            putClaim(token, prefix + name, value);
        }
    }

    static List<String> names(ProtocolMapperModel model) {
        String raw = config(model, CLAIM_NAMES, "");
        return Arrays.stream(raw.split("##|,"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
