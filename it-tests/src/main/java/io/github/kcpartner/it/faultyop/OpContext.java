package io.github.kcpartner.it.faultyop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The state the endpoints share: one per started {@link FaultyOp}. */
final class OpContext {

    final String issuer;
    final OpKeys keys;
    final FaultSwitches faults;
    final Observations observations;
    final Grants grants = new Grants();
    final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();
    final TokenIssuer tokens;
    final PushedRequests pushed = new PushedRequests();
    final ClientJwks clientJwks;
    final ClientAuthenticator clientAuth;
    final RequestObjects signedRequests;

    volatile boolean issParameter = true;
    volatile List<String> advertisedIdTokenAlgs;
    volatile User user = User.defaultUser();
    /** Serves and advertises {@code /par}. */
    volatile boolean par;
    /** Accepts and advertises signed request objects ({@code request}). */
    volatile boolean requestObjects;
    /** Accepts and advertises private_key_jwt client authentication. */
    volatile boolean privateKeyJwt;

    OpContext(String issuer, OpKeys keys, FaultSwitches faults, Observations observations) {
        this.issuer = issuer;
        this.keys = keys;
        this.faults = faults;
        this.observations = observations;
        this.tokens = new TokenIssuer(issuer, faults, keys);
        this.clientJwks = new ClientJwks(observations);
        this.clientAuth = new ClientAuthenticator(this);
        this.signedRequests = new RequestObjects(this);
    }

    String endpoint(String path) {
        return issuer + path;
    }
}
