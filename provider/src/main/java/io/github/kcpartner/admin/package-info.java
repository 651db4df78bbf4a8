/** What the admin REST extensions ({@code jims}, {@code partner-import}) share. */
package io.github.kcpartner.admin;
