package io.github.kcpartner.broker.partner;

import java.io.IOException;

import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

/** Calls to the partner through Keycloak's own HTTP client (its truststore, proxies, timeouts). */
final class PartnerHttp {

    /** Metadata, JWKS, token and userinfo answers larger than this are refused. */
    private static final long MAX_BODY = 1024 * 1024;

    /** A body and its content type. */
    record Answer(int status, String contentType, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private PartnerHttp() {
    }

    static SimpleHttp client(KeycloakSession session) {
        return SimpleHttp.create(session).withMaxConsumedResponseSize(MAX_BODY);
    }

    static Answer send(SimpleHttpRequest request, String reason) {
        try (SimpleHttpResponse response = request.asResponse()) {
            return new Answer(response.getStatus(), response.getFirstHeader("Content-Type"), response.asString());
        } catch (IOException | RuntimeException e) {
            // The URL is configuration, not a secret; the exception text may carry request data, so it is not kept.
            throw new PartnerLoginException(reason, org.keycloak.services.messages.Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR,
                    "partner endpoint " + request.getUrl() + " did not answer (" + e.getClass().getSimpleName() + ")", null);
        }
    }

    static String getOk(KeycloakSession session, String url, String reason) {
        Answer answer = send(client(session).doGet(url).header("Accept", "application/json"), reason);
        if (!answer.ok()) {
            throw new PartnerLoginException(reason, org.keycloak.services.messages.Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR,
                    "partner endpoint " + url + " answered HTTP " + answer.status(), null);
        }
        return answer.body();
    }
}
