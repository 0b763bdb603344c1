package io.tentacle.sync;

import io.tentacle.protocol.Printable;

/** Just enough JSON writing for the reports and the status file. */
final class Json {
    private Json() {}

    /**
     * A JSON string of {@code text} as a person may safely read it: what a remote chose (names, ERR
     * reasons) carries no terminal escape or format character once decoded, see {@link Printable}.
     */
    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        String s = Printable.escape(text);
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    static String array(java.util.List<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            s.append(i == 0 ? "" : ",").append(quote(values.get(i)));
        }
        return s.append(']').toString();
    }

    static String quote(Object o) {
        return o == null ? "null" : quote(o.toString());
    }
}
