package io.github.kcpartner.broker.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LdapFilterTemplateTest {

    private static LoginClaims claims(Map<String, Object> idToken) {
        return new LoginClaims(idToken, Map.of("sub", "u-1"), Map.of("username", "alice", "email", "a@x"));
    }

    @Test
    @DisplayName("given placeholders of each kind, then the filter carries their values")
    void placeholders() {
        LdapFilterTemplate template = LdapFilterTemplate.parse(
                "(&(mail=${claim.idToken.email})(uid=${identity.username})(employeeNumber=${claim.userinfo.sub}))");
        assertThat(template.render(claims(Map.of("email", "alice@partner.example"))))
                .contains("(&(mail=alice@partner.example)(uid=alice)(employeeNumber=u-1))");
    }

    @Test
    @DisplayName("given a claim crafted to widen the filter, then it is escaped per RFC 4515")
    void injectionIsEscaped() {
        LdapFilterTemplate template = LdapFilterTemplate.parse("(mail=${claim.idToken.email})");
        assertThat(template.render(claims(Map.of("email", "*)(uid=*")))).contains("(mail=\\2a\\29\\28uid=\\2a)");
        assertThat(template.render(claims(Map.of("email", "a\\b\0c")))).contains("(mail=a\\5cb\\00c)");
    }

    @Test
    @DisplayName("given a placeholder without value, then there is no filter (no lookup)")
    void missingValue() {
        assertThat(LdapFilterTemplate.parse("(mail=${claim.idToken.email})").render(claims(Map.of())))
                .isEmpty();
    }

    @Test
    @DisplayName("given a placeholder with several values, then the lookup is refused as ambiguous")
    void severalValues() {
        LdapFilterTemplate template = LdapFilterTemplate.parse("(cn=${claim.idToken.groups})");
        assertThatThrownBy(() -> template.render(claims(Map.of("groups", List.of("a", "b")))))
                .isInstanceOf(LdapFilterTemplate.AmbiguousValueException.class);
    }

    @Test
    @DisplayName("given an unclosed or unknown placeholder, then the template is refused")
    void malformed() {
        assertThatThrownBy(() -> LdapFilterTemplate.parse("(mail=${claim.idToken.email)"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LdapFilterTemplate.parse("(mail=${request.ip})"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LdapFilterTemplate.parse("(mail=${claim.idToken.})"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LdapFilterTemplate.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("given a filter without placeholder, then it is used as is")
    void literal() {
        assertThat(LdapFilterTemplate.parse("(objectClass=person)").render(claims(Map.of())))
                .contains("(objectClass=person)");
    }
}
