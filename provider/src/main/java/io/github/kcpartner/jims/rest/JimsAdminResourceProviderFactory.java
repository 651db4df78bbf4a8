package io.github.kcpartner.jims.rest;

import io.github.kcpartner.admin.AdminResourceFactory;

/** {@code /admin/realms/{realm}/jims/{component-id}/...}: status, counters, lookups. */
public final class JimsAdminResourceProviderFactory extends AdminResourceFactory {

    public static final String ID = "jims";

    public JimsAdminResourceProviderFactory() {
        super(ID, JimsAdminResource::new);
    }
}
