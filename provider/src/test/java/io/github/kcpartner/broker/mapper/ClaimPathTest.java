package io.github.kcpartner.broker.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClaimPathTest {

    private static final Map<String, Object> CLAIMS = Map.of(
            "email", "alice@partner.example",
            "address", Map.of("country", "US", "locality", "Springfield"),
            "groups", List.of("admins", "users"),
            "roles", List.of(Map.of("name", "a"), Map.of("name", "b")),
            "urn.example.dept", "engineering",
            "age", 42,
            "org", Map.of("dept", "engineering"));

    @Test
    @DisplayName("given a top-level claim, then its value")
    void topLevel() {
        assertThat(ClaimPath.parse("email").values(CLAIMS)).containsExactly("alice@partner.example");
    }

    @Test
    @DisplayName("given a dotted path, then the nested claim")
    void nested() {
        assertThat(ClaimPath.parse("address.country").values(CLAIMS)).containsExactly("US");
    }

    @Test
    @DisplayName("given an array claim, then one value per element, also through objects in the array")
    void arrays() {
        assertThat(ClaimPath.parse("groups").values(CLAIMS)).containsExactly("admins", "users");
        assertThat(ClaimPath.parse("roles.name").values(CLAIMS)).containsExactly("a", "b");
    }

    @Test
    @DisplayName("given an escaped dot, then a claim whose name contains a dot")
    void escapedDot() {
        ClaimPath path = ClaimPath.parse("urn\\.example\\.dept");
        assertThat(path.segments()).containsExactly("urn.example.dept");
        assertThat(path.values(CLAIMS)).containsExactly("engineering");
        assertThat(ClaimPath.parse("a\\\\b").segments()).containsExactly("a\\b");
    }

    @Test
    @DisplayName("given a missing step, a number or an object, then no value, its text, its JSON")
    void missingNumberObject() {
        assertThat(ClaimPath.parse("address.missing").values(CLAIMS)).isEmpty();
        assertThat(ClaimPath.parse("email.sub").values(CLAIMS)).isEmpty();
        assertThat(ClaimPath.parse("age").values(CLAIMS)).containsExactly("42");
        assertThat(ClaimPath.parse("org").values(CLAIMS)).containsExactly("{\"dept\":\"engineering\"}");
    }

    @Test
    @DisplayName("given a malformed path, then it is refused")
    void malformed() {
        for (String bad : new String[] {"", " ", "a..b", ".a", "a.", "a\\", "a\\b"}) {
            assertThatThrownBy(() -> ClaimPath.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> ClaimPath.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
