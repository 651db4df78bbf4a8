package io.github.kcpartner.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One complete browser-less login: from a client's authorization request (with {@code
 * kc_idp_hint}) through the identity provider and back, following redirects until the client's
 * redirect URI carries a code. Starts with no cookies each time. Cookies are kept by hand:
 * Keycloak marks its session cookies {@code Secure} (browsers accept that on http://localhost,
 * the JDK's cookie store does not). Thread-safe: each run has its own cookies.
 *
 * @param start          the client's authorization request URL
 * @param clientRedirect the client's redirect URI
 */
public record HttpLogin(String start, String clientRedirect) {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Runs one login; returns its duration in nanoseconds; fails when a hop does not redirect. */
    public long run() throws Exception {
        Map<String, String> cookies = new LinkedHashMap<>();
        long begin = System.nanoTime();
        URI next = URI.create(start);
        for (int hop = 0; hop < 15; hop++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(next).timeout(Duration.ofSeconds(30));
            if (!cookies.isEmpty()) {
                request.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(c -> c.getKey() + "=" + c.getValue())
                                .collect(Collectors.joining("; ")));
            }
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : answer.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String value = pair.substring(eq + 1);
                    if (value.isEmpty() || set.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                        cookies.remove(pair.substring(0, eq));
                    } else {
                        cookies.put(pair.substring(0, eq), value);
                    }
                }
            }
            String location = answer.headers().firstValue("Location").orElse(null);
            assertThat(location)
                    .as("hop %d from %s answered %d", hop, next, answer.statusCode())
                    .isNotNull();
            next = next.resolve(location);
            if (next.toString().startsWith(clientRedirect)) {
                assertThat(next.getQuery()).as("the client got a code").contains("code=");
                return System.nanoTime() - begin;
            }
        }
        throw new AssertionError("no redirect to the client after 15 hops");
    }
}
