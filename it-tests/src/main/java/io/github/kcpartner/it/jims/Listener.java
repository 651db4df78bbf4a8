package io.github.kcpartner.it.jims;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The listening socket of one simulator: can be closed and opened again on the same port (the
 * first open picks a free port when asked for port 0, later opens reuse it).
 */
final class Listener {

    private static final int BACKLOG = 64;

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle and the
        // client's delayed ACK add ~40 ms to every answer. Read once, before the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final SSLContext ssl;
    private final boolean needClientAuth;
    private final HttpHandler handler;
    private InetSocketAddress address;
    private HttpServer server;

    Listener(InetSocketAddress address, SSLContext ssl, boolean needClientAuth, HttpHandler handler) {
        this.address = address;
        this.ssl = ssl;
        this.needClientAuth = needClientAuth;
        this.handler = handler;
    }

    synchronized void open(Executor executor) {
        if (server != null) {
            return;
        }
        try {
            HttpServer created;
            if (ssl == null) {
                created = HttpServer.create(address, BACKLOG);
            } else {
                HttpsServer https = HttpsServer.create(address, BACKLOG);
                https.setHttpsConfigurator(new HttpsConfigurator(ssl) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                        parameters.setNeedClientAuth(needClientAuth);
                        params.setSSLParameters(parameters);
                    }
                });
                created = https;
            }
            created.createContext("/", handler);
            created.setExecutor(executor);
            created.start();
            server = created;
            address = new InetSocketAddress(
                    address.getAddress(), created.getAddress().getPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
    }

    synchronized void close() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    synchronized boolean isOpen() {
        return server != null;
    }

    /** The bound port (0 before the first open with port 0). */
    synchronized int port() {
        return address.getPort();
    }

    boolean isHttps() {
        return ssl != null;
    }
}
