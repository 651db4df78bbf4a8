package io.github.kcpartner.broker.partner;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.SeBootstrap;
import jakarta.ws.rs.core.Application;
import jakarta.ws.rs.core.EntityPart;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.Variant;
import jakarta.ws.rs.ext.RuntimeDelegate;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.keycloak.common.util.KeycloakUriBuilder;

/**
 * Just enough of a JAX-RS runtime for Keycloak's broker classes in unit tests: the provider's
 * test classpath has no JAX-RS implementation (the server brings its own), yet
 * {@code OIDCIdentityProvider}'s static initialiser parses a media type and the broker builds
 * URIs ({@code Urls}, the authorization URL). Media types parse; URI builders are Keycloak's own
 * {@link KeycloakUriBuilder} behind the JAX-RS API; everything else is refused, so a test that
 * needs more fails loudly instead of half-working.
 */
final class TestJaxRs extends RuntimeDelegate {

    private static boolean installed;

    private TestJaxRs() {}

    /** Makes this the JVM's JAX-RS runtime, once. */
    static synchronized void install() {
        if (!installed) {
            RuntimeDelegate.setInstance(new TestJaxRs());
            installed = true;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> HeaderDelegate<T> createHeaderDelegate(Class<T> type) {
        if (type != MediaType.class) {
            throw new UnsupportedOperationException("header " + type.getName());
        }
        return (HeaderDelegate<T>) new HeaderDelegate<MediaType>() {
            @Override
            public MediaType fromString(String value) {
                String[] parts = value.split(";")[0].trim().split("/");
                return new MediaType(parts[0], parts.length > 1 ? parts[1] : MediaType.MEDIA_TYPE_WILDCARD);
            }

            @Override
            public String toString(MediaType value) {
                return value.getType() + "/" + value.getSubtype();
            }
        };
    }

    @Override
    public UriBuilder createUriBuilder() {
        return new KeycloakBacked(new KeycloakUriBuilder());
    }

    @Override
    public Response.ResponseBuilder createResponseBuilder() {
        throw new UnsupportedOperationException("ResponseBuilder");
    }

    @Override
    public Variant.VariantListBuilder createVariantListBuilder() {
        throw new UnsupportedOperationException("VariantListBuilder");
    }

    @Override
    public <T> T createEndpoint(Application application, Class<T> endpointType) {
        throw new UnsupportedOperationException("endpoint");
    }

    @Override
    public Link.Builder createLinkBuilder() {
        throw new UnsupportedOperationException("Link.Builder");
    }

    @Override
    public SeBootstrap.Configuration.Builder createConfigurationBuilder() {
        throw new UnsupportedOperationException("SeBootstrap");
    }

    @Override
    public CompletionStage<SeBootstrap.Instance> bootstrap(
            Application application, SeBootstrap.Configuration configuration) {
        throw new UnsupportedOperationException("SeBootstrap");
    }

    @Override
    public CompletionStage<SeBootstrap.Instance> bootstrap(
            Class<? extends Application> application, SeBootstrap.Configuration configuration) {
        throw new UnsupportedOperationException("SeBootstrap");
    }

    @Override
    public EntityPart.Builder createEntityPartBuilder(String partName) {
        throw new UnsupportedOperationException("EntityPart");
    }

    /** The JAX-RS {@link UriBuilder} API over {@link KeycloakUriBuilder}, resource paths read from {@link Path}. */
    private static final class KeycloakBacked extends UriBuilder {

        private final KeycloakUriBuilder uri;

        KeycloakBacked(KeycloakUriBuilder uri) {
            this.uri = uri;
        }

        @Override
        public UriBuilder clone() {
            return new KeycloakBacked(uri.clone());
        }

        @Override
        public UriBuilder uri(URI value) {
            uri.uri(value);
            return this;
        }

        @Override
        public UriBuilder uri(String value) {
            uri.uri(value);
            return this;
        }

        @Override
        public UriBuilder scheme(String scheme) {
            uri.scheme(scheme);
            return this;
        }

        @Override
        public UriBuilder schemeSpecificPart(String ssp) {
            uri.schemeSpecificPart(ssp);
            return this;
        }

        @Override
        public UriBuilder userInfo(String ui) {
            uri.userInfo(ui);
            return this;
        }

        @Override
        public UriBuilder host(String host) {
            uri.host(host);
            return this;
        }

        @Override
        public UriBuilder port(int port) {
            uri.port(port);
            return this;
        }

        @Override
        public UriBuilder replacePath(String path) {
            uri.replacePath(path);
            return this;
        }

        @Override
        public UriBuilder path(String path) {
            uri.path(path);
            return this;
        }

        @Override
        public UriBuilder path(Class resource) {
            Path path = (Path) resource.getAnnotation(Path.class);
            if (path == null) {
                throw new IllegalArgumentException(resource.getName() + " has no @Path");
            }
            return path(path.value());
        }

        @Override
        public UriBuilder path(Class resource, String method) {
            for (Method m : resource.getMethods()) {
                if (m.getName().equals(method) && m.isAnnotationPresent(Path.class)) {
                    return path(m);
                }
            }
            throw new IllegalArgumentException(resource.getName() + "." + method + " has no @Path");
        }

        @Override
        public UriBuilder path(Method method) {
            return path(method.getAnnotation(Path.class).value());
        }

        @Override
        public UriBuilder segment(String... segments) {
            uri.segment(segments);
            return this;
        }

        @Override
        public UriBuilder replaceMatrix(String matrix) {
            uri.replaceMatrix(matrix);
            return this;
        }

        @Override
        public UriBuilder matrixParam(String name, Object... values) {
            uri.matrixParam(name, values);
            return this;
        }

        @Override
        public UriBuilder replaceMatrixParam(String name, Object... values) {
            throw new UnsupportedOperationException("replaceMatrixParam");
        }

        @Override
        public UriBuilder replaceQuery(String query) {
            uri.replaceQuery(query);
            return this;
        }

        @Override
        public UriBuilder queryParam(String name, Object... values) {
            uri.queryParam(name, values);
            return this;
        }

        @Override
        public UriBuilder replaceQueryParam(String name, Object... values) {
            uri.replaceQueryParam(name, values);
            return this;
        }

        @Override
        public UriBuilder fragment(String fragment) {
            uri.fragment(fragment);
            return this;
        }

        @Override
        public UriBuilder resolveTemplate(String name, Object value) {
            uri.resolveTemplate(name, value);
            return this;
        }

        @Override
        public UriBuilder resolveTemplate(String name, Object value, boolean encodeSlashInPath) {
            uri.resolveTemplate(name, value, encodeSlashInPath);
            return this;
        }

        @Override
        public UriBuilder resolveTemplateFromEncoded(String name, Object value) {
            uri.resolveTemplatesFromEncoded(Map.of(name, value));
            return this;
        }

        @Override
        public UriBuilder resolveTemplates(Map<String, Object> values) {
            uri.resolveTemplates(values);
            return this;
        }

        @Override
        public UriBuilder resolveTemplates(Map<String, Object> values, boolean encodeSlashInPath) {
            uri.resolveTemplates(values, encodeSlashInPath);
            return this;
        }

        @Override
        public UriBuilder resolveTemplatesFromEncoded(Map<String, Object> values) {
            uri.resolveTemplatesFromEncoded(values);
            return this;
        }

        @Override
        public URI buildFromMap(Map<String, ?> values) {
            return uri.buildFromMap(values);
        }

        @Override
        public URI buildFromMap(Map<String, ?> values, boolean encodeSlashInPath) {
            return uri.buildFromMap(values, encodeSlashInPath);
        }

        @Override
        public URI buildFromEncodedMap(Map<String, ?> values) {
            return uri.buildFromEncodedMap(values);
        }

        @Override
        public URI build(Object... values) {
            return uri.build(values);
        }

        @Override
        public URI build(Object[] values, boolean encodeSlashInPath) {
            return uri.build(values, encodeSlashInPath);
        }

        @Override
        public URI buildFromEncoded(Object... values) {
            throw new UnsupportedOperationException("buildFromEncoded");
        }

        @Override
        public String toTemplate() {
            return uri.toTemplate();
        }
    }
}
