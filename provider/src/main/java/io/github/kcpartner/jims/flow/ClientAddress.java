package io.github.kcpartner.jims.flow;

import io.github.kcpartner.jims.client.IpAddresses;
import io.github.kcpartner.jims.flow.ForwardedChain.Headers;
import io.github.kcpartner.jims.flow.ForwardedChain.Resolution;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.keycloak.models.KeycloakSession;

/**
 * The client address the network steps look up, resolved by {@link ForwardedChain} from the
 * request as it reached Keycloak: the TCP peer (from Vert.x, since Keycloak's resolved address is
 * already the left-most forwarded entry when it runs with {@code --proxy-headers}), the forwarded
 * headers, and which of them Keycloak honours ({@code kc.proxy-headers}). Without proxy headers the
 * TCP peer is Keycloak's own resolved address (if they differ, Keycloak honours headers this class
 * did not see configured: no address). When Keycloak honours proxy headers but the TCP peer cannot
 * be read, there is no address: the check cannot run, so it fails closed.
 */
final class ClientAddress {

    private static final Logger LOG = Logger.getLogger(ClientAddress.class);

    private ClientAddress() {}

    static Resolution of(KeycloakSession session, NetworkIdentitySettings settings) {
        Headers headers = honouredHeaders();
        String keycloakAddress = session.getContext().getConnection().getRemoteAddr();
        Optional<String> peer = tcpPeer();
        if (headers == Headers.NONE) {
            if (peer.isPresent() && !same(peer.get(), keycloakAddress)) {
                // Keycloak resolved another address than the socket's: it honours forwarded headers after all
                return Resolution.ambiguous(
                        "Keycloak's client address is not the TCP peer, yet no proxy headers are set");
            }
            return ForwardedChain.resolve(
                    peer.orElse(keycloakAddress), List.of(), List.of(), Headers.NONE, List.of(), 0);
        }
        if (peer.isEmpty()) {
            LOG.debugf("the TCP peer of this request is unknown: no client address for JIMS");
            return Resolution.ambiguous("the TCP peer of the request is unknown");
        }
        var requestHeaders = session.getContext().getRequestHeaders();
        Resolution r = ForwardedChain.resolve(
                peer.get(),
                lines(requestHeaders.getRequestHeader("X-Forwarded-For")),
                lines(requestHeaders.getRequestHeader("Forwarded")),
                headers,
                settings.trustedProxies(),
                settings.maxForwardedHops());
        if (!r.resolved()) {
            LOG.debugf("no client address for JIMS: %s", r.detail());
        }
        return r;
    }

    /** Which forwarded header Keycloak honours: read once, as the option is fixed while the server runs. */
    static Headers honouredHeaders() {
        return Honoured.HEADERS;
    }

    /** Holder: the option is read when a login first needs it, not at class load of every caller. */
    private static final class Honoured {
        static final Headers HEADERS = readProxyHeaders();
    }

    /** Keycloak's {@code proxy-headers} option. */
    private static Headers readProxyHeaders() {
        Optional<String> value;
        try {
            value = ConfigProvider.getConfig().getOptionalValue("kc.proxy-headers", String.class);
        } catch (RuntimeException | LinkageError e) {
            value = Optional.empty(); // no server configuration (unit tests): no proxy headers
        }
        return switch (value.map(v -> v.trim().toLowerCase(Locale.ROOT)).orElse("")) {
            case "xforwarded" -> Headers.XFORWARDED;
            case "forwarded" -> Headers.FORWARDED;
            default -> Headers.NONE;
        };
    }

    /** The socket peer of the current request: the connection's address, not the forwarded one. */
    private static Optional<String> tcpPeer() {
        try {
            ResteasyReactiveRequestContext context = CurrentRequestManager.get();
            HttpServerRequest request = context == null ? null : context.unwrap(HttpServerRequest.class);
            SocketAddress address = request == null || request.connection() == null
                    ? null
                    : request.connection().remoteAddress();
            return Optional.ofNullable(address == null ? null : address.hostAddress());
        } catch (RuntimeException | LinkageError e) {
            LOG.debugf("cannot read the TCP peer: %s", e.toString());
            return Optional.empty();
        }
    }

    private static boolean same(String a, String b) {
        String x = IpAddresses.normalize(a);
        return x != null && x.equals(IpAddresses.normalize(b));
    }

    private static List<String> lines(List<String> values) {
        return values == null ? List.of() : values;
    }
}
