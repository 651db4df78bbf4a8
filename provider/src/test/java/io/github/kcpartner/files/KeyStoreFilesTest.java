package io.github.kcpartner.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.util.Collections;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreFilesTest {

    private static final String PASSWORD = "store-pass";

    @TempDir
    Path home;

    private Path root;
    private KeyStoreFiles stores;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createDirectories(home.resolve("conf/partner"));
        write(root.resolve("rp.p12"), "first");
        PartnerFiles files = new PartnerFiles(root);
        stores = new KeyStoreFiles(() -> files);
    }

    @Test
    @DisplayName("given an unchanged file, then the same loaded store is returned; with a changed one, the new content")
    void reloadsOnlyWhenTheFileChanges() throws Exception {
        KeyStore first = stores.load("rp.p12", "PKCS12", PASSWORD);
        assertThat(Collections.list(first.aliases())).containsExactly("first");
        assertThat(stores.load("rp.p12", "PKCS12", PASSWORD)).isSameAs(first);

        Path file = root.resolve("rp.p12");
        FileTime before = Files.getLastModifiedTime(file);
        write(file, "rotated");
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 10_000));
        KeyStore rotated = stores.load("rp.p12", "PKCS12", PASSWORD);
        assertThat(rotated).isNotSameAs(first);
        assertThat(Collections.list(rotated.aliases())).containsExactly("rotated");
    }

    @Test
    @DisplayName("given a wrong password, then the load fails; the right one afterwards loads (a failure is not kept)")
    void wrongPasswordFailsAndIsNotCached() throws Exception {
        assertThatThrownBy(() -> stores.load("rp.p12", "PKCS12", "wrong"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("wrong")
                .hasMessageNotContaining(PASSWORD);
        assertThat(Collections.list(stores.load("rp.p12", "PKCS12", PASSWORD).aliases()))
                .containsExactly("first");
    }

    @Test
    @DisplayName("given a changed password or type, then the store is read again")
    void passwordOrTypeChangeReloads() throws Exception {
        KeyStore typed = stores.load("rp.p12", "PKCS12", PASSWORD);
        KeyStore detected = stores.load("rp.p12", null, PASSWORD);
        assertThat(detected).isNotSameAs(typed);
        assertThat(Collections.list(detected.aliases())).containsExactly("first");
        assertThatThrownBy(() -> stores.load("rp.p12", null, "other")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("given a file outside the directory or missing, then it is refused like PartnerFiles refuses it")
    void outsideIsRefused() throws Exception {
        write(home.resolve("outside.p12"), "outside");
        assertThatThrownBy(() -> stores.load(home.resolve("outside.p12").toString(), "PKCS12", PASSWORD))
                .isInstanceOf(PartnerFiles.FileRefusedException.class);
        assertThatThrownBy(() -> stores.load("missing.p12", "PKCS12", PASSWORD))
                .isInstanceOf(PartnerFiles.FileRefusedException.class);
    }

    /** A PKCS12 file holding one secret key under {@code alias}. */
    private static void write(Path file, String alias) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setEntry(
                alias,
                new KeyStore.SecretKeyEntry(new SecretKeySpec(new byte[16], "AES")),
                new KeyStore.PasswordProtection(PASSWORD.toCharArray()));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }
}
