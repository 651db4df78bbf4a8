package io.github.kcpartner.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The field-by-field table of docs/migration-isva.md is the importer's table ({@link IsvaFieldTable}), row for row. */
class MigrationDocTableTest {

    private static final String HEADING = "## Field by field";

    /** field | also spelled | setting, from the table under {@link #HEADING}. */
    private static List<String> docRows() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "migration-isva.md"), StandardCharsets.UTF_8);
        int start = lines.indexOf(HEADING);
        assertThat(start).as("the table's heading in docs/migration-isva.md").isNotNegative();
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("|")) {
                inTable = true;
                List<String> cells = Arrays.stream(
                                line.substring(1, line.length() - 1).split("\\|", -1))
                        .map(String::strip)
                        .toList();
                if (cells.get(0).startsWith("`")) {
                    assertThat(cells).as("four columns: %s", line).hasSize(4);
                    assertThat(cells.get(3)).as("how, in %s", line).isNotEmpty();
                    rows.add(row(cells.get(0), cells.get(1), cells.get(2)));
                }
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static String row(String field, String variants, String setting) {
        return strip(field) + " | " + strip(variants) + " | " + strip(setting);
    }

    private static String strip(String cell) {
        return cell.replace("`", "").replace("\\|", "|").strip();
    }

    @Test
    @DisplayName("given the doc's table and the importer's, then they have the same rows in the same order")
    void docTableIsTheImportersTable() throws IOException {
        List<String> table = IsvaFieldTable.ROWS.stream()
                .map(r -> row(r.field(), r.variants().isEmpty() ? "-" : String.join(", ", r.variants()), r.setting()))
                .toList();

        assertThat(docRows()).containsExactlyElementsOf(table);
    }
}
