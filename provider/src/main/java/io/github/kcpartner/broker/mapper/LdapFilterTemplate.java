package io.github.kcpartner.broker.mapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An LDAP search filter with placeholders: {@code ${claim.idToken.<path>}},
 * {@code ${claim.userinfo.<path>}} and {@code ${identity.<path>}} ({@code username}, {@code email},
 * {@code firstName}, {@code lastName}, {@code id}, {@code attribute.<name>}). Every inserted value
 * is escaped as an RFC 4515 assertion value, so a claim such as {@code *)(uid=*} stays one literal
 * value and cannot change the filter.
 */
final class LdapFilterTemplate {

    private record Part(String literal, CredentialSource source, ClaimPath path) {}

    private final List<Part> parts;

    private LdapFilterTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /** @throws IllegalArgumentException for an unclosed or unknown placeholder or a bad claim path */
    static LdapFilterTemplate parse(String filter) {
        if (filter == null || filter.isBlank()) {
            throw new IllegalArgumentException("empty filter");
        }
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < filter.length()) {
            int open = filter.indexOf("${", at);
            if (open < 0) {
                parts.add(new Part(filter.substring(at), null, null));
                break;
            }
            if (open > at) {
                parts.add(new Part(filter.substring(at, open), null, null));
            }
            int close = filter.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed placeholder");
            }
            parts.add(placeholder(filter.substring(open + 2, close)));
            at = close + 1;
        }
        return new LdapFilterTemplate(List.copyOf(parts));
    }

    private static Part placeholder(String name) {
        if (name.startsWith("claim.idToken.")) {
            return new Part(
                    null, CredentialSource.ID_TOKEN, ClaimPath.parse(name.substring("claim.idToken.".length())));
        }
        if (name.startsWith("claim.userinfo.")) {
            return new Part(
                    null, CredentialSource.USERINFO, ClaimPath.parse(name.substring("claim.userinfo.".length())));
        }
        if (name.startsWith("identity.")) {
            return new Part(null, CredentialSource.IDENTITY, ClaimPath.parse(name.substring("identity.".length())));
        }
        throw new IllegalArgumentException("unknown placeholder ${" + name + "}");
    }

    /**
     * The filter for this login; empty when a placeholder has no value (then there is nothing to
     * look up).
     *
     * @throws AmbiguousValueException when a placeholder has several values
     */
    Optional<String> render(LoginClaims claims) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                out.append(part.literal());
                continue;
            }
            List<String> values = claims.values(part.source(), part.path());
            if (values.isEmpty()) {
                return Optional.empty();
            }
            if (values.size() > 1) {
                throw new AmbiguousValueException(part.source() + " " + part.path());
            }
            out.append(escape(values.get(0)));
        }
        return Optional.of(out.toString());
    }

    /** RFC 4515 section 3: {@code * ( ) \ NUL} become {@code \2a \28 \29 \5c \00}. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '*' -> out.append("\\2a");
                case '(' -> out.append("\\28");
                case ')' -> out.append("\\29");
                case '\\' -> out.append("\\5c");
                case '\0' -> out.append("\\00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A placeholder matched several values (e.g. an array claim): which one to search for is not decidable. */
    static final class AmbiguousValueException extends RuntimeException {
        AmbiguousValueException(String placeholder) {
            super("the filter placeholder " + placeholder + " has several values", null, false, false);
        }
    }
}
