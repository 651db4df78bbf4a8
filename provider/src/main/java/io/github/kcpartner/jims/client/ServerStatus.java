package io.github.kcpartner.jims.client;

import java.time.Instant;

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
 * @param lastStatus     e.g. {@code OK (200)}, {@code Connection refused}, {@code Read timed out}
 * @param tokenPresent   whether an access token is cached
 * @param tokenExpiresAt expiry of the cached token, or {@code null}
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
        Instant tokenExpiresAt) {

    /** {@code Online} or {@code Offline}. */
    public String state() {
        return online ? "Online" : "Offline";
    }

    /** What the SRX prints for the access token: {@code NULL} when none, a mask otherwise. */
    public String accessTokenDisplay() {
        return tokenPresent ? "********" : "NULL";
    }
}
