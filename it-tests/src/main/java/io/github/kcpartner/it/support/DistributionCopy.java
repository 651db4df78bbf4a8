package io.github.kcpartner.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Copies an unpacked Keycloak distribution for a server of its own. */
public final class DistributionCopy {

    private DistributionCopy() {}

    /**
     * Copies {@code from} to {@code to} (replacing what is there) without the contents of
     * {@code data/} (database, caches, transaction logs); files keep their time stamps, so Keycloak
     * sees unchanged providers as unchanged.
     */
    public static void copy(Path from, Path to) {
        try {
            if (Files.exists(to)) {
                try (Stream<Path> old = Files.walk(to)) {
                    for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Path data = from.resolve("data");
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path source :
                        walk.filter(p -> !p.startsWith(data) || p.equals(data)).toList()) {
                    Path target = to.resolve(from.relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the distribution to " + to, e);
        }
    }
}
