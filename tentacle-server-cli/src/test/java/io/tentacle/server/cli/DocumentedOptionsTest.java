package io.tentacle.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/** The options table of docs/SERVER.md says what {@link ServerOptions} declares, no more, no less. */
class DocumentedOptionsTest {
    private static final Path DOC = Path.of("..", "docs", "SERVER.md");
    private static final String HEADER = "| Flag | Key in `-F` file | Meaning | Default |";
    private static final Pattern FLAG = Pattern.compile("`(--?[A-Za-z][\\w-]*)");

    /** One row: its flags, its key as written ({@code overwrite 1}) and its default, without backticks. */
    record Row(Set<String> flags, String key, String dflt) {}

    @Test
    void everyDeclaredOptionIsDocumentedWithItsKeyAndDefault() throws IOException {
        List<Row> rows = rows();
        for (Definition<?> definition : ServerOptions.ALL) {
            Row row = rows.stream()
                    .filter(r -> r.flags().contains(definition.names().get(0)))
                    .findFirst()
                    .orElse(null);
            assertThat(row).as("a row of %s for %s", DOC, definition.flags()).isNotNull();
            assertThat(row.flags()).as("the flags of %s", definition.flags()).containsAll(definition.names());
            if (definition.key() != null) {
                assertThat(row.key()).as("the key of %s", definition.flags()).isEqualTo(definition.keyForm());
            }
            assertThat(row.dflt()).as("the default of %s", definition.flags()).isEqualTo(definition.shownDefault());
        }
    }

    @Test
    void nothingIsDocumentedThatTheCommandDoesNotTake() throws IOException {
        Set<String> taken =
                TentacleServerCommand.commandLine(new TentacleServerCommand()).getCommandSpec().options().stream()
                        .flatMap(o -> Arrays.stream(o.names()))
                        .collect(Collectors.toSet());
        Set<String> keys = ServerOptions.ALL.stream()
                .map(Definition::keyForm)
                .filter(k -> !k.isEmpty())
                .collect(Collectors.toSet());
        for (Row row : rows()) {
            assertThat(taken).as("flags documented in %s", DOC).containsAll(row.flags());
            if (!row.key().isEmpty()) {
                assertThat(keys).as("keys documented in %s", DOC).contains(row.key());
            }
        }
    }

    @Test
    void theHelpShowsEachKeyAndDefault() {
        OptionSpec port = TentacleServerCommand.commandLine(new TentacleServerCommand())
                .getCommandSpec()
                .findOption("-p");
        assertThat(port.description()).containsExactly("Port to listen on (key: port; default: 41121).");
    }

    private static List<Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(HEADER);
        assertThat(start).as("the options table of %s", DOC).isNotNegative();
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            Matcher m = FLAG.matcher(cells[1]);
            Set<String> flags = new java.util.HashSet<>();
            while (m.find()) {
                flags.add(m.group(1));
            }
            rows.add(new Row(flags, plain(cells[2]), plain(cells[cells.length - 2])));
        }
        assertThat(rows).hasSizeGreaterThan(40);
        return rows;
    }

    private static String plain(String cell) {
        return cell.replace("`", "").strip();
    }
}
