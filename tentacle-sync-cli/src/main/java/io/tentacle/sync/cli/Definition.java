package io.tentacle.sync.cli;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One setting, declared once: its key in {@code pandora_server.conf}, the options that override it,
 * the default, how a value is checked, and the help. picocli's help, the known keys, the options that
 * override keys and the documentation's table (checked by {@code DocumentedKeysTest}) come from here.
 *
 * @param key the file's key
 * @param names the options that override it, short first; empty when only the file sets it
 * @param label the value's name in the help; null for a switch ({@code --[no-]verify-hostname})
 * @param shownDefault the default in words, as the help and the documentation say it
 * @param parse checks a value and turns it into what the program uses
 * @param fallback the value when neither an option nor the file gives one
 */
record Definition<T>(String key, List<String> names, String label, String shownDefault, String help, Parse<T> parse,
                     T fallback) {

    /** Checks a value; {@code where} names its source ({@code option --port}, {@code F line 3: sync_port}) in the error. */
    interface Parse<T> {
        T apply(String value, String where) throws ConfigException;
    }

    static Definition<String> key(String key, String... names) {
        return new Definition<>(key, List.of(names), "VALUE", "", "", (value, where) -> value, null);
    }

    Definition<T> label(String value) {
        return new Definition<>(key, names, value, shownDefault, help, parse, fallback);
    }

    Definition<T> help(String value) {
        return new Definition<>(key, names, label, shownDefault, value, parse, fallback);
    }

    Definition<T> shown(String value) {
        return new Definition<>(key, names, label, value, help, parse, fallback);
    }

    Definition<T> defaultsTo(T value) {
        return new Definition<>(key, names, label, String.valueOf(value), help, parse, value);
    }

    <R> Definition<R> parse(Parse<R> value) {
        return new Definition<>(key, names, label, shownDefault, help, value, null);
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
            String range = max == Integer.MAX_VALUE || max == Long.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
            throw new ConfigException(where + ": '" + value + "' is not a whole number " + range);
        });
    }

    Definition<Integer> integer(int min, int max) {
        Parse<Long> whole = whole(min, max).parse();
        return parse((value, where) -> whole.apply(value, where).intValue());
    }

    /** {@code 1} or {@code 0}, and the common spellings of both; a switch on the command line. */
    Definition<Boolean> bool() {
        return new Definition<Boolean>(key, names, null, shownDefault, help, (value, where) -> switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> true;
            case "0", "no", "false", "off" -> false;
            default -> throw new ConfigException(where + ": '" + value + "' is not 0 or 1");
        }, null);
    }

    /** The option as error messages name it: its long name. */
    String option() {
        return names.get(names.size() - 1);
    }

    /** The help line: what it does, the key, the default. */
    String description() {
        return help + " (" + key + (shownDefault.isEmpty() ? "" : ", default " + shownDefault) + ").";
    }

    OptionSpec toPicocli() {
        OptionSpec.Builder b = OptionSpec.builder(names.toArray(String[]::new)).description(description());
        if (label == null) {
            return b.type(Boolean.class).negatable(true).build();
        }
        return b.type(String.class).paramLabel(label).build();
    }
}
