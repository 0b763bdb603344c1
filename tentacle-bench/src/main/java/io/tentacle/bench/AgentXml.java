package io.tentacle.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * Agent data files as Pandora agents write them, about {@link Settings#FILE_SIZE} bytes each: the
 * sample agent file's header and module layout (/work/shared/fixtures/agent-sample.data, or a built-in
 * copy of its shape), with each agent's own name, address and time, and module values that vary from
 * file to file. Compression figures depend on this: random bytes do not compress, real XML does.
 */
final class AgentXml {
    private static final Path SAMPLE = Path.of("/work/shared/fixtures/agent-sample.data");
    private static final String BUILT_IN_HEADER =
            "<?xml version='1.0' encoding='UTF-8'?>\n<agent_data description='' group='Servers'"
                    + " os_name='linux' os_version='Debian 12' interval='300' version='7.0NG.777' timestamp='2026/11/22 10:15:00'"
                    + " agent_name='web-01' timezone_offset='0' address='10.142.50.21' parent_agent_name='' agent_alias='web-01'>\n";
    private static final String[][] MODULES = {
        {"CPU Load", "generic_data"}, {"Free Memory", "generic_data"}, {"sshd running", "generic_proc"},
        {"Disk / free", "generic_data"}, {"Disk /var free", "generic_data"}, {"Load average 1", "generic_data"},
        {"Load average 5", "generic_data"}, {"Swap used", "generic_data"}, {"Processes", "generic_data"},
        {"cron running", "generic_proc"}, {"nginx running", "generic_proc"}, {"Network in eth0", "generic_data_inc"},
        {"Network out eth0", "generic_data_inc"}, {"Open files", "generic_data"}, {"Users logged in", "generic_data"},
        {"Uptime", "generic_data"}, {"NTP offset", "generic_data"}, {"Last log line", "generic_data_string"},
        {"Zombie processes", "generic_data"}, {"TCP connections", "generic_data"}, {"Mail queue", "generic_data"},
        {"Ping gateway", "generic_proc"}, {"Temperature CPU", "generic_data"}, {"IO wait", "generic_data"},
    };
    private static final String[] LOG_LINES = {
        "session opened for user root",
        "Started Daily apt upgrade",
        "Accepted publickey for deploy",
        "CRON[2211]: (root) CMD (run-parts /etc/cron.hourly)",
        "link is up"
    };

    private final String header;
    private final Random random;

    AgentXml(long seed) throws IOException {
        String sample = Files.isReadable(SAMPLE) ? Files.readString(SAMPLE, StandardCharsets.UTF_8) : BUILT_IN_HEADER;
        int end = sample.indexOf("<module>");
        this.header = end > 0 ? sample.substring(0, end) : BUILT_IN_HEADER;
        this.random = new Random(seed);
    }

    /** Agent {@code n}'s file: its own name, address and time; values drawn afresh. */
    byte[] file(int n) {
        String h = replace(header, "agent_name", "site-" + n);
        h = replace(h, "agent_alias", "site-" + n);
        h = replace(h, "address", "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255));
        h = replace(h, "timestamp", String.format("2026/11/22 10:%02d:%02d", random.nextInt(60), random.nextInt(60)));
        StringBuilder xml = new StringBuilder(Settings.FILE_SIZE + 512).append(h);
        String close = "</agent_data>\n";
        for (int m = 0; xml.length() < Settings.FILE_SIZE - 200 - close.length(); m++) {
            String[] module = MODULES[m % MODULES.length];
            String name = m < MODULES.length ? module[0] : module[0] + " " + (m / MODULES.length + 1);
            xml.append("  <module>\n    <name><![CDATA[")
                    .append(name)
                    .append("]]></name>\n    <type><![CDATA[")
                    .append(module[1])
                    .append("]]></type>\n    <data><![CDATA[")
                    .append(value(module[1]))
                    .append("]]></data>\n  </module>\n");
        }
        return xml.append(close).toString().getBytes(StandardCharsets.UTF_8);
    }

    private String value(String type) {
        return switch (type) {
            case "generic_proc" -> random.nextInt(20) == 0 ? "0" : "1";
            case "generic_data_inc" -> Long.toString(1_000_000_000L + random.nextInt(1_000_000_000));
            case "generic_data_string" -> LOG_LINES[random.nextInt(LOG_LINES.length)];
            default ->
                random.nextInt(3) == 0
                        ? String.format("%.2f", random.nextDouble() * 100)
                        : Integer.toString(random.nextInt(10_000));
        };
    }

    private static String replace(String header, String attribute, String value) {
        return header.replaceFirst(attribute + "='[^']*'", Matcher.quoteReplacement(attribute + "='" + value + "'"));
    }

    /** Writes agents {@code 0..count-1} as {@code agent-N.data} into {@code dir}; their total size. */
    long writeFiles(Path dir, int count) throws IOException {
        long total = 0;
        for (int i = 0; i < count; i++) {
            byte[] data = file(i);
            Files.write(dir.resolve("agent-" + i + ".data"), data);
            total += data.length;
        }
        return total;
    }
}
