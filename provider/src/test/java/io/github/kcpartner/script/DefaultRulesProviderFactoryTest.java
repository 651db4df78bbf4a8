package io.github.kcpartner.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.Config;

class DefaultRulesProviderFactoryTest {

    /** A Config.Scope answering from {@code values}, else the default Keycloak passes. */
    private static Config.Scope scope(Map<String, String> values) {
        Config.Scope scope = mock(Config.Scope.class);
        when(scope.get(anyString())).thenAnswer(i -> values.get(i.getArgument(0, String.class)));
        when(scope.getLong(anyString(), org.mockito.ArgumentMatchers.any())).thenAnswer(i -> {
            String v = values.get(i.getArgument(0, String.class));
            return v == null ? i.getArgument(1) : Long.valueOf(v);
        });
        when(scope.getInt(anyString(), org.mockito.ArgumentMatchers.any())).thenAnswer(i -> {
            String v = values.get(i.getArgument(0, String.class));
            return v == null ? i.getArgument(1) : Integer.valueOf(v);
        });
        return scope;
    }

    @Test
    void theEngineReadsTheConfiguredDirectoryAndLimits(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("from-option.js"), "result.setUsername('x');\n");
        DefaultRulesProviderFactory factory = new DefaultRulesProviderFactory();
        factory.init(scope(Map.of("directory", dir.toString(), "time-limit-millis", "250")));
        RuleEngine engine = factory.create(null).engine();
        assertThat(engine.ruleNames()).contains("from-option");
        assertThat(factory.create(null).engine())
                .as("one engine for every session")
                .isSameAs(engine);

        factory.close();
        assertThatThrownBy(() -> factory.create(null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOutOfRangeLimitStopsTheStartWithTheSpiName() {
        DefaultRulesProviderFactory factory = new DefaultRulesProviderFactory();
        assertThatThrownBy(() -> factory.init(scope(Map.of("time-limit-millis", "0"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RulesSpi.NAME);
    }

    @Test
    void everyOptionIsDescribed() {
        assertThat(new DefaultRulesProviderFactory().getConfigMetadata())
                .extracting(p -> p.getName())
                .containsExactly(
                        "directory",
                        "time-limit-millis",
                        "instruction-budget",
                        "max-stack-depth",
                        "max-allocation-bytes");
    }
}
