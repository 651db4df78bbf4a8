package io.github.kcpartner.jims.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsernameFormTest {

    @Test
    void formatsAndParsesEachForm() {
        assertThat(UsernameForm.DOMAIN_BACKSLASH_USER.format("CORP", "Alice")).isEqualTo("corp\\alice");
        assertThat(UsernameForm.DOMAIN_BACKSLASH_USER.parseUsername("corp\\alice"))
                .isEqualTo(new UsernameForm.Name("corp", "alice"));
        assertThat(UsernameForm.DOMAIN_BACKSLASH_USER.parseUsername("alice"))
                .isEqualTo(new UsernameForm.Name("", "alice"));
        assertThat(UsernameForm.USER_AT_DOMAIN.format("corp.example.com", "alice"))
                .isEqualTo("alice@corp.example.com");
        assertThat(UsernameForm.USER_AT_DOMAIN.parseUsername("a@b@corp"))
                .isEqualTo(new UsernameForm.Name("corp", "a@b"));
        assertThat(UsernameForm.USER.format("corp", "Alice")).isEqualTo("alice");
        assertThat(UsernameForm.USER.parseUsername("alice")).isEqualTo(new UsernameForm.Name("", "alice"));
    }

    @Test
    void parsesConfigValues() {
        assertThat(UsernameForm.parse(null)).isEqualTo(UsernameForm.DOMAIN_BACKSLASH_USER);
        assertThat(UsernameForm.parse("user@domain")).isEqualTo(UsernameForm.USER_AT_DOMAIN);
        assertThat(UsernameForm.parse("USER")).isEqualTo(UsernameForm.USER);
        assertThat(UsernameForm.parse("upn")).isNull();
    }
}
