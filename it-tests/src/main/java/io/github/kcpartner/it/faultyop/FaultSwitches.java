package io.github.kcpartner.it.faultyop;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The faults in force, global or per client; safe to flip while requests are being served. */
public final class FaultSwitches {

    private final Set<Fault> global = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Fault>> perClient = new ConcurrentHashMap<>();

    FaultSwitches() {}

    /** Switches a fault on for every client. */
    public FaultSwitches enable(Fault fault) {
        global.add(Objects.requireNonNull(fault));
        return this;
    }

    public FaultSwitches disable(Fault fault) {
        global.remove(fault);
        return this;
    }

    /** Switches a fault on for one client only. */
    public FaultSwitches enable(String clientId, Fault fault) {
        Objects.requireNonNull(fault);
        perClient.computeIfAbsent(clientId, id -> ConcurrentHashMap.newKeySet()).add(fault);
        return this;
    }

    public FaultSwitches disable(String clientId, Fault fault) {
        perClient.getOrDefault(clientId, Collections.emptySet()).remove(fault);
        return this;
    }

    /** All faults off, global and per client. */
    public void clear() {
        global.clear();
        perClient.clear();
    }

    /** Whether {@code fault} is on for {@code clientId} (globally or for that client). */
    public boolean isActive(String clientId, Fault fault) {
        return global.contains(fault)
                || perClient.getOrDefault(clientId, Collections.emptySet()).contains(fault);
    }

    /** Whether {@code fault} is on anywhere: global or for any client. */
    public boolean isActiveAnywhere(Fault fault) {
        return global.contains(fault) || perClient.values().stream().anyMatch(s -> s.contains(fault));
    }

    /** A snapshot of the faults in force for {@code clientId}. */
    public Set<Fault> activeFor(String clientId) {
        Set<Fault> all = EnumSet.noneOf(Fault.class);
        all.addAll(global);
        all.addAll(perClient.getOrDefault(clientId, Collections.emptySet()));
        return all;
    }
}
