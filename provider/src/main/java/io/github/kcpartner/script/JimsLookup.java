package io.github.kcpartner.script;

import java.util.Map;

/**
 * The JIMS lookup a rule reaches as {@code jims.userAt(ip)}. Supplied by the caller, so the
 * engine needs no JIMS client of its own.
 *
 * <p>The returned map holds plain values only (strings, numbers, booleans, lists and maps of
 * those); the engine copies it into a plain JavaScript object. Implementations should bound
 * their own time: the engine's time limit is only checked while JavaScript runs.
 */
@FunctionalInterface
public interface JimsLookup {

    /** A lookup that never finds anyone. */
    JimsLookup NONE = ip -> null;

    /**
     * @param ip the IP address the rule asks about
     * @return the JIMS user logged in at that address, or {@code null} when there is none
     */
    Map<String, Object> userAt(String ip);
}
