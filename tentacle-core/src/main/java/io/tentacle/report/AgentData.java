package io.tentacle.report;

import io.tentacle.protocol.Printable;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Pandora FMS agent data file (the XML a Pandora agent sends), for the tools to report their own
 * health: the data server creates the agent and its modules from it. Texts are made printable and
 * escaped, so a name or an error quoted from a hostile peer can neither break the XML nor carry
 * characters XML 1.0 forbids. Attributes as Pandora's agents write them; no {@code server_name}, which
 * would make the data server read the file as a server's own report.
 */
public final class AgentData {
    /** The module types of Pandora FMS used here. */
    public enum Type {
        /** A number sampled at each report. */
        GENERIC_DATA("generic_data"),
        /** A counter that only grows: Pandora shows its rate per second. */
        GENERIC_DATA_INC("generic_data_inc"),
        /** 1 up, 0 down: Pandora turns 0 critical. */
        GENERIC_PROC("generic_proc"),
        /** A text sent at each report. */
        GENERIC_DATA_STRING("generic_data_string"),
        /** A text sent only when there is something to say: it never goes unknown in between. */
        ASYNC_STRING("async_string");

        private final String pandoraName;

        Type(String pandoraName) {
            this.pandoraName = pandoraName;
        }

        public String pandoraName() {
            return pandoraName;
        }
    }

    /** One {@code <module>}; {@code unit} and {@code description} may be null. */
    public record Module(String name, Type type, String data, String unit, String description) {
        public Module {
            Objects.requireNonNull(name);
            Objects.requireNonNull(type);
            Objects.requireNonNull(data);
        }
    }

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");

    private final String agentName;
    private final int interval;
    private final String version;
    private final ZonedDateTime timestamp;
    private final String description;
    private final List<Module> modules = new ArrayList<>();

    /**
     * @param interval seconds between reports: Pandora marks the agent unknown after twice as long
     * @param version the reporting program and its version, Pandora's "agent version"
     */
    public AgentData(String agentName, int interval, String version, ZonedDateTime timestamp, String description) {
        if (agentName == null || agentName.isBlank()) {
            throw new IllegalArgumentException("an agent name is required");
        }
        this.agentName = agentName;
        this.interval = interval;
        this.version = version;
        this.timestamp = timestamp;
        this.description = description;
    }

    public AgentData add(Module module) {
        modules.add(module);
        return this;
    }

    public AgentData number(String name, long value, String unit, String description) {
        return add(new Module(name, Type.GENERIC_DATA, Long.toString(value), unit, description));
    }

    public AgentData counter(String name, long value, String unit, String description) {
        return add(new Module(name, Type.GENERIC_DATA_INC, Long.toString(value), unit, description));
    }

    public AgentData upDown(String name, boolean up, String description) {
        return add(new Module(name, Type.GENERIC_PROC, up ? "1" : "0", null, description));
    }

    public AgentData text(String name, String text, String description) {
        return add(new Module(name, Type.GENERIC_DATA_STRING, text, null, description));
    }

    public AgentData event(String name, String text, String description) {
        return add(new Module(name, Type.ASYNC_STRING, text, null, description));
    }

    public String agentName() {
        return agentName;
    }

    public List<Module> modules() {
        return List.copyOf(modules);
    }

    /** The file's bytes: UTF-8, as the XML declaration says. */
    public byte[] toXml() {
        StringBuilder x = new StringBuilder(256 + modules.size() * 160);
        x.append("<?xml version='1.0' encoding='UTF-8'?>\n<agent_data");
        attribute(x, "agent_name", agentName);
        attribute(x, "agent_alias", agentName);
        attribute(x, "interval", Integer.toString(interval));
        attribute(x, "version", version);
        attribute(x, "timestamp", TIMESTAMP.format(timestamp));
        attribute(x, "os_name", System.getProperty("os.name", ""));
        attribute(x, "os_version", System.getProperty("os.version", ""));
        attribute(x, "description", description == null ? "" : description);
        // The timestamp is local time; the data server stamps its own unless use_xml_timestamp is set.
        attribute(x, "timezone_offset", "0");
        x.append(">\n");
        for (Module m : modules) {
            x.append("  <module>\n");
            element(x, "name", m.name());
            element(x, "type", m.type().pandoraName());
            element(x, "data", m.data());
            if (m.unit() != null) {
                element(x, "unit", m.unit());
            }
            if (m.description() != null) {
                element(x, "description", m.description());
            }
            x.append("  </module>\n");
        }
        x.append("</agent_data>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void attribute(StringBuilder x, String name, String value) {
        x.append(' ').append(name).append("='");
        String text = xmlText(value);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> x.append("&amp;");
                case '<' -> x.append("&lt;");
                case '>' -> x.append("&gt;");
                case '\'' -> x.append("&apos;");
                case '"' -> x.append("&quot;");
                default -> x.append(c);
            }
        }
        x.append('\'');
    }

    private static void element(StringBuilder x, String name, String value) {
        // "]]>" would end the section: split it across two.
        x.append("    <")
                .append(name)
                .append("><![CDATA[")
                .append(xmlText(value).replace("]]>", "]]]]><![CDATA[>"))
                .append("]]></")
                .append(name)
                .append(">\n");
    }

    /** Only characters XML 1.0 allows: controls and lone surrogates become visible escapes, as in the logs. */
    static String xmlText(String text) {
        return Printable.escape(text).replace("\uFFFE", "\\ufffe").replace("\uFFFF", "\\uffff");
    }

    /**
     * A file name stem for an agent name: letters, digits, '-' and '_' kept, anything else '_', so it is
     * valid on every Tentacle server and file system.
     */
    public static String fileKey(String agentName) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < agentName.length() && key.length() < 100; i++) {
            char c = agentName.charAt(i);
            boolean safe = c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_');
            key.append(safe ? c : '_');
        }
        return key.toString();
    }
}
