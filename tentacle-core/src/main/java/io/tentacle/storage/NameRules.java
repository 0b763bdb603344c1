package io.tentacle.storage;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Which file names a client may use. The reference refuses a set of characters; we also refuse names
 * that are hidden, empty, padded, carry control bytes, Unicode format characters or invalid UTF-8, or
 * do not fit a file system. {@code /}, NUL and the names {@code .} and {@code ..} are refused whatever
 * the configured characters: they would leave the directory the name is stored in.
 */
public final class NameRules {
    /** The characters the reference server refuses. */
    public static final String REFERENCE_INVALID_CHARS = "?[]/\\=+<>:;',*~";
    static final int MAX_NAME_BYTES = 255;
    private static final NameRules STANDARD = new NameRules(REFERENCE_INVALID_CHARS);

    private final String invalidChars;

    public NameRules(String invalidChars) {
        this.invalidChars = invalidChars;
    }

    public static NameRules standard() {
        return STANDARD;
    }

    public String invalidChars() {
        return invalidChars;
    }

    public boolean isValid(String name) {
        return whyInvalid(name).isEmpty();
    }

    /** Says what is wrong with a name, in words for a log line; empty when the name is fine. */
    public Optional<String> whyInvalid(String name) {
        if (name.isEmpty()) {
            return Optional.of("the name is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("the name is '" + name + "'");
        }
        if (name.startsWith(".")) {
            return Optional.of("the name starts with a dot");
        }
        if (Character.isWhitespace(name.charAt(0)) || Character.isWhitespace(name.charAt(name.length() - 1))) {
            return Optional.of("the name starts or ends with white space");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            return Optional.of("the name is longer than " + MAX_NAME_BYTES + " bytes");
        }
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isISOControl(c)) {
                return Optional.of("the name contains a control character");
            }
            if (Character.getType(c) == Character.FORMAT) {
                // Bidi overrides (U+202E) and invisible characters make a name read as another one.
                return Optional.of(String.format("the name contains a Unicode format character (U+%04X)", c));
            }
            if (c == '\uFFFD') {
                return Optional.of("the name is not valid UTF-8");
            }
            if (c == '/' || invalidChars.indexOf(c) >= 0) {
                return Optional.of("the name contains '" + Character.toString(c) + "'");
            }
        }
        return Optional.empty();
    }
}
