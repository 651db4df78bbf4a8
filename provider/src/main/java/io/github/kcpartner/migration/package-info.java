/**
 * Migration of partners from IBM Security Verify Access (ISVA): {@link io.github.kcpartner.migration.IsvaImporter}
 * turns an OIDC RP partner as ISVA's REST API returns it, with the mapping rules it references,
 * into a plan (the {@code partner-openid-connect} provider, its attribute mappers, the rule files)
 * and a report of every input field. No Keycloak types in the core; {@code IsvaImportResource}
 * is the admin REST action that shows or applies a plan. See {@code docs/migration-isva.md}.
 */
package io.github.kcpartner.migration;
