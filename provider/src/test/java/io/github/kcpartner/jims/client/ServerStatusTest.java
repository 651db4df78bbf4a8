package io.github.kcpartner.jims.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ServerStatusTest {

    private static final Instant T0 = Instant.parse("2026-01-02T10:00:00.123Z");
    private static final Instant T1 = Instant.parse("2026-01-02T10:05:07.999Z");

    private static ServerStatus status(
            boolean online, String last, Instant at, boolean ok, String failure, Instant failureAt) {
        return new ServerStatus(
                ServerRole.PRIMARY,
                "jims1.example.com",
                443,
                ConnectMethod.HTTPS,
                null,
                online,
                last,
                false,
                null,
                at,
                ok,
                failure,
                failureAt);
    }

    @Test
    @DisplayName("given no request yet, then the status says so instead of \"Not connected\" next to Online")
    void noRequestYet() {
        ServerStatus s = status(true, ServerStatus.NO_REQUEST_YET, null, false, null, null);
        assertThat(s.summary())
                .isEqualTo("Online; last check: none yet (no request sent; a server counts as Online until a"
                        + " request fails)");
        assertThat(s.lastStatus()).isEqualTo("No request yet");
    }

    @Test
    @DisplayName("given an answered last check, then Online with its outcome and time (to the second)")
    void lastCheckOk() {
        assertThat(status(true, "OK (200)", T1, true, null, null).summary())
                .isEqualTo("Online; last check: OK (200) at 2026-01-02T10:05:07Z");
    }

    @Test
    @DisplayName("given a failure before the last answered check, then it is shown as earlier and recovered")
    void olderFailureRecovered() {
        assertThat(status(true, "OK (200)", T1, true, "Connection refused", T0).summary())
                .isEqualTo("Online; last check: OK (200) at 2026-01-02T10:05:07Z; earlier failure at"
                        + " 2026-01-02T10:00:00Z, recovered since: Connection refused");
    }

    @Test
    @DisplayName("given a failed last check on an Offline server, then the failure and its time")
    void offlineFailure() {
        assertThat(status(false, "Connection refused", T1, false, "Connection refused", T1)
                        .summary())
                .isEqualTo("Offline; last check: failed at 2026-01-02T10:05:07Z: Connection refused");
    }

    @Test
    @DisplayName("given a failed last check on a server still Online, then the text says why it is not an outage")
    void onlineWithLatestFailure() {
        assertThat(status(true, "Bad Request (400)", T1, false, null, null).summary())
                .isEqualTo("Online; last check: failed at 2026-01-02T10:05:07Z: Bad Request (400) (not an outage:"
                        + " the server still answers, or its token is still valid)");
    }

    @Test
    @DisplayName("given an answered check on a server not yet marked Online again, then that is said")
    void offlineButAnswered() {
        assertThat(status(false, "OK (200)", T1, true, "Read timed out", T0).summary())
                .endsWith("recovered since: Read timed out (not yet marked Online again)")
                .startsWith("Offline; ");
    }
}
