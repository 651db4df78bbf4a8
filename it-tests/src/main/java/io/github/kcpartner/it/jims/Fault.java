package io.github.kcpartner.it.jims;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure a {@link JimsSimulator} plays until switched off: {@code sim.fault(Fault.hang())},
 * later {@code sim.fault(Fault.none())}.
 *
 * <p>{@link Kind#DOWN}, {@link Kind#HANG}, {@link Kind#SLOW} and {@link Kind#HTTP_5XX} hit every
 * endpoint unless {@link #queriesOnly()} is asked for. The body faults concern the query API only
 * (the token endpoint keeps working so a client reaches the query) and are answered after the
 * bearer token and the parameters were accepted. {@link Kind#EXPIRED_TOKEN} acts on both: queries
 * get 401, the token endpoint issues tokens that are already expired.
 *
 * @param kind what fails
 * @param delay for {@link Kind#SLOW}: how long each answer waits
 * @param status for {@link Kind#HTTP_5XX}: the status sent
 * @param bytes for {@link Kind#HUGE_BODY}: the body size
 * @param onlyQueries true: the token endpoint is not affected
 */
public record Fault(Kind kind, Duration delay, int status, long bytes, boolean onlyQueries) {

    /** The failure modes. */
    public enum Kind {
        /** Normal service. */
        NONE,
        /** Listening socket closed: connections are refused; {@code none()} listens again on the same port. */
        DOWN,
        /** Requests are read but never answered until the fault changes or {@link JimsSimulator#releaseHung()}. */
        HANG,
        /** Each answer waits {@link Fault#delay()} first, then is normal. */
        SLOW,
        /** Answers {@link Fault#status()} (e.g. 503) with a small JSON error body. */
        HTTP_5XX,
        /** Answers 200 with a JSON content type and a truncated, unparsable body. */
        BAD_JSON,
        /** Answers 200 with a syntactically valid JSON body of {@link Fault#bytes()} bytes, streamed. */
        HUGE_BODY,
        /** Answers 200 without {@code cookie}, entries without {@code operation}, {@code ip} and {@code user}, no {@code entries} key when empty. */
        MISSING_FIELDS,
        /** Answers 200 with {@code cookie} and {@code groups} as numbers, {@code timestamp} as epoch number, {@code device} as a string; {@code entries} as an object when empty. */
        WRONG_TYPES,
        /** Every bearer token is answered 401 as expired; new tokens are issued with {@code expires_in} in the past. */
        EXPIRED_TOKEN
    }

    /** Default body size of {@link #hugeBody()}: 50 MiB. */
    public static final long HUGE_BODY_BYTES = 50L * 1024 * 1024;

    /** Checks the parameters. */
    public Fault {
        Objects.requireNonNull(kind, "kind");
        delay = Objects.requireNonNullElse(delay, Duration.ZERO);
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay");
        }
        if (kind == Kind.HTTP_5XX && (status < 500 || status > 599)) {
            throw new IllegalArgumentException("HTTP_5XX needs a status 500-599: " + status);
        }
    }

    /** Normal service. */
    public static Fault none() {
        return of(Kind.NONE);
    }

    /** Connections refused; the port stays reserved for {@link #none()}. */
    public static Fault down() {
        return of(Kind.DOWN);
    }

    /** Requests accepted and never answered. */
    public static Fault hang() {
        return of(Kind.HANG);
    }

    /** Every answer delayed. */
    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, delay, 0, 0, false);
    }

    /** Every answer delayed by {@code millis} ms. */
    public static Fault slow(long millis) {
        return slow(Duration.ofMillis(millis));
    }

    /** Every request answered 503 Service Unavailable. */
    public static Fault http5xx() {
        return http5xx(503);
    }

    /** Every request answered with the given 5xx status. */
    public static Fault http5xx(int status) {
        return new Fault(Kind.HTTP_5XX, null, status, 0, false);
    }

    /** Garbage JSON with status 200. */
    public static Fault badJson() {
        return of(Kind.BAD_JSON);
    }

    /** A 50 MiB body. */
    public static Fault hugeBody() {
        return hugeBody(HUGE_BODY_BYTES);
    }

    /** A body of (about) {@code bytes} bytes. */
    public static Fault hugeBody(long bytes) {
        return new Fault(Kind.HUGE_BODY, null, 0, bytes, true);
    }

    /** Required fields left out. */
    public static Fault missingFields() {
        return of(Kind.MISSING_FIELDS);
    }

    /** Fields with the wrong JSON types. */
    public static Fault wrongTypes() {
        return of(Kind.WRONG_TYPES);
    }

    /** Every token treated as expired. */
    public static Fault expiredToken() {
        return of(Kind.EXPIRED_TOKEN);
    }

    /** The same fault, sparing the token endpoint (no effect on DOWN: both APIs share one socket; the body faults spare it anyway). */
    public Fault queriesOnly() {
        return new Fault(kind, delay, status, bytes, true);
    }

    /** Whether this fault applies to a request on the token endpoint ({@code token}) or query API. */
    boolean appliesTo(boolean token) {
        return switch (kind) {
            case NONE -> false;
            case DOWN -> true;
            case HANG, SLOW, HTTP_5XX, EXPIRED_TOKEN -> !token || !onlyQueries;
            default -> !token;
        };
    }

    private static Fault of(Kind kind) {
        boolean onlyQueries = switch (kind) {
            case BAD_JSON, HUGE_BODY, MISSING_FIELDS, WRONG_TYPES -> true;
            default -> false;
        };
        return new Fault(kind, null, 0, 0, onlyQueries);
    }
}
