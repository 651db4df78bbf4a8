package io.github.kcpartner.it.jims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JimsSimulatorMainTest {

    @Test
    @DisplayName("options: defaults, values, SANs and errors")
    void options() {
        SimulatorOptions defaults = SimulatorOptions.parse();
        SimulatorOptions custom = SimulatorOptions.parse(
                "--port",
                "8443",
                "--secondary-port",
                "0",
                "--http",
                "--client-id",
                "fw1",
                "--client-secret",
                "x",
                "--san",
                "jims.example",
                "--token-lifetime",
                "60");

        assertThat(defaults.https).isTrue();
        assertThat(defaults.port).isZero();
        assertThat(defaults.secondaryPort).isNull();
        assertThat(defaults.sans).containsExactly("localhost", "127.0.0.1", "::1");
        assertThat(custom.port).isEqualTo(8443);
        assertThat(custom.secondaryPort).isZero();
        assertThat(custom.https).isFalse();
        assertThat(custom.clientId).isEqualTo("fw1");
        assertThat(custom.sans).containsExactly("jims.example");
        assertThat(custom.tokenLifetime).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> SimulatorOptions.parse("--port")).hasMessageContaining("missing value");
        assertThatThrownBy(() -> SimulatorOptions.parse("--nope", "1")).hasMessageContaining("unknown option");
        assertThatThrownBy(() -> SimulatorOptions.parse("--port", "70000")).hasMessageContaining("out of range");
    }

    @Test
    @DisplayName("demo users are seeded: CORP\\alice at 10.0.0.10 with Engineering and VPN-Users, bob at 10.0.0.11")
    void demoUsers() {
        JimsDirectory directory = new JimsDirectory();

        JimsSimulatorMain.seedDemoUsers(directory);

        assertThat(directory.at("10.0.0.10")).hasValueSatisfying(alice -> {
            assertThat(alice.domain()).isEqualTo("CORP");
            assertThat(alice.user()).isEqualTo("alice");
            assertThat(alice.groups()).containsExactly("Engineering", "VPN-Users");
        });
        assertThat(directory.at("10.0.0.11"))
                .hasValueSatisfying(bob -> assertThat(bob.user()).isEqualTo("bob"));
        assertThat(directory.at("10.0.0.12"))
                .hasValueSatisfying(device -> assertThat(device.user()).isEmpty());
    }

    @Test
    @DisplayName("console commands switch faults and change the directory")
    void console() throws Exception {
        JimsDirectory directory = new JimsDirectory();
        try (JimsSimulator primary =
                JimsSimulator.builder().directory(directory).build().start()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ConsoleCommands console = new ConsoleCommands(
                    Map.of("primary", primary), directory, new PrintStream(bytes, true, StandardCharsets.UTF_8));

            console.run(new BufferedReader(new StringReader(String.join(
                    "\n",
                    "logon 10.0.0.20 CORP erin Ops",
                    "primary down",
                    "primary none",
                    "primary slow 10",
                    "primary 5xx 502",
                    "logoff 10.0.0.20",
                    "stats",
                    "nonsense"))));

            assertThat(primary.fault()).isEqualTo(Fault.http5xx(502));
            assertThat(primary.isListening()).isTrue();
            assertThat(directory.at("10.0.0.20")).isEmpty();
            assertThat(directory.size()).isEqualTo(2);
            assertThat(bytes.toString(StandardCharsets.UTF_8))
                    .contains("ok primary DOWN", "ok primary NONE", "entries=2", "error: unknown command");
        }
    }
}
