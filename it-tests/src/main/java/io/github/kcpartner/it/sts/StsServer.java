package io.github.kcpartner.it.sts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A test identity mapping service (an STS stand-in) over HTTPS that requires a client
 * certificate. It reads an STSUniversalUser (plain or in a WS-Trust RequestSecurityToken) and
 * answers the mapped user: principal {@code "sts-" + name}, attributes {@code department} and
 * {@code mappedBy}, in the same format. It records what it saw and can fail on demand.
 */
public final class StsServer implements AutoCloseable {

    static final String STSUU = "urn:ibm:names:ITFIM:1.0:stsuuser";
    static final String WST = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
    static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

    /** How the next calls fail. */
    public enum Fault {
        NONE,
        HTTP_500,
        SOAP_FAULT,
        NO_ANSWER
    }

    /** One request: its format, the client certificate's subject, the principal it named, and its body. */
    public record Seen(String format, String clientSubject, String principal, String body) {}

    private final HttpsServer server;
    private final String basicAuthorization;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Fault fault = Fault.NONE;

    private StsServer(HttpsServer server, String basicAuthorization) {
        this.server = server;
        this.basicAuthorization = basicAuthorization;
    }

    /** Starts on a free loopback port with {@code tls} (the server certificate, trusting the client CA); a client certificate is required. */
    public static StsServer start(SSLContext tls) {
        return start(tls, true, null);
    }

    /** Starts without client certificates; requests must carry HTTP basic credentials {@code user}/{@code password}. */
    public static StsServer startWithBasic(SSLContext tls, String user, String password) {
        return start(
                tls,
                false,
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static StsServer start(SSLContext tls, boolean needClientCert, String basicAuthorization) {
        try {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters ssl = tls.getDefaultSSLParameters();
                    ssl.setNeedClientAuth(needClientCert);
                    params.setSSLParameters(ssl);
                }
            });
            StsServer sts = new StsServer(https, basicAuthorization);
            https.createContext("/sts", sts::handle);
            https.setExecutor(Executors.newCachedThreadPool());
            https.start();
            return sts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + "/sts";
    }

    public void fault(Fault next) {
        this.fault = next;
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public void clear() {
        seen.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String subject = clientSubject(exchange);
            Document request = parse(body);
            boolean wsTrust =
                    request != null && SOAP.equals(request.getDocumentElement().getNamespaceURI());
            String principal = request == null ? null : principal(request);
            seen.add(new Seen(
                    wsTrust ? "wstrust" : "xml", subject, principal, new String(body, StandardCharsets.UTF_8)));
            if (basicAuthorization != null
                    && !basicAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"it-sts\"");
                send(exchange, 401, "text/plain", "unauthorized");
                return;
            }
            switch (fault) {
                case HTTP_500 -> {
                    send(exchange, 500, "text/plain", "internal error");
                    return;
                }
                case SOAP_FAULT -> {
                    send(
                            exchange,
                            500,
                            "text/xml",
                            "<soapenv:Envelope xmlns:soapenv=\"" + SOAP + "\"><soapenv:Body>"
                                    + "<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>mapping refused"
                                    + "</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>");
                    return;
                }
                case NO_ANSWER -> {
                    awaitClose();
                    return;
                }
                default -> {}
            }
            if (principal == null) {
                send(exchange, 400, "text/plain", "no STSUniversalUser principal");
                return;
            }
            String user = mappedUser("sts-" + principal);
            if (wsTrust) {
                send(
                        exchange,
                        200,
                        "text/xml",
                        "<soapenv:Envelope xmlns:soapenv=\"" + SOAP + "\"><soapenv:Body>"
                                + "<wst:RequestSecurityTokenResponseCollection xmlns:wst=\"" + WST + "\">"
                                + "<wst:RequestSecurityTokenResponse><wst:RequestedSecurityToken>" + user
                                + "</wst:RequestedSecurityToken></wst:RequestSecurityTokenResponse>"
                                + "</wst:RequestSecurityTokenResponseCollection></soapenv:Body></soapenv:Envelope>");
            } else {
                send(exchange, 200, "application/xml", user);
            }
        }
    }

    private static String mappedUser(String principal) {
        return "<stsuuser:STSUniversalUser xmlns:stsuuser=\"" + STSUU + "\">"
                + "<stsuuser:Principal><stsuuser:Attribute name=\"name\"><stsuuser:Value>" + principal
                + "</stsuuser:Value></stsuuser:Attribute></stsuuser:Principal>"
                + "<stsuuser:AttributeList>"
                + "<stsuuser:Attribute name=\"department\"><stsuuser:Value>Engineering</stsuuser:Value></stsuuser:Attribute>"
                + "<stsuuser:Attribute name=\"mappedBy\"><stsuuser:Value>it-sts</stsuuser:Value></stsuuser:Attribute>"
                + "</stsuuser:AttributeList></stsuuser:STSUniversalUser>";
    }

    private void awaitClose() {
        try {
            closing.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String clientSubject(HttpExchange exchange) {
        try {
            return ((HttpsExchange) exchange).getSSLSession().getPeerPrincipal().getName();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static Document parse(byte[] body) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            return null;
        }
    }

    private static String principal(Document request) {
        NodeList principals = request.getElementsByTagNameNS(STSUU, "Principal");
        if (principals.getLength() == 0) {
            return null;
        }
        NodeList values = ((Element) principals.item(0)).getElementsByTagNameNS(STSUU, "Value");
        return values.getLength() == 0 ? null : values.item(0).getTextContent();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
