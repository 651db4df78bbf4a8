package io.github.kcpartner.admin;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * An admin REST extension under {@code /admin/realms/{realm}/{id}} whose resource holds no state
 * between requests: the factory is its own provider, and each request gets a new resource.
 */
public abstract class AdminResourceFactory implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider {

    /** Makes the resource of one request. */
    @FunctionalInterface
    public interface Resource {
        Object create(
                KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent);
    }

    private final String id;
    private final Resource resource;

    protected AdminResourceFactory(String id, Resource resource) {
        this.id = id;
        this.resource = resource;
    }

    @Override
    public final AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public final Object getResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return resource.create(session, realm, auth, adminEvent);
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public final String getId() {
        return id;
    }
}
