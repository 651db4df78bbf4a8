package io.github.kcpartner.testsupport.tls;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a certificate issued by {@link TestPki} should contain.
 *
 * <p>Subject alternative names are given as strings: IPv4 and IPv6 literals ({@code 127.0.0.1},
 * {@code ::1}) become IP-address SANs, anything else a DNS-name SAN. Start from
 * {@link #server(String...)} or {@link #client(String)} and adjust with the {@code with*} methods.
 *
 * @param commonName subject CN
 * @param subjectAltNames DNS names and IP literals (may be empty for client certificates)
 * @param usage server or client (decides the extended key usage)
 * @param keyAlgorithm key type of the issued certificate's own key
 * @param notBefore start of validity
 * @param notAfter end of validity (put it in the past for an expired certificate)
 */
public record CertRequest(
        String commonName,
        List<String> subjectAltNames,
        Usage usage,
        KeyAlgorithm keyAlgorithm,
        Instant notBefore,
        Instant notAfter) {

    /** Extended key usage of the issued certificate. */
    public enum Usage {
        SERVER,
        CLIENT
    }

    private static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

    /** Validates and copies the SAN list. */
    public CertRequest {
        Objects.requireNonNull(commonName, "commonName");
        subjectAltNames = List.copyOf(subjectAltNames);
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
    }

    /** A TLS server certificate (EKU serverAuth) with the given SANs; the CN is the first SAN. */
    public static CertRequest server(String... subjectAltNames) {
        if (subjectAltNames.length == 0) {
            throw new IllegalArgumentException("a server certificate needs at least one SAN");
        }
        Instant now = Instant.now();
        return new CertRequest(
                subjectAltNames[0],
                List.of(subjectAltNames),
                Usage.SERVER,
                KeyAlgorithm.EC_P256,
                now.minus(Duration.ofHours(1)),
                now.plus(DEFAULT_VALIDITY));
    }

    /** A TLS client certificate (EKU clientAuth) for the given common name, without SANs. */
    public static CertRequest client(String commonName) {
        Instant now = Instant.now();
        return new CertRequest(
                commonName,
                List.of(),
                Usage.CLIENT,
                KeyAlgorithm.EC_P256,
                now.minus(Duration.ofHours(1)),
                now.plus(DEFAULT_VALIDITY));
    }

    /** The same request with another key type. */
    public CertRequest withKeyAlgorithm(KeyAlgorithm algorithm) {
        return new CertRequest(commonName, subjectAltNames, usage, algorithm, notBefore, notAfter);
    }

    /** The same request with another validity window (e.g. in the past: an expired certificate). */
    public CertRequest withValidity(Instant from, Instant until) {
        return new CertRequest(commonName, subjectAltNames, usage, keyAlgorithm, from, until);
    }

    /** The same request with another subject CN. */
    public CertRequest withCommonName(String name) {
        return new CertRequest(name, subjectAltNames, usage, keyAlgorithm, notBefore, notAfter);
    }
}
