package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KeycloakOverridesTest {

    /** Stands for the callback type of one Keycloak release ... */
    interface OldCallback {}

    /** ... and of another. */
    interface NewCallback {}

    static class KeycloakBroker {
        public Object callback(String realm, OldCallback callback) {
            return "keycloak's own, unchecked path";
        }

        protected String createAuthorizationUrl(String request) {
            return request;
        }

        private void internal() {}
    }

    /** Compiled against the newer release: its callback overrides nothing in the older one. */
    static final class BrokerForNewRelease extends KeycloakBroker {
        public Object callback(String realm, NewCallback callback) {
            return "ours";
        }

        @Override
        protected String createAuthorizationUrl(String request) {
            return request;
        }
    }

    static final class BrokerMatching extends KeycloakBroker {
        @Override
        public Object callback(String realm, OldCallback callback) {
            return "ours";
        }

        @Override
        protected String createAuthorizationUrl(String request) {
            return request;
        }
    }

    static class KeycloakEndpoint {
        @GET
        public String authResponse(String state, String code) {
            return "keycloak";
        }

        @POST
        public String formResponse(String state) {
            return "keycloak";
        }

        @GET
        @Path("logout_response")
        public String logoutResponse(String state) {
            return "keycloak";
        }
    }

    static final class EndpointMissingPost extends KeycloakEndpoint {
        @GET
        @Override
        public String authResponse(String state, String code) {
            return "ours";
        }
    }

    static final class EndpointComplete extends KeycloakEndpoint {
        @GET
        @Override
        public String authResponse(String state, String code) {
            return "ours";
        }

        @POST
        @Override
        public String formResponse(String state) {
            return "ours";
        }
    }

    @Test
    @DisplayName("a parent whose callback signature differs: the check names the method that is not overridden")
    void parentSignatureDiffers() {
        var problems = KeycloakOverrides.check(
                BrokerForNewRelease.class, KeycloakBroker.class, Set.of("callback", "createAuthorizationUrl"));
        assertThat(problems).hasSize(2);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("KeycloakBroker.callback(java.lang.String, " + OldCallback.class.getName() + ")")
                        .contains("is not overridden"));
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("BrokerForNewRelease.callback(java.lang.String, " + NewCallback.class.getName() + ")")
                        .contains("overrides nothing"));
    }

    @Test
    @DisplayName("every hook overridden with the same parameter types: no problem")
    void matching() {
        assertThat(KeycloakOverrides.check(
                        BrokerMatching.class, KeycloakBroker.class, Set.of("callback", "createAuthorizationUrl")))
                .isEmpty();
    }

    @Test
    @DisplayName("a hook Keycloak no longer has is a problem, and private methods are not hooks")
    void missingHook() {
        assertThat(KeycloakOverrides.check(BrokerMatching.class, KeycloakBroker.class, Set.of("performLogin")))
                .containsExactly("KeycloakBroker has no method performLogin");
        assertThat(KeycloakOverrides.check(BrokerMatching.class, KeycloakBroker.class, Set.of("internal")))
                .containsExactly("KeycloakBroker has no method internal");
    }

    @Test
    @DisplayName(
            "an endpoint that leaves a resource method of Keycloak's at the redirect URI is refused; sub-paths are not")
    void endpoint() {
        assertThat(KeycloakOverrides.checkEndpoint(EndpointMissingPost.class, KeycloakEndpoint.class))
                .singleElement()
                .asString()
                .contains("formResponse(java.lang.String) is not overridden");
        assertThat(KeycloakOverrides.checkEndpoint(EndpointComplete.class, KeycloakEndpoint.class))
                .isEmpty();
    }

    @Test
    @DisplayName("the Keycloak this jar is built against calls every hook of partner-oidc")
    void thisKeycloak() {
        KeycloakCompatibility compatibility = KeycloakCompatibility.inspect();
        assertThat(compatibility.problems()).isEmpty();
        assertThat(compatibility.compatible()).isTrue();
    }

    @Test
    @DisplayName("an incompatible Keycloak refuses with reason keycloak_incompatible")
    void refusal() {
        KeycloakCompatibility compatibility = KeycloakCompatibility.of(java.util.List.of("x is not overridden"));
        assertThat(compatibility.compatible()).isFalse();
        assertThat(compatibility.refusal().reason()).isEqualTo("keycloak_incompatible");
    }
}
