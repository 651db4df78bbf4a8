package io.github.kcpartner.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.keycloak.Config;

/**
 * The one directory from which the extension reads keystores, truststores and CA certificate
 * files named in admin settings (partner certificate and decryption keystores, the identity-mapping
 * web service's stores, the JIMS CA file and truststore). An admin setting can therefore not make
 * the server read, or tell whether there is, a file elsewhere.
 *
 * <p>The directory is {@code ${kc.home.dir}/conf/partner}, or the value of the SPI option
 * {@code --spi-identity-provider--partner-oidc--files-directory}. A setting names a file inside
 * it, relative ({@code partner/rp.p12}) or absolute; after symbolic links are resolved it must
 * still be inside. Every refusal has the same text, whether the file is missing, unreadable or
 * outside, and names only the directory.
 */
public final class PartnerFiles {

    /** The SPI option (of the {@code partner-oidc} identity provider) that moves the directory. */
    public static final String OPTION = "filesDirectory";

    private final Path root;

    PartnerFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The server's directory: the SPI option if set, else {@code ${kc.home.dir}/conf/partner}. */
    public static PartnerFiles server() {
        String configured = null;
        try {
            configured = Config.scope("identity-provider", "partner-oidc").get(OPTION);
        } catch (RuntimeException e) {
            // Keycloak's configuration is not initialised (unit tests): the default applies
        }
        if (configured != null && !configured.isBlank()) {
            return new PartnerFiles(Path.of(configured.trim()));
        }
        String home = System.getProperty("kc.home.dir");
        return new PartnerFiles(
                (home == null ? Path.of("") : Path.of(home)).resolve("conf").resolve("partner"));
    }

    /** @return the directory (absolute) */
    public Path root() {
        return root;
    }

    /**
     * @param configured a file name from a setting, relative to the directory or absolute
     * @return the real path of that file, a readable regular file inside the directory
     * @throws FileRefusedException otherwise, with a text that does not tell why
     */
    public Path resolve(String configured) throws FileRefusedException {
        if (configured != null && !configured.isBlank()) {
            try {
                Path named = Path.of(configured.trim());
                Path candidate = (named.isAbsolute() ? named : root.resolve(named)).normalize();
                if (candidate.startsWith(root)) {
                    Path real = candidate.toRealPath();
                    if (real.startsWith(root.toRealPath()) && Files.isRegularFile(real) && Files.isReadable(real)) {
                        return real;
                    }
                }
            } catch (IOException | InvalidPathException | SecurityException e) {
                // the same refusal as for a file outside the directory
            }
        }
        throw new FileRefusedException(root);
    }

    /** @return whether {@link #resolve} accepts {@code configured} */
    public boolean accepts(String configured) {
        try {
            resolve(configured);
            return true;
        } catch (FileRefusedException e) {
            return false;
        }
    }

    /** A file a setting names is missing, unreadable or outside the directory: which is not said. */
    public static final class FileRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        FileRefusedException(Path root) {
            super("not a readable file in " + root, null, false, false);
        }
    }
}
