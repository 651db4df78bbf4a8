package io.github.kcpartner.it.jims;

import io.github.kcpartner.testsupport.MutableClock;
import io.github.kcpartner.testsupport.tls.IssuedCert;
import io.github.kcpartner.testsupport.tls.TestPki;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/** Configuration of a {@link JimsSimulator}; every path and name of the contract is settable. */
public final class JimsSimulatorBuilder {

    String name = "jims";
    InetAddress bindAddress = ipv4Loopback();
    int port;
    SSLContext ssl;
    boolean needClientAuth;
    String pathPrefix = "";
    String tokenApi = "oauth_token/oauth";
    String queryApi = "user_query/v2";
    String clientId = "srx";
    String clientSecret = "jims-secret";
    Duration tokenLifetime = Duration.ofSeconds(28_800);
    JimsDirectory directory;
    Clock clock = Clock.systemUTC();
    int requestLogCapacity = 1_000;

    JimsSimulatorBuilder() {}

    /** Name for threads and messages, e.g. {@code primary}. */
    public JimsSimulatorBuilder name(String value) {
        name = Objects.requireNonNull(value);
        return this;
    }

    /** Address to bind (an IP literal; default 127.0.0.1). */
    public JimsSimulatorBuilder bindAddress(String ipLiteral) {
        try {
            bindAddress = InetAddress.getByName(IpLiterals.canonical(ipLiteral));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ipLiteral, e);
        }
        return this;
    }

    /** Port to bind; 0 (default) picks a free one. */
    public JimsSimulatorBuilder port(int value) {
        port = value;
        return this;
    }

    /** Plain HTTP (the default). */
    public JimsSimulatorBuilder http() {
        ssl = null;
        needClientAuth = false;
        return this;
    }

    /** HTTPS presenting this server certificate. */
    public JimsSimulatorBuilder https(IssuedCert certificate) {
        return https(certificate.serverSslContext());
    }

    /** HTTPS with mutual TLS: clients must present a certificate issued by {@code clientCa}. */
    public JimsSimulatorBuilder https(IssuedCert certificate, TestPki clientCa) {
        ssl = certificate.sslContextTrusting(clientCa);
        needClientAuth = true;
        return this;
    }

    /** HTTPS with a ready SSL context (holding the server key). */
    public JimsSimulatorBuilder https(SSLContext context) {
        ssl = Objects.requireNonNull(context);
        needClientAuth = false;
        return this;
    }

    /** Path prefix before both APIs (default empty); slashes around it are optional. */
    public JimsSimulatorBuilder pathPrefix(String value) {
        pathPrefix = Objects.requireNonNull(value);
        return this;
    }

    /** Path of the token API (default {@code oauth_token/oauth}). */
    public JimsSimulatorBuilder tokenApi(String value) {
        tokenApi = Objects.requireNonNull(value);
        return this;
    }

    /** Path of the query API (default {@code user_query/v2}). */
    public JimsSimulatorBuilder queryApi(String value) {
        queryApi = Objects.requireNonNull(value);
        return this;
    }

    /** Accepted client id (default {@code srx}). */
    public JimsSimulatorBuilder clientId(String value) {
        clientId = Objects.requireNonNull(value);
        return this;
    }

    /** Accepted client secret (default {@code jims-secret}). */
    public JimsSimulatorBuilder clientSecret(String value) {
        clientSecret = Objects.requireNonNull(value);
        return this;
    }

    /** Lifetime of issued tokens (default 28800 s). */
    public JimsSimulatorBuilder tokenLifetime(Duration value) {
        tokenLifetime = Objects.requireNonNull(value);
        return this;
    }

    /** The event log to answer from; share one between primary and secondary. Default: a new one. */
    public JimsSimulatorBuilder directory(JimsDirectory value) {
        directory = Objects.requireNonNull(value);
        return this;
    }

    /** Clock for token expiry and the request log (default UTC system clock; see {@link MutableClock}). */
    public JimsSimulatorBuilder clock(Clock value) {
        clock = Objects.requireNonNull(value);
        return this;
    }

    /** How many requests {@link JimsSimulator#requests()} keeps (default 1000). */
    public JimsSimulatorBuilder requestLogCapacity(int value) {
        requestLogCapacity = value;
        return this;
    }

    /** The simulator, not yet started. */
    public JimsSimulator build() {
        return new JimsSimulator(this);
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
