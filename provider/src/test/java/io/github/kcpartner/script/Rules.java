package io.github.kcpartner.script;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Writes rule files into a test's directory and makes engines over it. */
final class Rules {

    private final Path directory;

    Rules(Path directory) {
        this.directory = directory;
    }

    Path write(String name, String... lines) {
        try {
            return Files.writeString(
                    directory.resolve(name + ".js"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RuleEngine engine() {
        return engine(RuleLimits.defaults());
    }

    RuleEngine engine(RuleLimits limits) {
        return new RuleEngine(new RuleRepository(directory, null), limits);
    }

    static RuleLimits limits(long millis, long instructions) {
        return new RuleLimits(Duration.ofMillis(millis), instructions, 100);
    }
}
