package io.tentacle.server.cli;

import io.tentacle.Failures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference server's configuration file: {@code key value} lines. Lines that do not start with a
 * letter are comments; a key without a value is ignored; a later line wins over an earlier one.
 */
final class ConfigFile {
    static final ConfigFile NONE = new ConfigFile(null, Map.of(), List.of());

    private static final Pattern LINE = Pattern.compile("^([A-Za-z][\\w.-]*)\\s+(.*)$");

    /** One {@code key value} line. */
    record Entry(String key, String value, int line) {}

    private final Path path;
    private final Map<String, Entry> entries;
    private final List<String> ignoredLines;

    private ConfigFile(Path path, Map<String, Entry> entries, List<String> ignoredLines) {
        this.path = path;
        this.entries = entries;
        this.ignoredLines = ignoredLines;
    }

    static ConfigFile read(Path path) {
        List<String> lines;
        try {
            // Decoded leniently: a stray Latin-1 byte in a comment must not stop the server.
            lines = new String(Files.readAllBytes(path), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        } catch (IOException e) {
            throw new CliException("cannot read configuration file " + path + ": " + Failures.describe(e));
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || !Character.isLetter(line.charAt(0))) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            String value = m.matches() ? m.group(2).strip() : "";
            if (value.isEmpty()) {
                ignored.add("line " + (i + 1) + " has no value");
                continue;
            }
            entries.put(m.group(1), new Entry(m.group(1), value, i + 1));
        }
        return new ConfigFile(path, Collections.unmodifiableMap(entries), List.copyOf(ignored));
    }

    Path path() {
        return path;
    }

    Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    /** What an operator should hear about: keys we do not know, lines we skipped. */
    List<String> warnings(Set<String> knownKeys) {
        List<String> warnings = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (!knownKeys.contains(entry.key())) {
                warnings.add(path + " line " + entry.line() + ": unknown key '" + entry.key() + "' ignored");
            }
        }
        for (String line : ignoredLines) {
            warnings.add(path + " " + line + "; ignored");
        }
        return warnings;
    }
}
