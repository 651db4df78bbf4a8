package io.github.kcpartner.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.github.kcpartner.it.faultyop.ClientAuth;
import io.github.kcpartner.it.faultyop.ClientSettings;
import io.github.kcpartner.it.faultyop.FaultyOp;
import io.github.kcpartner.it.faultyop.ParRequestSeen;
import io.github.kcpartner.it.faultyop.RegisteredClient;
import io.github.kcpartner.it.faultyop.TokenRequestSeen;
import io.github.kcpartner.it.harness.KeycloakExtension;
import io.github.kcpartner.it.harness.KeycloakServer;
import io.github.kcpartner.it.harness.TestRealm;
import io.github.kcpartner.it.partner.PartnerFixture;
import io.github.kcpartner.it.partner.RpSigningKeys;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load driver, not a test (not run by {@code ./test}): what pushed authorization requests, a signed
 * request object and private_key_jwt add to a partner login, against the plain code flow in the
 * same run. Complete logins over HTTP ({@link HttpLogin}, no browser, no cookies at start, each
 * asserted to end at the client's redirect with a code) against the real Keycloak and one
 * {@link FaultyOp} with PAR, request objects and private_key_jwt switched on. Four identical realms
 * with one provider each, alternated login by login:
 *
 * <ul>
 *   <li>plain: code flow, client_secret_basic, {@code parMode} off, {@code requestObject} off;
 *   <li>par: {@code parMode} required, client_secret_basic;
 *   <li>par + private_key_jwt: as par, client assertions signed PS256 with an RSA 2048 keystore key;
 *   <li>fapi: {@code parMode} required, {@code requestObject} signed, private_key_jwt (PS256, the
 *       same keystore key signs the request object).
 * </ul>
 *
 * <p>The two middle ones split the fapi / plain ratio into its parts. After the run the OP's
 * records are checked: every fapi login pushed a request object authenticated with
 * private_key_jwt, and redeemed its code so; no plain login pushed. Also measured, in this JVM:
 * one PS256 signature and one verification with an RSA 2048 key, and one {@code KeyStore.getKey}
 * of the provider's key from its PKCS12 file. Run:
 * {@code mvn -B -ntp verify -pl it-tests -am -Dit.test=FapiLoginBenchmark -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dbench.warmup}, {@code -Dbench.logins}: per provider, default 100 and 300). Writes
 * {@code target/fapi-login-benchmark.txt}.
 */
@ExtendWith(KeycloakExtension.class)
class FapiLoginBenchmark {

    private static final int WARM_UP = Integer.getInteger("bench.warmup", 100);
    private static final int MEASURED = Integer.getInteger("bench.logins", 300);
    private static final String ALIAS = "partner";
    private static final String ALG = "PS256";

    /** One provider of the run: its login, the OP client it logs in as, its timings. */
    private record Variant(String name, HttpLogin login, RegisteredClient client, List<Long> nanos) {}

    @Test
    void fapiLoginVsPlainCodeFlow(KeycloakServer server) throws Exception {
        RpSigningKeys keys = RpSigningKeys.create("fapi-bench-keys");
        try (FaultyOp op = new FaultyOp().start()) {
            op.pushedAuthorizationRequests(true);
            op.requestObjects(true);
            op.privateKeyJwt(true);
            Variant plain = setUp(server, op, keys, "plain", false, false, false);
            Variant par = setUp(server, op, keys, "par", true, false, false);
            Variant parJwt = setUp(server, op, keys, "par-pkjwt", true, false, true);
            Variant fapi = setUp(server, op, keys, "fapi", true, true, true);
            Variant fapiEc = setUp(server, op, keys, "fapi-es256", true, true, true, "ES256", "ec");
            List<Variant> all = List.of(plain, par, parJwt, fapi, fapiEc);

            for (int i = 0; i < WARM_UP; i++) {
                for (Variant v : all) {
                    v.login().run();
                }
            }
            int clientJwksFetchesAfterWarmUp = op.clientJwksFetchCount();
            for (int i = 0; i < MEASURED; i++) {
                for (Variant v : all) {
                    v.nanos().add(v.login().run());
                }
            }
            int logins = WARM_UP + MEASURED;
            assertRecords(op, plain, logins, false, false, ClientAuth.CLIENT_SECRET_BASIC);
            assertRecords(op, par, logins, true, false, ClientAuth.CLIENT_SECRET_BASIC);
            assertRecords(op, parJwt, logins, true, false, ClientAuth.PRIVATE_KEY_JWT);
            assertRecords(op, fapi, logins, true, true, ClientAuth.PRIVATE_KEY_JWT);
            assertRecords(op, fapiEc, logins, true, true, ClientAuth.PRIVATE_KEY_JWT);

            double[] crypto = signAndVerifyMillis();
            double getKey = keystoreGetKeyMillis(keys.store("rsa"), RpSigningKeys.password(), "sig-rsa");
            StringBuilder report = new StringBuilder(String.format(
                    Locale.ROOT,
                    "partner login over HTTP, %d warm-up + %d measured per provider, alternated%n",
                    WARM_UP,
                    MEASURED));
            for (Variant v : all) {
                report.append(String.format(
                        Locale.ROOT,
                        "%-11s p50 %.2f ms, p95 %.2f ms (ratio to plain: p50 %.3f, p95 %.3f)%n",
                        v.name(),
                        ms(v.nanos(), 50),
                        ms(v.nanos(), 95),
                        ms(v.nanos(), 50) / ms(plain.nanos(), 50),
                        ms(v.nanos(), 95) / ms(plain.nanos(), 95)));
            }
            report.append(String.format(
                    Locale.ROOT,
                    "fapi / plain: p50 %.3f, p95 %.3f (target <= 1.3); with an EC P-256 key (ES256): p50 %.3f, p95 %.3f%n"
                            + "OP fetches of our JWKS: %d (all during warm-up: %s)%n"
                            + "RSA 2048 PS256 in this JVM: sign %.3f ms, verify %.3f ms%n"
                            + "KeyStore.getKey of that key from its PKCS12 file (store loaded once) in this JVM: %.3f ms%n",
                    ms(fapi.nanos(), 50) / ms(plain.nanos(), 50),
                    ms(fapi.nanos(), 95) / ms(plain.nanos(), 95),
                    ms(fapiEc.nanos(), 50) / ms(plain.nanos(), 50),
                    ms(fapiEc.nanos(), 95) / ms(plain.nanos(), 95),
                    op.clientJwksFetchCount(),
                    op.clientJwksFetchCount() == clientJwksFetchesAfterWarmUp,
                    crypto[0],
                    crypto[1],
                    getKey));
            System.out.print(report);
            Files.writeString(Path.of("target", "fapi-login-benchmark.txt"), report);
        }
    }

    private static Variant setUp(
            KeycloakServer server,
            FaultyOp op,
            RpSigningKeys keys,
            String name,
            boolean par,
            boolean requestObject,
            boolean privateKeyJwt) {
        return setUp(server, op, keys, name, par, requestObject, privateKeyJwt, ALG, "rsa");
    }

    private static Variant setUp(
            KeycloakServer server,
            FaultyOp op,
            RpSigningKeys keys,
            String name,
            boolean par,
            boolean requestObject,
            boolean privateKeyJwt,
            String alg,
            String keyType) {
        String realmName = "fapi-bench-" + name;
        TestRealm realm = TestRealm.create(server, realmName);
        String base = server.baseUrl();
        ClientSettings.Builder settings =
                ClientSettings.builder().redirectUri(base + "/realms/" + realmName + "/broker/" + ALIAS + "/endpoint");
        if (privateKeyJwt) {
            settings.rpJwksUri(URI.create(RpSigningKeys.jwksUri(server, realm, ALIAS)));
        }
        RegisteredClient client = op.registerClient(settings.build());
        Map<String, String> config = PartnerFixture.faultyOpConfig(op, client, ALIAS);
        config.put("parMode", par ? "required" : "off");
        config.put("requestObject", requestObject ? "signed" : "off");
        if (privateKeyJwt) {
            keys.privateKeyJwt(config, realm, alg, keyType);
        }
        realm.putIdentityProvider(ALIAS, "partner-openid-connect", config);
        String start = base + "/realms/" + realmName + "/protocol/openid-connect/auth?client_id="
                + TestRealm.CLIENT_ID + "&response_type=code&scope=openid&state=bench&kc_idp_hint=" + ALIAS
                + "&redirect_uri=" + URLEncoder.encode(realm.receiver().url(), StandardCharsets.UTF_8);
        return new Variant(name, new HttpLogin(start, realm.receiver().url()), client, new ArrayList<>());
    }

    /** The OP saw each of the variant's logins as configured: pushed or not, with a request object or not, and how the client authenticated. */
    private static void assertRecords(
            FaultyOp op, Variant v, int logins, boolean pushed, boolean requestObject, ClientAuth auth) {
        String id = v.client().clientId();
        List<ParRequestSeen> pars =
                op.parRequests().stream().filter(p -> id.equals(p.clientId())).toList();
        assertThat(pars).as("%s: pushed requests", v.name()).hasSize(pushed ? logins : 0);
        assertThat(pars)
                .as("%s: pushed requests", v.name())
                .allMatch(p -> p.status() == 201 && p.auth() == auth && p.requestObject() == requestObject);
        List<TokenRequestSeen> tokens =
                op.tokenRequests().stream().filter(t -> id.equals(t.clientId())).toList();
        assertThat(tokens).as("%s: token requests", v.name()).hasSize(logins);
        assertThat(tokens).as("%s: token requests", v.name()).allMatch(t -> t.status() == 200 && t.auth() == auth);
    }

    /** Mean milliseconds of one PS256 signature and one verification of a small JWT, RSA 2048, after warm-up. */
    private static double[] signAndVerifyMillis() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
        RSASSASigner signer = new RSASSASigner(key);
        RSASSAVerifier verifier = new RSASSAVerifier(key.toRSAPublicKey());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("client")
                .subject("client")
                .audience("http://127.0.0.1/token")
                .jwtID(UUID.randomUUID().toString())
                .build();
        int rounds = 500;
        long signNanos = 0;
        long verifyNanos = 0;
        for (int pass = 0; pass < 2; pass++) { // the first pass warms up
            signNanos = 0;
            verifyNanos = 0;
            for (int i = 0; i < rounds; i++) {
                SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.PS256), claims);
                long t0 = System.nanoTime();
                jwt.sign(signer);
                long t1 = System.nanoTime();
                assertThat(SignedJWT.parse(jwt.serialize()).verify(verifier)).isTrue();
                verifyNanos += System.nanoTime() - t1;
                signNanos += t1 - t0;
            }
        }
        return new double[] {signNanos / 1e6 / rounds, verifyNanos / 1e6 / rounds};
    }

    /**
     * Mean milliseconds of one {@code KeyStore.getKey} of {@code label} from the PKCS12 file the
     * fapi provider signs with, the store loaded once (PKCS12 decrypts the key at every call).
     */
    private static double keystoreGetKeyMillis(Path file, char[] password, String label) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        int rounds = 50;
        long nanos = 0;
        for (int pass = 0; pass < 2; pass++) { // the first pass warms up
            nanos = 0;
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                assertThat(store.getKey(label, password)).isInstanceOf(PrivateKey.class);
                nanos += System.nanoTime() - t0;
            }
        }
        return nanos / 1e6 / rounds;
    }

    private static double ms(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * percentile / 100)) / 1e6;
    }
}
