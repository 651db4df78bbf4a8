package io.github.kcpartner.it.faultyop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** What the OP saw, for tests to assert on; thread-safe. */
final class Observations {

    private final AtomicReference<AuthorizationRequestSeen> lastAuthorization = new AtomicReference<>();
    private final List<TokenRequestSeen> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<ParRequestSeen> parRequests = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger clientJwksFetches = new AtomicInteger();
    private final AtomicInteger userinfoRequests = new AtomicInteger();
    private final AtomicInteger discoveryFetches = new AtomicInteger();

    void authorization(Map<String, String> parameters) {
        lastAuthorization.set(new AuthorizationRequestSeen(parameters));
    }

    void token(TokenRequestSeen seen) {
        tokenRequests.add(seen);
    }

    void par(ParRequestSeen seen) {
        parRequests.add(seen);
    }

    void clientJwksFetched() {
        clientJwksFetches.incrementAndGet();
    }

    void jwksFetched() {
        jwksFetches.incrementAndGet();
    }

    void userinfoRequested() {
        userinfoRequests.incrementAndGet();
    }

    void discoveryFetched() {
        discoveryFetches.incrementAndGet();
    }

    AuthorizationRequestSeen lastAuthorization() {
        return lastAuthorization.get();
    }

    List<TokenRequestSeen> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    List<ParRequestSeen> parRequests() {
        return List.copyOf(parRequests);
    }

    int clientJwksFetches() {
        return clientJwksFetches.get();
    }

    int jwksFetches() {
        return jwksFetches.get();
    }

    int userinfoRequests() {
        return userinfoRequests.get();
    }

    int discoveryFetches() {
        return discoveryFetches.get();
    }

    void reset() {
        lastAuthorization.set(null);
        tokenRequests.clear();
        parRequests.clear();
        jwksFetches.set(0);
        clientJwksFetches.set(0);
        userinfoRequests.set(0);
        discoveryFetches.set(0);
    }
}
