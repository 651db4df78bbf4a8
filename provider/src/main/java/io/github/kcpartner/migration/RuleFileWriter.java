package io.github.kcpartner.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;

/**
 * Writes an import's rule files into the rules directory and takes them back when the import
 * fails: enlisted after Keycloak's transaction, its rollback restores every file it wrote (a new
 * file is deleted, a replaced one gets its former text back).
 */
final class RuleFileWriter extends AbstractKeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(RuleFileWriter.class);

    private record Written(Path file, Optional<String> before) {}

    private final Path directory;
    private final List<Written> written = new ArrayList<>();

    RuleFileWriter(Path directory) {
        this.directory = directory;
    }

    /** Writes {@code <name>.js} (atomically: a temporary file moved over it). */
    void write(PlannedRule rule) {
        Path file = directory.resolve(rule.name() + ".js");
        try {
            Files.createDirectories(directory);
            Optional<String> before = Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8))
                    : Optional.empty();
            Path temporary = Files.createTempFile(directory, ".import-", ".tmp");
            Files.writeString(temporary, rule.content(), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written.add(new Written(file, before));
            LOG.debugf("import wrote rule file %s", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rule file " + file.getFileName(), e);
        }
    }

    /** Takes back every file written, newest first; safe to call more than once. */
    void restore() {
        for (int i = written.size() - 1; i >= 0; i--) {
            Written w = written.get(i);
            try {
                if (w.before().isPresent()) {
                    Files.writeString(w.file(), w.before().get(), StandardCharsets.UTF_8);
                } else {
                    Files.deleteIfExists(w.file());
                }
            } catch (IOException e) {
                LOG.warnf("import rollback could not restore the rule file %s: %s", w.file(), e.getMessage());
            }
        }
        written.clear();
    }

    @Override
    protected void commitImpl() {
        written.clear();
    }

    @Override
    protected void rollbackImpl() {
        restore();
    }
}
