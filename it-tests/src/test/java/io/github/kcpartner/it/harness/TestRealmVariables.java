package io.github.kcpartner.it.harness;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.kcpartner.it.jims.JimsPair;

/** Values for the realm-export placeholders in a test run: fresh secrets every run. */
final class TestRealmVariables {

    /** The client secret the JIMS simulators expect (test-only). */
    static final String JIMS_CLIENT_SECRET = randomSecret();

    private TestRealmVariables() {
    }

    static Map<String, String> create(JimsPair jims) {
        return create("127.0.0.1", jims.primary().port());
    }

    static Map<String, String> create(String jimsAddress, int jimsPort) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("PARTNER_OP_CLIENT_SECRET", randomSecret());
        vars.put("PARTNER_OP_ALICE_PASSWORD", randomSecret());
        vars.put("JIMS_PRIMARY_ADDRESS", jimsAddress);
        vars.put("JIMS_PRIMARY_PORT", Integer.toString(jimsPort));
        return vars;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
