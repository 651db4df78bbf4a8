package io.github.kcpartner.broker.partner;

import io.github.kcpartner.broker.login.PartnerLoginException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.common.Version;

/**
 * Whether this Keycloak calls our broker's code: decided once at start by {@link KeycloakOverrides}
 * over the hooks {@code partner-oidc} relies on. When it does not, the factory logs one ERROR
 * naming the Keycloak version and every login through {@code partner-oidc} is refused with reason
 * {@value #REASON}: never a login without our checks.
 */
final class KeycloakCompatibility {

    static final String REASON = "keycloak_incompatible";

    /** Every Keycloak method of {@link OIDCIdentityProvider} that {@link PartnerOidcIdentityProvider} overrides. */
    static final Set<String> PROVIDER_HOOKS = Set.of(
            "callback",
            "performLogin",
            "createAuthorizationUrl",
            "preprocessFederatedIdentity",
            "authenticationFinished",
            "importNewUser",
            "updateBrokeredUser",
            "isMapperSupported",
            "getFederatedIdentity",
            "validateToken",
            "verify",
            "supportsExternalExchange",
            "keycloakInitiatedBrowserLogout");

    private static final Logger LOG = Logger.getLogger(KeycloakCompatibility.class);

    private final List<String> problems;

    private KeycloakCompatibility(List<String> problems) {
        this.problems = List.copyOf(problems);
    }

    static KeycloakCompatibility of(List<String> problems) {
        return new KeycloakCompatibility(problems);
    }

    /** The result for this JVM: both factories (current and former provider id) share one check and one log line. */
    private static volatile KeycloakCompatibility inspected;

    /** Inspects the running Keycloak's broker classes against ours, once per server; logs one ERROR when they do not fit. */
    static KeycloakCompatibility inspect() {
        KeycloakCompatibility done = inspected;
        if (done == null) {
            synchronized (KeycloakCompatibility.class) {
                done = inspected;
                if (done == null) {
                    done = inspectNow();
                    inspected = done;
                }
            }
        }
        return done;
    }

    private static KeycloakCompatibility inspectNow() {
        List<String> problems = new ArrayList<>();
        try {
            problems.addAll(KeycloakOverrides.check(
                    PartnerOidcIdentityProvider.class, OIDCIdentityProvider.class, PROVIDER_HOOKS));
            // Keycloak's OIDCEndpoint is protected: reach it as our endpoint's superclass
            Class<?> endpoint = PartnerOidcIdentityProvider.PartnerEndpoint.class;
            problems.addAll(KeycloakOverrides.checkEndpoint(endpoint, endpoint.getSuperclass()));
        } catch (RuntimeException e) {
            // a check that cannot run fails closed
            problems.add("the broker classes could not be inspected: " + e);
        }
        KeycloakCompatibility result = new KeycloakCompatibility(problems);
        if (!result.compatible()) {
            LOG.errorf(
                    "Partner OpenID Connect cannot run on Keycloak %s: %s. Every login through it is refused "
                            + "(event reason %s); use a Keycloak version listed in the README's compatibility table.",
                    Version.VERSION, String.join("; ", problems), REASON);
        }
        return result;
    }

    boolean compatible() {
        return problems.isEmpty();
    }

    List<String> problems() {
        return problems;
    }

    /** Thrown where a refused login must stop. */
    PartnerLoginException refusal() {
        return new PartnerLoginException(
                REASON, "Partner OpenID Connect does not run on Keycloak " + Version.VERSION, null);
    }
}
