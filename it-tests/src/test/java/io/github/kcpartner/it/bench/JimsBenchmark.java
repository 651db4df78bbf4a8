package io.github.kcpartner.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.jims.client.IdentityRecord;
import io.github.kcpartner.jims.client.InMemoryIdentityTable;
import io.github.kcpartner.jims.client.JimsClient;
import io.github.kcpartner.jims.client.JimsClientConfig;
import io.github.kcpartner.jims.client.JimsLookupService;
import io.github.kcpartner.jims.client.JimsServerConfig;
import io.github.kcpartner.jims.client.ServerRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * Load driver for the JIMS figures of docs/BENCHMARKS.md, each against a baseline measured in the
 * same run: (1) a cached IP lookup vs a bare ConcurrentHashMap get, (2) an uncached IP lookup
 * (failover client, token, parsing, table write) vs a bare HTTPS GET of the same query with the
 * same connection reuse, (3) importing 100,000 entries by batch query vs bare paging + JSON parse.
 * Run: {@code mvn -o -pl it-tests -Pbench test-compile exec:exec}. Not a test: nothing asserts time.
 */
public final class JimsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JimsBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jims-bench");
        try (JimsPair jims = JimsPair.start("bench-secret-0123456789", dir.resolve("ca.pem"))) {
            String pem = Files.readString(jims.caPem());
            JimsClientConfig config = JimsClientConfig.builder()
                    .primary(JimsServerConfig.builder(ServerRole.PRIMARY)
                            .address("127.0.0.1")
                            .port(jims.primary().port())
                            .clientId(JimsPair.CLIENT_ID)
                            .clientSecret("bench-secret-0123456789")
                            .caCertificatePem(pem)
                            .build())
                    .itemsPerBatch(1000)
                    .maxConnections(5)
                    .ipQueriesPerSecond(10_000) // the query path is measured, not the rate limit (default 20/s)
                    .build();
            try (JimsClient client =
                            JimsClient.builder(config).backgroundProbing(false).build();
                    CloseableHttpClient bare = HttpClients.custom()
                            .setSSLContext(jims.pki().clientSslContext())
                            .build()) {
                StringBuilder report = new StringBuilder();
                cachedLookup(client, report);
                uncachedLookup(client, bare, jims, report);
                batchImport(client, bare, jims, report);
                System.out.println(report);
            }
        }
    }

    private static void cachedLookup(JimsClient client, StringBuilder report) throws Exception {
        InMemoryIdentityTable table = new InMemoryIdentityTable();
        JimsLookupService lookup = new JimsLookupService(client, table);
        ConcurrentHashMap<String, IdentityRecord> baseline = new ConcurrentHashMap<>();
        String[] ips = new String[10_000];
        for (int i = 0; i < ips.length; i++) {
            ips[i] = "10.20." + (i / 250) + "." + (i % 250 + 1);
            IdentityRecord r = new IdentityRecord(
                    ips[i],
                    true,
                    "CORP",
                    "user" + i,
                    List.of("g1", "g2"),
                    "dev" + i,
                    List.of(),
                    "Windows",
                    "bench",
                    Instant.now());
            table.putValid(r, Duration.ofHours(1));
            baseline.put(ips[i], r);
        }
        int n = 1_000_000;
        long[] ours = new long[n];
        long[] base = new long[n];
        for (int round = 0; round < 2; round++) { // first round is warm-up
            for (int i = 0; i < n; i++) {
                String ip = ips[i % ips.length];
                long t0 = System.nanoTime();
                Object a = lookup.lookupByIp(ip);
                long t1 = System.nanoTime();
                Object b = baseline.get(ip);
                long t2 = System.nanoTime();
                ours[i] = t1 - t0;
                base[i] = t2 - t1;
                if (a == null || b == null) {
                    throw new IllegalStateException("lookup lost");
                }
            }
        }
        row(report, "cached IP lookup (table hit) vs ConcurrentHashMap.get", ours, base, "ns");
    }

    private static void uncachedLookup(JimsClient client, CloseableHttpClient bare, JimsPair jims, StringBuilder report)
            throws Exception {
        for (int i = 0; i < 200; i++) {
            jims.directory().logon("10.30.0." + (i + 1), "CORP", "u" + i, "Engineering");
        }
        JimsLookupService lookup = new JimsLookupService(client, new InMemoryIdentityTable());
        String token = token(bare, jims);
        int n = 3000;
        long[] ours = new long[n];
        long[] base = new long[n];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                String ip = "10.30.0." + (i % 200 + 1);
                long t0 = System.nanoTime();
                lookup.refreshIp(ip);
                long t1 = System.nanoTime();
                HttpGet get = new HttpGet(jims.primary().queryUri() + "?ip=" + ip);
                get.setHeader("Authorization", "Bearer " + token);
                try (CloseableHttpResponse r = bare.execute(get)) {
                    EntityUtils.toString(r.getEntity());
                }
                long t2 = System.nanoTime();
                ours[i] = t1 - t0;
                base[i] = t2 - t1;
            }
        }
        row(report, "uncached IP lookup (JIMS query) vs bare HTTPS GET", ours, base, "us");
    }

    private static void batchImport(JimsClient client, CloseableHttpClient bare, JimsPair jims, StringBuilder report)
            throws Exception {
        Instant start = Instant.now().minus(Duration.ofDays(2));
        jims.directory().generate(100_000, start, Duration.ofMillis(500));
        String token = token(bare, jims);
        long[] ours = new long[3];
        long[] base = new long[3];
        int imported = 0;
        for (int run = 0; run < 3; run++) {
            InMemoryIdentityTable table = new InMemoryIdentityTable();
            JimsLookupService lookup = new JimsLookupService(client, table);
            long t0 = System.nanoTime();
            var poller = lookup.newBatchPoller(start.minusSeconds(1));
            imported = 0;
            while (true) {
                var cycle = poller.runOnce();
                imported += cycle.entriesApplied();
                if (cycle.drained()) {
                    break;
                }
            }
            long t1 = System.nanoTime();
            int raw = rawPaging(bare, jims, token, start.minusSeconds(1));
            long t2 = System.nanoTime();
            ours[run] = t1 - t0;
            base[run] = t2 - t1;
            if (raw < 100_000) {
                throw new IllegalStateException("baseline read " + raw);
            }
        }
        report.append(String.format(
                Locale.ROOT,
                "| import of 100,000 entries by batch query (%d applied), vs bare paging + JSON parse | %.2f s | %.2f s | %.2f |%n",
                imported,
                median(ours) / 1e9,
                median(base) / 1e9,
                (double) median(ours) / median(base)));
    }

    private static int rawPaging(CloseableHttpClient bare, JimsPair jims, String token, Instant since)
            throws Exception {
        int count = 0;
        String query = "?timestamp=" + since.getEpochSecond() + "&entry_count=1000";
        while (true) {
            HttpGet get = new HttpGet(jims.primary().queryUri() + query);
            get.setHeader("Authorization", "Bearer " + token);
            JsonNode page;
            try (CloseableHttpResponse r = bare.execute(get)) {
                page = JSON.readTree(EntityUtils.toString(r.getEntity()));
            }
            int size = page.path("entries").size();
            count += size;
            if (size < 1000) {
                return count;
            }
            query = "?cookie=" + page.path("cookie").asText() + "&entry_count=1000";
        }
    }

    private static String token(CloseableHttpClient bare, JimsPair jims) throws Exception {
        HttpPost post = new HttpPost(jims.primary().tokenUri());
        post.setEntity(new StringEntity(
                "grant_type=client_credentials&client_id=" + JimsPair.CLIENT_ID
                        + "&client_secret=bench-secret-0123456789",
                ContentType.APPLICATION_FORM_URLENCODED));
        try (CloseableHttpResponse r = bare.execute(post)) {
            return JSON.readTree(EntityUtils.toString(r.getEntity()))
                    .path("access_token")
                    .asText();
        }
    }

    private static void row(StringBuilder report, String what, long[] ours, long[] base, String unit) {
        double scale = "us".equals(unit) ? 1000.0 : 1.0;
        long[] a = ours.clone();
        long[] b = base.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        report.append(String.format(
                Locale.ROOT,
                "| %s | p50 %.1f %s, p99 %.1f %s | p50 %.1f %s, p99 %.1f %s | %.2f (p50) |%n",
                what,
                a[a.length / 2] / scale,
                unit,
                a[a.length * 99 / 100] / scale,
                unit,
                b[b.length / 2] / scale,
                unit,
                b[b.length * 99 / 100] / scale,
                unit,
                (double) a[a.length / 2] / b[b.length / 2]));
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
