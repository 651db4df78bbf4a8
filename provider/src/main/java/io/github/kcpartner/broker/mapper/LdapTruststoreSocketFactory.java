package io.github.kcpartner.broker.mapper;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.naming.NamingException;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * ldaps:// with the trust of one connection: JNDI takes a socket factory only by class name and
 * calls its static {@code getDefault()} while it opens the connection, on the thread that opens it
 * (connection pooling is off). {@link #opening} hands the connection's factory (Keycloak's
 * truststore, or the mapper's own) to that call through a thread-local, so nothing is kept between
 * connections and two mappers with different trust never share it. Outside {@link #opening} the
 * JVM default applies.
 */
public final class LdapTruststoreSocketFactory extends SSLSocketFactory {

    /** What JNDI may do while a connection opens. */
    @FunctionalInterface
    interface Opening<T> {
        T open() throws NamingException;
    }

    private static final ThreadLocal<SSLSocketFactory> OPENING = new ThreadLocal<>();

    private final SSLSocketFactory factory;

    private LdapTruststoreSocketFactory(SSLSocketFactory factory) {
        this.factory = factory;
    }

    /** Runs {@code open} with {@code tls} as the factory JNDI gets for ldaps:// on this thread. */
    static <T> T opening(SSLSocketFactory tls, Opening<T> open) throws NamingException {
        SSLSocketFactory before = OPENING.get();
        OPENING.set(tls);
        try {
            return open.open();
        } finally {
            if (before == null) {
                OPENING.remove();
            } else {
                OPENING.set(before);
            }
        }
    }

    /** Called by JNDI. */
    public static SocketFactory getDefault() {
        SSLSocketFactory current = OPENING.get();
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
