package io.tentacle.protocol;

/**
 * Text a peer chose (file names, ERR reasons, reply lines), made safe to print: control characters
 * (C0, DEL, C1: terminal escapes, forged log lines) and Unicode format characters (category Cf, such as
 * U+202E, which reorders what a reader sees) become visible escapes such as {@code \x1b} or {@code \u202e}.
 * Everything else, and the escapes themselves, pass unchanged, so escaping twice changes nothing.
 */
public final class Printable {
    private Printable() {}

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            if (isUnsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(
                        c < 0x100
                                ? String.format("\\x%02x", c)
                                : c < 0x10000 ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
            } else if (out != null) {
                out.append(text, i, next);
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }

    private static boolean isUnsafe(int c) {
        int type = Character.getType(c);
        // Line and paragraph separators end a line in some viewers, like \n; a lone surrogate is no text at all.
        return Character.isISOControl(c)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }
}
