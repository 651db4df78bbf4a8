package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.kcpartner.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JimsDirectoryTest {

    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    @DisplayName("100,000 synthetic entries are generated and paged quickly")
    void bulk() {
        JimsDirectory directory = new JimsDirectory();

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> directory.generate(100_000, T0, Duration.ofSeconds(1)));

        assertThat(directory.size()).isEqualTo(100_000);
        assertThat(directory.activeCount()).isEqualTo(100_000);
        assertThat(directory.at("10.1.134.160"))
                .hasValueSatisfying(e -> assertThat(e.user()).isEqualTo("user100000"));
        assertThat(directory.since(T0.plusSeconds(99_990))).hasSize(10);
        JimsDirectory.Page page = directory.page(T0, 99_500, 1000);
        assertThat(page.entries()).hasSize(500);
        assertThat(page.nextSequence()).isEqualTo(100_000);
    }

    @Test
    @DisplayName("logon sets, logoff ends the IP's entry; the log keeps both events")
    void logonLogoff() {
        JimsDirectory directory = new JimsDirectory(new MutableClock(T0));
        directory.logon("10.0.0.10", "CORP", "alice", "Engineering");

        JimsEntry logoff = directory.logoff("10.0.0.10");

        assertThat(directory.at("10.0.0.10")).isEmpty();
        assertThat(logoff.operation()).isEqualTo(JimsEntry.Operation.LOGOFF);
        assertThat(logoff.user()).isEqualTo("alice");
        assertThat(directory.since(T0))
                .extracting(JimsEntry::operation)
                .containsExactly(JimsEntry.Operation.LOGON, JimsEntry.Operation.LOGOFF);
    }

    @Test
    @DisplayName("clear() keeps sequence numbers growing, so old positions see only new events")
    void clear() {
        JimsDirectory directory = new JimsDirectory();
        directory.generate(5, T0, Duration.ofSeconds(1));
        long end = directory.endSequence();

        directory.clear();
        directory.logon("10.0.0.1", "CORP", "bob");

        assertThat(directory.page(Instant.EPOCH, end, 10).entries())
                .extracting(JimsEntry::user)
                .containsExactly("bob");
    }

    @Test
    @DisplayName("IP literals only: names are refused without being resolved")
    void ipLiterals() {
        assertThat(IpLiterals.canonical("2001:0DB8:0000:0000:0000:0000:0000:0001"))
                .isEqualTo("2001:db8::1");
        assertThat(IpLiterals.canonical("fe80:0:0:1:0:0:0:1")).isEqualTo("fe80:0:0:1::1");
        assertThat(IpLiterals.canonical("1:0:0:2:0:0:3:4")).isEqualTo("1::2:0:0:3:4");
        assertThat(IpLiterals.canonical("1:2:3:4:5:6:0:8")).isEqualTo("1:2:3:4:5:6:0:8");
        assertThat(IpLiterals.canonical("::")).isEqualTo("::");
        assertThat(IpLiterals.canonical("1:2:3:4:5:6:7:8")).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(IpLiterals.isValid("localhost")).isFalse();
        assertThat(IpLiterals.isValid("10.0.0.256")).isFalse();
        assertThat(IpLiterals.isValid("fe80::1%eth0")).isFalse();
        assertThatThrownBy(() -> new JimsDirectory().logon("host.example", "CORP", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("concurrent writers and readers keep the directory consistent")
    void concurrency() throws Exception {
        JimsDirectory directory = new JimsDirectory();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        String ip = "10.9." + thread + "." + (i % 250);
                        directory.logon(ip, "CORP", "u" + thread, "G");
                        assertThat(directory.at(ip)).isPresent();
                        if (i % 2 == 1) {
                            directory.logoff(ip);
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(directory.size()).isEqualTo(4 * 1_500);
        assertThat(directory.since(Instant.EPOCH)).hasSize(4 * 1_500);
        assertThat(directory.activeCount()).isEqualTo(4 * 125);
    }
}
