package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.kcpartner.jims.client.ServerRole;
import org.infinispan.Cache;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.MultivaluedHashMap;

class JimsRuntimeTest {

    @SuppressWarnings("unchecked")
    private static Cache<String, String> sharedCache(ConcurrentHashMap<String, String> map) {
        Cache<String, String> cache = mock(Cache.class);
        when(cache.putIfAbsent(anyString(), anyString(), anyLong(), any(TimeUnit.class)))
                .thenAnswer(a -> map.putIfAbsent(a.getArgument(0), a.getArgument(1)));
        when(cache.get(any())).thenAnswer(a -> map.get(a.getArgument(0)));
        when(cache.put(anyString(), anyString())).thenAnswer(a -> map.put(a.getArgument(0), a.getArgument(1)));
        return cache;
    }

    @Test
    @DisplayName("given two nodes sharing the replicated cache, then only one polls per cycle")
    void onePollerPerCycle() {
        MultivaluedHashMap<String, String> m = new MultivaluedHashMap<>();
        m.putSingle("primaryAddress", "127.0.0.1");
        m.putSingle("primaryPort", "1");
        m.putSingle("primaryConnectMethod", "http");
        m.putSingle("primaryClientId", "kc");
        m.putSingle("primaryClientSecret", "s");
        m.putSingle("queryInterval", "60");
        ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();
        Cache<String, String> cache = sharedCache(map);
        try (JimsRuntime a = new JimsRuntime("c1", 1, new JimsConfig(m, s -> s), cache);
                JimsRuntime b = new JimsRuntime("c1", 1, new JimsConfig(m, s -> s), cache)) {
            boolean polledA = a.tick();
            boolean polledB = b.tick();
            assertThat(polledA ^ polledB).as("exactly one node owns the cycle").isTrue();
            assertThat(a.client().counters().get(ServerRole.PRIMARY)).isNotNull();
            assertThat(map.keySet()).anyMatch(k -> k.startsWith("c1|cycle|"));
        }
    }
}
