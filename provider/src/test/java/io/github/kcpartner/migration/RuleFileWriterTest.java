package io.github.kcpartner.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileWriterTest {

    @TempDir
    Path rules;

    @Test
    @DisplayName(
            "given an import that fails after writing, then a new rule file is deleted and a replaced one restored")
    void rollbackRestores() throws IOException {
        Files.writeString(rules.resolve("old.js"), "before\n");
        RuleFileWriter writer = new RuleFileWriter(rules);
        writer.begin();

        writer.write(new PlannedRule("new", "1", "created\n", PlannedRule.CREATE));
        writer.write(new PlannedRule("old", "2", "after\n", PlannedRule.OVERWRITE));
        assertThat(rules.resolve("new.js")).hasContent("created");
        assertThat(rules.resolve("old.js")).hasContent("after");

        writer.rollback();

        assertThat(rules.resolve("new.js")).doesNotExist();
        assertThat(rules.resolve("old.js")).hasContent("before");
        try (var files = Files.list(rules)) {
            assertThat(files).as("no temporary file left").containsExactly(rules.resolve("old.js"));
        }
    }

    @Test
    @DisplayName("given an import that commits, then the files stay and a later restore changes nothing")
    void commitKeeps() throws IOException {
        RuleFileWriter writer = new RuleFileWriter(rules.resolve("sub"));
        writer.begin();
        writer.write(new PlannedRule("kept", "1", "x\n", PlannedRule.CREATE));

        writer.commit();
        writer.restore();

        assertThat(rules.resolve("sub").resolve("kept.js")).hasContent("x");
    }
}
