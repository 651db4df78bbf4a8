package io.github.kcpartner.migration;

import java.util.Map;

/** An attribute mapper instance of the imported provider: its name and configuration. */
public record PlannedMapper(String name, Map<String, String> config) {}
