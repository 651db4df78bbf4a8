package io.github.kcpartner.broker.mapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.truststore.TruststoreProvider;

/**
 * ldaps:// with Keycloak's truststore: JNDI takes a socket factory only by class name and calls
 * its static {@code getDefault()}, so the truststore's factory is kept here once Keycloak offers
 * one ({@link #install}). Without a configured truststore the JVM default applies.
 */
public final class LdapTruststoreSocketFactory extends SSLSocketFactory {

    private static volatile SSLSocketFactory delegate;

    private final SSLSocketFactory factory;

    private LdapTruststoreSocketFactory(SSLSocketFactory factory) {
        this.factory = factory;
    }

    static void install(KeycloakSession session) {
        if (delegate == null) {
            TruststoreProvider truststore = session.getProvider(TruststoreProvider.class);
            if (truststore != null && truststore.getSSLSocketFactory() != null) {
                delegate = truststore.getSSLSocketFactory();
            }
        }
    }

    static boolean available() {
        return delegate != null;
    }

    /** Called by JNDI. */
    public static SocketFactory getDefault() {
        SSLSocketFactory current = delegate;
        return new LdapTruststoreSocketFactory(
                current != null ? current : (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return factory.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return factory.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return factory.createSocket();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return factory.createSocket(socket, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return factory.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return factory.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return factory.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return factory.createSocket(address, port, localAddress, localPort);
    }
}
