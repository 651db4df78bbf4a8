package io.github.kcpartner.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartnerFilesTest {

    @TempDir
    Path home;

    private Path root;
    private PartnerFiles files;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(home.resolve("conf/partner"));
        Files.writeString(Files.createDirectories(root.resolve("rp")).resolve("rp.p12"), "store");
        Files.writeString(home.resolve("outside.p12"), "secret store");
        Files.createSymbolicLink(root.resolve("link.p12"), home.resolve("outside.p12"));
        files = new PartnerFiles(root);
    }

    @Test
    @DisplayName("given a file inside the directory, by relative or absolute name, then it resolves to its real path")
    void insideResolves() throws Exception {
        assertThat(files.resolve("rp/rp.p12")).isEqualTo(root.toRealPath().resolve("rp/rp.p12"));
        assertThat(files.resolve(root.resolve("rp/rp.p12").toString()))
                .isEqualTo(root.toRealPath().resolve("rp/rp.p12"));
        assertThat(files.accepts("rp/../rp/rp.p12")).isTrue();
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(
            strings = {
                "../../outside.p12",
                "/etc/passwd",
                "/nonexistent/ca.pem",
                "missing.p12",
                "link.p12",
                "rp",
                "",
                " "
            })
    @DisplayName(
            "given a file outside the directory, missing, a directory, or a link leading out, then the refusal is the same and names only the directory")
    void everythingElseIsRefusedAlike(String name) {
        assertThatThrownBy(() -> files.resolve(name))
                .isInstanceOf(PartnerFiles.FileRefusedException.class)
                .hasMessage("not a readable file in " + root.toAbsolutePath().normalize());
    }

    @Test
    @DisplayName("given no Keycloak configuration, then the directory is conf/partner under kc.home.dir")
    void defaultDirectory() {
        String before = System.getProperty("kc.home.dir");
        System.setProperty("kc.home.dir", home.toString());
        try {
            assertThat(PartnerFiles.server().root())
                    .isEqualTo(root.toAbsolutePath().normalize());
        } finally {
            if (before == null) {
                System.clearProperty("kc.home.dir");
            } else {
                System.setProperty("kc.home.dir", before);
            }
        }
    }
}
