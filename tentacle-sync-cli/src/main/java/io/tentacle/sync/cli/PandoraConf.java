package io.tentacle.sync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code pandora_server.conf}: {@code key value} lines, {@code #} comments. Keys are read as the
 * Pandora server reads them (case-insensitive, the last occurrence wins); keys this tool does not use
 * are kept but ignored.
 */
final class PandoraConf {
    /** A value and where it came from, for error messages. */
    record Entry(String key, String value, Path file, int line) {
        String where() {
            return file.getFileName() + " line " + line + ": " + key;
        }
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private PandoraConf(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    static PandoraConf read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1); // Any byte is accepted.
        Map<String, Entry> entries = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = 0;
            while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
                space++;
            }
            String key = line.substring(0, space).toLowerCase(Locale.ROOT);
            String value = line.substring(space).strip();
            entries.put(key, new Entry(key, value, file, i + 1));
        }
        return new PandoraConf(file, entries);
    }

    static PandoraConf empty(Path file) {
        return new PandoraConf(file, Map.of());
    }

    Path file() {
        return file;
    }

    Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** Every key read, each with its last occurrence, in line order. */
    List<Entry> entries() {
        return entries.values().stream()
                .sorted(java.util.Comparator.comparingInt(Entry::line))
                .toList();
    }
}
