package io.github.kcpartner.migration;

/**
 * A rule file the import writes into the rules directory.
 *
 * @param name     the rule's name (file {@code <name>.js}), checked against the rules' name pattern
 * @param isvaId   the ISVA mapping rule's id
 * @param content  the script, as ISVA returned it
 * @param action   {@link #CREATE}, {@link #UNCHANGED} (the same file is there), {@link #OVERWRITE}
 *                 (another version is there and overwrite was asked) or {@link #CONFLICT}
 */
public record PlannedRule(String name, String isvaId, String content, String action) {

    public static final String CREATE = "create";
    public static final String UNCHANGED = "unchanged";
    public static final String OVERWRITE = "overwrite";
    public static final String CONFLICT = "conflict";
}
