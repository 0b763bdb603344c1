package io.tentacle.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The settings part of {@code --check-config}: one line per option of {@link ServerOptions#ALL}, in
 * the help's order, with its value and where it came from (the option, the {@code -F} file's line,
 * or the default). A secret is said to be set, never shown.
 */
final class CheckConfig {
    private CheckConfig() {}

    /** Read after the resolver has checked every value, so nothing here fails. */
    static List<String> lines(Settings settings) {
        List<String> lines = new ArrayList<>();
        lines.add("settings (value, and the option, file line or default it comes from):");
        for (Definition<?> definition : ServerOptions.ALL) {
            Optional<Setting> setting = settings.get(definition);
            lines.add(definition.checkLine(
                    setting.map(s -> value(definition, s, settings)).orElse(null),
                    setting.map(Setting::where).orElse(null)));
        }
        return lines;
    }

    private static Object value(Definition<?> definition, Setting setting, Settings settings) {
        if (definition.label() != null) {
            return setting.value().strip();
        }
        if (settings.given(definition)) {
            return true;
        }
        String written = setting.value().strip();
        if (!"1".equals(definition.keyValue())) {
            return written.equals(definition.keyValue()); // -V is 'verbose 2'.
        }
        try {
            return setting.asBoolean();
        } catch (CliException e) {
            return written; // 'verbose 2' read for -v: shown as written.
        }
    }
}
