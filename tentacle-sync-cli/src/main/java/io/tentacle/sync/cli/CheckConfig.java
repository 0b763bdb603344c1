package io.tentacle.sync.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings part of {@code --check-config}: one line per option and key of {@link SyncOptions#ALL},
 * in the help's order, with its value and where it came from (the option, the file's line, or the
 * default). A secret is said to be set, never shown.
 */
final class CheckConfig {
    private CheckConfig() {}

    /**
     * @param given the options on the command line, as typed
     */
    static List<String> lines(
            PandoraConf conf, Map<String, SyncSettings.Override> overrides, Map<Definition<?>, String> given) {
        List<String> lines = new ArrayList<>();
        lines.add("settings (value, and the option, file line or default it comes from):");
        for (Definition<?> definition : SyncOptions.ALL) {
            Optional<SyncSettings.Source> source = definition.key() != null
                    ? SyncSettings.source(conf, overrides, definition)
                    : Optional.ofNullable(given.get(definition))
                            .map(v -> new SyncSettings.Source(v, "option " + definition.longName()));
            lines.add(definition.checkLine(
                    source.map(s -> value(definition, s)).orElse(null),
                    source.map(SyncSettings.Source::where).orElse(null)));
        }
        return lines;
    }

    private static Object value(Definition<?> definition, SyncSettings.Source source) {
        if (definition.label() != null) {
            return source.value().strip();
        }
        try {
            return definition.parse().apply(source.value().strip(), source.where());
        } catch (ConfigException e) {
            return source.value(); // Not checked when sync is disabled: shown as written.
        }
    }
}
