/**
 * A small test PKI built with BouncyCastle's certificate builders over JCA keys: independent CAs,
 * server certificates with DNS/IP SANs, client certificates, and their export as PEM, PKCS12 files,
 * trust stores and {@link javax.net.ssl.SSLContext}s. For tests and the demo only.
 */
package io.github.kcpartner.testsupport.tls;
