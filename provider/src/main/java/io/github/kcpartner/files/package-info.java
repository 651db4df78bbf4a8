/**
 * Where files named in admin settings are read from: {@link io.github.kcpartner.files.PartnerFiles}.
 */
package io.github.kcpartner.files;
