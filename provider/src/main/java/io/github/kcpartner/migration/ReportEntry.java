package io.github.kcpartner.migration;

/**
 * One input field and what the import made of it.
 *
 * @param field   its JSON path in the request, e.g. {@code partner.configuration.clientId}
 * @param status  {@link #MAPPED}, {@link #DEFAULTED} or {@link #NOT_UNDERSTOOD}
 * @param setting the setting(s) it became ({@code -} for none)
 * @param value   the ISVA value as JSON text, or null for a secret
 * @param reason  why it was defaulted or not understood, or a note on the mapping; may be null
 */
public record ReportEntry(String field, String status, String setting, String value, String reason) {

    public static final String MAPPED = "mapped";
    public static final String DEFAULTED = "defaulted";
    public static final String NOT_UNDERSTOOD = "not understood";
}
