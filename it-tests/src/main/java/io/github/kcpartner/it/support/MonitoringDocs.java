package io.github.kcpartner.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names the shipped Grafana dashboard and Prometheus alert rules query. */
public final class MonitoringDocs {

    private static final Pattern NAME = Pattern.compile("\\b((?:partner|jims)_[a-z_]+)\\b");
    private static final List<Path> FILES = List.of(
            Path.of("..", "docs", "grafana", "partner-federation-dashboard.json"),
            Path.of("..", "docs", "prometheus", "partner-federation-alerts.yml"));

    private MonitoringDocs() {}

    /** Every metric name starting with {@code prefix} in the expressions of both files. */
    public static List<String> metricNames(String prefix) {
        TreeSet<String> names = new TreeSet<>();
        for (Path file : FILES) {
            String text;
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("monitoring file missing: " + file, e);
            }
            Matcher m = NAME.matcher(text);
            while (m.find()) {
                if (m.group(1).startsWith(prefix)) {
                    names.add(m.group(1));
                }
            }
        }
        return List.copyOf(names);
    }
}
