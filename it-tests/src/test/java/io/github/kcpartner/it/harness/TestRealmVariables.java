package io.github.kcpartner.it.harness;

import io.github.kcpartner.it.jims.JimsPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Values for the realm-export placeholders in a test run: fresh secrets every run. */
final class TestRealmVariables {

    /** The client secret the JIMS simulators expect (test-only). */
    static final String JIMS_CLIENT_SECRET = randomSecret();

    private TestRealmVariables() {}

    static Map<String, String> create(JimsPair jims) {
        return create("127.0.0.1", jims);
    }

    /** {@code jimsAddress}: how Keycloak reaches the simulators (both listen on loopback ports). */
    static Map<String, String> create(String jimsAddress, JimsPair jims) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("PARTNER_OP_CLIENT_SECRET", randomSecret());
        vars.put("PARTNER_OP_ALICE_PASSWORD", randomSecret());
        vars.put("JIMS_PRIMARY_ADDRESS", jimsAddress);
        vars.put("JIMS_PRIMARY_PORT", Integer.toString(jims.primary().port()));
        vars.put("JIMS_SECONDARY_ADDRESS", jimsAddress);
        vars.put("JIMS_SECONDARY_PORT", Integer.toString(jims.secondary().port()));
        vars.put("JIMS_CLIENT_ID", JimsPair.CLIENT_ID);
        vars.put("JIMS_CLIENT_SECRET", JIMS_CLIENT_SECRET);
        vars.put("JIMS_CA_PEM", caPemOneLine(jims.caPem()));
        return vars;
    }

    /** The CA PEM with line breaks written as backslash-n (JSON-safe; the component reads both). */
    static String caPemOneLine(java.nio.file.Path pem) {
        try {
            return java.nio.file.Files.readString(pem).strip().replace("\r", "").replace("\n", "\\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
