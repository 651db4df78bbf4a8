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

    volatile boolean issParameter = true;
    volatile List<String> advertisedIdTokenAlgs;
    volatile User user = User.defaultUser();

    OpContext(String issuer, OpKeys keys, FaultSwitches faults, Observations observations) {
        this.issuer = issuer;
        this.keys = keys;
        this.faults = faults;
        this.observations = observations;
        this.tokens = new TokenIssuer(issuer, faults, keys);
    }

    String endpoint(String path) {
        return issuer + path;
    }
}
