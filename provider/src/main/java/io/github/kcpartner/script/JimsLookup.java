package io.github.kcpartner.script;

import java.time.Duration;
import java.util.Map;

/**
 * The JIMS lookup a rule reaches as {@code jims.userAt(ip)}. Supplied by the caller, so the
 * engine needs no JIMS client of its own.
 *
 * <p>The returned map holds plain values only (strings, numbers, booleans, lists and maps of
 * those); the engine copies it into a plain JavaScript object. The lookup's time counts against
 * the rule's time limit: implementations return or throw within {@code timeLeft} (the rule then
 * sees {@code Error('JIMS lookup failed')}).
 */
@FunctionalInterface
public interface JimsLookup {

    /** A lookup that never finds anyone. */
    JimsLookup NONE = (ip, timeLeft) -> null;

    /**
     * @param ip       the IP address the rule asks about
     * @param timeLeft what is left of the rule's time limit
     * @return the JIMS user logged in at that address, or {@code null} when there is none
     */
    Map<String, Object> userAt(String ip, Duration timeLeft);
}
