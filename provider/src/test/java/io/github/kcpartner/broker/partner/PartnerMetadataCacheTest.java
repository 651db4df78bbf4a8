package io.github.kcpartner.broker.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.kcpartner.broker.login.PartnerLoginException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PartnerMetadataCacheTest {

    private static final String URL = "https://op.example/.well-known/openid-configuration";
    private static final String DOC =
            "{\"issuer\":\"https://op.example\",\"token_endpoint\":\"https://op.example/token\"}";

    private final io.github.kcpartner.testsupport.MutableClock clock =
            new io.github.kcpartner.testsupport.MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final PartnerMetadataCache cache = new PartnerMetadataCache(clock);
    private final AtomicInteger fetches = new AtomicInteger();

    private UnaryOperator<String> failing() {
        return url -> {
            fetches.incrementAndGet();
            throw new PartnerLoginException("metadata_unavailable", "down");
        };
    }

    private UnaryOperator<String> working() {
        return url -> {
            fetches.incrementAndGet();
            return DOC;
        };
    }

    @Test
    @DisplayName(
            "given the partner is down, then logins fail at once during a doubling back-off instead of one fetch each")
    void backOff() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> cache.get(URL, 3600, false, failing()))
                    .isInstanceOfSatisfying(
                            PartnerLoginException.class,
                            e -> assertThat(e.reason()).isEqualTo("metadata_unavailable"));
        }
        assertThat(fetches).as("one fetch, then the back-off").hasValue(1);
        clock.advance(java.time.Duration.ofSeconds(3));
        assertThatThrownBy(() -> cache.get(URL, 3600, false, failing())).isInstanceOf(PartnerLoginException.class);
        assertThat(fetches).hasValue(2);
        clock.advance(java.time.Duration.ofSeconds(3));
        assertThatThrownBy(() -> cache.get(URL, 3600, false, failing())).isInstanceOf(PartnerLoginException.class);
        assertThat(fetches).as("the second back-off is 4 s").hasValue(2);
        clock.advance(java.time.Duration.ofSeconds(2));
        assertThat(cache.get(URL, 3600, false, working()).issuer()).isEqualTo("https://op.example");
        assertThat(fetches).hasValue(3);
        assertThat(cache.get(URL, 3600, false, working()).issuer()).isEqualTo("https://op.example");
        assertThat(fetches).as("cached").hasValue(3);
    }

    @Test
    @DisplayName(
            "given a cached document, when the administrator saves the provider (forget), then the next login fetches it again, the one after uses the new copy")
    void forgetOnSave() {
        cache.get(URL, 3600, false, working());
        cache.get(URL, 3600, false, working());
        assertThat(fetches.get()).isEqualTo(1);
        cache.forget(URL);
        cache.get(URL, 3600, false, working());
        cache.get(URL, 3600, false, working());
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    @DisplayName(
            "given a fetch that fails with an unexpected exception, then metadata_unavailable and the back-off, never the raw exception")
    void unexpectedFailure() {
        UnaryOperator<String> broken = url -> {
            fetches.incrementAndGet();
            throw new IllegalStateException("connection pool shut down");
        };
        assertThatThrownBy(() -> cache.get(URL, 3600, false, broken))
                .isInstanceOfSatisfying(
                        PartnerLoginException.class, e -> assertThat(e.reason()).isEqualTo("metadata_unavailable"));
        assertThatThrownBy(() -> cache.get(URL, 3600, false, broken)).isInstanceOf(PartnerLoginException.class);
        assertThat(fetches).as("backed off").hasValue(1);
    }

    @Test
    @DisplayName("given a good copy and a failing refresh, then the copy serves and the refresh backs off")
    void staleCopyServes() {
        cache.get(URL, 60, false, working());
        clock.advance(java.time.Duration.ofSeconds(61));
        assertThat(cache.get(URL, 60, false, failing()).issuer()).isEqualTo("https://op.example");
        assertThat(cache.get(URL, 60, false, failing()).issuer()).isEqualTo("https://op.example");
        assertThat(fetches).hasValue(2);
    }

    @Test
    @Timeout(30)
    @DisplayName("given many logins needing the metadata at once, then one fetch is in flight and all share it")
    void singleFlight() throws Exception {
        CountDownLatch fetching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UnaryOperator<String> slow = url -> {
            fetches.incrementAndGet();
            fetching.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DOC;
        };
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PartnerMetadata>> results = new ArrayList<>();
            results.add(pool.submit(() -> cache.get(URL, 3600, false, slow)));
            fetching.await(20, TimeUnit.SECONDS);
            for (int i = 0; i < 7; i++) {
                results.add(pool.submit(() -> cache.get(URL, 3600, false, slow)));
            }
            release.countDown();
            for (Future<PartnerMetadata> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS).issuer()).isEqualTo("https://op.example");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fetches).hasValue(1);
    }
}
