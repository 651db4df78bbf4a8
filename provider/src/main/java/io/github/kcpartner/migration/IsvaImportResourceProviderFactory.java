package io.github.kcpartner.migration;

import io.github.kcpartner.admin.AdminResourceFactory;

/** {@code /admin/realms/{realm}/partner-import/isva}: shows or applies the import of an ISVA partner. */
public final class IsvaImportResourceProviderFactory extends AdminResourceFactory {

    public static final String ID = "partner-import";

    public IsvaImportResourceProviderFactory() {
        super(ID, IsvaImportResource::new);
    }
}
