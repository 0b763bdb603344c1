package io.tentacle.server.cli;

import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One setting, declared once: its flags, its key in the {@code -F} file, the default, how a value is
 * checked, and the help. picocli's help, the file's known keys, {@code --check-config} and the
 * documentation's table (checked by {@code DocumentedOptionsTest}) all come from here.
 *
 * @param names the flags, short first; empty for a key the command line does not take
 * @param label the value's name in the help; null for a switch, which takes no value; in brackets
 *     ({@code [action]}) when the value may be left out
 * @param key the {@code -F} file's key, or null when only the command line sets it
 * @param keyValue what a switch stands for in the file ({@code 1}, or {@code 2} for {@code verbose 2}); else null
 * @param shownDefault the default in words, as the help and the documentation say it; empty for none
 * @param secret whether {@code --check-config} says only that it is set, never the value
 * @param parse checks a value and turns it into what the program uses
 * @param fallback the value when neither a flag nor a key gives one
 */
record Definition<T>(
        List<String> names,
        String label,
        String key,
        String keyValue,
        String shownDefault,
        String help,
        boolean secret,
        Function<Setting, T> parse,
        T fallback) {

    /** An option that takes a value, kept as typed until {@link #parse(Function)} says otherwise. */
    static Definition<String> option(String... names) {
        return new Definition<>(List.of(names), "value", null, null, "", "", false, Setting::value, null);
    }

    /** An option without a value: on when given, or when its key says 1. */
    static Definition<Boolean> flag(String... names) {
        return new Definition<>(List.of(names), null, null, null, "off", "", false, Setting::asBoolean, false);
    }

    /** A key of the file with no flag of its own. */
    static Definition<String> keyOnly(String key) {
        return new Definition<>(List.of(), null, key, null, "", "", false, Setting::value, null);
    }

    Definition<T> label(String value) {
        return new Definition<>(names, value, key, keyValue, shownDefault, help, secret, parse, fallback);
    }

    /** The file's key; a switch's key is on with {@code 1}. */
    Definition<T> key(String value) {
        return new Definition<>(
                names, label, value, label == null ? "1" : null, shownDefault, help, secret, parse, fallback);
    }

    /** A switch standing for one value of a key that takes several ({@code -V} is {@code verbose 2}). */
    Definition<T> key(String value, String switchValue) {
        return new Definition<>(names, label, value, switchValue, shownDefault, help, secret, parse, fallback);
    }

    Definition<T> help(String value) {
        return new Definition<>(names, label, key, keyValue, shownDefault, value, secret, parse, fallback);
    }

    Definition<T> shown(String value) {
        return new Definition<>(names, label, key, keyValue, value, help, secret, parse, fallback);
    }

    Definition<T> defaultsTo(T value) {
        return new Definition<>(names, label, key, keyValue, String.valueOf(value), help, secret, parse, value);
    }

    /** A password: {@code --check-config} says whether it is set, never what it is. */
    Definition<T> secret(boolean value) {
        return new Definition<>(names, label, key, keyValue, shownDefault, help, value, parse, fallback);
    }

    <R> Definition<R> parse(Function<Setting, R> value) {
        return new Definition<>(names, label, key, keyValue, shownDefault, help, secret, value, null);
    }

    /** {@code -p/--port}, as error messages name the option. */
    String flags() {
        return String.join("/", names);
    }

    /** {@code --port}: the long name, or the only one. */
    String longName() {
        return names.get(names.size() - 1);
    }

    /** {@code port}, or {@code verbose 2} for a switch, as the documentation writes the key. */
    String keyForm() {
        return key == null ? "" : keyValue == null ? key : key + " " + keyValue;
    }

    /** The help line: what it does, the key that also sets it, the default. */
    String description() {
        String where = key == null ? "" : "key: " + keyForm();
        String dflt = shownDefault.isEmpty() ? "" : "default: " + shownDefault;
        String both = where.isEmpty() || dflt.isEmpty() ? where + dflt : where + "; " + dflt;
        return both.isEmpty() ? help + "." : help + " (" + both + ").";
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
            return b.type(boolean.class).build();
        }
        if (label.startsWith("[")) {
            return b.type(String.class)
                    .paramLabel(label.substring(1, label.length() - 1))
                    .arity("0..1")
                    .fallbackValue("")
                    .build();
        }
        return b.type(String.class).paramLabel(label).build();
    }
}
