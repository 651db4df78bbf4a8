package io.github.kcpartner.jims.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a JIMS identity (domain + user) is shown as a Keycloak username, and parsed back. */
enum UsernameForm {
    /** {@code corp.example.com\alice} (the default, as JIMS and Windows write it). */
    DOMAIN_BACKSLASH_USER("domain\\user"),
    /** {@code alice@corp.example.com}. */
    USER_AT_DOMAIN("user@domain"),
    /** {@code alice}: the domain is dropped (the same name in two domains is one user). */
    USER("user");

    private final String label;

    UsernameForm(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    static List<String> labels() {
        return Arrays.stream(values()).map(UsernameForm::label).toList();
    }

    /** The form for a config value; the default for null/blank; {@code null} if unknown. */
    static UsernameForm parse(String value) {
        if (value == null || value.isBlank()) {
            return DOMAIN_BACKSLASH_USER;
        }
        for (UsernameForm f : values()) {
            if (f.label.equalsIgnoreCase(value.trim()) || f.name().equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        return null;
    }

    /** Keycloak username (lower case, as Keycloak stores usernames). */
    String format(String domain, String user) {
        String d = domain == null ? "" : domain;
        String s = switch (this) {
            case DOMAIN_BACKSLASH_USER -> d.isEmpty() ? user : d + "\\" + user;
            case USER_AT_DOMAIN -> d.isEmpty() ? user : user + "@" + d;
            case USER -> user;
        };
        return s.toLowerCase(Locale.ROOT);
    }

    /** A Keycloak username read back as JIMS names it: {@code domain} empty means any domain. */
    record Name(String domain, String user) {}

    /** The domain and user of a username in this form; an empty domain means any domain. */
    Name parseUsername(String username) {
        String u = username.trim();
        switch (this) {
            case DOMAIN_BACKSLASH_USER -> {
                int i = u.indexOf('\\');
                return i < 0 ? new Name("", u) : new Name(u.substring(0, i), u.substring(i + 1));
            }
            case USER_AT_DOMAIN -> {
                int i = u.lastIndexOf('@');
                return i < 0 ? new Name("", u) : new Name(u.substring(i + 1), u.substring(0, i));
            }
            default -> {
                return new Name("", u);
            }
        }
    }
}
