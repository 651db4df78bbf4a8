package io.github.kcpartner.jims.client;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A snapshot of one server's status (SRX {@code show ... identity-management status}).
 * Never holds the access token itself.
 *
 * @param role           Primary or Secondary
 * @param address        server address
 * @param port           server port
 * @param connectMethod  https or http
 * @param sourceAddress  bound local address, or {@code null} for automatic
 * @param online         Online or Offline
 * @param lastStatus     e.g. {@code OK (200)}, {@code Connection refused}, {@code Read timed out};
 *                       {@value #NO_REQUEST_YET} before the first request
 * @param tokenPresent   whether an access token is cached
 * @param tokenExpiresAt expiry of the cached token, or {@code null}
 * @param lastCheckAt    when {@code lastStatus} happened, or {@code null} before the first request
 * @param lastCheckOk    whether that last request got its answer ({@code 200})
 * @param lastFailure    the latest failure, older or not than the last check, or {@code null} if none
 * @param lastFailureAt  when {@code lastFailure} happened, or {@code null}
 */
public record ServerStatus(
        ServerRole role,
        String address,
        int port,
        ConnectMethod connectMethod,
        String sourceAddress,
        boolean online,
        String lastStatus,
        boolean tokenPresent,
        Instant tokenExpiresAt,
        Instant lastCheckAt,
        boolean lastCheckOk,
        String lastFailure,
        Instant lastFailureAt) {

    /** {@link #lastStatus} of a server no request has gone to yet. */
    public static final String NO_REQUEST_YET = "No request yet";

    /** {@code Online} or {@code Offline}. */
    public String state() {
        return online ? "Online" : "Offline";
    }

    /** What the SRX prints for the access token: {@code NULL} when none, a mask otherwise. */
    public String accessTokenDisplay() {
        return tokenPresent ? "********" : "NULL";
    }

    /**
     * The last check in words that cannot contradict {@link #state()}: before the first request it
     * says so (a server counts as Online until a request fails); a failure shown next to Online says
     * either that it is older and recovered since, or why it did not take the server Offline.
     */
    public String lastCheck() {
        if (lastCheckAt == null) {
            return "last check: none yet (no request sent; a server counts as Online until a request fails)";
        }
        String at = time(lastCheckAt);
        if (lastCheckOk) {
            String text = "last check: " + lastStatus + " at " + at;
            if (lastFailureAt != null) {
                text += "; earlier failure at " + time(lastFailureAt) + ", recovered since: " + lastFailure;
            }
            return online ? text : text + " (not yet marked Online again)";
        }
        String text = "last check: failed at " + at + ": " + lastStatus;
        return online ? text + " (not an outage: the server still answers, or its token is still valid)" : text;
    }

    /** {@link #state()} and {@link #lastCheck()}, e.g. {@code Offline; last check: failed at ...}. */
    public String summary() {
        return state() + "; " + lastCheck();
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
