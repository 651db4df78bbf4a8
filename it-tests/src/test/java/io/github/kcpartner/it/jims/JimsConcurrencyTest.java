package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JimsConcurrencyTest {

    @Test
    @DisplayName("faults switched while clients query: every answer is a 200 or the fault's 503, and the server heals")
    void switchingUnderLoad() throws Exception {
        try (JimsSimulator sim = JimsSimulator.builder().build().start()) {
            sim.directory().logon("10.0.0.10", "CORP", "alice", "Engineering");
            JimsTestClient client = new JimsTestClient(sim, null);
            String token = client.token();
            Set<Integer> statuses = ConcurrentHashMap.newKeySet();
            CountDownLatch started = new CountDownLatch(4);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> workers = new ArrayList<>();
            try {
                for (int t = 0; t < 4; t++) {
                    workers.add(pool.submit(() -> {
                        started.countDown();
                        for (int i = 0; i < 50; i++) {
                            HttpResponse<String> response = client.send(client.queryRequest(token, "ip=10.0.0.10")
                                    .timeout(Duration.ofSeconds(10))
                                    .build());
                            statuses.add(response.statusCode());
                        }
                        return null;
                    }));
                }
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 30; i++) {
                    sim.fault(i % 3 == 0 ? Fault.http5xx() : i % 3 == 1 ? Fault.slow(2) : Fault.none());
                }
                sim.fault(Fault.none());
                for (Future<?> worker : workers) {
                    worker.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(statuses).isSubsetOf(200, 503).contains(200);
            assertThat(sim.count(RequestKind.IP)).isEqualTo(200);
            assertThat(client.query(token, "ip=10.0.0.10").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("starts; DOWN and back many times keeps the port and answers afterwards")
    void downUpRepeatedly() throws IOException, InterruptedException {
        JimsSimulator built = JimsSimulator.builder().build();
        try (JimsSimulator sim = built.start()) {
            int port = sim.port();
            for (int i = 0; i < 10; i++) {
                sim.fault(Fault.down());
                assertThat(sim.isListening()).isFalse();
                sim.fault(Fault.none());
                assertThat(sim.isListening()).isTrue();
            }

            assertThat(sim.port()).isEqualTo(port);
            JimsTestClient client = new JimsTestClient(sim, null);
            assertThat(client.query(client.token(), "ip=10.0.0.1").statusCode()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("stop() ends hanging requests and the simulator can start again")
    void stopWhileHanging() throws Exception {
        JimsSimulator sim = JimsSimulator.builder().build().start();
        JimsTestClient client = new JimsTestClient(sim, null);
        String token = client.token();
        sim.fault(Fault.hang());
        var waiting = client.http()
                .sendAsync(client.queryRequest(token, "ip=10.0.0.1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sim.awaitCount(RequestKind.IP, 1, Duration.ofSeconds(5))).isTrue();

        sim.stop();

        assertThat(waiting).failsWithin(Duration.ofSeconds(5));
        sim.fault(Fault.none());
        sim.start();
        try {
            assertThat(new JimsTestClient(sim, null).query(token, "ip=10.0.0.1").statusCode())
                    .isEqualTo(200);
        } finally {
            sim.stop();
        }
    }
}
