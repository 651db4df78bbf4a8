package io.github.kcpartner.jims.flow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.keycloak.events.EventBuilder;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * What the network-identity steps tell operators: event details on the login's events and a
 * Micrometer counter {@code jims_flow_decisions_total{step,mode,outcome}} (on Keycloak's
 * {@code /metrics}). Labels hold fixed words only, never a user or an address.
 * <ul>
 *   <li>{@code jims_match}: {@code true} (the user being logged in is the JIMS user at the
 *       client address), {@code false} (someone else is), {@code unknown} (nobody known there,
 *       or JIMS could not tell);</li>
 *   <li>{@code jims_user}: the JIMS identity at the address, <code>domain&#92;user</code>;</li>
 *   <li>{@code jims_reason}: why the match is unknown ({@code nobody}, {@code jims_unavailable},
 *       {@code jims_not_configured}, {@code client_address_not_ip}).</li>
 * </ul>
 * The values are also kept in the authentication session, so a later step of the same login
 * (the match condition after the password form) and the login's final events carry them.
 */
final class NetworkOutcomes {

    static final String MATCH = "jims_match";
    static final String USER = "jims_user";
    static final String REASON = "jims_reason";

    private static final String NOTE_PREFIX = "jims.network.";

    private final MeterRegistry registry;

    NetworkOutcomes(MeterRegistry registry) {
        this.registry = registry;
    }

    static NetworkOutcomes global() {
        return new NetworkOutcomes(Metrics.globalRegistry);
    }

    void count(String step, String mode, String outcome) {
        Counter.builder("jims.flow.decisions")
                .description("Decisions of the JIMS network-identity login steps")
                .tag("step", step)
                .tag("mode", mode)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Sets the details on this request's event and keeps them for the rest of the login. */
    static void record(
            EventBuilder event, AuthenticationSessionModel authSession, String match, String jimsUser, String reason) {
        put(event, authSession, MATCH, match);
        put(event, authSession, USER, jimsUser);
        put(event, authSession, REASON, reason);
    }

    /** Sets only why the match is unknown (for example an {@code auto} refusal), keeping the rest. */
    static void reason(EventBuilder event, AuthenticationSessionModel authSession, String reason) {
        put(event, authSession, REASON, reason);
    }

    /** What this login recorded for {@code key} ({@link #MATCH}, {@link #USER}, {@link #REASON}), or {@code null}. */
    static String recorded(AuthenticationSessionModel authSession, String key) {
        return authSession.getAuthNote(NOTE_PREFIX + key);
    }

    /** Puts what an earlier step of this login recorded on this request's event (a no-op when nothing was). */
    static void replay(EventBuilder event, AuthenticationSessionModel authSession) {
        for (String key : new String[] {MATCH, USER, REASON}) {
            String value = authSession.getAuthNote(NOTE_PREFIX + key);
            if (value != null) {
                event.detail(key, value);
            }
        }
    }

    private static void put(EventBuilder event, AuthenticationSessionModel authSession, String key, String value) {
        if (value == null) {
            authSession.removeAuthNote(NOTE_PREFIX + key);
            event.removeDetail(key);
        } else {
            authSession.setAuthNote(NOTE_PREFIX + key, value);
            event.detail(key, value);
        }
    }
}
