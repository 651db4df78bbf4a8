package io.github.kcpartner.it.harness;

import io.github.kcpartner.it.jims.JimsPair;
import io.github.kcpartner.it.op.OidcProviderPeer;
import io.github.kcpartner.it.op.OpPeerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests one Keycloak server for the whole run: started on first use, shared
 * by every {@code *IT} class, stopped when the test plan ends. {@code -Dkc.mode=dist} (default)
 * runs the unpacked distribution as a process; {@code -Dkc.mode=testcontainers} runs the
 * official image with Testcontainers and skips, with a message, when Docker is absent.
 *
 * <p>Test peers shared the same way: the {@code oidc-provider} OP ({@link OidcProviderPeer}) and
 * the primary/secondary JIMS simulators ({@link JimsPair}).
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == OidcProviderPeer.class || type == JimsPair.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == JimsPair.class) {
            return jims(context);
        }
        if (parameter.getParameter().getType() == OidcProviderPeer.class) {
            return context.getRoot()
                    .getStore(NAMESPACE)
                    .getOrComputeIfAbsent(
                            "oidc-provider",
                            key -> OidcProviderPeer.start(OpPeerSettings.fromSystemProperties()
                                    // Same site as Keycloak (localhost): form_post keeps its session cookie.
                                    .withIssuerTemplate("http://localhost:{port}")),
                            OidcProviderPeer.class);
        }
        return server(context);
    }

    private static KeycloakServer server(ExtensionContext context) {
        // The root store outlives every test class; its closeable values are closed at the end.
        JimsPair jims = jims(context);
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("server", key -> start(jims), ManagedServer.class)
                .server();
    }

    /** The JIMS simulators start before Keycloak: the demo realm's jims component points at them. */
    private static JimsPair jims(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "jims",
                        key -> JimsPair.start(
                                TestRealmVariables.JIMS_CLIENT_SECRET,
                                Path.of(System.getProperty("it.log.dir", "target/it-logs"), "jims-ca.pem")),
                        JimsPair.class);
    }

    private static ManagedServer start(JimsPair jims) {
        String mode = System.getProperty("kc.mode", "dist");
        return switch (mode) {
            case "dist" -> DistributionServer.start(jims);
            case "testcontainers" -> ContainerServer.start(jims);
            default -> throw new IllegalArgumentException("kc.mode must be dist or testcontainers, not " + mode);
        };
    }

    /** A started server that the root store closes at the end of the run. */
    interface ManagedServer extends ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        void close();

        KeycloakServer server();
    }
}
