package io.tentacle.sync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The keys table of docs/SYNC.md says what {@link SyncOptions} declares, no more, no less. */
class DocumentedKeysTest {
    private static final Path DOC = Path.of("..", "docs", "SYNC.md");
    private static final String HEADER = "| key | option | default | meaning |";
    private static final Pattern KEY = Pattern.compile("`([a-z][a-z_]*)`");
    private static final Pattern OPTION = Pattern.compile("`(--?[A-Za-z][\\w-]*)");

    /** One row: its keys, its options and its default, without backticks. */
    record Row(Set<String> keys, Set<String> options, String dflt) {}

    @Test
    void everyDeclaredKeyAndOptionIsDocumentedWithItsOptionsAndDefault() throws IOException {
        List<Row> rows = rows();
        for (Definition<?> definition : SyncOptions.ALL) {
            if (definition.key() == null) {
                assertThat(rows)
                        .as("a row of %s for %s", DOC, definition.flags())
                        .anyMatch(r -> r.options().containsAll(definition.names()));
                continue;
            }
            Row row = rows.stream()
                    .filter(r -> r.keys().contains(definition.key()))
                    .findFirst()
                    .orElse(null);
            assertThat(row).as("a row of %s for %s", DOC, definition.key()).isNotNull();
            assertThat(row.options()).as("the options of %s", definition.key()).containsAll(definition.names());
            assertThat(row.dflt()).as("the default of %s", definition.key()).isEqualTo(definition.shownDefault());
        }
    }

    @Test
    void nothingIsDocumentedThatIsNotDeclared() throws IOException {
        Set<String> taken = SyncCommand.commandLine(new SyncCommand()).getCommandSpec().options().stream()
                .flatMap(o -> Arrays.stream(o.names()))
                .collect(Collectors.toSet());
        Set<String> keys = SyncOptions.ALL.stream()
                .map(Definition::key)
                .filter(k -> k != null)
                .collect(Collectors.toSet());
        for (Row row : rows()) {
            assertThat(keys).as("keys documented in %s", DOC).containsAll(row.keys());
            assertThat(taken).as("options documented in %s", DOC).containsAll(row.options());
        }
    }

    @Test
    void eachKeyIsOverriddenByTheOptionsDeclaredForIt() {
        Cli run = Cli.run("-c", "/nonexistent/pandora_server.conf", "--max-remotes-at-once", "x");
        assertThat(run.exitCode()).isEqualTo(SyncCommand.EXIT_CONFIG);
        assertThat(SyncCommand.commandLine(new SyncCommand())
                        .getCommandSpec()
                        .findOption("--max-connections")
                        .description())
                .containsExactly(
                        "Connections a pass holds open at once over all its remotes, at least --max-remotes-at-once"
                                + " (sync_max_connections, default 48).");
    }

    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(HEADER);
        assertThat(start).as("the keys table of %s", DOC).isNotNegative();
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|", -1);
            rows.add(new Row(
                    names(KEY, cells[1]),
                    names(OPTION, cells[2].replace("[no-]", "")),
                    cells[3].replace("`", "").strip()));
        }
        assertThat(rows).hasSizeGreaterThan(20);
        return rows;
    }

    private static Set<String> names(Pattern name, String cell) {
        Set<String> names = new HashSet<>();
        Matcher m = name.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
