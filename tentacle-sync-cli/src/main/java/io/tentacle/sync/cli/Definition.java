package io.tentacle.sync.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One setting, declared once: its options, its key in {@code pandora_server.conf}, the default, how a
 * value is checked, and the help. picocli's help, the known keys, the options that override keys,
 * {@code --check-config} and the documentation's table (checked by {@code DocumentedKeysTest}) all
 * come from here. Read alike with the server's {@code Definition}, which also has a key's switch value.
 *
 * @param names the options, short first; empty for a key the command line does not take
 * @param label the value's name in the help; null for a switch, which takes no value
 *     ({@code --[no-]verify-hostname} when it has a key)
 * @param key the file's key, or null when only the command line sets it
 * @param shownDefault the default in words, as the help and the documentation say it; empty for none
 * @param secret whether {@code --check-config} says only that it is set, never the value
 * @param parse checks a value and turns it into what the program uses
 * @param fallback the value when neither an option nor the file gives one
 */
record Definition<T>(
        List<String> names,
        String label,
        String key,
        String shownDefault,
        String help,
        boolean secret,
        Parse<T> parse,
        T fallback) {

    /** Checks a value; {@code where} names its source ({@code option --port}, {@code F line 3: sync_port}) in the error. */
    interface Parse<T> {
        T apply(String value, String where) throws ConfigException;
    }

    /** An option that takes a value, kept as typed until {@link #parse(Parse)} says otherwise. */
    static Definition<String> option(String... names) {
        return new Definition<>(List.of(names), "VALUE", null, "", "", false, (value, where) -> value, null);
    }

    /** An option without a value: on when given. */
    static Definition<Boolean> flag(String... names) {
        return new Definition<>(List.of(names), null, null, "", "", false, (value, where) -> true, false);
    }

    /** A key of the file with no option of its own. */
    static Definition<String> keyOnly(String key) {
        return new Definition<>(List.of(), null, key, "", "", false, (value, where) -> value, null);
    }

    Definition<T> label(String value) {
        return new Definition<>(names, value, key, shownDefault, help, secret, parse, fallback);
    }

    Definition<T> key(String value) {
        return new Definition<>(names, label, value, shownDefault, help, secret, parse, fallback);
    }

    Definition<T> help(String value) {
        return new Definition<>(names, label, key, shownDefault, value, secret, parse, fallback);
    }

    Definition<T> shown(String value) {
        return new Definition<>(names, label, key, value, help, secret, parse, fallback);
    }

    Definition<T> defaultsTo(T value) {
        return new Definition<>(names, label, key, String.valueOf(value), help, secret, parse, value);
    }

    /** A password: {@code --check-config} says whether it is set, never what it is. */
    Definition<T> secret(boolean value) {
        return new Definition<>(names, label, key, shownDefault, help, value, parse, fallback);
    }

    <R> Definition<R> parse(Parse<R> value) {
        return new Definition<>(names, label, key, shownDefault, help, secret, value, null);
    }

    /** A whole number from {@code min} to {@code max}. */
    Definition<Long> whole(long min, long max) {
        return parse((value, where) -> {
            try {
                long n = Long.parseLong(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
            String range = max == Integer.MAX_VALUE || max == Long.MAX_VALUE
                    ? "at least " + min
                    : "from " + min + " to " + max;
            throw new ConfigException(where + ": '" + value + "' is not a whole number " + range);
        });
    }

    Definition<Integer> integer(int min, int max) {
        Parse<Long> whole = whole(min, max).parse();
        return parse((value, where) -> whole.apply(value, where).intValue());
    }

    /** {@code 1} or {@code 0}, and the common spellings of both; a switch on the command line. */
    Definition<Boolean> bool() {
        return new Definition<Boolean>(
                names,
                null,
                key,
                shownDefault,
                help,
                secret,
                (value, where) -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "1", "yes", "true", "on" -> true;
                    case "0", "no", "false", "off" -> false;
                    default -> throw new ConfigException(where + ": '" + value + "' is not 0 or 1");
                },
                null);
    }

    /** {@code -p/--port}. */
    String flags() {
        return String.join("/", names);
    }

    /** {@code --port}, as error messages name the option: the long name, or the only one. */
    String longName() {
        return names.get(names.size() - 1);
    }

    /** {@code sync_port}, as the documentation writes the key; empty for none. */
    String keyForm() {
        return key == null ? "" : key;
    }

    /** The help line: what it does, the key that also sets it, the default. */
    String description() {
        if (key == null) {
            return shownDefault.isEmpty() ? help + "." : help + " (default: " + shownDefault + ").";
        }
        return help + " (" + key + (shownDefault.isEmpty() ? "" : ", default " + shownDefault) + ").";
    }

    /**
     * The {@code --check-config} line: the setting, its value and where the value came from.
     *
     * @param value what was given or set, as written; null when nothing was
     * @param where the option or the file's line that gave it; ignored when nothing did
     */
    String checkLine(Object value, String where) {
        String name = names.isEmpty() ? keyForm() : key == null ? flags() : flags() + ", " + keyForm();
        boolean set = value != null && !value.toString().isEmpty();
        if (!set && (secret || fallback == null && shownDefault.isEmpty())) {
            return "  " + name + ": not set";
        }
        String shown = secret ? "set" : !set ? (fallback == null ? shownDefault : words(fallback)) : words(value);
        return "  " + name + ": " + shown + " (" + (set ? where : "default") + ")";
    }

    private static String words(Object value) {
        return value instanceof Boolean on ? (on ? "on" : "off") : value.toString();
    }

    OptionSpec toPicocli() {
        OptionSpec.Builder b = OptionSpec.builder(names.toArray(String[]::new)).description(description());
        if (label == null) {
            return key == null
                    ? b.type(boolean.class).build()
                    : b.type(Boolean.class).negatable(true).build();
        }
        return b.type(String.class).paramLabel(label).build();
    }
}
