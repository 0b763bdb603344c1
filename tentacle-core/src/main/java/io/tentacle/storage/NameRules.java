package io.tentacle.storage;

import io.tentacle.internal.storage.FileNames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which file names a client may use. Names are wire names, one char per byte ({@link FileNames}), and
 * the rules look at bytes, as the reference does: its characters are refused as bytes (a configured
 * character past ASCII as its UTF-8 bytes). We also refuse names that are hidden, empty, padded, carry
 * control bytes, or do not fit a file system; a name whose bytes are UTF-8 is also refused when its
 * text holds control or Unicode format characters. Bytes that are not UTF-8 (a Windows agent's
 * ISO-8859-1 name, such as {@code Caf\xe9.12345.data}) are taken as they are, as the reference takes
 * them. {@code /}, NUL and the names {@code .} and {@code ..} are refused whatever the configured
 * characters: they would leave the directory the name is stored in.
 */
public final class NameRules {
    /** The characters the reference server refuses. */
    public static final String REFERENCE_INVALID_CHARS = "?[]/\\=+<>:;',*~";

    public static final int MAX_NAME_BYTES = 255;
    private static final NameRules STANDARD = new NameRules(REFERENCE_INVALID_CHARS);

    private final String invalidChars;
    private final List<Refused> refused = new ArrayList<>();

    /** A refused character, and the bytes it has in a wire name. */
    private record Refused(String character, String bytes) {}

    public NameRules(String invalidChars) {
        this.invalidChars = invalidChars;
        invalidChars
                .codePoints()
                .forEach(c ->
                        refused.add(new Refused(Character.toString(c), FileNames.fromText(Character.toString(c)))));
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

    /** Says what is wrong with a wire name, in words for a log line; empty when the name is fine. */
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
        if (!FileNames.isWireName(name)) {
            return Optional.of("the name is not bytes (a char past 0xFF)");
        }
        if (isAsciiSpace(name.charAt(0)) || isAsciiSpace(name.charAt(name.length() - 1))) {
            return Optional.of("the name starts or ends with white space");
        }
        if (name.length() > MAX_NAME_BYTES) {
            return Optional.of("the name is longer than " + MAX_NAME_BYTES + " bytes");
        }
        for (int i = 0; i < name.length(); i++) {
            char b = name.charAt(i);
            if (b < 0x20 || b == 0x7F) {
                return Optional.of("the name contains a control character");
            }
            if (b == '/') {
                return Optional.of("the name contains '/'");
            }
        }
        for (Refused r : refused) {
            if (name.contains(r.bytes())) {
                return Optional.of("the name contains '" + r.character() + "'");
            }
        }
        String text = FileNames.strictDecode(FileNames.bytes(name), StandardCharsets.UTF_8);
        return text == null ? Optional.empty() : whyInvalidText(text);
    }

    /** The checks that need the text: only for names whose bytes are UTF-8. */
    private static Optional<String> whyInvalidText(String text) {
        if (Character.isWhitespace(text.codePointAt(0))
                || Character.isWhitespace(text.codePointBefore(text.length()))) {
            return Optional.of("the name starts or ends with white space");
        }
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isISOControl(c)) {
                return Optional.of("the name contains a control character");
            }
            if (Character.getType(c) == Character.FORMAT) {
                // Bidi overrides (U+202E) and invisible characters make a name read as another one.
                return Optional.of(String.format("the name contains a Unicode format character (U+%04X)", c));
            }
        }
        return Optional.empty();
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0D);
    }
}
