package io.tentacle.server.cli;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Looks a setting up on the command line first, then in the configuration file. */
final class Settings {
    /** Every key of the reference's file, and ours: those {@link ServerOptions#ALL} declares. */
    static final Set<String> KEYS = ServerOptions.ALL.stream()
            .map(Definition::key)
            .filter(Objects::nonNull)
            .collect(Collectors.toUnmodifiableSet());

    private final ConfigFile file;
    private final Map<Definition<?>, String> given;

    /**
     * @param given the value of each option given on the command line ({@code ""} for a switch)
     */
    Settings(ConfigFile file, Map<Definition<?>, String> given) {
        this.file = file;
        this.given = Map.copyOf(given);
    }

    /** The options given, with the {@code -F} file they name (read now), if any. */
    static Settings read(Map<Definition<?>, String> given) {
        String config = given.get(ServerOptions.CONFIG);
        return new Settings(config == null ? ConfigFile.NONE : ConfigFile.read(java.nio.file.Path.of(config)), given);
    }

    ConfigFile file() {
        return file;
    }

    /** The option's value when given, else the key's, unchecked. */
    Optional<Setting> get(Definition<?> definition) {
        String value = given.get(definition);
        if (value != null) {
            return Optional.of(new Setting(value, "option " + definition.flags()));
        }
        return fromFile(definition.key());
    }

    /** The value when given or set, checked; else empty. */
    <T> Optional<T> find(Definition<T> definition) {
        return get(definition).map(definition.parse());
    }

    /** The value when given or set, checked; else the default. */
    <T> T value(Definition<T> definition) {
        return find(definition).orElse(definition.fallback());
    }

    /** Whether the option is on the command line. */
    boolean given(Definition<?> definition) {
        return given.containsKey(definition);
    }

    Optional<Setting> fromFile(String key) {
        if (key == null) {
            return Optional.empty();
        }
        return file.get(key)
                .map(e -> new Setting(e.value(), file.path() + " line " + e.line() + ", key '" + key + "'"));
    }

    /** A switch: on when given; otherwise whatever its key says (1 or 0). */
    boolean flag(Definition<Boolean> definition) {
        return given(definition)
                || fromFile(definition.key()).map(Setting::asBoolean).orElse(false);
    }
}
