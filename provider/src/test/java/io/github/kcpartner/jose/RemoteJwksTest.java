package io.github.kcpartner.jose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RemoteJwksTest {

    private static final URI URI_ = URI.create("https://partner.example/jwks");

    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicReference<String> published =
            new AtomicReference<>(new JWKSet(TestSupport.RSA.toPublicJWK()).toString());
    private final Function<URI, String> fetcher = uri -> {
        fetches.incrementAndGet();
        String body = published.get();
        if (body == null) {
            throw new IllegalStateException("HTTP 503");
        }
        return body;
    };
    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(TestSupport.NOW);
    private final RemoteJwks jwks =
            VerificationKeys.remote(URI_, fetcher, Duration.ofSeconds(10), Duration.ofHours(1), clock);

    private static JWSHeader header(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
    }

    private String reason(String kid) {
        try {
            jwks.verifiersFor(header(kid), SignatureAlgorithm.RS256);
            return "ok";
        } catch (TokenValidationException e) {
            return e.reason();
        }
    }

    @Test
    @DisplayName("Given a known kid, then the set is fetched once and then served from the cache")
    void caches() throws Exception {
        assertThat(jwks.verifiersFor(header("rsa-sig-1"), SignatureAlgorithm.RS256))
                .hasSize(1);
        assertThat(jwks.verifiersFor(header("rsa-sig-1"), SignatureAlgorithm.RS256))
                .hasSize(1);
        assertThat(fetches).hasValue(1);
    }

    @Test
    @DisplayName(
            "Given a stream of random unknown kids, then one immediate refetch, then at most one fetch per interval")
    void unknownKidsAreRateLimited() {
        assertThat(reason("rsa-sig-1")).isEqualTo("ok");
        assertThat(fetches).hasValue(1);
        assertThat(reason("nope-0")).isEqualTo(TokenValidationException.UNKNOWN_KEY);
        assertThat(fetches)
                .as("the first unknown kid after a normal fetch refetches at once")
                .hasValue(2);
        for (int i = 1; i < 50; i++) {
            assertThat(reason("nope-" + i)).isEqualTo(TokenValidationException.UNKNOWN_KEY);
        }
        assertThat(fetches).as("no more within the interval").hasValue(2);
        for (int interval = 1; interval <= 5; interval++) {
            clock.advance(Duration.ofSeconds(11));
            for (int i = 0; i < 20; i++) {
                assertThat(reason("nope-" + interval + "-" + i)).isEqualTo(TokenValidationException.UNKNOWN_KEY);
            }
            assertThat(fetches).as("one fetch in interval %d", interval).hasValue(2 + interval);
        }
    }

    @Test
    @DisplayName("Given the partner rotates within the interval of the last fetch, then the new kid verifies at once")
    void rotationWithinInterval() {
        assertThat(reason("rsa-sig-1")).isEqualTo("ok");
        RSAKey next = TestSupport.rsa("rsa-sig-2");
        published.set(new JWKSet(List.of(TestSupport.RSA.toPublicJWK(), next.toPublicJWK())).toString());
        clock.advance(Duration.ofSeconds(2));
        assertThat(reason("rsa-sig-2")).isEqualTo("ok");
        assertThat(fetches).hasValue(2);
        assertThat(reason("rsa-sig-1")).as("the old key still verifies").isEqualTo("ok");
        assertThat(fetches).hasValue(2);
    }

    @Test
    @DisplayName("Given the partner rotated its key, then a token with the new kid triggers a refetch and verifies")
    void rotation() {
        assertThat(reason("rsa-sig-1")).isEqualTo("ok");
        RSAKey next = TestSupport.rsa("rsa-sig-2");
        published.set(new JWKSet(List.of(TestSupport.RSA.toPublicJWK(), next.toPublicJWK())).toString());
        clock.advance(Duration.ofSeconds(11));
        assertThat(reason("rsa-sig-2")).isEqualTo("ok");
        assertThat(fetches).hasValue(2);
    }

    @Test
    @DisplayName("Given the endpoint fails at first, then jwks_unavailable, and the retry waits for the interval")
    void unavailable() {
        published.set(null);
        assertThat(reason("rsa-sig-1")).isEqualTo(TokenValidationException.JWKS_UNAVAILABLE);
        assertThat(reason("rsa-sig-1")).isEqualTo(TokenValidationException.JWKS_UNAVAILABLE);
        assertThat(fetches).hasValue(1);
        published.set(new JWKSet(TestSupport.RSA.toPublicJWK()).toString());
        clock.advance(Duration.ofSeconds(10));
        assertThat(reason("rsa-sig-1")).isEqualTo("ok");
        assertThat(fetches).hasValue(2);
    }

    @Test
    @DisplayName("Given a cached set older than maxAge and a failing endpoint, then the stale keys keep working")
    void staleOnFailure() {
        assertThat(reason("rsa-sig-1")).isEqualTo("ok");
        published.set("not json");
        clock.advance(Duration.ofHours(2));
        assertThat(reason("rsa-sig-1")).isEqualTo("ok");
        assertThat(fetches).hasValue(2);
    }

    @Test
    @DisplayName("Given a JWK set with symmetric or encryption-only keys, then they never verify signatures")
    void ignoresUnsuitableKeys() {
        published.set(new JWKSet(List.of(
                        new RSAKey.Builder(TestSupport.RSA.toPublicJWK())
                                .keyID("enc-only")
                                .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION)
                                .build(),
                        new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(new byte[32])
                                .keyID("oct")
                                .build()))
                .toString());
        assertThat(reason("enc-only")).isEqualTo(TokenValidationException.UNKNOWN_KEY);
        assertThat(reason("oct")).isEqualTo(TokenValidationException.UNKNOWN_KEY);
    }

    @Test
    @DisplayName("Given many threads asking for an unknown kid at once, then at most one refetch happens")
    void concurrentUnknownKid() throws Exception {
        assertThat(reason("rsa-sig-1")).isEqualTo("ok");
        clock.advance(Duration.ofSeconds(11));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<String> task = () -> {
                    start.await();
                    return reason("unknown");
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo(TokenValidationException.UNKNOWN_KEY);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetches).hasValue(2);
    }

    @Test
    void verifiesTokensEndToEnd() throws Exception {
        IdTokenValidator v = new IdTokenValidator(
                IdTokenPolicy.of(
                        TestSupport.ISSUER,
                        TestSupport.CLIENT_ID,
                        JoseProfile.signed(SignatureAlgorithm.RS256, jwks),
                        0),
                clock);
        assertThat(v.validate(
                                TestSupport.sign(
                                        SignatureAlgorithm.RS256,
                                        TestSupport.validClaims().build()),
                                IdTokenExpectations.tokenEndpoint("n-1", null))
                        .getSubject())
                .isEqualTo("user-42");
        assertThatThrownBy(() -> VerificationKeys.remote(URI_, null, Duration.ZERO, Duration.ZERO, clock))
                .isInstanceOf(NullPointerException.class);
    }
}
