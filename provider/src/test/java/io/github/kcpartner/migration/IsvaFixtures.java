package io.github.kcpartner.migration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The ISVA fixtures of it-tests (one copy, read from there) and the expected results beside them. */
final class IsvaFixtures {

    static final Path DIR = Path.of("..", "it-tests", "src", "test", "resources", "isva");

    private IsvaFixtures() {}

    static byte[] read(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String expected(String fixture) {
        try {
            return Files.readString(DIR.resolve(fixture.replace(".json", ".expected.txt")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IsvaImporter.Options options() {
        return new IsvaImporter.Options(null, "it", "/vault", Set.of(), n -> Optional.empty(), false);
    }

    /**
     * The plan as text: the provider's settings, the mappers, the rules, the vault entries and one
     * line per report entry ({@code field | status | setting}), in a stable order.
     */
    static String render(ImportPlan plan) {
        List<String> lines = new ArrayList<>();
        lines.add("alias " + plan.alias() + " | displayName " + plan.displayName() + " | enabled " + plan.enabled());
        new TreeMap<>(plan.config()).forEach((k, v) -> lines.add("config " + k + " = " + v));
        for (PlannedMapper m : plan.mappers()) {
            lines.add("mapper " + m.name() + " " + new TreeMap<>(m.config()));
        }
        for (PlannedRule r : plan.rules()) {
            lines.add("rule " + r.name() + " (ISVA " + r.isvaId() + ") " + r.action());
        }
        for (VaultSecret v : plan.vault()) {
            lines.add("vault " + v.setting() + " " + v.reference() + " " + v.file());
        }
        Map<String, String> report = new TreeMap<>();
        for (ReportEntry e : plan.report()) {
            report.merge(e.field(), e.status() + " | " + e.setting(), (a, b) -> a + " ; " + b);
        }
        report.forEach((k, v) -> lines.add("report " + k + " | " + v));
        return String.join("\n", lines) + "\n";
    }
}
