package io.github.kcpartner.it.faultyop;

import java.util.Objects;

/** The subject the OP authenticates at once, without a login page. */
public record User(String sub, String email, String givenName, String familyName, String preferredUsername) {

    public User {
        Objects.requireNonNull(sub, "sub");
    }

    public static User defaultUser() {
        return new User("partner-user-1", "ada@partner.example", "Ada", "Lovelace", "ada");
    }
}
