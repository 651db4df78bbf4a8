package io.github.kcpartner.it.demo;

import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.jims.JimsSimulatorMain;
import io.github.kcpartner.it.keycloak.KeycloakDistribution;
import io.github.kcpartner.it.keycloak.KeycloakSettings;
import io.github.kcpartner.it.support.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * README command 1: Keycloak in dev mode with our jar and the demo realms, a partner OP (the
 * {@code partner-op} realm of the same server) and a JIMS simulator. Ctrl-C stops it all.
 */
public final class Demo {

    private Demo() {}

    public static void main(String[] args) throws InterruptedException, IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("DEMO_PORT", "8080"));
        String base = "http://localhost:" + port;

        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("PARTNER_OP_CLIENT_SECRET", "demo-partner-secret");
        variables.put("PARTNER_OP_ALICE_PASSWORD", "alice");
        Path caFile = Files.createTempFile("jims-demo-ca", ".pem");
        JimsPair jims = JimsPair.start("demo-jims-secret", caFile);
        JimsSimulatorMain.seedDemoUsers(jims.directory());
        // the browser on this machine (loopback) is CORP\alice's desktop: the demo realm's login flow
        // (jims-network-identity, mode hint, CORP mapped to the partner) sends it to the partner with login_hint
        jims.directory()
                .logon(
                        "127.0.0.1",
                        "CORP",
                        "alice",
                        List.of("Engineering", "VPN-Users"),
                        new io.github.kcpartner.it.jims.JimsEntry.Device(
                                "DESKTOP-ALICE", List.of("Workstations"), "Windows"),
                        java.time.Instant.now());
        variables.put("JIMS_PRIMARY_ADDRESS", "127.0.0.1");
        variables.put("JIMS_PRIMARY_PORT", Integer.toString(jims.primary().port()));
        variables.put("JIMS_SECONDARY_ADDRESS", "127.0.0.1");
        variables.put("JIMS_SECONDARY_PORT", Integer.toString(jims.secondary().port()));
        variables.put("JIMS_CLIENT_ID", JimsPair.CLIENT_ID);
        variables.put("JIMS_CLIENT_SECRET", "demo-jims-secret");
        variables.put(
                "JIMS_CA_PEM",
                Files.readString(caFile).strip().replace("\r", "").replace("\n", "\\n"));

        KeycloakSettings settings = KeycloakSettings.fromSystemProperties()
                .withPorts(port, FreePorts.next())
                .withRealmVariables(variables)
                .withExtraArgs(List.of());
        System.out.println("Starting Keycloak (first start builds the server, about a minute)...");
        KeycloakDistribution keycloak = new KeycloakDistribution(settings).start();

        System.out.print(banner(
                keycloak.startupTime().toMillis() / 1000.0,
                base,
                jims.primary().baseUrl(),
                jims.secondary().baseUrl(),
                keycloak.logFile(),
                settings.vaultDir().toAbsolutePath()));

        new CountDownLatch(1).await();
    }

    /** What the demo prints once Keycloak is up: where to go, and where secrets go (the files vault). */
    static String banner(
            double seconds, String base, String jimsPrimary, String jimsSecondary, Object logFile, Path vaultDir) {
        return String.format("""

                ==========================================================================
                 Keycloak partner federation demo is up (started in %.0f s)
                 Log in through the partner:  %s/realms/partner-demo/account
                   -> JIMS says CORP\\alice is at this machine (127.0.0.1), so the login flow
                      goes straight to the partner OP with login_hint alice: password alice
                 Admin console:               %s/admin/master/console/#/partner-demo/identity-providers
                                              (admin / admin)
                 Partner OP realm:            %s/realms/partner-op
                 JIMS simulators:             %s (primary), %s (secondary)
                 Keycloak log:                %s
                 Vault directory (files vault, one file per secret, named <realm>_<key>):
                                              %s
                   e.g. a partner's client secret in realm partner-demo:
                     printf '%%s' 'the-secret' > %s/partner-demo_my-partner-client-secret
                     then type in Client Secret: ${vault.my-partner-client-secret}
                 Ctrl-C stops everything.
                ==========================================================================
                %n""", seconds, base, base, base, jimsPrimary, jimsSecondary, logFile, vaultDir, vaultDir);
    }
}
